"""督查督办's entries in the navigation and its panel on the workbench."""

from django.utils.translation import gettext_lazy as _

from office.choices import BUSINESS_ROLES
from office.dashboard import NavItem, Panel, register, register_nav


def _lights(user) -> dict:
    from supervision.items import selectors

    return {"counts": selectors.counts(user=user)}


register_nav(NavItem(
    key="supervision", title=_("督办"), url_name="supervision:item_list", icon="fa-solid fa-flag-checkered",
    roles=frozenset(BUSINESS_ROLES), order=30,
))
register(Panel(
    key="supervision.lights", title=_("督查督办"), template="supervision/panels/_lights.html", context=_lights,
    roles=frozenset(BUSINESS_ROLES), order=12,
))
