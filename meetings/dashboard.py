"""办会's entry in the navigation and its panel on the workbench: my meetings this week."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from office.choices import BUSINESS_ROLES
from office.dashboard import NavItem, Panel, register, register_nav


def _my_week(user) -> dict:
    """Nothing read here: the panel loads its rows itself (``meetings:my_week_panel``), so the
    workbench keeps its query budget."""
    return {}


register_nav(
    NavItem(
        key="meetings",
        title=pgettext_lazy("nav", "会议"),
        url_name="meetings:meeting_list",
        icon="fa-solid fa-people-group",
        roles=frozenset(BUSINESS_ROLES),
        order=25,
    )
)
register(
    Panel(
        key="meetings.my_week",
        title=_("本周会议"),
        template="meetings/panels/_my_week.html",
        context=_my_week,
        roles=frozenset(BUSINESS_ROLES),
        order=11,
    )
)
