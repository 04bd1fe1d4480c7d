"""财务支出 and the budget lines it draws on.

The amount is reserved on the line at submission (``committed``), released when the request is
returned or withdrawn, and becomes spending at payment (``spent``). Each move locks the line's
row (``SELECT … FOR UPDATE``), so concurrent submissions queue and the second sees what the
first reserved; the line's check constraint (committed + spent ≤ budget) is the backstop.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from office import links
from office.audit import audit_record
from office.models import User
from office.permissions import restrict
from tasks.choices import FileCategory, Kind, PayMethod
from tasks.models import AffairRequest, BudgetLine, DecisionThreshold, Expense
from tasks.requests import services as engine
from tasks.requests.kinds import KindHooks, register_kind


@dataclass(frozen=True)
class ExpenseData:
    title: str
    amount: Decimal
    budget_line: BudgetLine
    payee: str
    payee_account: str
    purpose: str
    pay_method: str
    #: 三重一大: the 议定事项 cited (read through 办会's selectors), or None.
    decision: object = None


# --- 三重一大: a large expenditure cites the collective decision (a 党组会议's 议定事项) ----------------


def threshold(on=None) -> DecisionThreshold | None:
    """The 三重一大 standard in force (None: the organ has set none)."""
    on = on or timezone.localdate()
    return DecisionThreshold.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


def needs_decision(amount, rule: DecisionThreshold | None) -> bool:
    return rule is not None and amount is not None and Decimal(amount) >= rule.amount


def decision_kind() -> str:
    """The code of the meeting kind whose decisions count (the 党组会议's)."""
    rule = threshold()
    return rule.meeting_kind if rule is not None else DecisionThreshold._meta.get_field("meeting_kind").default


def _decision(actor: User, decision):
    """The decision cited, checked again through 办会's selectors (seen by the actor, of the 党组会议)."""
    if decision is None:
        return None
    from meetings.minutes.selectors import decision_for_citation

    return decision_for_citation(user=actor, pk=decision.pk, kind_code=decision_kind())


def _cite(actor: User, obj: AffairRequest, expense: Expense, decision) -> None:
    """Record the citation: the id on the expense, the core link decision —decision→ request (both pages read it)."""
    if expense.decision_id == (decision.pk if decision is not None else None):
        return
    if expense.decision_id is not None:
        links.link_remove(actor=actor, target=obj, kind=links.LinkKind.DECISION)
    expense.decision_id = decision.pk if decision is not None else None
    if decision is not None:
        links.link_create(actor=actor, source=decision, target=obj, kind=links.LinkKind.DECISION, state=obj.state)


def decision_problem(obj: AffairRequest) -> str:
    rule = threshold()
    if needs_decision(obj.amount, rule) and not obj.expense.decision_id:
        return _(
            "金额达到“三重一大”大额资金标准（%(amount)s元及以上），须引用党组会议议定事项（集体决策）后提交。"
        ) % {"amount": rule.amount}
    return ""


def _check(actor: User, data: ExpenseData, year: int) -> None:
    engine.check_amount(data.amount)
    if data.pay_method not in PayMethod.values:
        raise ValidationError({"pay_method": _("支出须通过公务卡或银行转账结算，不得使用现金。")})
    if data.budget_line.year != year:
        raise ValidationError(
            {
                "budget_line": _("预算科目“%(line)s”属于%(year)s年度，不能用于%(now)s年度的支出。")
                % {"line": data.budget_line.name, "year": data.budget_line.year, "now": year}
            }
        )
    if not restrict(BudgetLine.objects.filter(pk=data.budget_line.pk), actor).exists():
        raise ValidationError({"budget_line": _("请选择本部门可用的预算科目。")})


FIELDS = ("budget_line", "payee", "payee_account", "purpose", "pay_method")


@transaction.atomic
def expense_create(*, actor: User, data: ExpenseData, http_request=None) -> AffairRequest:
    _check(actor, data, timezone.localdate().year)
    decision = _decision(actor, data.decision)
    obj = engine.request_create(actor=actor, kind=Kind.EXPENSE, title=data.title, amount=data.amount)
    expense = Expense(request=obj, **{f: getattr(data, f) for f in FIELDS})
    expense.full_clean()
    _cite(actor, obj, expense, decision)
    expense._change_reason, expense._history_user = _("新建申请"), actor
    expense.save()
    return obj


@transaction.atomic
def expense_edit(*, actor: User, request_obj: AffairRequest, data: ExpenseData, http_request=None) -> AffairRequest:
    locked = engine.STEPS.begin(actor, request_obj, "edit", http_request)
    _check(actor, data, locked.year)
    decision = _decision(actor, data.decision)
    expense = Expense.objects.select_for_update().get(request=locked)
    for f in FIELDS:
        setattr(expense, f, getattr(data, f))
    expense.full_clean()
    _cite(actor, locked, expense, decision)
    expense._change_reason, expense._history_user = _("修改"), actor
    expense.save()
    locked.title, locked.amount = data.title.strip()[:200], data.amount
    engine.STEPS.finish(actor, locked, "edit", fields=["title", "amount"], request=http_request)
    return locked


def _line_locked(pk: int) -> BudgetLine:
    return BudgetLine.objects.select_for_update().get(pk=pk)


def _save_line(line: BudgetLine, actor: User, reason: str) -> None:
    line._change_reason, line._history_user = reason, actor
    line.save(update_fields=["committed", "spent"])


def budget_reserve(locked: AffairRequest, actor: User) -> None:
    """At submission: the amount is committed on the line, or refused with the figures."""
    expense = Expense.objects.select_for_update().get(request=locked)
    line = _line_locked(expense.budget_line_id)
    if line.year != locked.year:
        raise ValidationError(
            _("预算科目“%(line)s”属于%(year)s年度，不能用于%(now)s年度的支出。")
            % {"line": line.name, "year": line.year, "now": locked.year}
        )
    if expense.reserved:
        return
    if locked.amount > line.remaining:
        raise ValidationError(over_budget(line, locked.amount))
    line.committed += locked.amount
    _save_line(line, actor, _("提交支出申请，占用预算"))
    expense.reserved = locked.amount
    expense._change_reason, expense._history_user = _("占用预算"), actor
    expense.save(update_fields=["reserved"])


def budget_release(locked: AffairRequest, actor: User) -> None:
    """Returned or withdrawn: what was reserved goes back to the line."""
    expense = Expense.objects.select_for_update().get(request=locked)
    if not expense.reserved:
        return
    line = _line_locked(expense.budget_line_id)
    line.committed -= expense.reserved
    _save_line(line, actor, _("申请退回或撤回，释放预算"))
    expense.reserved = Decimal(0)
    expense._change_reason, expense._history_user = _("释放预算"), actor
    expense.save(update_fields=["reserved"])


def over_budget(line: BudgetLine, amount) -> str:
    return _(
        "超出预算：“%(line)s”年度预算%(budget)s元，已占用%(committed)s元，已支出%(spent)s元，"
        "剩余%(remaining)s元，本次申请%(amount)s元。"
    ) % {
        "line": line.name,
        "budget": line.amount,
        "committed": line.committed,
        "spent": line.spent,
        "remaining": line.remaining,
        "amount": amount,
    }


def submit_problems(obj: AffairRequest) -> list[str]:
    """What stops an expense from going to approval (the budget is checked again, locked, at submission)."""
    found = []
    if not obj.files.filter(category=FileCategory.INVOICE).exists():
        found.append(_("缺少发票：请上传发票或报价单据。"))
    line = obj.expense.budget_line
    if line.year != obj.year:
        found.append(
            _("预算科目“%(line)s”属于%(year)s年度，不能用于%(now)s年度的支出。")
            % {"line": line.name, "year": line.year, "now": obj.year}
        )
    elif not obj.expense.reserved and obj.amount > line.remaining:
        found.append(over_budget(line, obj.amount))
    missing = decision_problem(obj)
    if missing:
        found.append(missing)
    return found


@transaction.atomic
def expense_pay(*, actor: User, request_obj: AffairRequest, paid_amount=None, http_request=None) -> AffairRequest:
    """支付: the reservation becomes spending (the amount paid, at most the approved one; the rest is released)."""
    locked = engine.STEPS.begin(actor, request_obj, "pay", http_request)
    paid = engine.check_amount(paid_amount if paid_amount is not None else locked.amount, field="paid_amount")
    if paid > locked.amount:
        raise ValidationError(
            {
                "paid_amount": _("实付金额%(paid)s元超过批准金额%(approved)s元。")
                % {"paid": paid, "approved": locked.amount}
            }
        )
    expense = Expense.objects.select_for_update().get(request=locked)
    line = _line_locked(expense.budget_line_id)
    line.committed -= expense.reserved
    line.spent += paid
    _save_line(line, actor, _("支付"))
    expense.reserved, expense.paid_amount, expense.paid_at = Decimal(0), paid, timezone.now()
    expense._change_reason, expense._history_user = _("支付"), actor
    expense.save(update_fields=["reserved", "paid_amount", "paid_at"])
    engine.step_done(
        locked,
        actor,
        "pay",
        text=_("%(method)s支付 %(paid)s 元") % {"method": expense.get_pay_method_display(), "paid": paid},
        http_request=http_request,
    )
    return locked


@transaction.atomic
def budget_line_save(*, actor: User, year: int, code: str, name: str, amount, unit=None) -> BudgetLine:
    """A budget line of a year (the demo and admin's way in); the amount never below what is used."""
    amount = engine.check_amount(amount)
    line = BudgetLine.objects.select_for_update().filter(year=year, code=code).first()
    if line is None:
        line = BudgetLine(year=year, code=code)
    if amount < line.committed + line.spent:
        raise ValidationError({"amount": _("预算不能低于已占用与已支出之和。")})
    line.name, line.amount, line.unit = name, amount, unit
    line.full_clean()
    line._change_reason, line._history_user = _("设定预算"), actor
    line.save()
    if actor is not None:
        audit_record(actor=actor, action="tasks.budget_line", obj=line, detail={"year": year})
    return line


def totals(*, user, year: int) -> list[dict]:
    """支出 per budget line and department for the year (what the user may see): one query."""
    rows = restrict(AffairRequest.objects.filter(kind=Kind.EXPENSE, year=year, state="done"), user)
    return list(
        rows.values("expense__budget_line__code", "expense__budget_line__name", "unit__name")
        .annotate(total=Sum("expense__paid_amount"), count=Count("id"))
        .order_by("expense__budget_line__code", "unit__name")
    )


register_kind(Kind.EXPENSE, KindHooks(problems=submit_problems, on_submit=budget_reserve, on_release=budget_release))


@dataclass(frozen=True)
class Citation:
    """The decision an expense cites, as its page shows it: ``decision`` None when the user may not see it."""

    decision: object


def citation(*, user, obj: AffairRequest) -> Citation | None:
    """Read through the core's link (decision —decision→ request), the decision labelled by 办会."""
    if not obj.expense.decision_id:
        return None
    from meetings.minutes.selectors import decisions_labelled

    found = links.links_to(user=user, target=obj, kinds=[links.LinkKind.DECISION])
    shown = decisions_labelled([link.other for link in found])
    return Citation(shown[0] if shown else None)


def budget_spent_record(*, line: BudgetLine, amount, reason: str, actor: User | None = None) -> None:
    """Spending paid before this system kept the line (the demo's past year): added to the locked line
    (the caller locked it), versioned; the line's check constraint still holds it to its budget."""
    line.spent += amount
    _save_line(line, actor, reason)
