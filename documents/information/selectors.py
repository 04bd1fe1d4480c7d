"""Every read of 政务信息, through the permission policy."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from documents.choices import InfoState as S
from documents.models import (
    Attachment,
    HigherAdoption,
    InformationInstruction,
    InformationItem,
    InformationRequest,
    InformationRequestPart,
    InformationStep,
    InformationVersion,
)
from office import lists
from office.choices import Role
from office.lists import Box, ListFilterSet
from office.permissions import get_visible_or_404, restrict
from office.versions import ParagraphDiff, Piece, changed, char_diff, text_diff

DEPT = frozenset({Role.DEPT_HEAD, Role.STAFF})
ALL = frozenset({Role.OFFICE, Role.LEADER, Role.DEPT_HEAD, Role.STAFF})
BOXES: tuple[Box, ...] = (
    Box("draft", _("草稿"), (S.DRAFT, S.RETURNED), DEPT),
    Box("pending", _("待处室审核"), (S.PENDING,), DEPT),
    Box("submitted", _("待采编"), (S.SUBMITTED,), frozenset({Role.OFFICE, *DEPT})),
    Box("used", _("已采用"), (S.ADOPTED, S.CONDENSED), ALL, counted=False),
    Box("rejected", _("不采用"), (S.REJECTED,), frozenset({Role.OFFICE, *DEPT}), counted=False),
    Box("all", _("全部"), tuple(S.values), ALL, counted=False),
)
BOX_BY_KEY = {box.key: box for box in BOXES}
LIST_RELATED = ("unit", "author", "request")


def boxes_for(user) -> list[Box]:
    return lists.boxes_for(user, BOXES)


def default_box(user) -> Box:
    return {Role.OFFICE: BOX_BY_KEY["submitted"], Role.LEADER: BOX_BY_KEY["used"]}.get(user.role, BOX_BY_KEY["draft"])


def _box_condition(user, box: Box) -> Q:
    return Q(state__in=box.states)


def items_visible(user) -> QuerySet[InformationItem]:
    return restrict(InformationItem.objects.all(), user)


def item_list(*, user, box: Box, filters: ListFilterSet | None = None) -> QuerySet[InformationItem]:
    """One box of the 政务信息 desk, newest first; a fixed number of queries."""
    rows = items_visible(user).filter(_box_condition(user, box)).select_related(*LIST_RELATED).defer("body")
    if filters is not None:
        rows = filters.apply(rows)
    return rows.order_by("-state_since", "-id")


def box_counts(*, user) -> dict:
    return lists.box_tallies(user, boxes_for(user), items_visible(user), _box_condition)


def item_get(*, user, pk) -> InformationItem:
    """The item with everything its page shows, in a fixed number of queries."""
    return get_visible_or_404(
        InformationItem.objects.select_related(
            "unit",
            "author",
            "request",
            "approved_by",
            "decided_by",
        ).prefetch_related(
            Prefetch("steps", queryset=InformationStep.objects.select_related("actor").order_by("at", "id")),
            Prefetch("versions", queryset=InformationVersion.objects.select_related("saved_by").defer("body")),
            Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
            Prefetch("higher_adoptions", queryset=HigherAdoption.objects.all()),
            Prefetch("instructions", queryset=InformationInstruction.objects.select_related("leader")),
        ),
        user,
        pk=pk,
    )


@dataclass(frozen=True)
class Comparison:
    older: InformationVersion
    newer: InformationVersion
    title: tuple[Piece, ...]
    body: list[ParagraphDiff]
    changed: bool


def version_compare(*, user, pk, a: int, b: int) -> tuple[InformationItem, Comparison]:
    """Any two versions of an item the user can see (the core's comparison); the older one first."""
    item = get_visible_or_404(InformationItem.objects.select_related("unit"), user, pk=pk)
    versions = {v.number: v for v in item.versions.filter(number__in=[a, b]).select_related("saved_by")}
    if a not in versions or b not in versions:
        raise Http404
    older, newer = sorted((versions[a], versions[b]), key=lambda v: v.number)
    title, body = char_diff(older.title, newer.title), text_diff(older.body, newer.body)
    return item, Comparison(older, newer, title, body, changed(title, body))


# --- 约稿 -------------------------------------------------------------------------------


def request_list(*, user) -> QuerySet[InformationRequest]:
    return restrict(InformationRequest.objects.all(), user).select_related("created_by").order_by("-due_on", "-id")


def request_get(*, user, pk) -> InformationRequest:
    return get_visible_or_404(
        InformationRequest.objects.select_related("created_by").prefetch_related(
            Prefetch(
                "parts", queryset=InformationRequestPart.objects.select_related("unit").order_by("unit__sort_order")
            ),
        ),
        user,
        pk=pk,
    )


def request_items(*, user, info_request: InformationRequest) -> QuerySet[InformationItem]:
    """The items answering a 约稿 that the user may see."""
    return (
        items_visible(user)
        .filter(request=info_request)
        .select_related("unit", "author")
        .defer("body")
        .order_by("unit__sort_order", "submitted_at", "id")
    )


def item_issues(*, user, item: InformationItem) -> list:
    """The 信息专报 the item appeared in, as far as the user may see them."""
    from documents.models import InformationIssue

    return list(restrict(InformationIssue.objects.all(), user).filter(entries__item=item).order_by("-year", "-number"))


def instruction_get(*, user, pk) -> InformationInstruction:
    """A 批示, seen with its item (out of the item's scope: 404)."""
    from django.shortcuts import get_object_or_404

    instruction = get_object_or_404(InformationInstruction.objects.select_related("leader"), pk=pk)
    instruction.item = get_visible_or_404(InformationItem.objects.select_related("unit"), user, pk=instruction.item_id)
    return instruction
