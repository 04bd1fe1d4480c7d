"""How 收文, 发文 and 政务信息 appear in the chain of a matter (office.chain)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from documents.models import (
    IncomingDocument,
    InformationInstruction,
    InformationIssue,
    InformationItem,
    IssueEntry,
    OutgoingDocument,
)
from office import chain


def _item_related(ids: list[str]):
    """An information item → the 专报 issues that carried it."""
    return ((InformationIssue, pk) for pk in IssueEntry.objects.filter(item_id__in=ids).values_list("issue_id", flat=True))


def _item_events(items: list):
    """领导批示 on an information item (they are rows of their own, not steps)."""
    for row in InformationInstruction.objects.filter(item__in=items).select_related("leader", "item"):
        yield {"obj": row.item, "at": row.given_at, "label": _("领导批示"), "actor": row.leader.full_name,
               "text": row.text}


chain.register(chain.Kind(IncomingDocument, N_("收文"), number=lambda d: d.serial_display or d.sender_ref, order=10))
chain.register(chain.Kind(InformationItem, N_("政务信息"), related=_item_related, events=_item_events, order=15))
chain.register(chain.Kind(InformationIssue, N_("信息专报"), number=lambda i: i.display_number,
                          title=lambda i: i.display_number or str(i), order=16))
chain.register(chain.Kind(OutgoingDocument, N_("发文"), number=lambda d: d.doc_number if d.number else "", order=70))
