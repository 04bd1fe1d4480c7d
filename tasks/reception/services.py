"""公务接待 (《党政机关国内公务接待管理规定》): the rules are checked, not just recorded.

- no reception without the visiting organ's 公函 (a file, required before submission);
- 陪餐: 接待对象 10 人以内 at most 3; more than 10, at most one third of them;
- 工作餐 within the organ's standard (元/人/餐, :class:`~tasks.models.ReceptionStandard`);
- lodging is the visitors' own (arranged at their request, paid by their organ: not this request's cost);
- no 香烟 or 高档酒水 lines in the 接待清单;
- paid by 公务卡 or bank transfer, never cash;
- payment waits until 公函, approval and 接待清单 are complete and the actual cost is within the
  approved amount — each missing piece named.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.models import User
from tasks.choices import FileCategory, Kind, LineCategory, PayMethod
from tasks.models import AffairRequest, Reception, ReceptionLine, ReceptionStandard
from tasks.requests import services as engine
from tasks.requests.kinds import KindHooks, register_kind

#: Words no line of a 接待清单 may name (香烟, 高档酒水).
FORBIDDEN = ("香烟", "卷烟", "烟草", "雪茄", "高档酒", "名酒", "茅台", "五粮液", "洋酒", "红酒", "白酒", "酒水")


@dataclass(frozen=True)
class ReceptionData:
    title: str
    visitor_organ: str
    visitor_names: str
    visitor_rank: str
    visitors: int
    companions: int
    activity: str
    starts_on: dt.date
    ends_on: dt.date
    places: str
    meals: int
    meal_cost: Decimal
    amount: Decimal
    pay_method: str
    lodging_by_visitors: bool = True


@dataclass(frozen=True)
class LineData:
    category: str
    item: str
    on: dt.date
    place: str
    amount: Decimal
    persons: int = 0


def companion_limit(visitors: int) -> int:
    """陪餐: 接待对象 10 人以内 → 3; more than 10 → one third of them (rounded down)."""
    return 3 if visitors <= 10 else visitors // 3


def meal_standard(on: dt.date) -> Decimal | None:
    row = ReceptionStandard.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    return row.meal_per_person if row else None


def meal_limit(reception: Reception) -> Decimal | None:
    standard = meal_standard(reception.starts_on)
    if standard is None:
        return None
    return standard * (reception.visitors + reception.companions) * reception.meals


def _check(data: ReceptionData) -> None:
    errors = {}
    if data.ends_on < data.starts_on:
        errors["ends_on"] = _("结束日期不能早于开始日期。")
    if data.visitors < 1:
        errors["visitors"] = _("来访人数至少为 1 人。")
    limit = companion_limit(data.visitors)
    if data.companions > limit:
        errors["companions"] = _(
            "陪餐人数超过规定：接待对象%(visitors)s人，陪餐最多%(limit)s人（10人以内不超过3人，超过10人不超过三分之一）。"
        ) % {"visitors": data.visitors, "limit": limit}
    if data.pay_method not in PayMethod.values:
        errors["pay_method"] = _("公务接待费用须通过公务卡或银行转账结算，不得使用现金。")
    if not data.lodging_by_visitors:
        errors["lodging_by_visitors"] = _("住宿费用由来访单位自行支付，不得列入接待费用。")
    if errors:
        raise ValidationError(errors)
    if data.meal_cost:
        engine.check_amount(data.meal_cost, field="meal_cost")
    engine.check_amount(data.amount)
    if data.meal_cost > data.amount:
        raise ValidationError({"meal_cost": _("工作餐费用不能超过接待费用预算。")})


FIELDS = (
    "visitor_organ",
    "visitor_names",
    "visitor_rank",
    "visitors",
    "companions",
    "activity",
    "starts_on",
    "ends_on",
    "places",
    "meals",
    "meal_cost",
    "pay_method",
    "lodging_by_visitors",
)


@transaction.atomic
def reception_create(*, actor: User, data: ReceptionData, http_request=None) -> AffairRequest:
    _check(data)
    obj = engine.request_create(actor=actor, kind=Kind.RECEPTION, title=data.title, amount=data.amount)
    engine.kind_row_save(Reception(request=obj), actor=actor, data=data, fields=FIELDS, reason=_("新建申请"))
    return obj


@transaction.atomic
def reception_edit(*, actor: User, request_obj: AffairRequest, data: ReceptionData, http_request=None) -> AffairRequest:
    return engine.kind_edit(actor=actor, request_obj=request_obj, data=data, model=Reception, fields=FIELDS,
                            check=_check, with_amount=True, http_request=http_request)


def submit_problems(obj: AffairRequest) -> list[str]:
    """What stops a reception from going to approval, each named."""
    reception = obj.reception
    found = []
    if not obj.files.filter(category=FileCategory.LETTER).exists():
        found.append(_("缺少来访单位公函：无公函不得安排公务接待，请先上传公函。"))
    limit = companion_limit(reception.visitors)
    if reception.companions > limit:
        found.append(_("陪餐人数%(n)s人超过规定上限%(limit)s人。") % {"n": reception.companions, "limit": limit})
    bound = meal_limit(reception)
    if bound is None and reception.meals:
        found.append(_("尚未设定工作餐标准，请联系系统管理员。"))
    elif bound is not None and reception.meal_cost > bound:
        found.append(_("工作餐费用%(cost)s元超过标准上限%(bound)s元。") % {"cost": reception.meal_cost, "bound": bound})
    return found


def pay_problems(obj: AffairRequest) -> list[str]:
    """What stops the payment, each named: 公函, approval, 接待清单, the actual cost within the approved amount."""
    reception = obj.reception
    found = []
    if not obj.files.filter(category=FileCategory.LETTER).exists():
        found.append(_("缺少来访单位公函。"))
    if obj.approved_at is None:
        found.append(_("审批尚未完成。"))
    if reception.list_done_at is None:
        found.append(_("接待清单尚未填写。"))
    elif reception.actual_cost is not None and obj.amount is not None and reception.actual_cost > obj.amount:
        found.append(
            _("实际费用%(actual)s元超过批准金额%(approved)s元。")
            % {"actual": reception.actual_cost, "approved": obj.amount}
        )
    return found


def _line_errors(reception: Reception, lines: list[LineData]) -> list[str]:
    errors = []
    if not lines:
        errors.append(_("接待清单至少填写一项费用。"))
    for n, line in enumerate(lines, start=1):
        if line.category not in LineCategory.values:
            errors.append(_("第%(n)s行：请选择费用类别。") % {"n": n})
        banned = next((w for w in FORBIDDEN if w in line.item), None)
        if banned:
            errors.append(_("第%(n)s行“%(item)s”：公务接待不得提供香烟、高档酒水。") % {"n": n, "item": line.item})
        if not (reception.starts_on <= line.on <= reception.ends_on):
            errors.append(_("第%(n)s行：日期不在接待期间内。") % {"n": n})
        try:
            engine.check_amount(line.amount)
        except ValidationError as exc:
            errors.append(_("第%(n)s行：%(message)s") % {"n": n, "message": " ".join(exc.messages)})
    meals = sum((line.amount for line in lines if line.category == LineCategory.MEAL), Decimal(0))
    bound = meal_limit(reception)
    if bound is not None and meals > bound:
        errors.append(_("工作餐合计%(cost)s元超过标准上限%(bound)s元。") % {"cost": meals, "bound": bound})
    return errors


@transaction.atomic
def reception_list_fill(
    *, actor: User, request_obj: AffairRequest, lines: list[LineData], http_request=None
) -> AffairRequest:
    """接待清单 after the visit (replaces an earlier one): 接待对象, 活动, 时间, 场所, 费用 by item."""
    locked = engine.STEPS.begin(actor, request_obj, "fill_list", http_request)
    reception = Reception.objects.select_for_update().get(request=locked)
    errors = _line_errors(reception, lines)
    if errors:
        raise ValidationError(errors)
    reception.lines.all().delete()
    ReceptionLine.objects.bulk_create(
        [
            ReceptionLine(
                reception=reception,
                category=line.category,
                item=line.item.strip()[:100],
                on=line.on,
                place=line.place.strip()[:100],
                persons=line.persons,
                amount=line.amount,
            )
            for line in lines
        ]
    )
    reception.actual_cost = sum((line.amount for line in lines), Decimal(0))
    reception.list_done_at = timezone.now()
    reception._change_reason, reception._history_user = _("填写接待清单"), actor
    reception.save(update_fields=["actual_cost", "list_done_at"])
    locked.reception = reception
    engine.STEPS.finish(
        actor,
        locked,
        "fill_list",
        text=_("实际费用 %(cost)s 元") % {"cost": reception.actual_cost},
        request=http_request,
    )
    return locked


@transaction.atomic
def reception_pay(*, actor: User, request_obj: AffairRequest, http_request=None) -> AffairRequest:
    """支付 (公务卡 or transfer, as approved): refused, naming each missing piece, until all is complete."""
    locked = engine.STEPS.begin(actor, request_obj, "pay", http_request)
    missing = pay_problems(locked)
    if missing:
        raise ValidationError([_("暂不能支付：") + m for m in missing])
    reception = Reception.objects.select_for_update().get(request=locked)
    reception.paid_at = timezone.now()
    reception._change_reason, reception._history_user = _("支付"), actor
    reception.save(update_fields=["paid_at"])
    locked.reception = reception
    engine.step_done(
        locked,
        actor,
        "pay",
        text=_("%(method)s支付 %(cost)s 元")
        % {"method": reception.get_pay_method_display(), "cost": reception.actual_cost},
        http_request=http_request,
    )
    return locked


register_kind(Kind.RECEPTION, KindHooks(problems=submit_problems))
