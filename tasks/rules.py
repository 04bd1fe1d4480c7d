"""The organ's starting approval rules for 办事 (data: the system administrator edits them in admin
and the 办公室主任 confirms each change). Bands are ``[下限, 上限)`` in 元.

Loaded by the demo and by tests; a real organ enters its own.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from office.models import ApprovalRule, ApprovalRuleStep, User
from office.workflow.chains import rule_confirm
from office.workflow.choices import Duty, Post

HEAD, DIRECTOR, IN_CHARGE, PRINCIPAL, CLERK = (
    (Post.HEAD, ""),
    (Post.DUTY, Duty.DIRECTOR),
    (Post.IN_CHARGE, ""),
    (Post.PRINCIPAL, ""),
    (Post.DUTY, Duty.CLERK),
)

#: (kind, name, 下限, 上限, approvers in order)
DEFAULT_RULES = (
    ("tasks.reception", "公务接待（3000元以下）", None, Decimal(3000), (HEAD, DIRECTOR)),
    ("tasks.reception", "公务接待（3000元及以上）", Decimal(3000), None, (HEAD, DIRECTOR, IN_CHARGE)),
    ("tasks.expense", "财务支出（5000元以下）", None, Decimal(5000), (HEAD, DIRECTOR)),
    ("tasks.expense", "财务支出（5000元至5万元）", Decimal(5000), Decimal(50000), (HEAD, DIRECTOR, IN_CHARGE)),
    ("tasks.expense", "财务支出（5万元及以上）", Decimal(50000), None, (HEAD, DIRECTOR, IN_CHARGE, PRINCIPAL)),
    ("tasks.seal", "用印（行政公章）", None, None, (HEAD, DIRECTOR)),
    ("tasks.seal.party", "用印（党组印章）", None, None, (HEAD, DIRECTOR, PRINCIPAL)),
    ("tasks.loan", "档案借阅（非涉密）", None, None, (HEAD, CLERK)),
    ("tasks.loan.classified", "档案借阅（涉密档案）", None, None, (HEAD, DIRECTOR)),
    ("tasks.vehicle", "用车", None, None, (HEAD, DIRECTOR)),
)


@transaction.atomic
def install_default_rules(*, director: User, since: dt.date | None = None) -> int:
    """Create the rules that do not exist yet and have the 办公室主任 confirm them."""
    since = since or dt.date(2020, 1, 1)
    made = 0
    for kind, name, low, high, steps in DEFAULT_RULES:
        if ApprovalRule.objects.filter(kind=kind, name=name).exists():
            continue
        rule = ApprovalRule.objects.create(kind=kind, name=name, amount_min=low, amount_max=high, effective_from=since)
        ApprovalRuleStep.objects.bulk_create(
            [
                ApprovalRuleStep(rule=rule, order=n, post=post, duty=duty)
                for n, (post, duty) in enumerate(steps, start=1)
            ]
        )
        rule_confirm(actor=director, rule=rule)
        made += 1
    return made


#: Rules of one department (a department's rule wins over the organ's): (unit code, kind, name, 下限, 上限,
#: approvers). The demo organ's 办公室 has no 分管领导: above the small bands its requests go to the 局长.
UNIT_RULES = (
    ("BGS", "tasks.expense", "财务支出（办公室，5000元及以上）", Decimal(5000), None, (HEAD, DIRECTOR, PRINCIPAL)),
    ("BGS", "tasks.reception", "公务接待（办公室，3000元及以上）", Decimal(3000), None, (HEAD, DIRECTOR, PRINCIPAL)),
)


@transaction.atomic
def install_unit_rules(*, director: User, units: dict, since: dt.date | None = None) -> int:
    """The departments' own rules (those whose unit exists), confirmed by the 办公室主任."""
    since = since or dt.date(2020, 1, 1)
    made = 0
    for code, kind, name, low, high, steps in UNIT_RULES:
        unit = units.get(code)
        if unit is None or ApprovalRule.objects.filter(kind=kind, name=name).exists():
            continue
        rule = ApprovalRule.objects.create(
            kind=kind, name=name, amount_min=low, amount_max=high, unit=unit, effective_from=since
        )
        ApprovalRuleStep.objects.bulk_create(
            [ApprovalRuleStep(rule=rule, order=n, post=post, duty=duty) for n, (post, duty) in enumerate(steps, 1)]
        )
        rule_confirm(actor=director, rule=rule)
        made += 1
    return made
