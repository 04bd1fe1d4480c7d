"""Every read of 办文, through the permission policy."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.choices import IncomingState as S
from documents.choices import RoutingState
from documents.models import Attachment, Circulation, IncomingAssist, IncomingDocument, IncomingRouting, IncomingStep
from office import lists
from office.choices import Role
from office.lists import Box, ListFilterSet
from office.permissions import get_visible_or_404, restrict

ALL_BUSINESS = frozenset({Role.OFFICE, Role.LEADER, Role.DEPT_HEAD, Role.STAFF})
BOXES: tuple[Box, ...] = (
    Box("arrived", _("待签收"), (S.ARRIVED,), frozenset({Role.OFFICE})),
    Box("signed", _("待登记"), (S.SIGNED,), frozenset({Role.OFFICE})),
    Box("registered", _("待初审"), (S.REGISTERED,), frozenset({Role.OFFICE})),
    Box("proposing", _("待拟办"), (S.PROPOSING,), frozenset({Role.OFFICE})),
    Box("instructing", _("待批示"), (S.INSTRUCTING,), frozenset({Role.OFFICE, Role.LEADER})),
    Box("handling", _("承办中"), (S.HANDLING, S.CONFIRMING), ALL_BUSINESS),
    # History: no count on their pills (office.lists.Box.counted).
    Box("done", _("已办结"), (S.DONE,), ALL_BUSINESS, counted=False),
    Box("archived", _("已归档"), (S.ARCHIVED,), ALL_BUSINESS, counted=False),
    Box("returned", _("已退回"), (S.RETURNED,), frozenset({Role.OFFICE}), counted=False),
    Box("withdrawn", _("已作废"), (S.WITHDRAWN,), frozenset({Role.OFFICE}), counted=False),
    Box("all", _("全部"), tuple(S.values), ALL_BUSINESS, counted=False),
)
BOX_BY_KEY = {box.key: box for box in BOXES}


def boxes_for(user) -> list[Box]:
    """The boxes of the 收文 desk this user's role has."""
    return lists.boxes_for(user, BOXES)


def default_box(user) -> Box:
    return {
        Role.OFFICE: BOX_BY_KEY["arrived"],
        Role.LEADER: BOX_BY_KEY["instructing"],
    }.get(user.role, BOX_BY_KEY["handling"])


def _box_condition(user, box: Box) -> Q:
    condition = Q(state__in=box.states)
    if box.key == "instructing" and user.role == Role.LEADER:
        # A leader's 待批示: those waiting on him now.
        condition &= Exists(
            IncomingRouting.objects.filter(document=OuterRef("pk"), leader=user, state=RoutingState.PENDING)
        )
    return condition


def incoming_list(*, user, box: Box, filters: ListFilterSet | None = None) -> QuerySet[IncomingDocument]:
    """One box of the desk, filtered; most urgent and soonest due first. A fixed number of queries;
    each box's order has its index (documents/migrations/0005_list_indexes.py)."""
    rows = (
        restrict(IncomingDocument.objects.all(), user)
        .filter(_box_condition(user, box))
        .select_related("lead_unit", "handler")
    )
    if filters is not None:
        rows = filters.apply(rows)
    if box.key in ("done", "archived"):
        return rows.order_by("-done_at", "-id")
    return rows.order_by("-urgency", "due_at", "-id")


def box_counts(*, user) -> dict:
    """How many documents wait in each of the user's boxes, up to 999 ("999+"); boxes of history
    (已办结, 已归档, 全部) show none. Counted with the page's other counts in one statement."""
    return lists.box_tallies(user, boxes_for(user), restrict(IncomingDocument.objects.all(), user), _box_condition)


def incoming_detail(*, user, pk) -> IncomingDocument:
    """The document with everything its page shows, in a fixed number of queries."""
    return get_visible_or_404(
        IncomingDocument.objects.select_related(
            "lead_unit", "lead_unit__head", "handler", "arrived_by", "signed_by", "registered_by", "archived_by"
        ).prefetch_related(
            "assisting_units",
            Prefetch("steps", queryset=IncomingStep.objects.select_related("actor", "on_behalf_of", "delegated_from").order_by("at", "id")),
            Prefetch("routings", queryset=IncomingRouting.objects.select_related("leader").order_by("order")),
            Prefetch("assists", queryset=IncomingAssist.objects.select_related("unit", "given_by")),
            Prefetch("circulations", queryset=Circulation.objects.select_related("reader", "reader__unit")),
            Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
        ),
        user,
        pk=pk,
    )


@dataclass(frozen=True)
class Duplicates:
    """Documents already received with the same 来文单位 and 来文字号, as the registering user may know them."""

    visible: list
    #: Whether there are others the user may not see: said without title, number or link.
    hidden: bool

    def __bool__(self) -> bool:
        return bool(self.visible) or self.hidden


def duplicate_candidates(*, user, sender_org: str, sender_ref: str, exclude_pk=None, limit: int = 5) -> Duplicates:
    """登记's duplicate check for the page: the candidates through the policy (two queries)."""
    from documents.incoming.services import duplicates_of

    rows = duplicates_of(sender_org=sender_org, sender_ref=sender_ref, exclude_pk=exclude_pk)
    visible = list(restrict(rows, user).order_by("-id")[:limit])
    hidden = rows.exclude(pk__in=restrict(rows, user).values("pk")).exists()
    return Duplicates(visible=visible, hidden=hidden)


def register_initial(document: IncomingDocument) -> dict:
    """What the 登记 form starts with: what 签收 recorded, and the day it was signed for."""
    return {
        "sender_org": document.sender_org, "sender_ref": document.sender_ref, "title": document.title,
        "secret_level": document.secret_level, "urgency": document.urgency, "copies": document.copies,
        "received_on": timezone.localdate(document.signed_at or timezone.now()),
    }


def pending_readers(document: IncomingDocument) -> list:
    """Who has not read a circulated document yet (uses the prefetched circulations)."""
    return [c.reader for c in document.circulations.all() if c.read_at is None]
