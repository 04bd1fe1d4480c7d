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


# --- dashboards (看板, issue 17) ----------------------------------------------------
#: The three dashboards: a leader's, the office's, a department's (by role).
LEADER_BOARD, OFFICE_BOARD, DEPARTMENT_BOARD = "leader", "office", "department"


@dataclass(frozen=True)
class Section:
    """A block of a dashboard, offered by an app's ``dashboard.py``.

    ``context(view)`` gets the :class:`office.boards.BoardView` (the user, the units in view, the
    stored figures already read) and returns the template's context: from the figures (no query)
    or from a bounded, indexed live read through the policy (at most one query).
    """

    key: str
    title: str
    template: str
    context: Callable
    boards: frozenset[str]
    order: int = 100
    wide: bool = False


_sections: dict[str, Section] = {}


def register_section(section: Section) -> None:
    _sections[section.key] = section


def sections_for(board: str) -> list[Section]:
    return sorted((s for s in _sections.values() if board in s.boards), key=lambda s: (s.order, s.key))


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
        key="board", title=pgettext_lazy("nav", "看板"), url_name="office:board", icon="fa-solid fa-chart-column",
        roles=frozenset({Role.LEADER, Role.OFFICE, Role.DEPT_HEAD}), order=5,
    ))
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



def _register_core_board() -> None:
    from django.utils.translation import gettext_lazy as _

    from office import board_core
    from office.figures import register_counter

    register_counter("office.waiting", board_core.waiting)
    register_counter("office.urges", board_core.urges)
    register_section(Section(
        key="office.waits", title=_("待我处理"), template="office/board/_waits.html", context=board_core.waits_section,
        boards=frozenset({LEADER_BOARD}), order=10,
    ))
    register_section(Section(
        key="office.bottlenecks", title=_("积压环节与人员"), template="office/board/_bottlenecks.html",
        context=board_core.bottlenecks_section, boards=frozenset({OFFICE_BOARD}), order=10, wide=True,
    ))
    register_section(Section(
        key="office.urges", title=_("催办"), template="office/board/_section_chart.html",
        context=board_core.urges_section, boards=frozenset({OFFICE_BOARD}), order=26,
    ))
    register_section(Section(
        key="office.deadlines", title=_("本周到期的时限"), template="office/board/_deadlines.html",
        context=board_core.deadlines_section, boards=frozenset({DEPARTMENT_BOARD}), order=30,
    ))


_register_core_panels()
_register_core_board()
