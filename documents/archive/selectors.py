"""The 归档文件目录: archived 收文 and 发文 in one list, through the permission policy.

Both take their 档号 from one sequence (:func:`documents.archive.services.archive_code_next`),
so one catalogue sorted by year and 档号 lists them side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import CharField, Max, QuerySet, Value
from django.urls import reverse

from documents.archive.filters import ArchiveFilterSet
from documents.choices import IncomingState, OutgoingState, Retention
from documents.common.org import organ
from documents.models import IncomingDocument, OutgoingDocument
from office.permissions import restrict

INCOMING, OUTGOING = "incoming", "outgoing"


@dataclass(frozen=True)
class Entry:
    """One line of the catalogue (DA/T 22-2015: 档号, 题名, 责任者, 文号, 日期, 保管期限, 机构)."""

    kind: str
    pk: int
    archive_code: str
    title: str
    author: str
    reference: str
    day: date | None
    retention: str
    unit: str
    secret_level: int

    @property
    def url(self) -> str:
        return reverse(f"documents:{self.kind}_detail", args=[self.pk])

    @property
    def retention_label(self) -> str:
        return str(Retention(self.retention).label) if self.retention in Retention.values else self.retention


def archive_catalogue(*, user, filters: ArchiveFilterSet | None = None) -> QuerySet:
    """(kind, pk, year, archive_code) of every archived document the user may see, filtered,
    by year (newest first) and 档号; :func:`catalogue_entries` turns a page of it into lines."""
    sides = []
    for kind, model, state in ((INCOMING, IncomingDocument, IncomingState.ARCHIVED),
                               (OUTGOING, OutgoingDocument, OutgoingState.ARCHIVED)):
        rows = restrict(model.objects.all(), user).filter(state=state)
        if filters is not None:
            rows = filters.apply(rows)
        sides.append(rows.annotate(kind=Value(kind, output_field=CharField())).values_list(
            "kind", "pk", "year", "archive_code"))
    return sides[0].union(sides[1], all=True).order_by("-year", "archive_code")


def archive_level(*, user, filters: ArchiveFilterSet | None = None) -> int:
    """The highest 密级 among what :func:`archive_catalogue` selects: one aggregate per flow."""
    level = 0
    for model, state in ((IncomingDocument, IncomingState.ARCHIVED), (OutgoingDocument, OutgoingState.ARCHIVED)):
        rows = restrict(model.objects.all(), user).filter(state=state)
        if filters is not None:
            rows = filters.apply(rows)
        level = max(level, rows.aggregate(level=Max("secret_level"))["level"] or 0)
    return level


def catalogue_entries(keys) -> list[Entry]:
    """The lines of one page of :func:`archive_catalogue`, in its order: two queries."""
    keys = list(keys)
    incoming = IncomingDocument.objects.select_related("lead_unit").in_bulk(
        [pk for kind, pk, *rest in keys if kind == INCOMING])
    outgoing = OutgoingDocument.objects.select_related("prefix", "drafting_unit").in_bulk(
        [pk for kind, pk, *rest in keys if kind == OUTGOING])
    the_organ = organ() if outgoing else None
    entries = []
    for kind, pk, *_rest in keys:
        if kind == INCOMING:
            doc = incoming[pk]
            entries.append(Entry(kind, pk, doc.archive_code, doc.title, doc.sender_org, doc.sender_ref,
                                 doc.received_on, doc.retention, doc.lead_unit.name if doc.lead_unit else "",
                                 doc.secret_level))
        else:
            doc = outgoing[pk]
            entries.append(Entry(kind, pk, doc.archive_code, doc.title, the_organ.name if the_organ else "",
                                 doc.doc_number, doc.dated_on, doc.retention,
                                 doc.drafting_unit.name if doc.drafting_unit else "", doc.secret_level))
    return entries
