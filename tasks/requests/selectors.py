"""Reads of 办事 requests, always through the policy."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from office.choices import BUSINESS_ROLES, Role
from office.counts import tallies
from office.lists import Box
from office.permissions import get_visible_or_404, restrict
from office.workflow.assignments import awaiting_q
from office.workflow.chains import chain_rows
from tasks.choices import Kind, State
from tasks.models import AffairRequest, RequestStep
from tasks.permissions import APPROVE
from tasks.requests.filters import RequestFilterSet

WAITING, MINE, ALL = "waiting", "mine", "all"
BOXES = (
    Box(WAITING, _("待我审批"), (), frozenset(BUSINESS_ROLES)),
    Box(MINE, _("我的申请"), (), frozenset(BUSINESS_ROLES)),
    Box(ALL, _("全部"), (), frozenset({Role.OFFICE, Role.LEADER, Role.DEPT_HEAD}), counted=False),
)
#: What a row of a list shows, for every kind (the kind's own row comes along: one query a page).
LIST_RELATED = ("unit", "requester", "reception", "expense__budget_line", "seal_use__seal", "loan", "trip__vehicle", "trip__driver")


def default_box(user) -> str:
    if user.role == Role.OFFICE:
        return ALL
    if user.role in (Role.LEADER, Role.DEPT_HEAD):
        return WAITING
    return MINE


def visible(user) -> QuerySet:
    return restrict(AffairRequest.objects.all(), user)


def box_q(user, box: str):
    if box == WAITING:
        return awaiting_q(user, AffairRequest, APPROVE)
    if box == MINE:
        from django.db.models import Q

        return Q(requester=user)
    from office.permissions import EVERYTHING

    return EVERYTHING


def request_list(*, user, kind: str, box: str, filters: RequestFilterSet | None = None) -> QuerySet:
    rows = visible(user).filter(kind=kind).filter(box_q(user, box))
    if filters is not None:
        rows = filters.apply(rows)
    if not rows.query.order_by:
        rows = rows.order_by("-id")
    return rows.select_related(*LIST_RELATED)


def box_counts(*, user, kind: str) -> dict:
    """The counted boxes' pills: capped, counted with the page's other counts in one statement."""
    rows = visible(user).filter(kind=kind)
    return tallies(
        {
            WAITING: rows.filter(awaiting_q(user, AffairRequest, APPROVE)),
            MINE: rows.filter(requester=user).exclude(state__in=[State.DONE]),
        }
    )


def request_get(*, user, pk) -> AffairRequest:
    rows = AffairRequest.objects.select_related(
        "unit",
        "requester",
        "reception",
        "expense__budget_line",
        "seal_use__seal",
        "seal_use__approver",
        "seal_use__stamped_by",
        "loan",
        "loan__lent_by",
        "loan__received_by",
        "trip__vehicle",
        "trip__driver",
        "trip__dispatched_by",
    )
    return get_visible_or_404(rows, user, pk=pk)


def request_timeline(obj: AffairRequest) -> list[RequestStep]:
    return list(obj.steps.select_related("actor", "on_behalf_of", "delegated_from").order_by("at", "id"))


def request_chain(obj: AffairRequest) -> list:
    return chain_rows(obj, APPROVE)


@dataclass(frozen=True)
class KindSummary:
    kind: str
    label: object
    waiting: object
    mine: object


def dashboard_counts(*, user) -> list[KindSummary]:
    """For the workbench panel: per kind, waiting for me and my open requests (capped, one statement)."""
    rows = visible(user)
    found = []
    for kind in Kind:
        counts = tallies(
            {
                WAITING: rows.filter(kind=kind).filter(awaiting_q(user, AffairRequest, APPROVE)),
                MINE: rows.filter(kind=kind, requester=user).exclude(state__in=[State.DONE]),
            }
        )
        found.append(KindSummary(kind.value, kind.label, counts[WAITING], counts[MINE]))
    return found
