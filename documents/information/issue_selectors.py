"""Reads of 信息专报 issues, through the policy."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from documents.choices import INFO_USED
from documents.models import InformationIssue, InformationItem, IssueEntry, IssueReader
from office.permissions import get_visible_or_404, restrict


def issue_list(*, user) -> QuerySet[InformationIssue]:
    return (
        restrict(InformationIssue.objects.all(), user)
        .select_related("compiled_by")
        .order_by("-year", "-created_at", "-id")
    )


def issue_get(*, user, pk) -> InformationIssue:
    return get_visible_or_404(
        InformationIssue.objects.select_related("compiled_by", "sent_by").prefetch_related(
            Prefetch(
                "entries", queryset=IssueEntry.objects.select_related("item", "item__unit").order_by("order", "id")
            ),
            Prefetch(
                "readers",
                queryset=IssueReader.objects.select_related("leader").order_by("-leader__is_principal", "leader_id"),
            ),
        ),
        user,
        pk=pk,
    )


def candidates(*, user, issue: InformationIssue) -> list[InformationItem]:
    """Adopted items not yet in any sent issue nor in this one, newest decisions first."""
    rows = (
        restrict(InformationItem.objects.all(), user)
        .filter(state__in=INFO_USED)
        .exclude(entries__issue__state="sent")
        .exclude(entries__issue=issue)
        .select_related("unit")
        .defer("body")
        .order_by("-decided_at", "-id")
    )
    return list(rows[:50])


def items_by_ids(*, user, ids: list[int]) -> list[InformationItem]:
    return list(restrict(InformationItem.objects.all(), user).filter(pk__in=[i for i in ids if i]))
