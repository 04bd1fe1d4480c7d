"""What the 办文 lists search (office.search), and the same search on SQLite.

PostgreSQL searches the hidden columns documents 0007 fills: 收文 — 标题, 来文字号, 来文单位,
档号; 发文 — 标题, 文号, 主送机关, 档号. SQLite has no such index and runs ``icontains``
over the same fields (the 文号 rebuilt as ``OutgoingDocument.doc_number`` prints it).
"""

from __future__ import annotations

from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Cast, Concat

from office.search import icontains

INCOMING = icontains("title", "sender_ref", "sender_org", "archive_code")


def outgoing(queryset, term):
    number = Concat("prefix__code", Value("〔"), Cast("year", CharField()), Value("〕"),
                    Cast("number", CharField()), Value("号"), output_field=CharField())
    rows = queryset.alias(doc_number_text=Case(When(number__isnull=False, then=number), default=Value("")))
    return icontains("title", "doc_number_text", "main_recipients", "archive_code")(rows, term)


OUTGOING = outgoing
#: Per model, for a list over both registers (the 归档文件目录).
BY_MODEL = {"documents.incomingdocument": INCOMING, "documents.outgoingdocument": OUTGOING}
