"""A year of 办事 history for the demo (called by :mod:`tasks.demo` before today's requests).

About 240 requests over the past twelve months — receptions, expenditures across the budget lines,
seal uses — finished as they would have finished: paid or stamped, a few withdrawn or returned. The
services would take half a minute for that many (every approval locks, audits, opens and closes
to-dos), so the rows the services would have left behind are written in bulk instead, in one pass:
numbers from the same counters (``serial_next``), approvers from the same confirmed rules
(``office.workflow.chains``), every request with its timeline, its papers, its versioned rows
(``bulk_create_with_history``) and what it spent on its budget line. Nothing of it is open, so
nothing waits on anyone's workbench. Deterministic (a fixed seed): the same organ every time.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from office.models import ApprovalRule, User
from office.serials import serial_block
from office.workflow import chains
from office.workflow.choices import AssigneeKind
from office.workflow.engine import actor_title
from office.workflow.holders import duty_holders
from tasks.choices import FileCategory, Kind, LineCategory, PayMethod, State
from tasks.expenses import services as expenses
from tasks.models import (
    AffairRequest,
    BudgetLine,
    Expense,
    Reception,
    ReceptionLine,
    RequestFile,
    RequestStep,
    Seal,
    SealUse,
)
from tasks.requests import files

SEED = 2026
REASON = "演示数据：近一年办理记录"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
#: What today's demo requests still need on each line (元): the year's history leaves it free.
KEEP_FREE = {"30201": Decimal(90000), "30216": Decimal(40000), "30227": Decimal(60000), "30211": Decimal(10000)}
#: The share of a line's budget the past twelve months spend at most.
SPEND_SHARE = Decimal("0.7")

VISITORS = (
    ("省人力资源和社会保障厅", "就业创业工作调研", "处级"),
    ("省社会保险事业管理中心", "社保经办服务检查", "处级"),
    ("南州市人力资源和社会保障局", "人才工作交流考察", "处级"),
    ("西江市人力资源和社会保障局", "技能人才培养经验交流", "科级"),
    ("东湖区人力资源和社会保障局", "劳动关系协调工作交流", "科级"),
    ("省劳动保障监察总队", "根治欠薪专项督查", "处级"),
    ("北川县人力资源和社会保障局", "对口协作工作对接", "科级"),
)
#: Per budget line: (title, payee, purpose, low 元, high 元)
PURCHASES = {
    "30201": (
        ("购置办公耗材", "江城市办公用品有限公司", "打印纸、硒鼓、文件盒", 800, 4800),
        ("办公设备维保", "江城市办公设备服务部", "打印机、复印机年度维保", 1200, 4500),
        ("报刊订阅", "江城市邮政分公司", "党报党刊及业务期刊订阅", 900, 3600),
    ),
    "30211": (
        ("赴省厅参加业务培训差旅费", "出差人员", "往返交通、住宿", 600, 3200),
        ("赴外省考察学习差旅费", "出差人员", "往返交通、住宿", 1800, 6500),
    ),
    "30216": (("专题业务培训", "江城市委党校", "培训场地、教材", 2000, 6000),),
    "30227": (
        ("委托第三方开展专项评估", "江城大学社会调查中心", "问卷、调研、评估报告", 8000, 26000),
        ("委托开展政策宣传", "江城日报社", "政策解读专版、宣传品", 5000, 15000),
    ),
    "30213": (("办公用房零星维修", "江城市建筑维修公司", "门窗、水电零星维修", 300, 900),),
}
MATTERS = (
    ("admin", "工作联系函", 2, 6),
    ("admin", "会议通知（纸质版）", 10, 40),
    ("admin", "就业见习基地认定通知", 10, 30),
    ("admin", "劳动保障监察限期整改指令书", 2, 4),
    ("party", "党支部换届选举结果的批复", 2, 3),
    ("legal", "合作协议", 2, 4),
    ("steel", "专业技术资格证书", 20, 80),
)


@dataclass
class Plan:
    kind: str
    title: str
    requester: User
    amount: Decimal | None
    created: dt.datetime
    state: str = State.DONE
    extra: dict = field(default_factory=dict)


@contextmanager
def _backdated(*fields):
    """``auto_now_add`` off while the past is written (its dates are the past's, not today's)."""
    saved = [(f, f.auto_now_add) for f in fields]
    for f, _on in saved:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, on in saved:
            f.auto_now_add = on


def _working_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _at(day: dt.date, hour: float) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(int(hour), int(hour % 1 * 60))))


class Chains:
    """Approvers by the confirmed rules, resolved once per (rule, requester)."""

    def __init__(self):
        self.cache, self.duties, self.rules = {}, {}, {}
        self.edges = defaultdict(set)  # a kind's band edges: one amount between two edges, one rule
        for kind, low, high in ApprovalRule.objects.filter(confirmed_at__isnull=False).values_list(
            "kind", "amount_min", "amount_max"
        ):
            self.edges[kind] |= {edge for edge in (low, high) if edge is not None}

    def approvers(self, plan: Plan) -> list[User]:
        kind = f"tasks.{plan.kind}"
        special = f"{kind}.{plan.extra['seal'].code}" if plan.kind == Kind.SEAL else ""
        kind = special if special in self.edges else kind  # every confirmed rule's kind is a key
        unit = plan.requester.unit
        band = sum(1 for edge in self.edges[kind] if plan.amount is not None and plan.amount >= edge)
        if (kind, unit.pk, band) not in self.rules:
            self.rules[kind, unit.pk, band] = chains.rule_for(kind=kind, amount=plan.amount, unit=unit,
                                                             on=plan.created.date())
        rule = self.rules[kind, unit.pk, band]
        # The requester matters only where he would approve (a head is left out of his own chain).
        key = (rule.pk, unit.pk, plan.requester.pk if plan.requester.role == "dept_head" else 0)
        if key not in self.cache:
            found = []
            for a in chains.chain_assignees(rule, requester=plan.requester, unit=plan.requester.unit):
                user = a.user if a.kind == AssigneeKind.PERSON else self._duty(a.duty)
                if not found or found[-1].pk != user.pk:  # one approval stands for the next step of the same person
                    found.append(user)
            self.cache[key] = found
        return self.cache[key]

    def _duty(self, duty: str) -> User:
        if duty not in self.duties:
            self.duties[duty] = duty_holders(duty)[0]
        return self.duties[duty]


def _plans(rnd: random.Random, today: dt.date, people: list[User], lines: dict) -> list[Plan]:
    """What happened, month by month: ~2 receptions, ~10 expenditures, ~8 seal uses."""
    plans, room = [], {}
    for line in lines.values():
        keep = KEEP_FREE.get(line.code, 0) if line.year == today.year else 0
        cap = min(line.amount * SPEND_SHARE, line.amount - line.committed - line.spent - keep)
        room[line.pk] = max(cap, Decimal(0))
    seals = {s.code: s for s in Seal.objects.filter(is_active=True)}
    for back in range(12):
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        first = dt.date(year, month + 1, 1)
        last_day = min(today - dt.timedelta(days=12), (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(1))
        if last_day < first:
            continue

        def day(first=first, last_day=last_day):
            return _working_day(first + dt.timedelta(days=rnd.randrange((last_day - first).days + 1)))

        for _n in range(rnd.choice((1, 2, 2, 3))):
            organ, activity, rank = rnd.choice(VISITORS)
            visitors = rnd.randint(3, 9)
            amount = Decimal(rnd.randrange(8, 30) * 100)
            plans.append(Plan(Kind.RECEPTION, f"接待{organ}{activity}", rnd.choice(people), amount,
                              _at(day(), rnd.choice((9, 10, 14.5))),
                              extra={"organ": organ, "activity": activity, "rank": rank, "visitors": visitors}))
        for _n in range(rnd.randint(8, 12)):
            year = first.year
            code = rnd.choice(list(PURCHASES))
            line = lines.get((year, code))
            if line is None:
                continue
            title, payee, purpose, low, high = rnd.choice(PURCHASES[code])
            amount = Decimal(rnd.randrange(low, high)) + Decimal(rnd.choice((0, 50, 80)))
            if amount > room[line.pk]:
                continue
            room[line.pk] -= amount
            plans.append(Plan(Kind.EXPENSE, title, rnd.choice(people), amount, _at(day(), rnd.choice((9, 10.5, 15))),
                              extra={"line": line, "payee": payee, "purpose": purpose}))
        for _n in range(rnd.randint(6, 9)):
            code, matter, low, high = rnd.choice(MATTERS)
            plans.append(Plan(Kind.SEAL, f"用印：{matter}", rnd.choice(people), None,
                              _at(day(), rnd.choice((9.5, 11, 16))),
                              extra={"seal": seals[code], "matter": matter, "copies": rnd.randint(low, high)}))
    for plan in plans:  # a few did not go through: withdrawn by the requester, or returned and dropped
        roll = rnd.random()
        plan.state = State.WITHDRAWN if roll < 0.06 else State.RETURNED if roll < 0.09 else State.DONE
        if plan.state != State.DONE and plan.kind == Kind.EXPENSE:
            room[plan.extra["line"].pk] += plan.amount
    return sorted(plans, key=lambda p: p.created)


@transaction.atomic
def load(*, clerk: User, today: dt.date | None = None) -> int:
    """Write the year (once); returns how many requests."""
    today = today or timezone.localdate()
    if AffairRequest.objects.exists():
        return 0
    rnd = random.Random(SEED)
    people = list(User.objects.select_related("unit").filter(
        role__in=("staff", "dept_head"), is_active=True, unit__isnull=False).order_by("id"))
    lines = {(line.year, line.code): line for line in BudgetLine.objects.filter(year__in=(today.year - 1, today.year))}
    plans = _plans(rnd, today, people, lines)
    resolver = Chains()
    titles: dict[int, str] = {}

    def title(user):
        if user.pk not in titles:
            titles[user.pk] = actor_title(user)
        return titles[user.pk]

    rows, timelines = [], []
    for plan in plans:
        approvers = resolver.approvers(plan)
        t = plan.created + dt.timedelta(minutes=rnd.randint(5, 90))
        steps = [("create", plan.requester, plan.created, State.DRAFT, ""), ("submit", plan.requester, t, State.PENDING, "")]
        row = AffairRequest(kind=plan.kind, year=plan.created.year, title=plan.title, requester=plan.requester,
                            unit=plan.requester.unit, amount=plan.amount, created_at=plan.created, submitted_at=t)
        for n, approver in enumerate(approvers):
            t += dt.timedelta(hours=rnd.randint(2, 30))
            if plan.state == State.WITHDRAWN and n == 0:
                steps.append(("withdraw", plan.requester, t, State.WITHDRAWN, ""))
                break
            if plan.state == State.RETURNED and n == len(approvers) - 1:
                row.returned_reason = "请补充比价材料或情况说明后重新提交。"
                steps.append(("return", approver, t, State.RETURNED, row.returned_reason))
                break
            last = n == len(approvers) - 1
            steps.append(("approve", approver, t, State.APPROVED if last else State.PENDING, "同意。"))
        if plan.state == State.DONE:
            row.approved_at = t
            t += dt.timedelta(days=rnd.randint(1, 6))
            action = "stamp" if plan.kind == Kind.SEAL else "pay"
            steps.append((action, clerk, t, State.DONE, ""))
            row.closed_at = t
        row.state, row.state_since = plan.state, t
        plan.extra["approvers"], plan.extra["closed"] = approvers, row.closed_at
        rows.append(row)
        timelines.append(steps)
    wanted = defaultdict(int)  # numbers by kind and year, in date order (plans are sorted)
    for row in rows:
        wanted[row.kind, row.year] += 1
    nexts = {key: serial_block(kind=f"tasks.{key[0]}", year=key[1], count=n) for key, n in wanted.items()}
    for row in rows:
        row.serial, nexts[row.kind, row.year] = nexts[row.kind, row.year], nexts[row.kind, row.year] + 1
    fields = (AffairRequest._meta.get_field("created_at"), RequestStep._meta.get_field("at"))
    with _backdated(*fields):
        rows = bulk_create_with_history(rows, AffairRequest, default_change_reason=REASON)
        RequestStep.objects.bulk_create([
            RequestStep(request=row, action=a, actor=who, actor_title=title(who), at=at, state_after=s, text=text)
            for row, steps in zip(rows, timelines, strict=True) for a, who, at, s, text in steps
        ])
    _kinds(rnd, rows, plans, clerk)
    return len(rows)


def _kinds(rnd: random.Random, rows: list[AffairRequest], plans: list[Plan], clerk: User) -> None:
    receptions, lines_of, spent, expense_rows, uses, papers = [], {}, defaultdict(Decimal), [], [], []
    for row, plan in zip(rows, plans, strict=True):
        x, closed = plan.extra, plan.extra["closed"]
        if plan.kind == Kind.RECEPTION:
            start = _working_day(plan.created.date() + dt.timedelta(days=rnd.randint(3, 8)))
            meal = Decimal(100 * (x["visitors"] + 2) * 2)
            reception = Reception(
                request=row, visitor_organ=x["organ"], visitor_names=f"{x['organ']}{x['activity']}组{x['visitors']}人",
                visitor_rank=x["rank"], visitors=x["visitors"], companions=2, activity=x["activity"],
                starts_on=start, ends_on=start + dt.timedelta(days=1), places="局机关", meals=2, meal_cost=meal,
                pay_method=PayMethod.CARD,
            )
            if closed:
                cost = min(plan.amount, meal + Decimal(rnd.randrange(2, 8) * 50))
                reception.list_done_at, reception.actual_cost, reception.paid_at = closed, cost, closed
                lines_of[row.pk] = [
                    (LineCategory.MEAL, "工作餐（机关食堂）", start, "局机关食堂", cost - Decimal(200), x["visitors"] + 2),
                    (LineCategory.MATERIALS, "汇报材料印制", start, "局机关", Decimal(200), 0),
                ]
            receptions.append(reception)
            papers.append((row, FileCategory.LETTER, f"{x['organ']}来函.pdf"))
        elif plan.kind == Kind.EXPENSE:
            expense_rows.append(Expense(
                request=row, budget_line=x["line"], payee=x["payee"], purpose=x["purpose"],
                pay_method=PayMethod.TRANSFER, paid_amount=plan.amount if closed else None, paid_at=closed,
            ))
            if closed:
                spent[x["line"].pk] += plan.amount
            papers.append((row, FileCategory.INVOICE, "发票.pdf"))
        else:
            uses.append(SealUse(
                request=row, seal=x["seal"], matter=x["matter"], copies=x["copies"], stamped_at=closed,
                stamped_by=clerk if closed else None, approver=x["approvers"][-1] if closed else None,
            ))
    receptions = bulk_create_with_history(receptions, Reception, default_change_reason=REASON)
    by_request = {r.request_id: r for r in receptions}
    ReceptionLine.objects.bulk_create([
        ReceptionLine(reception=by_request[pk], category=c, item=i, on=on, place=p, amount=a, persons=n)
        for pk, items in lines_of.items() for c, i, on, p, a, n in items
    ])
    bulk_create_with_history(expense_rows, Expense, default_change_reason=REASON)
    bulk_create_with_history(uses, SealUse, default_change_reason=REASON)
    stored = []
    for row, category, name in papers:
        name_on_disk, digest = files.store(PDF)
        stored.append(RequestFile(request=row, category=category, original_name=name, stored_name=name_on_disk,
                                  content_type="application/pdf", size=len(PDF), sha256=digest,
                                  uploaded_by=row.requester, uploaded_at=row.created_at))
    with _backdated(RequestFile._meta.get_field("uploaded_at")):
        RequestFile.objects.bulk_create(stored)
    for line in BudgetLine.objects.select_for_update().filter(pk__in=list(spent)).order_by("pk"):
        expenses.budget_spent_record(line=line, amount=spent[line.pk], reason=REASON)
