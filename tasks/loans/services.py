"""档案借阅 of an archived document from 办文's 归档文件目录 (through documents' selectors): original or
copy, purpose, due date; a classified document needs the office director (rule
``tasks.loan.classified``) and the borrower's clearance; lending, return, overdue reminders (a
core deadline); the document's other end is a core link (kind ``loan``), so its page can show
whom it is lent to without documents importing tasks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.archive.selectors import catalogue_entries
from office import links
from office.deadlines import deadline_close_for, deadline_set
from office.models import User
from office.permissions import visible_targets
from office.workdays import END_OF_WORKING_DAY
from tasks.choices import Kind, LoanForm
from tasks.models import AffairRequest, Loan
from tasks.requests import services as engine
from tasks.requests.kinds import KindHooks, register_kind

LOAN_DEADLINE = "tasks.loan"
#: The longest loan (days).
MAX_DAYS = 90
#: catalogue kind → the document's model (named, never imported).
MODELS = {"incoming": "incomingdocument", "outgoing": "outgoingdocument"}


@dataclass(frozen=True)
class LoanData:
    doc: str  # "incoming:12" — a line of the catalogue
    form: str
    purpose: str
    due_on: dt.date


def _doc_type(kind: str) -> ContentType:
    return ContentType.objects.get(app_label="documents", model=MODELS[kind])


def catalogue_entry(*, user, doc: str):
    """The catalogue line ``doc`` names, if ``user`` may see the document; else a form error."""
    kind, _sep, pk = doc.partition(":")
    if kind not in MODELS or not pk.isdigit():
        raise ValidationError({"doc": _("请从归档文件目录中选择要借阅的档案。")})
    ctype = _doc_type(kind)
    if (ctype.pk, pk) not in visible_targets(user, {(ctype.pk, pk)}):
        raise ValidationError({"doc": _("请从归档文件目录中选择要借阅的档案。")})
    try:
        (entry,) = catalogue_entries([(kind, int(pk))])
    except (KeyError, ValueError):
        raise ValidationError({"doc": _("请从归档文件目录中选择要借阅的档案。")}) from None
    if not entry.archive_code:
        raise ValidationError({"doc": _("该文件尚未归档，不能借阅。")})
    return ctype, entry


def _check(actor: User, data: LoanData):
    today = timezone.localdate()
    if data.form not in LoanForm.values:
        raise ValidationError({"form": _("请选择借阅形式。")})
    if data.due_on < today:
        raise ValidationError({"due_on": _("归还日期不能早于今天。")})
    if data.due_on > today + dt.timedelta(days=MAX_DAYS):
        raise ValidationError({"due_on": _("借阅期限最长 %(days)s 天。") % {"days": MAX_DAYS}})
    ctype, entry = catalogue_entry(user=actor, doc=data.doc)
    if entry.secret_level > actor.clearance:
        raise ValidationError({"doc": _("您的保密资格不足以借阅该密级档案。")})
    return ctype, entry


@transaction.atomic
def loan_create(*, actor: User, data: LoanData, http_request=None) -> AffairRequest:
    ctype, entry = _check(actor, data)
    obj = engine.request_create(
        actor=actor,
        kind=Kind.LOAN,
        title=_("借阅《%(title)s》") % {"title": entry.title},
        secret_level=entry.secret_level,
    )
    loan = Loan(
        request=obj,
        doc_type=ctype,
        doc_id=entry.pk,
        archive_code=entry.archive_code,
        doc_title=entry.title[:300],
        doc_secret_level=entry.secret_level,
        form=data.form,
        purpose=data.purpose,
        due_on=data.due_on,
    )
    loan.full_clean()
    loan._change_reason, loan._history_user = _("新建申请"), actor
    loan.save()
    return obj


def _document(loan: Loan):
    return loan.doc_type.get_object_for_this_type(pk=loan.doc_id)


def _link(locked: AffairRequest, loan: Loan) -> None:
    """The document —loan→ this request, with its state and due date (the document's page reads it)."""
    links.link_create(
        actor=None,
        source=_document(loan),
        target=locked,
        kind=links.LinkKind.LOAN,
        state=locked.state,
        due_on=loan.due_on,
    )


@transaction.atomic
def loan_lend(*, actor: User, request_obj: AffairRequest, http_request=None) -> AffairRequest:
    """借出: an original is with one borrower at a time; the due date becomes a core deadline (overdue reminders)."""
    locked = engine.STEPS.begin(actor, request_obj, "lend", http_request)
    loan = Loan.objects.select_for_update().get(request=locked)
    loan.out, loan.lent_at, loan.lent_by = True, timezone.now(), actor
    loan._change_reason, loan._history_user = _("借出"), actor
    try:
        with transaction.atomic():
            loan.save(update_fields=["out", "lent_at", "lent_by"])
    except IntegrityError:
        raise ValidationError(_("该档案原件已借出，尚未归还，暂不能借出原件。")) from None
    engine.step_done(locked, actor, "lend", http_request=http_request)
    deadline_set(
        actor=None,
        title=_("归还档案《%(title)s》") % {"title": loan.doc_title},
        responsible_unit=locked.unit,
        responsible_user=locked.requester,
        target=locked,
        url=locked.get_absolute_url(),
        kind=LOAN_DEADLINE,
        due_at=timezone.make_aware(dt.datetime.combine(loan.due_on, END_OF_WORKING_DAY)),
    )
    _link(locked, loan)
    return locked


@transaction.atomic
def loan_take_back(*, actor: User, request_obj: AffairRequest, http_request=None) -> AffairRequest:
    """归还: the office takes the document back."""
    locked = engine.STEPS.begin(actor, request_obj, "take_back", http_request)
    loan = Loan.objects.select_for_update().get(request=locked)
    loan.out, loan.back_at, loan.received_by = False, timezone.now(), actor
    loan._change_reason, loan._history_user = _("归还"), actor
    loan.save(update_fields=["out", "back_at", "received_by"])
    engine.step_done(locked, actor, "take_back", http_request=http_request)
    deadline_close_for(actor=None, target=locked)
    links.link_update_target(target=locked, state=locked.state, due_on=None)
    return locked


CLASSIFIED_RULE = "tasks.loan.classified"


def loan_rule_kind(locked: AffairRequest) -> str:
    return CLASSIFIED_RULE if locked.loan.doc_secret_level > 0 else ""


def submit_problems(obj: AffairRequest) -> list[str]:
    """A classified document: the borrower still cleared for it, and a rule that names the office director."""
    from office.models import ApprovalRule

    loan = obj.loan
    found = []
    if loan.doc_secret_level > obj.requester.clearance:
        found.append(_("您的保密资格不足以借阅该密级档案。"))
    if (
        loan.doc_secret_level > 0
        and not ApprovalRule.objects.filter(kind=CLASSIFIED_RULE, confirmed_at__isnull=False).exists()
    ):
        found.append(_("涉密档案借阅须经办公室主任审批，尚未设定相应的审批规则，请联系办公室。"))
    return found


register_kind(Kind.LOAN, KindHooks(problems=submit_problems, rule_kind=loan_rule_kind))
