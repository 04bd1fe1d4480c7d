"""办文's entries in the navigation and its panels on the workbench."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from office.choices import BUSINESS_ROLES, Role
from office.dashboard import NavItem, Panel, register, register_nav


def _desk_panel(user, selectors, *, finished: set[str], title, icon: str, url_name: str, link_text) -> dict:
    """A desk's panel: what waits in each of the user's boxes (one query). Finished documents
    stay in the desk itself, not in red on the workbench."""
    counts = selectors.box_counts(user=user)
    boxes = [
        (box, counts[box.key]) for box in selectors.boxes_for(user) if box.key in counts and box.key not in finished
    ]
    return {"boxes": boxes, "title": title, "icon": icon, "url_name": url_name, "link_text": link_text}


def _incoming(user) -> dict:
    from documents.incoming import selectors

    return _desk_panel(
        user,
        selectors,
        finished={"done", "archived", "returned", "withdrawn"},
        title=_("收文办理"),
        icon="fa-solid fa-inbox",
        url_name="documents:incoming_list",
        link_text=_("进入收文"),
    )


def _outgoing(user) -> dict:
    from documents.outgoing import selectors

    return _desk_panel(
        user,
        selectors,
        finished={"issued", "archived", "in_progress"},
        title=_("发文办理"),
        icon="fa-solid fa-file-signature",
        url_name="documents:outgoing_list",
        link_text=_("进入发文"),
    )


register_nav(
    NavItem(
        key="incoming",
        title=pgettext_lazy("nav", "收文"),
        url_name="documents:incoming_list",
        icon="fa-solid fa-inbox",
        roles=frozenset(BUSINESS_ROLES),
        order=20,
    )
)
register_nav(
    NavItem(
        key="outgoing",
        title=pgettext_lazy("nav", "发文"),
        url_name="documents:outgoing_list",
        icon="fa-solid fa-file-signature",
        roles=frozenset(BUSINESS_ROLES),
        order=25,
    )
)


def _information(user) -> dict:
    from documents.information import selectors

    return _desk_panel(
        user,
        selectors,
        finished={"used", "rejected", "all"},
        title=_("政务信息"),
        icon="fa-solid fa-newspaper",
        url_name="documents:info_item_list",
        link_text=_("进入政务信息"),
    )


register_nav(
    NavItem(
        key="information",
        title=pgettext_lazy("nav", "政务信息"),
        url_name="documents:info_item_list",
        icon="fa-solid fa-newspaper",
        roles=frozenset(BUSINESS_ROLES),
        order=28,
    )
)
register_nav(
    NavItem(
        key="archive",
        title=_("档案"),
        url_name="documents:archive_catalogue",
        icon="fa-solid fa-box-archive",
        roles=frozenset(BUSINESS_ROLES),
        order=40,
    )
)
register(
    Panel(
        key="documents.desk",
        title=_("收文办理"),
        template="documents/panels/_desk.html",
        context=_incoming,
        roles=frozenset({Role.OFFICE, Role.LEADER, Role.DEPT_HEAD}),
        order=8,
    )
)
register(
    Panel(
        key="documents.outgoing",
        title=_("发文办理"),
        template="documents/panels/_desk.html",
        context=_outgoing,
        roles=frozenset(BUSINESS_ROLES),
        order=9,
    )
)
register(
    Panel(
        key="documents.information",
        title=_("政务信息"),
        template="documents/panels/_desk.html",
        context=_information,
        roles=frozenset({Role.OFFICE, Role.DEPT_HEAD, Role.STAFF}),
        order=10,
    )
)
