"""办文's entries in the navigation and its panel on the workbench."""

from django.utils.translation import gettext_lazy as _

from office.choices import BUSINESS_ROLES, Role
from office.dashboard import NavItem, Panel, register, register_nav


def _desk(user) -> dict:
    from documents import selectors

    counts = selectors.box_counts(user=user)
    # What waits for work; finished documents are in the desk itself, not in red on the workbench.
    finished = {"done", "archived", "returned"}
    boxes = [(box, counts[box.key]) for box in selectors.boxes_for(user) if box.key in counts and box.key not in finished]
    return {"boxes": boxes}


register_nav(NavItem(
    key="incoming", title=_("收文"), url_name="documents:incoming_list", icon="fa-solid fa-inbox",
    roles=frozenset(BUSINESS_ROLES), order=20,
))
register_nav(NavItem(
    key="outgoing", title=_("发文"), url_name="documents:outgoing_list", icon="fa-solid fa-file-signature",
    roles=frozenset(BUSINESS_ROLES), order=25,
))
register_nav(NavItem(
    key="archive", title=_("档案"), url_name="documents:archive_catalogue", icon="fa-solid fa-box-archive",
    roles=frozenset(BUSINESS_ROLES), order=40,
))
register(Panel(
    key="documents.desk", title=_("收文办理"), template="documents/panels/_desk.html", context=_desk,
    roles=frozenset({Role.OFFICE, Role.LEADER, Role.DEPT_HEAD}), order=8,
))


def _outgoing_desk(user) -> dict:
    from documents import selectors_outgoing

    counts = selectors_outgoing.box_counts(user=user)
    finished = {"issued", "archived", "in_progress"}
    boxes = [(box, counts[box.key]) for box in selectors_outgoing.boxes_for(user)
             if box.key in counts and box.key not in finished]
    return {"boxes": boxes}


register(Panel(
    key="documents.outgoing", title=_("发文办理"), template="documents/panels/_outgoing_desk.html",
    context=_outgoing_desk, roles=frozenset(BUSINESS_ROLES), order=9,
))
