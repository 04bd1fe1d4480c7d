"""Panels and counters for the workbench, offered by each app's ``dashboard.py``.

``office`` imports no other app of ours: at start-up it imports ``<app>.dashboard``
for every installed app that has one (the way admin finds ``admin.py``), and each
such module calls :func:`register`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Panel:
    """A box on the workbench.

    ``context(user)`` returns the template context, in a fixed number of queries.
    ``roles``: the roles that see it.
    """

    key: str
    title: str
    template: str
    context: Callable
    roles: frozenset[str] = field(default_factory=frozenset)
    order: int = 100


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.key] = panel


def panels_for(user) -> list[Panel]:
    return sorted((p for p in _panels.values() if user.role in p.roles), key=lambda p: (p.order, p.key))


def autodiscover() -> None:
    autodiscover_modules("dashboard")


@dataclass(frozen=True)
class NavItem:
    """An entry of the top navigation, shown to ``roles``."""

    key: str
    title: str
    url_name: str
    icon: str
    roles: frozenset[str]
    order: int = 100

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse(self.url_name)


_nav: dict[str, NavItem] = {}


def register_nav(item: NavItem) -> None:
    _nav[item.key] = item


def nav_for(user) -> list[NavItem]:
    return sorted((i for i in _nav.values() if user.role in i.roles), key=lambda i: (i.order, i.key))


# --- the core's own panels ----------------------------------------------------


def _department_overview(user) -> dict:
    from office import selectors

    if user.role == "leader" and not user.is_principal:
        return {"units": list(selectors.units_in_charge(user=user)), "heading": "in_charge"}
    return {"units": list(selectors.departments_with_heads(user=user)), "heading": "all"}


def _my_department(user) -> dict:
    from office import selectors

    return {"unit": user.unit, "members": list(selectors.unit_members(user=user, unit_id=user.unit_id))}


def _administration(user) -> dict:
    from office import selectors

    return selectors.admin_overview(user=user)


def _deadlines(user) -> dict:
    from office import deadlines, selectors

    light = deadlines.Lights()
    return selectors.deadline_counts(user=user, now=light.now, soon_until=light.soon_until)


def _register_core_panels() -> None:
    from django.utils.translation import gettext_lazy as _
    from django.utils.translation import pgettext_lazy

    from office.choices import ADMIN_ROLES, BUSINESS_ROLES, Role

    register_nav(NavItem(
        key="deadlines", title=pgettext_lazy("nav", "我的时限"), url_name="office:deadline_list", icon="fa-regular fa-clock",
        roles=frozenset(BUSINESS_ROLES), order=10,
    ))
    register(Panel(
        key="office.deadlines", title=_("时限提醒"), template="office/panels/_deadlines.html",
        context=_deadlines, roles=frozenset(BUSINESS_ROLES), order=5,
    ))
    register(Panel(
        key="office.departments", title=_("处室一览"), template="office/panels/_departments.html",
        context=_department_overview, roles=frozenset({Role.LEADER, Role.OFFICE}), order=10,
    ))
    register(Panel(
        key="office.my_department", title=_("本处室"), template="office/panels/_my_department.html",
        context=_my_department, roles=frozenset({Role.DEPT_HEAD, Role.STAFF}), order=10,
    ))
    register(Panel(
        key="office.administration", title=_("管理工作"), template="office/panels/_administration.html",
        context=_administration, roles=frozenset(ADMIN_ROLES), order=10,
    ))


_register_core_panels()
