"""印发 of 发文: the distribution list, the copies and their 份号, the issued .docx and PDF.

Kept apart from :mod:`documents.outgoing.services` (whose steps it shares) for its size. A
failure while the issued files are made or stored rolls back this step only.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import limits
from documents.choices import FileKind, RecipientKind
from documents.common.org import printer_name
from documents.models import OutgoingDocument, OutgoingFile, OutgoingRecipient
from documents.outgoing import compliance
from documents.outgoing.services import (
    _answer,
    _assign,
    _enforce,
    _todo,
    compliance_draft,
    copy_numbers_for,
    step_begin,
    step_finish,
)
from office import events, org
from office.audit import audit_record
from office.choices import Clearance, TodoKind
from office.models import OrgUnit, User
from office.workflow.assignments import Assignee
from office.workflow.choices import Duty

log = logging.getLogger(__name__)


class IssueFilesFailed(Exception):
    """Making or storing the issued files failed: the 印发 step is rolled back."""


def outgoing_issue(*, actor: User, document: OutgoingDocument, request=None, **step) -> OutgoingDocument:
    """印发 (see :func:`_issue`). When the issued files cannot be made or kept, only this step is
    rolled back: the document stays 待印发 with the 文号 of 编号, the office is told in Chinese,
    the failure is logged and audited, and 印发 can be tried again."""
    try:
        return _issue(actor=actor, document=document, request=request, **step)
    except IssueFilesFailed as exc:
        log.exception("outgoing %s: 印发 failed while making the issued files", document.pk)
        audit_record(actor=actor, action="outgoing.issue_failed", obj=document, request=request,
                     detail={"error": type(exc.__cause__).__name__})
        raise ValidationError(_("印发未完成：生成或保存印发文件时出错。文件仍为待印发，文号不变，可重新印发；"
                                "如仍不成功，请联系系统管理员。")) from exc


@transaction.atomic
def _issue(
    *, actor: User, document: OutgoingDocument, copies: int, internal_units: Iterable[OrgUnit] = (),
    printer: str = "", printed_on: dt.date | None = None, request=None,
) -> OutgoingDocument:
    """印发: the distribution list, the copies and their 份号, the final .docx and PDF. Read-only after."""
    from documents.files.storage import store_bytes, stored_path
    from documents.outgoing.sheets import render

    locked = step_begin(actor, document, "issue", request)
    try:
        limits.check_printed_on(printed_on, locked.dated_on)
    except ValidationError as exc:
        raise ValidationError({"printed_on": exc.messages}) from None
    internal = list(dict.fromkeys(internal_units))
    recipients = (
        [(RecipientKind.MAIN, name, None) for name in locked.main_list]
        + [(RecipientKind.CC, name, None) for name in locked.cc_list]
        + [(RecipientKind.INTERNAL, unit.name, unit) for unit in internal]
    )
    if copies < len(recipients) or copies < 1:
        raise ValidationError(
            {"copies": _("印制份数不能少于分送单位数（%(count)s）。") % {"count": max(len(recipients), 1)}})
    classified = locked.secret_level >= Clearance.SECRET
    copy_numbers = copy_numbers_for(copies) if classified else ""
    _enforce(compliance.check(compliance_draft(locked, "issue", copies=copies, copy_numbers=copy_numbers)))
    locked.copies, locked.copy_numbers = copies, copy_numbers
    locked.printer = (printer or printer_name()).strip()
    locked.printed_on = printed_on or timezone.localdate()
    locked.issued_at, locked.issued_by = timezone.now(), actor
    written = []
    try:
        for order, (kind, name, unit) in enumerate(recipients, start=1):
            OutgoingRecipient.objects.create(document=locked, kind=kind, name=name, unit=unit, order=order, copies=1,
                                             first_copy=order if classified else None)
        for kind in (FileKind.DOCX, FileKind.PDF):
            data = render(locked, kind, draft=False)
            stored_name, sha256, size = store_bytes(ContentFile(data))
            written.append(stored_name)
            OutgoingFile.objects.create(document=locked, kind=kind, stored_name=stored_name, size=size, sha256=sha256)
        step_finish(
            actor, locked, "issue",
            text=_("%(number)s，印制%(copies)s份") % {"number": locked.doc_number, "copies": copies},
            fields=["copies", "copy_numbers", "printer", "printed_on", "issued_at", "issued_by"], request=request,
            detail={"copies": copies, "recipients": len(recipients), "copy_numbers": copy_numbers},
        )
    except BaseException as exc:
        for stored_name in written:
            stored_path(stored_name).unlink(missing_ok=True)
        if isinstance(exc, Exception) and not isinstance(exc, ValidationError):
            raise IssueFilesFailed from exc
        raise
    _answer(locked, "issue", actor, locked.doc_number)
    heads = org.unit_heads(internal, min_clearance=locked.secret_level)
    # 待阅: a reading notice, not a workflow step — opened by hand, no assignment behind it.
    _todo(heads, locked, "outgoing.read", _("已印发"), actor, kind=TodoKind.READ)
    _assign(locked, "archive", _("待归档"), actor, [Assignee.office_duty(Duty.CLERK)])
    # Subscribers (e.g. a register of issued documents) run once this step has committed.
    events.fire("document.issued", document=locked, actor=actor, doc_number=locked.doc_number, units=internal)
    return locked
