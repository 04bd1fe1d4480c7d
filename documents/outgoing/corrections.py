"""Corrections the compliance check offers with one button: each is an edit of the draft (the
"修改稿件" step — same people, same states), saved as a new version with the reason as its note."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from documents.models import OutgoingDocument
from documents.outgoing import compliance
from documents.outgoing.services import _save_version, step_begin, step_finish
from office.models import User


@transaction.atomic
def outgoing_salutation_remove(*, actor: User, document: OutgoingDocument, request=None) -> OutgoingDocument:
    """Drop the body's first line when it repeats the 主送 line (the layout prints that line itself)."""
    locked = step_begin(actor, document, "edit", request)
    line = compliance.repeated_salutation(locked.body, locked.main_list)
    if line is None:
        raise ValidationError(_("正文第一行没有重复主送机关，无需删除。"))
    lines = [text for text in locked.body.split("\n") if text.strip()]
    rest = "\n".join(lines[1:])
    if not rest.strip():
        raise ValidationError(_("删除这一行后正文为空：请修改稿件。"))
    locked.body = rest
    locked.full_clean()
    note = _("删除正文中重复的主送机关“%(line)s”") % {"line": line}
    version = _save_version(actor, locked, note)
    step_finish(
        actor, locked, "edit", text=note, fields=["body"], request=request,
        detail={"fields": ["body"], "version": version.number, "correction": "body_repeats_main"},
    )
    return locked
