"""Every write of 发文, from 起草 to 归档.

Each step locks the draft, asks the policy (which asks the transition table in
:mod:`documents.outgoing.workflow`), records the step with its opinion, moves the
state, closes and opens to-dos, leaves history and an audit row. The compliance
check (:mod:`documents.outgoing.compliance`) runs at 核稿, before 签发 and before 印发:
a blocking problem stops the step and is reported on its field.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.archive.services import archive_code_next
from documents.choices import (
    DOC_TYPE_GUIDE,
    CountersignState,
    Direction,
    DocType,
    LayoutForm,
    OutgoingState,
    Publicity,
    Retention,
    Urgency,
)
from documents.common import steps as documents_steps
from documents.common.org import organ
from documents.models import (
    OutgoingCountersign,
    OutgoingDocument,
    OutgoingStep,
    OutgoingVersion,
)
from documents.outgoing import compliance, workflow
from office import org
from office.choices import Clearance, Role, TodoKind, UnitKind
from office.models import IssuingPrefix, OrgUnit, User
from office.permissions import can as policy_can
from office.serials import serial_next
from office.services import todo_close, todo_is_open, todo_open
from office.textinput import xml_safe
from office.workflow.assignments import Assignee, Notice, answer, assign, assignments_cancel, may_answer, rows_for
from office.workflow.choices import Duty, Mode, Outcome
from office.workflow.engine import Steps

log = logging.getLogger(__name__)
S = OutgoingState


# --- helpers ------------------------------------------------------------------------


STEPS = Steps(OutgoingDocument, OutgoingStep, workflow.TABLE, "outgoing", related=("prefix",))
# 附件 (documents.files) finds a document's steps by its model.
documents_steps._BY_MODEL[OutgoingDocument] = STEPS
step_begin, step_finish = STEPS.begin, STEPS.finish


def _notice(document: OutgoingDocument, label: str, sender: User) -> Notice:
    return Notice(
        title=f"【{label}】{document.title}", url=document.get_absolute_url(),
        summary=document.drafting_unit.display_name, sender=sender, is_urgent=document.urgency > Urgency.NORMAL,
    )


def _todo(users: Iterable[User], document: OutgoingDocument, step: str, label: str, sender: User,
          kind: str = TodoKind.ACTION) -> None:
    """待阅 (已印发, ``outgoing.read``) only: a reading notice, not a workflow step, so no assignment
    stands behind it and it is opened by hand. 退回修改 is a step (``outgoing.revise``, :func:`_revise`)."""
    notice = _notice(document, label, sender)
    for user in users:
        todo_open(user=user, target=document, step=step, title=notice.title, url=notice.url, kind=kind,
                  summary=notice.summary, sender=sender, is_urgent=notice.is_urgent)


def _assign(document: OutgoingDocument, step: str, label: str, sender: User, assignees: list[Assignee],
            mode: str = Mode.SEQUENTIAL) -> None:
    """The step's assignees (the engine opens their to-dos)."""
    assign(target=document, step=f"outgoing.{step}", assignees=assignees, notice=_notice(document, label, sender),
           mode=mode)


def _answer(document: OutgoingDocument, step: str, actor: User, text: str = "", outcome: str = Outcome.NONE):
    """The actor's answer to the step's assignment (the engine closes its to-dos).

    A draft that reached the step before 发文 went onto assignments has none: its to-dos
    are closed as they were opened, by hand.
    """
    key = f"outgoing.{step}"
    if not rows_for(document, key).exists():
        todo_close(target=document, step=key)
        return None
    return answer(target=document, step=key, actor=actor, text=text, outcome=outcome)


def _revise(document: OutgoingDocument, sender: User) -> None:
    """退回修改: the drafter's step, answered at 送审."""
    _assign(document, "revise", _("退回修改"), sender, [Assignee.person(document.drafter)])


def _revise_done(document: OutgoingDocument, actor: User, text: str) -> None:
    """送审 answers 退回修改; sent by another (or a draft returned before the step ran on
    assignments) what is open of it is closed all the same."""
    if may_answer(document, "outgoing.revise", actor):
        answer(target=document, step="outgoing.revise", actor=actor, text=text)
    else:
        assignments_cancel(target=document, step="outgoing.revise")
        todo_close(target=document, step="outgoing.revise")


def _cancel(document: OutgoingDocument, *steps: str) -> None:
    """Withdraw what is open of ``steps`` (退回, 作废), assignments and older to-dos alike."""
    for step in steps:
        assignments_cancel(target=document, step=f"outgoing.{step}")
        todo_close(target=document, step=f"outgoing.{step}")


def required_signer_is_principal(document: OutgoingDocument) -> bool:
    """上行文 and documents marked important are signed by the principal leader (条例 第二十二条)."""
    return document.direction == Direction.UP or document.is_important


def default_signer(document: OutgoingDocument) -> User | None:
    """The principal for 上行文 and important documents; else the leader in charge of the drafting unit."""
    leaders = User.objects.filter(role=Role.LEADER, is_active=True, clearance__gte=document.secret_level)
    if not required_signer_is_principal(document):
        in_charge = leaders.filter(in_charge_of=document.drafting_unit_id, is_principal=False).order_by("id").first()
        if in_charge:
            return in_charge
    return org.principal(min_clearance=document.secret_level)


# --- the compliance check -------------------------------------------------------------


def compliance_draft(
    document: OutgoingDocument, stage: str, *, signer: User | None = None, signed_on: dt.date | None = None,
    dated_on: dt.date | None = None, doc_number: str | None = None, copies: int | None = None,
    copy_numbers: str | None = None, attachments: list | None = None,
) -> compliance.Draft:
    """The check's view of a document, with what the step is about to set (its text as printed)."""
    the_organ = organ()
    names = tuple(n for n in (the_organ.name, the_organ.short_name) if n) if the_organ else ()
    signer = signer or document.signer
    files = attachments if attachments is not None else list(document.attachments.all())
    return compliance.Draft(
        doc_type=document.doc_type,
        direction=document.direction,
        form=document.form,
        title=xml_safe(document.title),
        organ_names=names,
        main_recipients=tuple(document.main_list),
        cc_recipients=tuple(document.cc_list),
        signer_name=signer.full_name if signer else "",
        secret_level=document.secret_level,
        secrecy_period=document.secrecy_period,
        copy_numbers=document.copy_numbers if copy_numbers is None else copy_numbers,
        copies=document.copies if copies is None else copies,
        with_seal=document.with_seal,
        attachment_notes=tuple(document.attachment_note_list),
        attachment_names=tuple(a.original_name for a in files),
        signed_on=signed_on or (timezone.localdate(document.signed_at) if document.signed_at else None),
        dated_on=dated_on or document.dated_on,
        doc_number=document.doc_number if doc_number is None else doc_number,
        body=xml_safe(document.body),
        stage=stage,
    )


#: Which check the next step runs, by where the draft is (none once it is issued).
NEXT_CHECK = {
    S.DRAFTING: "office_check", S.DEPT_REVIEW: "office_check", S.OFFICE_REVIEW: "office_check",
    S.COUNTERSIGNING: "sign", S.SIGNING: "sign", S.RECHECKING: "sign", S.NUMBERING: "sign", S.ISSUING: "issue",
}


def copy_numbers_for(copies: int) -> str:
    """份号 of a classified document's copies: 000001—000030."""
    return f"{1:06d}—{copies:06d}"


def compliance_ahead(document: OutgoingDocument) -> tuple[str | None, list[compliance.Problem]]:
    """The check the document's next step will run, and what it finds now (for the document's page).

    Before 印发 it counts what 印发 will set: a copy for each recipient, 份号 from 000001.
    """
    stage = NEXT_CHECK.get(document.state)
    if stage is None:
        return None, []
    planned = {}
    if stage == "issue" and not document.copies:
        copies = max(len(document.main_list) + len(document.cc_list), 1)
        planned = {"copies": copies, "copy_numbers": copy_numbers_for(copies)}
    return stage, compliance.check(compliance_draft(document, stage, **planned))


def _enforce(problems: list[compliance.Problem]) -> None:
    """Blocking problems stop the step, each on its field."""
    stop = compliance.blocking(problems)
    if stop:
        errors: dict[str, list[str]] = {}
        for problem in stop:
            errors.setdefault(problem.field, []).append(problem.message)
        raise ValidationError(errors)


# --- 起草 ---------------------------------------------------------------------------


@dataclass
class DraftData:
    """What a draft holds; validated by the form, checked again here."""

    doc_type: str
    direction: str
    form: str
    prefix: IssuingPrefix
    title: str
    body: str
    main_recipients: str = ""
    cc_recipients: str = ""
    attachment_notes: str = ""
    note: str = ""
    attendance_present: str = ""
    attendance_absent: str = ""
    attendance_observers: str = ""
    secret_level: int = Clearance.PUBLIC
    secrecy_period: str = ""
    urgency: int = Urgency.NORMAL
    publicity: str = Publicity.ACTIVE
    is_important: bool = False
    with_seal: bool = True
    version_note: str = ""
    preset: tuple[int, int] | None = None  # (year, number) of a 纪要 at 编号: its meeting's


TEXT_FIELDS = ("title", "body", "attachment_notes")
DRAFT_FIELDS = (
    "doc_type", "direction", "form", "prefix", "title", "body", "main_recipients", "cc_recipients",
    "attachment_notes", "note", "secret_level", "secrecy_period", "urgency", "publicity", "is_important", "with_seal",
    "attendance_present", "attendance_absent", "attendance_observers",
)


def _validate(actor: User, data: DraftData) -> None:
    if data.doc_type not in DocType.values:
        raise ValidationError({"doc_type": _("请选择文种。")})
    directions, _note = DOC_TYPE_GUIDE[data.doc_type]
    if data.direction not in directions:
        raise ValidationError({"direction": _("“%(type)s”不能作为%(direction)s。") % {
            "type": DocType(data.doc_type).label, "direction": Direction(data.direction).label}})
    if data.form == LayoutForm.MINUTES and data.doc_type != DocType.MINUTES:
        raise ValidationError({"form": _("纪要式只用于纪要。")})
    if not data.prefix.is_active:
        raise ValidationError({"prefix": _("该机关代字已停用。")})
    if data.secret_level > actor.clearance:
        raise ValidationError({"secret_level": _("密级不能高于您本人的涉密等级。")})
    if data.secret_level >= Clearance.SECRET and not data.secrecy_period.strip():
        raise ValidationError({"secrecy_period": _("涉密文件须标注保密期限。")})
    if not data.title.strip():
        raise ValidationError({"title": _("请填写标题。")})
    if not data.body.strip():
        raise ValidationError({"body": _("正文不能为空。")})


def _normalise_body(text: str) -> str:
    """Paragraphs one per line, no trailing spaces, no empty lines between them."""
    return "\n".join(line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip())


def _apply(document: OutgoingDocument, data: DraftData) -> None:
    for name in DRAFT_FIELDS:
        value = getattr(data, name)
        if name == "body":
            value = _normalise_body(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(document, name, value)
    if document.doc_type == DocType.MINUTES:
        document.with_seal = False  # 纪要 carries no seal


def _save_version(actor: User, document: OutgoingDocument, note: str = "") -> OutgoingVersion:
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    return OutgoingVersion.objects.create(
        document=document, number=last + 1, title=document.title, body=document.body,
        attachment_notes=document.attachment_notes, saved_by=actor, state=document.state, note=note.strip()[:200],
    )


def may_draft(user: User) -> bool:
    """The policy's "documents.draft", for someone in a unit (the draft is that unit's)."""
    return policy_can(user, "documents.draft") and bool(user.unit_id)


@transaction.atomic
def outgoing_create(*, actor: User, data: DraftData, request=None) -> OutgoingDocument:
    """起草: a department's draft, version 1. No 文号 yet — it is assigned at 编号."""
    if not may_draft(actor):
        raise ValidationError(_("只有处室和办公室人员可以起草发文。"))
    _validate(actor, data)
    document = OutgoingDocument(drafting_unit_id=actor.unit_id, drafter=actor, state_since=timezone.now())
    _apply(document, data)
    if data.preset is not None:
        document.preset_year, document.preset_number = data.preset
    if actor.role == Role.OFFICE:  # the office's own drafts are the office's from the start
        document.office_received_at = timezone.now()
    document.full_clean()
    document._change_reason, document._history_user = _("起草"), actor
    document.save()
    _save_version(actor, document, data.version_note or _("初稿"))
    step_finish(actor, document, "create", text=data.version_note.strip(), request=request)
    return document


@transaction.atomic
def outgoing_update(*, actor: User, document: OutgoingDocument, data: DraftData, request=None) -> OutgoingDocument:
    """修改稿件: every change of the text is kept as a new version."""
    _validate(actor, data)
    locked = step_begin(actor, document, "edit", request)
    before = {name: getattr(locked, name) for name in DRAFT_FIELDS}
    _apply(locked, data)
    changed = [name for name in DRAFT_FIELDS if getattr(locked, name) != before[name]]
    if not changed:
        return locked
    locked.full_clean()
    version = None
    if any(name in TEXT_FIELDS for name in changed):
        version = _save_version(actor, locked, data.version_note)
    step_finish(
        actor, locked, "edit", text=data.version_note.strip() or (
            _("保存第%(number)s稿") % {"number": version.number} if version else _("修改文件信息")),
        fields=changed, request=request, detail={"fields": changed, "version": version.number if version else None},
    )
    return locked


# --- 送审, 部门审核, 核稿 ---------------------------------------------------------------


@transaction.atomic
def outgoing_submit(*, actor: User, document: OutgoingDocument, opinion: str = "", request=None) -> OutgoingDocument:
    """送审: to the drafting department's head."""
    locked = step_begin(actor, document, "submit", request)
    locked.returned_reason = ""
    step_finish(actor, locked, "submit", text=opinion.strip(), fields=["returned_reason"], request=request)
    _revise_done(locked, actor, opinion.strip())
    unit = locked.drafting_unit
    if org.named_head(unit) is not None:  # also when the head drafted it himself: 部门审核 is a step of its own
        _assign(locked, "dept_review", _("待审核"), actor, [Assignee.head_of(unit)])
    return locked


@transaction.atomic
def outgoing_dept_approve(*, actor: User, document: OutgoingDocument, opinion: str = "", request=None) -> OutgoingDocument:
    """部门审核 passed: the office 核稿 next."""
    locked = step_begin(actor, document, "dept_approve", request)
    if locked.office_received_at is None:
        locked.office_received_at = timezone.now()
    step_finish(actor, locked, "dept_approve", text=opinion.strip() or _("同意，送办公室核稿。"),
                fields=["office_received_at"], request=request)
    _answer(locked, "dept_review", actor, opinion.strip(), Outcome.APPROVED)
    _assign(locked, "office_check", _("待核稿"), actor, [Assignee.office_duty(Duty.DIRECTOR)])
    return locked


def _check_signer(document: OutgoingDocument, signer: User | None) -> User:
    if signer is None:
        raise ValidationError({"signer": _("请选择签发领导。")})
    if signer.role != Role.LEADER or not signer.is_active:
        raise ValidationError({"signer": _("签发人必须是机关领导。")})
    if required_signer_is_principal(document) and not signer.is_principal:
        raise ValidationError({"signer": _("上行文和重要文件须由主要负责人签发。")})
    if signer.clearance < document.secret_level:
        raise ValidationError({"signer": _("%(name)s的涉密等级低于文件密级。") % {"name": signer.full_name}})
    return signer


def _request_signature(actor: User, document: OutgoingDocument) -> None:
    document.sign_requested_at = timezone.now()
    document.save(update_fields=["sign_requested_at"])
    _assign(document, "sign", _("待签发"), actor, [Assignee.person(document.signer)])


@transaction.atomic
def outgoing_office_check(
    *, actor: User, document: OutgoingDocument, signer: User | None, countersign_units: Iterable[OrgUnit] = (),
    opinion: str = "", request=None,
) -> OutgoingDocument:
    """核稿: the compliance check must pass; then 会签 (in parallel) or straight to 签发."""
    locked = step_begin(actor, document, "office_check", request)
    locked.signer = _check_signer(locked, signer)
    _enforce(compliance.check(compliance_draft(locked, "office_check", signer=locked.signer)))
    units = [u for u in dict.fromkeys(countersign_units) if u.pk != locked.drafting_unit_id]
    for unit in units:
        if unit.kind != UnitKind.DEPARTMENT or not unit.is_active:
            raise ValidationError({"countersign_units": _("会签单位须是本机关的处室。")})
    target = S.COUNTERSIGNING if units else S.SIGNING
    step_finish(
        actor, locked, "office_check", text=opinion.strip() or _("格式审核通过。"), fields=["signer"], target=target,
        request=request, detail={"signer": locked.signer_id, "countersign": [u.pk for u in units]},
    )
    _answer(locked, "office_check", actor, opinion.strip(), Outcome.APPROVED)
    if units:
        # 会签 in parallel: each unit's head answers; the rows are the document's own record of it.
        for unit in units:
            OutgoingCountersign.objects.create(document=locked, unit=unit)
        _assign(locked, "countersign", _("待会签"), actor, [Assignee.of_unit(u) for u in units], Mode.ALL)
    else:
        _request_signature(actor, locked)
    return locked


# --- 会签 ---------------------------------------------------------------------------


@transaction.atomic
def outgoing_countersign(
    *, actor: User, document: OutgoingDocument, agree: bool, opinion: str = "", request=None
) -> OutgoingCountersign:
    """会签: the department agrees, or returns the draft to its drafter with an opinion."""
    if not agree and not opinion.strip():
        raise ValidationError({"opinion": _("退回时请填写会签意见。")})
    locked = step_begin(actor, document, "countersign", request)
    row = locked.countersigns.select_for_update().get(unit_id=actor.unit_id, state=CountersignState.PENDING)
    row.state = CountersignState.AGREED if agree else CountersignState.RETURNED
    row.opinion = opinion.strip() or (_("同意。") if agree else "")
    row.given_by, row.given_at = actor, timezone.now()
    row.save(update_fields=["state", "opinion", "given_by", "given_at"])
    result = _answer(locked, "countersign", actor, row.opinion, Outcome.APPROVED if agree else Outcome.RETURNED)
    if not agree:
        for other in locked.countersigns.select_for_update().filter(state=CountersignState.PENDING):
            other.state = CountersignState.CANCELLED
            other.save(update_fields=["state"])
        _cancel(locked, "countersign")
        locked.returned_reason = row.opinion
        step_finish(actor, locked, "countersign", text=_("退回：%(text)s") % {"text": row.opinion},
                    fields=["returned_reason"], target=S.DRAFTING, request=request, detail={"agree": False})
        _revise(locked, actor)
        return row
    if result is not None:
        still_pending = not result.complete
    else:  # a 会签 asked for before 发文 went onto assignments
        still_pending = locked.countersigns.filter(state=CountersignState.PENDING).exists()
    step_finish(actor, locked, "countersign", text=row.opinion, target=None if still_pending else S.SIGNING,
                request=request, detail={"agree": True})
    if not still_pending:
        _request_signature(actor, locked)
    return row


# --- 签发, 退回 -----------------------------------------------------------------------


@transaction.atomic
def outgoing_sign(*, actor: User, document: OutgoingDocument, opinion: str, request=None) -> OutgoingDocument:
    """签发: the signer's opinion, name and full date (条例 第二十二条); 成文日期 is that date."""
    if not opinion.strip():
        raise ValidationError({"opinion": _("请填写签发意见。")})
    locked = step_begin(actor, document, "sign", request)
    today = timezone.localdate()
    _enforce(compliance.check(compliance_draft(locked, "sign", signer=actor, signed_on=today, dated_on=today)))
    now = timezone.now()
    locked.signed_at, locked.signed_by, locked.sign_opinion = now, actor, opinion.strip()
    locked.dated_on = today
    locked.signed_version = locked.versions.aggregate(last=Max("number"))["last"]
    step_finish(actor, locked, "sign", text=locked.sign_opinion, request=request,
                fields=["signed_at", "signed_by", "sign_opinion", "dated_on", "signed_version"],
                detail={"version": locked.signed_version})
    _answer(locked, "sign", actor, locked.sign_opinion, Outcome.APPROVED)
    _assign(locked, "recheck", _("待复核"), actor, [Assignee.office_duty(Duty.CLERK)])
    return locked


@transaction.atomic
def outgoing_return(*, actor: User, document: OutgoingDocument, reason: str, request=None) -> OutgoingDocument:
    """退回 to the drafter with a reason, from 部门审核, 核稿 or 签发."""
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退回理由。")})
    locked = step_begin(actor, document, "return", request)
    from_state = locked.get_state_display()
    locked.returned_reason = reason.strip()
    step_finish(actor, locked, "return", text=locked.returned_reason, fields=["returned_reason"], request=request,
                detail={"from": from_state})
    _cancel(locked, "dept_review", "office_check", "sign")
    _revise(locked, actor)
    return locked


@transaction.atomic
def outgoing_discard(*, actor: User, document: OutgoingDocument, reason: str, request=None) -> OutgoingDocument:
    if not reason.strip():
        raise ValidationError({"reason": _("请填写作废理由。")})
    locked = step_begin(actor, document, "discard", request)
    step_finish(actor, locked, "discard", text=reason.strip(), request=request)
    assignments_cancel(target=locked)
    todo_close(target=locked)
    return locked


# --- 复核, 编号 -----------------------------------------------------------------------


@transaction.atomic
def outgoing_recheck(
    *, actor: User, document: OutgoingDocument, opinion: str = "", title: str | None = None, body: str | None = None,
    attachment_notes: str | None = None, request=None,
) -> OutgoingDocument:
    """复核 (条例 第二十五条): unchanged → 编号; a substantive change → back to the signer."""
    locked = step_begin(actor, document, "recheck", request)
    changes = {}
    if title is not None and title.strip() != locked.title:
        changes["title"] = title.strip()
    if body is not None and _normalise_body(body) != locked.body:
        changes["body"] = _normalise_body(body)
    if attachment_notes is not None and attachment_notes.strip() != locked.attachment_notes:
        changes["attachment_notes"] = attachment_notes.strip()
    if "title" in changes and not changes["title"] or "body" in changes and not changes["body"]:
        raise ValidationError(_("标题和正文不能为空。"))
    if not changes:
        step_finish(actor, locked, "recheck", text=opinion.strip() or _("复核无误。"), target=S.NUMBERING, request=request)
        _answer(locked, "recheck", actor, opinion.strip(), Outcome.APPROVED)
        _assign(locked, "number", _("待编号"), actor, [Assignee.office_duty(Duty.CLERK)])
        return locked
    if not opinion.strip():
        raise ValidationError({"opinion": _("复核修改了稿件，请说明修改内容，送签发人重新审批。")})
    _answer(locked, "recheck", actor, opinion.strip(), Outcome.RETURNED)
    for name, value in changes.items():
        setattr(locked, name, value)
    version = _save_version(actor, locked, opinion)
    locked.signed_at = locked.signed_by = None
    locked.sign_opinion, locked.signed_version, locked.dated_on = "", None, None
    step_finish(
        actor, locked, "recheck", text=opinion.strip(), target=S.SIGNING, request=request,
        fields=[*changes, "signed_at", "signed_by", "sign_opinion", "signed_version", "dated_on"],
        detail={"substantive": True, "version": version.number, "fields": sorted(changes)},
    )
    _request_signature(actor, locked)
    return locked


def number_next(*, prefix: IssuingPrefix, year: int) -> int:
    """The next 发文顺序号 of (代字, year), held by the caller's transaction (no repeats, no gaps)."""
    return serial_next(kind=f"outgoing:{prefix.pk}", year=year)


def doc_number(prefix_code: str, year: int, number: int) -> str:
    return f"{prefix_code}〔{year}〕{number}号"


@transaction.atomic
def outgoing_number(*, actor: User, document: OutgoingDocument, request=None) -> OutgoingDocument:
    """编号: the 文号 is assigned here, never at draft."""
    locked = step_begin(actor, document, "number", request)
    if locked.preset_number:  # a 纪要: its meeting's number in the kind's own sequence (代字 of its own)
        locked.year, locked.number = locked.preset_year, locked.preset_number
    else:
        year = timezone.localdate().year
        locked.year, locked.number = year, number_next(prefix=locked.prefix, year=year)
    locked.numbered_at = timezone.now()
    step_finish(actor, locked, "number", text=locked.doc_number, fields=["year", "number", "numbered_at"],
                request=request, detail={"year": locked.year})
    _answer(locked, "number", actor, locked.doc_number)
    _assign(locked, "issue", _("待印发"), actor, [Assignee.office_duty(Duty.CLERK)])
    return locked


# --- 归档 ---------------------------------------------------------------------------


@transaction.atomic
def outgoing_archive(*, actor: User, document: OutgoingDocument, retention: str, request=None) -> OutgoingDocument:
    """归档 with a 档号: 全宗号-年度-保管期限-机构代码-件号 (件号 shared with 收文 of the same unit)."""
    if retention not in Retention.values:
        raise ValidationError({"retention": _("请选择保管期限。")})
    locked = step_begin(actor, document, "archive", request)
    locked.retention = retention
    locked.archive_code = archive_code_next(retention=retention, unit_id=locked.drafting_unit_id, year=locked.year)
    locked.archived_at, locked.archived_by = timezone.now(), actor
    step_finish(actor, locked, "archive", text=locked.archive_code,
                fields=["retention", "archive_code", "archived_at", "archived_by"], request=request)
    _answer(locked, "archive", actor, locked.archive_code)
    return locked


def outgoing_mark_read(*, actor: User, document: OutgoingDocument) -> int:
    """A distributed document has been opened: its 待阅 goes to 已办. Nothing open (every visit
    after the first): one read, no transaction."""
    if not todo_is_open(target=document, step="outgoing.read", user=actor):
        return 0
    return todo_close(target=document, step="outgoing.read", user=actor)  # atomic itself
