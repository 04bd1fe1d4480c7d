"""办事's entry in the navigation and its panel on the workbench."""

from django.utils.translation import gettext_lazy as _

from office.choices import BUSINESS_ROLES
from office.dashboard import NavItem, Panel, register, register_nav


def _kinds(user) -> dict:
    from tasks.requests import selectors

    return {"kinds": selectors.dashboard_counts(user=user)}


register_nav(
    NavItem(
        key="tasks",
        title=_("办事"),
        url_name="tasks:home",
        icon="fa-solid fa-briefcase",
        roles=frozenset(BUSINESS_ROLES),
        order=40,
    )
)
register(
    Panel(
        key="tasks.kinds",
        title=_("办事"),
        template="tasks/panels/_tasks.html",
        context=_kinds,
        roles=frozenset(BUSINESS_ROLES),
        order=14,
    )
)
