"""The one approval engine of every 办事 request, on the workflow core.

Each write locks the request (``Steps.begin``: table + policy), runs the chain through
``office.workflow.chains`` (assignments → to-dos on the approvers' workbench), keeps the
approval time limit (``office.deadlines``: the sweep reminds, the office urges) and records the
step with its opinion, the history and the audit row (``Steps.finish``).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.audit import audit_record
from office.deadlines import deadline_close_for, deadline_set, deadline_urge
from office.models import ApprovalRule, Deadline, DeadlineState, User
from office.permissions import require
from office.serials import serial_next
from office.workflow import chains
from office.workflow.assignments import Notice, rows_for
from office.workflow.choices import AssignmentState
from office.workflow.engine import Steps
from tasks import workflow
from tasks.choices import FileCategory, Kind
from tasks.models import AffairRequest, RequestFile, RequestStep
from tasks.permissions import APPROVE
from tasks.requests import files
from tasks.requests.kinds import hooks_for

STEPS = Steps(
    model=AffairRequest,
    step_model=RequestStep,
    table=workflow.TABLE,
    audit_prefix="tasks",
    related=("unit", "requester"),
)
#: The core deadline kind of an approver's turn (its ladder: admin-editable, like every kind).
APPROVAL_DEADLINE = "tasks.approval"
#: Working days each approver has.
APPROVAL_WORKDAYS = 2
#: The largest amount a request may name (元): a typo beyond it is refused, not approved.
AMOUNT_MAX = Decimal("99999999.99")


def check_amount(amount, *, field: str = "amount") -> Decimal:
    """Positive, at most two decimals, not absurd: else a message naming the rule."""
    if amount is None:
        raise ValidationError({field: _("请填写金额。")})
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError({field: _("金额必须大于零。")})
    if amount.as_tuple().exponent < -2:
        raise ValidationError({field: _("金额最多保留两位小数（精确到分）。")})
    if amount > AMOUNT_MAX:
        raise ValidationError({field: _("金额超过 %(max)s 元，请核对。") % {"max": AMOUNT_MAX}})
    return amount


def request_create(*, actor: User, kind: str, title: str, amount=None, secret_level: int = 0) -> AffairRequest:
    """A new request (草稿) of ``actor``'s department, numbered now (接待〔2026〕N号). Inside the caller's
    transaction (each kind's create saves its own row with it)."""
    if kind not in Kind.values:
        raise ValidationError({"kind": _("未知的事项类型。")})
    if not actor.unit_id:
        raise ValidationError(_("您不属于任何部门，不能提出申请。"))
    if not title.strip():
        raise ValidationError({"title": _("请填写事由。")})
    if amount is not None:
        amount = check_amount(amount)
    now = timezone.now()
    year = timezone.localdate().year
    obj = AffairRequest(
        kind=kind,
        year=year,
        serial=serial_next(kind=f"tasks.{kind}", year=year),
        title=title.strip()[:200],
        requester=actor,
        unit_id=actor.unit_id,
        amount=amount,
        secret_level=secret_level,
        state_since=now,
    )
    obj.full_clean()
    obj._change_reason, obj._history_user = _("新建申请"), actor
    obj.save()
    RequestStep.objects.create(
        request=obj, action="create", actor=actor, actor_title=_actor_title(actor), state_after=obj.state
    )
    audit_record(actor=actor, action="tasks.create", obj=obj, detail={"kind": kind})
    return obj


def kind_row_save(row, *, actor: User, data, fields, reason: str) -> None:
    """A kind's own row (接待, 用印, 用车 …) takes ``fields`` from ``data``, is checked and saved with
    its history reason."""
    for f in fields:
        setattr(row, f, getattr(data, f))
    row.full_clean()
    row._change_reason, row._history_user = reason, actor
    row.save()


def kind_edit(*, actor: User, request_obj: AffairRequest, data, model, fields, check, with_amount: bool = False,
              http_request=None) -> AffairRequest:
    """The 修改 step every kind shares while the request is the requester's draft: the request locked,
    ``check(data)``, the kind's row locked and saved, the title (and amount) moved onto the request."""
    locked = STEPS.begin(actor, request_obj, "edit", http_request)
    check(data)
    kind_row_save(model.objects.select_for_update().get(request=locked), actor=actor, data=data, fields=fields,
                  reason=_("修改"))
    locked.title = data.title.strip()[:200]
    changed = ["title"]
    if with_amount:
        locked.amount = data.amount
        changed.append("amount")
    STEPS.finish(actor, locked, "edit", fields=changed, request=http_request)
    return locked


def _actor_title(user) -> str:
    from office.workflow.engine import actor_title

    return actor_title(user)


@transaction.atomic
def request_file_add(
    *, actor: User, request_obj: AffairRequest, category: str, upload, http_request=None
) -> RequestFile:
    """A 公函, an invoice or another paper (refused: a type or size the office does not take)."""
    locked = STEPS.begin(actor, request_obj, "attach", http_request)
    if category not in FileCategory.values:
        raise ValidationError({"category": _("请选择材料类型。")})
    name, content_type, content = files.checked(upload)
    stored, digest = files.store(content)
    row = RequestFile.objects.create(
        request=locked,
        category=category,
        original_name=name,
        stored_name=stored,
        content_type=content_type,
        size=len(content),
        sha256=digest,
        uploaded_by=actor,
    )
    audit_record(
        actor=actor,
        action="tasks.attach",
        obj=locked,
        detail={"file": row.pk, "category": category},
        request=http_request,
    )
    return row


# --- the chain ------------------------------------------------------------------------------


def rule_kinds(locked: AffairRequest) -> list[str]:
    """The approval rule kinds to try, most specific first: ``tasks.seal.party``, ``tasks.seal``."""
    special = hooks_for(locked.kind).rule_kind(locked)
    return [k for k in (special, f"tasks.{locked.kind}") if k]


def _notice(locked: AffairRequest, actor: User) -> Notice:
    label = Kind(locked.kind).label
    return Notice(
        title=_("【待审批】%(kind)s：%(title)s") % {"kind": label, "title": locked.title},
        url=locked.get_absolute_url(),
        summary=locked.number,
        sender=actor,
    )


def _submit_chain(locked: AffairRequest, actor: User) -> None:
    kinds = rule_kinds(locked)
    for kind in kinds:
        if ApprovalRule.objects.filter(kind=kind, confirmed_at__isnull=False).exists() or kind == kinds[-1]:
            chains.chain_submit(
                target=locked,
                step=APPROVE,
                kind=kind,
                amount=locked.amount,
                requester=locked.requester,
                unit=locked.unit,
                notice=_notice(locked, actor),
            )
            return


def _current_approver(locked: AffairRequest) -> User | None:
    row = rows_for(locked, APPROVE).filter(state=AssignmentState.OPEN).order_by("-round", "order").first()
    if row is None:
        return None
    return row.user or row.holders.order_by("id").first()


def _keep_deadline(locked: AffairRequest, actor: User) -> None:
    """The approver whose turn it is has APPROVAL_WORKDAYS working days: a core deadline (reminders, 催办).
    Kept by the engine (no actor: the step itself is audited), handed on as the chain moves."""
    person = _current_approver(locked)
    if person is None:
        deadline_close_for(actor=None, target=locked)
        return
    deadline_set(
        actor=None,
        title=_("审批%(number)s %(title)s") % {"number": locked.number, "title": locked.title},
        responsible_unit=person.unit or locked.unit,
        responsible_user=person,
        workdays=APPROVAL_WORKDAYS,
        target=locked,
        url=locked.get_absolute_url(),
        kind=APPROVAL_DEADLINE,
    )


def problems(request_obj: AffairRequest) -> list[str]:
    """What is missing before submission, one sentence each (for the page and the refusal)."""
    return hooks_for(request_obj.kind).problems(request_obj)


@transaction.atomic
def request_submit(*, actor: User, request_obj: AffairRequest, http_request=None) -> AffairRequest:
    """提交审批: every rule of the kind checked (each missing piece named), the chain resolved and fixed."""
    locked = STEPS.begin(actor, request_obj, "submit", http_request)
    missing = problems(locked)
    if missing:
        raise ValidationError(missing)
    hooks_for(locked.kind).on_submit(locked, actor)
    _submit_chain(locked, actor)
    locked.submitted_at, locked.returned_reason = timezone.now(), ""
    STEPS.finish(actor, locked, "submit", fields=["submitted_at", "returned_reason"], request=http_request)
    _keep_deadline(locked, actor)
    return locked


def _turn(actor: User, request_obj: AffairRequest, on_behalf_of, http_request) -> None:
    """Out of turn or answered already: the chain's own refusal, named (尚未轮到您 / 不能重复提交),
    instead of a bare "not yours"; nothing is changed."""
    from office.workflow.assignments import may_answer

    person = on_behalf_of or actor
    fresh = AffairRequest.objects.get(pk=request_obj.pk)
    if fresh.state != workflow.PENDING or may_answer(fresh, APPROVE, person):
        return
    require(actor, "view", fresh, request=http_request)
    with transaction.atomic():
        chains.chain_approve(target=fresh, step=APPROVE, actor=person, text="")  # refuses: not his turn
        raise ValidationError(_("当前环节不由您办理。"))  # pragma: no cover - the chain refused already


@transaction.atomic
def request_approve(
    *, actor: User, request_obj: AffairRequest, text: str = "", on_behalf_of=None, http_request=None
) -> AffairRequest:
    """同意: the approver whose turn it is (out of turn or twice: refused, named); the last one approves it."""
    _turn(actor, request_obj, on_behalf_of, http_request)
    locked = STEPS.begin(actor, request_obj, "approve", http_request, on_behalf_of=on_behalf_of)
    result = chains.chain_approve(target=locked, step=APPROVE, actor=actor, text=text, on_behalf_of=on_behalf_of)
    fields = []
    if result.complete:
        locked.approved_at = timezone.now()
        fields.append("approved_at")
    # The approval, then each next step it stands for (the same approver is not asked twice in a row):
    # one line each on the timeline; the last one moves the state.
    texts = [(result.assignment.text, {})] + [(row.text, {"carried": row.order}) for row in result.carried]
    for n, (text, detail) in enumerate(texts):
        last = n == len(texts) - 1
        STEPS.finish(
            actor,
            locked,
            "approve",
            text=text,
            fields=fields if last else (),
            target=workflow.APPROVED if result.complete and last else None,
            on_behalf_of=on_behalf_of,
            delegated_from=result.delegated_from,
            detail=detail,
            request=http_request,
        )
    _keep_deadline(locked, actor)
    return locked


@transaction.atomic
def request_return(
    *, actor: User, request_obj: AffairRequest, reason: str, on_behalf_of=None, http_request=None
) -> AffairRequest:
    """退回 with a reason: the rest of the chain is cancelled, what was reserved is released."""
    _turn(actor, request_obj, on_behalf_of, http_request)
    locked = STEPS.begin(actor, request_obj, "return", http_request, on_behalf_of=on_behalf_of)
    result = chains.chain_return(target=locked, step=APPROVE, actor=actor, reason=reason, on_behalf_of=on_behalf_of)
    hooks_for(locked.kind).on_release(locked, actor)
    locked.returned_reason = result.assignment.text
    STEPS.finish(
        actor,
        locked,
        "return",
        text=result.assignment.text,
        fields=["returned_reason"],
        on_behalf_of=on_behalf_of,
        delegated_from=result.delegated_from,
        request=http_request,
    )
    deadline_close_for(actor=None, target=locked, state=DeadlineState.CANCELLED)
    return locked


@transaction.atomic
def request_withdraw(*, actor: User, request_obj: AffairRequest, http_request=None) -> AffairRequest:
    """撤回 by the requester, only before the first approval."""
    locked = STEPS.begin(actor, request_obj, "withdraw", http_request)
    chains.chain_withdraw(target=locked, step=APPROVE, actor=actor, requester=locked.requester)
    hooks_for(locked.kind).on_release(locked, actor)
    STEPS.finish(actor, locked, "withdraw", request=http_request)
    deadline_close_for(actor=None, target=locked, state=DeadlineState.CANCELLED)
    return locked


@transaction.atomic
def request_urge(*, actor: User, request_obj: AffairRequest, message: str, http_request=None) -> AffairRequest:
    """催办 by the office: the core's urge on the approver's time limit (notified, logged once)."""
    locked = STEPS.begin(actor, request_obj, "urge", http_request)
    deadline = Deadline.objects.filter(
        target_type__model="affairrequest",
        target_type__app_label="tasks",
        target_id=str(locked.pk),
        kind=APPROVAL_DEADLINE,
        state=DeadlineState.OPEN,
    ).first()
    if deadline is None:
        raise ValidationError(_("该申请当前没有待审批的时限，无需催办。"))
    deadline_urge(actor=actor, deadline=deadline, message=message, request=http_request)
    STEPS.finish(actor, locked, "urge", text=message.strip(), request=http_request)
    return locked


def step_done(locked: AffairRequest, actor: User, action: str, *, text: str = "", fields=(), http_request=None):
    """The end of a kind's way (pay, stamp, lend, take back): closes the time limits when it is over."""
    fields = list(fields)
    if workflow.TABLE.get(action).target == workflow.DONE:
        locked.closed_at = timezone.now()
        fields.append("closed_at")
    step = STEPS.finish(actor, locked, action, text=text, fields=fields, request=http_request)
    if locked.state == workflow.DONE:
        deadline_close_for(actor=None, target=locked)
    return step
