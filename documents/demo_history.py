"""Half a year of finished 办文 for the demo (called by :mod:`documents.demo` before today's documents).

About 120 收文 (办结, most of them 归档) and 60 发文 (印发, most of them 归档) over the past six
months, across the departments, so that the dashboards' 办理周期 have something to count: some
departments are slower than others and a few 收文 ended after their time limit. Walking that many
through the services would take a minute (every step locks, audits, opens and closes to-dos), so the
rows the services would have left behind are written in bulk, as :mod:`tasks.demo_year` does: the
documents with their versioned rows (``bulk_create_with_history``), every step at its historical
time, the 呈批 routings, 发文's text and distribution list, numbers from the same counters
(``serial_block``: today's documents continue where the past ended, no repeats, no gaps). Nothing of
it is open, so nothing waits on anyone's desk. Deterministic (a fixed seed).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from documents.choices import (
    Direction,
    DocType,
    IncomingState,
    LayoutForm,
    OutgoingState,
    RecipientKind,
    Retention,
    RoutingState,
)
from documents.models import (
    IncomingDocument,
    IncomingRouting,
    IncomingStep,
    OutgoingDocument,
    OutgoingRecipient,
    OutgoingStep,
    OutgoingVersion,
)
from office import org
from office.models import IssuingPrefix, OrgUnit, User
from office.serials import serial_block
from office.workdays import WorkCalendar
from office.workflow.engine import actor_title

SEED = 2026
REASON = "演示数据：近半年办文记录"
DAYS = 182
INCOMING, OUTGOING = 120, 60
#: How long a department takes over its part (a factor on the working days): 监察处 and 养老处 are slow.
PACE = {"ZCFG": 1.0, "JYCJ": 1.3, "RCKF": 0.8, "ZYNL": 1.0, "ZJRY": 0.9, "YLBX": 1.7, "GSBX": 1.1,
        "LDGX": 1.2, "JCZD": 2.2, "RSC": 0.7}
#: 收文's subjects by the department that leads them.
TOPICS = {
    "ZCFG": ("报送规范性文件备案目录", "开展行政执法案卷评查", "征求地方性法规草案修改意见", "做好行政复议案件办理"),
    "JYCJ": ("做好失业保险稳岗返还工作", "开展春风行动专项招聘", "报送就业困难人员帮扶情况", "做好退役军人就业服务"),
    "RCKF": ("开展人力资源服务机构年度报告", "举办高校毕业生专场招聘会", "报送引进高层次人才情况"),
    "ZYNL": ("开展职业技能等级认定", "做好技工院校招生工作", "组织参加全省职业技能大赛"),
    "ZJRY": ("做好职称评审委员会核准备案", "开展专业技术人员继续教育检查", "推荐享受政府特殊津贴人员"),
    "YLBX": ("做好城乡居民养老保险待遇调整", "开展养老保险基金风险排查", "报送企业职工养老保险统筹情况"),
    "GSBX": ("做好工伤预防项目实施", "开展工伤认定案件评查", "报送工伤保险基金收支情况"),
    "LDGX": ("做好企业薪酬调查工作", "开展劳动人事争议调解示范创建", "报送集体协商情况"),
    "JCZD": ("核查欠薪线索", "开展劳务派遣专项检查", "督办拖欠农民工工资案件", "报送劳动保障监察执法情况"),
    "RSC": ("做好年度干部考核工作", "报送干部教育培训情况", "开展机关事业单位工资统计"),
}
#: (来文单位, 字号的代字, 文种, 标题的文种字样)
SENDERS = (
    ("省人力资源和社会保障厅", "湘人社发", DocType.CIRCULAR, "通知"),
    ("省人力资源和社会保障厅办公室", "湘人社办函", DocType.LETTER, "函"),
    ("江城市人民政府办公室", "江政办发", DocType.CIRCULAR, "通知"),
    ("江城市财政局", "江财社", DocType.LETTER, "函"),
    ("中共江城市委组织部", "江组函", DocType.LETTER, "函"),
    ("江城市人民政府", "江政函", DocType.REPLY, "批复"),
)
#: 发文's subjects: (标题, 文种, 行文方向, 代字, 主送)
DRAFT_KINDS = (
    ("关于{topic}的通知", DocType.CIRCULAR, Direction.DOWN, "人社发", "各区县人力资源和社会保障局、局属各单位"),
    ("关于{topic}情况的报告", DocType.REPORT, Direction.UP, "人社呈", "江城市人民政府"),
    ("关于商请协助{topic}的函", DocType.LETTER, Direction.LEVEL, "人社函", "江城市财政局"),
)
ORGAN = "江城市人力资源和社会保障局"


def _at(day: dt.date, hour: float) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(int(hour), int(hour % 1 * 60))))


class Clock:
    """Working days forward from a moment, at office hours."""

    def __init__(self, rnd: random.Random, cal: WorkCalendar):
        self.rnd, self.cal = rnd, cal

    def after(self, moment: dt.datetime, workdays: float) -> dt.datetime:
        days = int(round(workdays))
        day = self.cal.add_workdays(timezone.localtime(moment).date(), days)
        hour = self.rnd.choice((9, 9.5, 10.5, 11, 14.5, 15.5, 16.5))
        at = _at(day, hour)
        return at if at > moment else moment + dt.timedelta(minutes=self.rnd.randint(10, 90))


class Past:
    """Who worked in the organ, read once."""

    def __init__(self):
        self.users = {u.username: u for u in User.objects.select_related("unit").filter(is_active=True)}
        units = [u for u in org.departments() if u.code in PACE]
        self.heads = {u.pk: org.unit_head(u) for u in units}
        self.units = {u.code: u for u in units if self.heads[u.pk] is not None}
        self.staff = defaultdict(list)
        for user in self.users.values():
            if user.unit_id and user.role == "staff":
                self.staff[user.unit_id].append(user)
        for people in self.staff.values():
            people.sort(key=lambda u: u.pk)
        self.principal = next(u for u in self.users.values() if u.role == "leader" and u.is_principal)
        self.deputy = {}  # unit pk → the deputy in charge of it
        in_charge = User.in_charge_of.through.objects.filter(user__is_principal=False, user__is_active=True)
        for user_id, unit_id in in_charge.order_by("user_id").values_list("user_id", "orgunit_id"):
            self.deputy[unit_id] = next(u for u in self.users.values() if u.pk == user_id)
        self.clerk, self.director = self.users["zhouting"], self.users["liuxiaodong"]
        self.titles = {}

    def title(self, user: User) -> str:
        if user.pk not in self.titles:
            self.titles[user.pk] = actor_title(user)
        return self.titles[user.pk]

    def leader_for(self, unit: OrgUnit) -> User:
        return self.deputy.get(unit.pk, self.principal)


def _days(rnd: random.Random, today: dt.date, n: int, cal: WorkCalendar) -> list[dt.date]:
    """``n`` working days spread over the past half year (the last month keeps room to finish)."""
    days = []
    while len(days) < n:
        day = today - dt.timedelta(days=rnd.randint(30, DAYS))
        if cal.is_workday(day):
            days.append(day)
    return sorted(days)


def _archive_codes(rows, retention_of, unit_of) -> None:
    """档号 for the archived rows, from the same counters as :func:`documents.archive.services.archive_code_next`."""
    organ = org.organ()
    fonds = (organ.fonds_code if organ else "") or "J000"
    codes = dict(OrgUnit.objects.values_list("pk", "code"))
    wanted = defaultdict(list)
    for row in rows:
        if row.archived_at is not None:
            wanted[f"archive:{fonds}:{retention_of(row)}:{codes.get(unit_of(row)) or 'BGS'}", row.year].append(row)
    for (kind, year), group in wanted.items():
        first = serial_block(kind=kind, year=year, count=len(group))
        for offset, row in enumerate(sorted(group, key=lambda r: r.archived_at)):
            retention, unit_code = kind.split(":")[2:4]
            row.retention = retention
            row.archive_code = f"{fonds}-{year}-{retention}-{unit_code}-{first + offset:04d}"


def _numbers(rows, kind_of, field: str) -> None:
    """Serials per (counter, year) in date order (``serial_block``: the counter ends on the last one)."""
    wanted = defaultdict(list)
    for row in rows:
        wanted[kind_of(row), row.year].append(row)
    for (kind, year), group in wanted.items():
        first = serial_block(kind=kind, year=year, count=len(group))
        for offset, row in enumerate(group):
            setattr(row, field, first + offset)


def _incoming(rnd: random.Random, clock: Clock, past: Past, today: dt.date, skip_refs: set) -> None:
    codes = list(past.units)
    refs = defaultdict(lambda: 100)
    rows, timelines, routings = [], [], []
    now = timezone.now()
    for n, day in enumerate(_days(rnd, today, INCOMING, clock.cal)):
        unit = past.units[codes[n % len(codes)] if n % 3 else rnd.choice(codes)]
        pace = PACE[unit.code]
        org_name, code, doc_type, word = rnd.choice(SENDERS)
        ref = ""
        while not ref or (org_name, ref) in skip_refs:
            refs[code] += rnd.randint(1, 4)
            ref = f"{code}〔{day.year}〕{refs[code]}号"
        title = f"关于{rnd.choice(TOPICS[unit.code])}的{word}"
        arrived = _at(day, rnd.choice((8.5, 9, 10, 14.5)))
        registered = arrived + dt.timedelta(minutes=rnd.randint(20, 100))
        workdays = rnd.choice((10, 15, 15, 15, 20, 30))
        clerk, director, head = past.clerk, past.director, past.heads[unit.pk]
        handler = rnd.choice(past.staff[unit.pk]) if past.staff[unit.pk] else head
        leaders = [past.leader_for(unit)]
        if rnd.random() < 0.3 and leaders[0] != past.principal:
            leaders.append(past.principal)
        t = registered
        steps = [("sign", clerk, arrived + dt.timedelta(minutes=10), IncomingState.SIGNED, ""),
                 ("register", clerk, registered, IncomingState.REGISTERED, "")]
        t = clock.after(t, rnd.choice((0, 0, 1)))
        steps.append(("review", clerk, t, IncomingState.PROPOSING, "来文要素齐全，请主任拟办。"))
        t = clock.after(t, rnd.choice((0, 1, 1)))
        names = "、".join(u.full_name + u.title for u in leaders)
        steps.append(("propose", director, t, IncomingState.INSTRUCTING, f"拟请{unit.name}牵头办理，呈{names}阅示。"))
        route = []
        for index, leader in enumerate(leaders):
            t = clock.after(t, rnd.choice((1, 1, 2, 3)))
            last = index == len(leaders) - 1
            text = f"请{unit.name}抓紧研究办理，按时限报结果。" if last else "拟同意办公室意见，呈建国局长阅示。"
            steps.append(("instruct", leader, t, IncomingState.HANDLING if last else IncomingState.INSTRUCTING, text))
            route.append((leader, index, t))
        if handler != head:
            t = clock.after(t, rnd.choice((0, 1)) * pace)
            steps.append(("assign", head, t, IncomingState.HANDLING, f"请{handler.full_name}承办。"))
        t = clock.after(t, rnd.uniform(1.5, 6) * pace + (8 if rnd.random() < 0.08 else 0))
        steps.append(("report", handler, t, IncomingState.CONFIRMING, "已按要求研究办理，形成书面意见。"))
        t = clock.after(t, rnd.choice((0, 1, 1, 2)) * pace)
        done = t
        steps.append(("confirm", head, t, IncomingState.DONE, "同意办结。"))
        archived = None
        if done.date() < today - dt.timedelta(days=14) and rnd.random() < 0.92:
            archived = clock.after(done, rnd.randint(2, 8))
            steps.append(("archive", clerk, archived, IncomingState.ARCHIVED, ""))
        if (archived or done) >= now:
            continue  # not finished yet: left out of the past
        row = IncomingDocument(
            state=IncomingState.ARCHIVED if archived else IncomingState.DONE, state_since=archived or done,
            year=timezone.localtime(registered).year, sender_org=org_name, sender_ref=ref, title=title,
            doc_type=doc_type, received_on=day, due_at=clock.cal.due_after_workdays(registered, workdays),
            summary=f"{org_name} {ref}", arrived_at=arrived, arrived_by=clerk, signed_at=steps[0][2],
            signed_by=clerk, registered_at=registered, registered_by=clerk,
            proposal=steps[3][4], lead_unit=unit, handler=handler, result="已按要求研究办理，形成书面意见。",
            done_at=done, archived_at=archived, archived_by=clerk if archived else None,
        )
        rows.append(row)
        timelines.append(steps)
        routings.append(route)
    _numbers(rows, lambda r: "incoming", "serial")
    _archive_codes(rows, lambda r: Retention.YEARS_10 if r.doc_type == DocType.LETTER else Retention.YEARS_30,
                   lambda r: r.lead_unit_id)
    fields = (IncomingDocument._meta.get_field("arrived_at"), IncomingStep._meta.get_field("at"))
    with _backdated(*fields):
        rows = bulk_create_with_history(rows, IncomingDocument, default_change_reason=REASON)
        IncomingStep.objects.bulk_create([
            IncomingStep(document=row, action=a, actor=who, actor_title=past.title(who), at=at, state_after=s,
                         text=row.archive_code if a == "archive" else text)
            for row, steps in zip(rows, timelines, strict=True) for a, who, at, s, text in steps
        ])
    IncomingRouting.objects.bulk_create([
        IncomingRouting(document=row, leader=leader, order=order, state=RoutingState.DONE, done_at=at)
        for row, route in zip(rows, routings, strict=True) for leader, order, at in route
    ])


def _outgoing(rnd: random.Random, clock: Clock, past: Past, today: dt.date) -> None:
    prefixes = {p.code: p for p in IssuingPrefix.objects.all()}
    codes = list(past.units)
    rows, timelines, now = [], [], timezone.now()
    for n, day in enumerate(_days(rnd, today, OUTGOING, clock.cal)):
        unit = past.units[codes[n // 2 % len(codes)] if n % 2 else rnd.choice(codes)]
        pace = PACE[unit.code]
        pattern, doc_type, direction, prefix, main = rnd.choice(DRAFT_KINDS)
        topic = rnd.choice(TOPICS[unit.code])
        title = f"{ORGAN}{pattern.format(topic=topic)}"
        drafter = rnd.choice(past.staff[unit.pk]) if past.staff[unit.pk] else past.heads[unit.pk]
        head, signer = past.heads[unit.pk], past.leader_for(unit) if rnd.random() < 0.7 else past.principal
        created = _at(day, rnd.choice((9, 10, 15)))
        t = clock.after(created, rnd.uniform(0.5, 4) * pace)
        steps = [("create", drafter, created, OutgoingState.DRAFTING, ""),
                 ("submit", drafter, t, OutgoingState.DEPT_REVIEW, "")]
        t = clock.after(t, rnd.uniform(0, 2.5) * pace)
        steps.append(("dept_approve", head, t, OutgoingState.OFFICE_REVIEW, "同意，请办公室核稿。"))
        office_received = t
        t = clock.after(t, rnd.choice((0, 1, 1, 2)))
        steps.append(("office_check", past.director, t, OutgoingState.SIGNING, "格式、行文规则审核无误。"))
        sign_requested = t
        t = clock.after(t, rnd.choice((1, 1, 2, 3)))
        steps.append(("sign", signer, t, OutgoingState.RECHECKING, "同意印发。"))
        signed = t
        t = clock.after(t, rnd.choice((0, 1)))
        steps.append(("recheck", past.clerk, t, OutgoingState.NUMBERING, "与签发稿一致。"))
        numbered = t + dt.timedelta(minutes=rnd.randint(5, 40))
        steps.append(("number", past.clerk, numbered, OutgoingState.ISSUING, ""))
        issued = clock.after(numbered, rnd.choice((0, 0, 1)))
        steps.append(("issue", past.clerk, issued, OutgoingState.ISSUED, ""))
        archived = clock.after(issued, rnd.randint(3, 12)) if rnd.random() < 0.8 else None
        if archived:
            steps.append(("archive", past.clerk, archived, OutgoingState.ARCHIVED, ""))
        if (archived or issued) >= now:
            continue
        body = (f"为做好{topic}工作，现将有关事项{'报告' if doc_type == DocType.REPORT else '通知'}如下。\n"
                "一、提高思想认识\n二、明确工作任务\n三、加强组织保障")
        copies = len(main.split("、")) + 2
        rows.append(OutgoingDocument(
            state=OutgoingState.ARCHIVED if archived else OutgoingState.ISSUED, state_since=archived or issued,
            doc_type=doc_type, direction=direction, form=LayoutForm.LETTER if prefix == "人社函" else LayoutForm.FILE,
            prefix=prefixes[prefix], title=title, main_recipients=main, body=body,
            note=f"联系人：{drafter.full_name}", drafting_unit=unit, drafter=drafter, created_at=created,
            office_received_at=office_received, signer=signer, sign_requested_at=sign_requested, signed_at=signed,
            signed_by=signer, sign_opinion="同意印发。", signed_version=1, dated_on=timezone.localtime(signed).date(),
            year=timezone.localtime(numbered).year, numbered_at=numbered, copies=copies, printer=f"{ORGAN}办公室",
            printed_on=timezone.localtime(issued).date(), issued_at=issued, issued_by=past.clerk,
            archived_at=archived, archived_by=past.clerk if archived else None,
        ))
        timelines.append(steps)
    order = sorted(range(len(rows)), key=lambda i: rows[i].numbered_at)  # 文号 in the order they were given
    _numbers([rows[i] for i in order], lambda r: f"outgoing:{r.prefix.pk}", "number")
    _archive_codes(rows, lambda r: Retention.YEARS_30, lambda r: r.drafting_unit_id)
    fields = (OutgoingDocument._meta.get_field("created_at"), OutgoingStep._meta.get_field("at"),
              OutgoingVersion._meta.get_field("saved_at"))
    with _backdated(*fields):
        rows = bulk_create_with_history(rows, OutgoingDocument, default_change_reason=REASON)
        OutgoingStep.objects.bulk_create([
            OutgoingStep(document=row, action=a, actor=who, actor_title=past.title(who), at=at, state_after=s,
                         text=_outgoing_text(row, a, text))
            for row, steps in zip(rows, timelines, strict=True) for a, who, at, s, text in steps
        ])
        OutgoingVersion.objects.bulk_create([
            OutgoingVersion(document=row, number=1, title=row.title, body=row.body, saved_by=row.drafter,
                            saved_at=row.created_at, state=OutgoingState.DRAFTING)
            for row in rows
        ])
    OutgoingRecipient.objects.bulk_create([
        OutgoingRecipient(document=row, kind=RecipientKind.MAIN, name=name, order=order, copies=1)
        for row in rows for order, name in enumerate(row.main_list, start=1)
    ])


def _outgoing_text(row: OutgoingDocument, action: str, text: str) -> str:
    if action == "number":
        return row.doc_number
    if action == "issue":
        return f"{row.doc_number}，印制{row.copies}份"
    if action == "archive":
        return row.archive_code
    return text


class _backdated:
    """``auto_now_add`` off while the past is written (its dates are the past's, not today's)."""

    def __init__(self, *fields):
        self.fields = fields

    def __enter__(self):
        self.saved = [(f, f.auto_now_add) for f in self.fields]
        for f in self.fields:
            f.auto_now_add = False

    def __exit__(self, *exc):
        for f, on in self.saved:
            f.auto_now_add = on


@transaction.atomic
def load(*, today: dt.date | None = None, skip_refs: set | None = None) -> int:
    """Write the half year (once, before any document exists); returns how many documents."""
    if IncomingDocument.objects.exists() or OutgoingDocument.objects.exists():
        return 0
    today = today or timezone.localdate()
    past = Past()
    if not past.units or "zhouting" not in past.users:
        return 0
    rnd = random.Random(SEED)
    clock = Clock(rnd, WorkCalendar())
    _outgoing(rnd, clock, past, today)
    _incoming(rnd, clock, past, today, skip_refs or set())
    return IncomingDocument.objects.count() + OutgoingDocument.objects.count()
