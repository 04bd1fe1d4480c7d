"""The dashboards (看板, issue 17): a leader's, the office's, a department head's.

One page, ``office:board``, shows the board of the reader's role: 局长 — the whole organ; 副局长 —
the departments in his charge, with a switch (``?scope=organ``) to the organ's totals only;
办公室 — the office's board over every department; 处长 — his department beside the organ's
average. The figures come from :mod:`office.figures` (summary rows, read in one query, with the
time they were counted); the sections come from each app's ``dashboard.py``. The lists behind a
figure are the apps' own lists, which go through the policy.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from office import dashboard, figures
from office.choices import Role, UnitKind
from office.models import OrgUnit
from office.permissions import restrict

#: How often the beat recounts the figures (seconds); the page states it.
REFRESH_SECONDS = 600

ORGAN, MINE = "organ", "mine"


def board_of(user) -> str | None:
    """Which dashboard the user's role opens (None: none)."""
    return {
        Role.LEADER: dashboard.LEADER_BOARD,
        Role.OFFICE: dashboard.OFFICE_BOARD,
        Role.DEPT_HEAD: dashboard.DEPARTMENT_BOARD,
    }.get(user.role)


@dataclass(frozen=True)
class Column:
    """One unit a figure is shown for: a department, or (``unit_id`` None) the whole organ."""

    unit_id: int | None
    label: str


class Board:
    """What the sections of one dashboard are given: the reader, the units in view, the figures."""

    def __init__(self, *, user, kind: str, scope: str):
        self.user, self.kind, self.scope = user, kind, scope
        self.moment = figures.Moment.at()
        self.is_deputy = user.role == Role.LEADER and not user.is_principal
        units = restrict(OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT), user).order_by("sort_order", "id")
        if kind == dashboard.DEPARTMENT_BOARD:
            units = units.filter(pk=user.unit_id)
        elif self.is_deputy:
            units = units.filter(leaders_in_charge=user) if scope == MINE else units.none()
        self.units = list(units.only("id", "name", "short_name", "code", "sort_order"))
        #: The organ's totals: for everyone but a deputy looking at his own departments.
        self.organ = not (self.is_deputy and scope == MINE)
        self.figures = figures.read(unit_ids=[u.pk for u in self.units], organ=self.organ)

    @property
    def departments(self) -> list[Column]:
        """One column per department in view (a deputy's organ view: none)."""
        return [Column(u.pk, u.short_name or u.name) for u in self.units]

    @property
    def columns(self) -> list[Column]:
        """The departments in view and, where shown, the organ's total (last)."""
        cols = self.departments
        if self.organ:
            cols = [*cols, Column(None, str(gettext_lazy("全局")))]
        return cols

    @property
    def totals(self) -> list[Column]:
        """Where one figure stands for the view: the organ, or a deputy's departments one by one."""
        return [Column(None, str(gettext_lazy("全局")))] if self.organ else self.departments

    @property
    def stale_minutes(self) -> int | None:
        if self.figures.computed_at is None:
            return None
        return max(0, int((self.moment.now - self.figures.computed_at).total_seconds() // 60))


class BoardView(TemplateView):
    template_name = "office/board.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        kind = board_of(user)
        if kind is None:
            raise Http404
        is_deputy = user.role == Role.LEADER and not user.is_principal
        scope = ORGAN if (not is_deputy or self.request.GET.get("scope") == ORGAN) else MINE
        board = Board(user=user, kind=kind, scope=scope)
        sections = [(s, s.context(board)) for s in dashboard.sections_for(kind)]
        sections = [(s, c) for s, c in sections if c is not None]
        titles = {
            dashboard.LEADER_BOARD: _("领导看板"),
            dashboard.OFFICE_BOARD: _("办公室看板"),
            dashboard.DEPARTMENT_BOARD: _("处室看板"),
        }
        return super().get_context_data(
            board=board, sections=sections, heading=titles[kind], refresh_minutes=REFRESH_SECONDS // 60,
            nav_active="board", **kwargs
        )
