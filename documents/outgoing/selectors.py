"""Every read of 发文, through the permission policy."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from documents.choices import CountersignState
from documents.choices import OutgoingState as S
from documents.models import (
    Attachment,
    OutgoingCountersign,
    OutgoingDocument,
    OutgoingFile,
    OutgoingRecipient,
    OutgoingStep,
    OutgoingVersion,
)
from office import lists
from office.choices import Role
from office.lists import Box, ListFilterSet
from office.permissions import get_visible_or_404, restrict
from office.versions import ParagraphDiff, Piece, changed, char_diff, text_diff  # noqa: F401  (the comparison's shapes)

ALL = frozenset({Role.OFFICE, Role.LEADER, Role.DEPT_HEAD, Role.STAFF})
DRAFTERS = frozenset({Role.OFFICE, Role.DEPT_HEAD, Role.STAFF})
BOXES: tuple[Box, ...] = (
    Box("drafting", _("起草中"), (S.DRAFTING,), DRAFTERS),
    Box("dept_review", _("待部门审核"), (S.DEPT_REVIEW,), frozenset({Role.DEPT_HEAD, Role.STAFF})),
    Box("office_review", _("待核稿"), (S.OFFICE_REVIEW,), frozenset({Role.OFFICE})),
    Box("countersigning", _("会签中"), (S.COUNTERSIGNING,), frozenset({Role.OFFICE, Role.DEPT_HEAD})),
    Box("signing", _("待签发"), (S.SIGNING,), ALL),
    Box("rechecking", _("复核印发"), (S.RECHECKING, S.NUMBERING, S.ISSUING), frozenset({Role.OFFICE})),
    Box("in_progress", _("办理中"), (S.DEPT_REVIEW, S.OFFICE_REVIEW, S.COUNTERSIGNING, S.SIGNING, S.RECHECKING,
                                    S.NUMBERING, S.ISSUING), frozenset({Role.LEADER, Role.DEPT_HEAD, Role.STAFF})),
    # History: no count on their pills (office.lists.Box.counted).
    Box("issued", _("已印发"), (S.ISSUED,), ALL, counted=False),
    Box("archived", _("已归档"), (S.ARCHIVED,), ALL, counted=False),
    Box("all", _("全部"), tuple(S.values), ALL, counted=False),
)
BOX_BY_KEY = {box.key: box for box in BOXES}


def boxes_for(user) -> list[Box]:
    return lists.boxes_for(user, BOXES)


def default_box(user) -> Box:
    return {
        Role.OFFICE: BOX_BY_KEY["office_review"],
        Role.LEADER: BOX_BY_KEY["signing"],
    }.get(user.role, BOX_BY_KEY["drafting"])


def _box_condition(user, box: Box) -> Q:
    condition = Q(state__in=box.states)
    if box.key == "signing" and user.role == Role.LEADER:
        condition &= Q(signer=user)  # a leader's 待签发: those waiting on him
    if box.key == "countersigning" and user.role == Role.DEPT_HEAD:
        condition &= Exists(OutgoingCountersign.objects.filter(
            document=OuterRef("pk"), unit_id=user.unit_id, state=CountersignState.PENDING))
    return condition


def outgoing_list(*, user, box: Box, filters: ListFilterSet | None = None) -> QuerySet[OutgoingDocument]:
    """One box of the 发文 desk, filtered; a fixed number of queries."""
    rows = (
        restrict(OutgoingDocument.objects.all(), user)
        .filter(_box_condition(user, box))
        .select_related("prefix", "drafting_unit", "drafter", "signer")
    )
    if filters is not None:
        rows = filters.apply(rows)
    if box.key in ("issued", "archived"):
        return rows.order_by("-issued_at", "-id")
    return rows.order_by("-urgency", "-state_since", "-id")


def box_counts(*, user) -> dict:
    """How many documents wait in each of the user's boxes, up to 999 ("999+"); boxes of history
    (已印发, 已归档, 全部) show none. Counted with the page's other counts in one statement."""
    return lists.box_tallies(user, boxes_for(user), restrict(OutgoingDocument.objects.all(), user), _box_condition)


def outgoing_detail(*, user, pk) -> OutgoingDocument:
    """The document with everything its page shows, in a fixed number of queries."""
    return get_visible_or_404(
        OutgoingDocument.objects.select_related(
            "prefix", "drafting_unit", "drafting_unit__head", "drafter", "signer", "signed_by", "issued_by",
            "archived_by",
        ).prefetch_related(
            Prefetch("steps", queryset=OutgoingStep.objects.select_related("actor").order_by("at", "id")),
            Prefetch("versions", queryset=OutgoingVersion.objects.select_related("saved_by").defer("body").order_by("number")),
            Prefetch("countersigns", queryset=OutgoingCountersign.objects.select_related("unit", "given_by")),
            Prefetch("recipients", queryset=OutgoingRecipient.objects.select_related("unit")),
            Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
            Prefetch("files", queryset=OutgoingFile.objects.order_by("kind")),
        ),
        user,
        pk=pk,
    )


# --- versions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    older: OutgoingVersion
    newer: OutgoingVersion
    title: tuple[Piece, ...]
    body: list[ParagraphDiff]
    attachment_notes: list[ParagraphDiff]
    changed: bool


def version_compare(*, user, pk, a: int, b: int) -> tuple[OutgoingDocument, Comparison]:
    """Any two versions of a document the user can see; the older one first."""
    document = get_visible_or_404(OutgoingDocument.objects.select_related("prefix"), user, pk=pk)
    versions = {v.number: v for v in document.versions.filter(number__in=[a, b]).select_related("saved_by")}
    if a not in versions or b not in versions:
        raise Http404
    older, newer = sorted((versions[a], versions[b]), key=lambda v: v.number)
    body = text_diff(older.body, newer.body)
    notes = text_diff(older.attachment_notes, newer.attachment_notes)
    title = char_diff(older.title, newer.title)
    return document, Comparison(older, newer, title, body, notes, changed(title, body, notes))


#: Where a 发文's seal use (用印) may be recorded: at 印发 and after.
SEALABLE = frozenset({S.ISSUING, S.ISSUED, S.ARCHIVED})


def outgoing_sealable(document: OutgoingDocument) -> bool:
    return document.state in SEALABLE and document.with_seal


def outgoing_for_seal(*, user, pk) -> OutgoingDocument:
    """A 发文 the user may see (else 404) whose seal use may be recorded (else a message): for 办事's
    用印 form, which reads it from the page's offer (``?outgoing=<pk>``)."""
    from django.core.exceptions import ValidationError

    document = get_visible_or_404(OutgoingDocument.objects.all(), user, pk=pk)
    if not outgoing_sealable(document):
        raise ValidationError(_("该发文尚未到印发环节或不加盖印章，不能据此登记用印。"))
    return document
