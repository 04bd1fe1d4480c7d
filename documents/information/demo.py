"""Demo 政务信息: a year of items from every department in every state, 20+ 信息专报 with 上级采用
and leaders' 批示 (bulk-created, so the ranking means something), then today's work through the
services — an open 约稿 to every department, drafts, an item returned, one waiting for its head,
items in the office's queue, the latest issue waiting for the leaders (待阅) and a 批示 转督办.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from documents.choices import InfoState, IssueState, Publication
from documents.information import issues, services
from documents.information.instructions import instruction_give
from documents.information.scoring import DEFAULTS
from documents.information.services import ItemData
from documents.models import (
    HigherAdoption,
    InformationInstruction,
    InformationIssue,
    InformationItem,
    InformationStep,
    InformationVersion,
    IssueEntry,
    IssueReader,
    Score,
)
from office import org
from office.choices import Role, UnitKind
from office.models import OrgUnit, SerialCounter, User
from office.workflow.engine import actor_title

S = InfoState
OFFICE_EDITOR = "wujing"
#: What departments write about, by category; {unit} is the department's short name.
TOPICS = (
    ("work", "{unit}扎实推进重点工作取得阶段性成效"),
    ("practice", "{unit}创新服务方式提升群众满意度的做法"),
    ("problem", "关于{unit}业务领域基层反映问题的建议"),
    ("work", "{unit}开展专项行动情况"),
    ("practice", "{unit}以数字化改革推动业务提质增效"),
    ("opinion", "近期涉及{unit}业务的网络舆情分析"),
    ("work", "{unit}召开季度工作推进会"),
    ("problem", "{unit}关于完善配套政策的几点思考"),
    ("practice", "{unit}推行“一次办好”改革的经验"),
    ("work", "{unit}完成年度目标任务情况"),
    ("work", "{unit}深入基层开展调研"),
    ("practice", "{unit}建立健全长效机制的做法"),
)
BODY = (
    "今年以来，{unit}认真贯彻落实局党组部署，聚焦主责主业，扎实推进各项工作。\n"
    "一是强化统筹调度，建立周调度、月通报机制；二是狠抓政策落实，逐项明确责任人和完成时限；"
    "三是加强督促检查，对发现的问题即知即改。\n"
    "下一步，{unit}将持续巩固工作成效，推动各项任务落地见效。"
)
#: Every tenth state of the year's items, a department's own mix; the newest three are today's work.
PAST = (S.ADOPTED, S.REJECTED, S.CONDENSED, S.ADOPTED, S.ADOPTED, S.REJECTED, S.CONDENSED, S.ADOPTED, S.ADOPTED)
LEVELS = ("province", "committee", "government")


def _u(username: str) -> User:
    return User.objects.get(username=username)


def _departments() -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT).order_by("sort_order", "id"))


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@contextmanager
def _dated_steps():
    """Steps written in bulk keep the times given (``at`` is otherwise the moment of writing)."""
    field = InformationStep._meta.get_field("at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


class _Steps:
    """办理过程 of items made in bulk: the step records the services would have written, written at once."""

    def __init__(self) -> None:
        self.rows: list[InformationStep] = []
        self.titles: dict[int, str] = {}

    def add(self, item: InformationItem, action: str, actor: User, at: dt.datetime, state: str, text: str = "") -> None:
        if actor.pk not in self.titles:
            self.titles[actor.pk] = actor_title(actor)
        self.rows.append(InformationStep(
            item=item, action=action, actor=actor, actor_title=self.titles[actor.pk], text=text, at=at, state_after=state,
        ))

    def sent(self, item: InformationItem) -> None:
        """送审 by its author, then 审核报送 (with its 保密审查) by the head."""
        self.add(item, "submit", item.author, item.submitted_at - dt.timedelta(hours=1), S.PENDING)
        self.add(item, "approve", item.approved_by, item.submitted_at, S.SUBMITTED, "同意报送。")

    def save(self) -> None:
        with _dated_steps():
            InformationStep.objects.bulk_create(self.rows, batch_size=1000)
        self.rows = []


def _year_of_items(today: dt.date, editor: User) -> list[InformationItem]:
    """Each department's year: an item about every four weeks, decided within days."""
    rows, versions = [], []
    people = {u.unit_id: u for u in User.objects.filter(role=Role.STAFF).order_by("-id")}
    for n, unit in enumerate(_departments()):
        head = org.unit_head(unit)
        author = people.get(unit.pk) or head
        short = unit.display_name
        for k, state in enumerate(PAST + (S.ADOPTED, S.CONDENSED, S.REJECTED)):
            written = today - dt.timedelta(days=360 - 28 * k - n)
            if written > today - dt.timedelta(days=20):
                break
            category, title = TOPICS[(k + n) % len(TOPICS)]
            submitted, decided = _at(written, 9) + dt.timedelta(hours=2), _at(written + dt.timedelta(days=2), 16)
            condensed = state == S.CONDENSED
            full = BODY.format(unit=short)
            rows.append(
                InformationItem(
                    state=state,
                    state_since=decided,
                    unit=unit,
                    author=author,
                    category=category,
                    title=title.format(unit=short),
                    secret_level=0,
                    created_at=_at(written, 9),
                    body=full.split("\n")[0] if condensed else full,
                    approved_by=head,
                    secrecy_checked_at=submitted,
                    secrecy_note="不涉密",
                    submitted_at=submitted,
                    decided_by=editor,
                    decided_at=decided,
                    versions_count=2 if condensed else 1,
                    decision_note="内容与近期已采用信息重复。" if state == S.REJECTED else "",
                )
            )
    items = bulk_create_with_history(rows, InformationItem, default_user=editor, default_change_reason="演示数据")
    for it in items:
        full = BODY.format(unit=it.unit.display_name)
        versions.append(
            InformationVersion(
                item=it, number=1, title=it.title, body=full, saved_by=it.author, state=S.DRAFT, note="初稿"
            )
        )
        if it.state == S.CONDENSED:
            versions.append(
                InformationVersion(
                    item=it, number=2, title=it.title, body=it.body, saved_by=editor, state=S.SUBMITTED, note="择要采用"
                )
            )
    InformationVersion.objects.bulk_create(versions)
    steps = _Steps()
    for it in items:
        steps.sent(it)
        if it.state == S.CONDENSED:
            steps.add(it, "office_edit", editor, it.decided_at - dt.timedelta(hours=1), S.SUBMITTED)
        action = {S.ADOPTED: "adopt", S.CONDENSED: "condense", S.REJECTED: "reject"}[it.state]
        steps.add(it, action, editor, it.decided_at, it.state, it.decision_note)
    steps.save()
    Score.objects.bulk_create(
        [
            Score(
                item=it,
                unit_id=it.unit_id,
                outcome=it.state,
                points=DEFAULTS[it.state],
                scored_on=timezone.localdate(it.decided_at),
            )
            for it in items
            if it.state in (S.ADOPTED, S.CONDENSED)
        ]
    )
    return items


def _issues(items: list[InformationItem], today: dt.date, editor: User) -> int:
    """24 信息专报 over the year, 3–4 used items each, read by the leaders; 上级采用 and 批示 on some."""
    used = sorted((i for i in items if i.state in (S.ADOPTED, S.CONDENSED)), key=lambda i: i.decided_at)
    leaders = list(User.objects.filter(role=Role.LEADER, is_active=True).order_by("-is_principal", "id"))
    printer = f"{org.organ_name()}办公室"
    chunks = [used[k : k + 4] for k in range(0, len(used), 4)][:24]
    numbers: dict[int, int] = {}
    issue_rows = []
    for chunk in chunks:
        sent = max(i.decided_at for i in chunk) + dt.timedelta(days=1)
        year = timezone.localdate(sent).year
        numbers[year] = numbers.get(year, 0) + 1
        issue_rows.append(
            InformationIssue(
                publication=Publication.SPECIAL,
                year=year,
                number=numbers[year],
                state=IssueState.SENT,
                printer=printer,
                distribution="市委办公室、市政府办公室",
                compiled_by=editor,
                created_at=sent - dt.timedelta(hours=3),
                sent_at=sent,
                sent_by=editor,
            )
        )
    made = bulk_create_with_history(issue_rows, InformationIssue, default_user=editor, default_change_reason="演示数据")
    entries, readers, higher, instructions, scores = [], [], [], [], []
    for n, (issue, chunk) in enumerate(zip(made, chunks, strict=True)):
        entries += [IssueEntry(issue=issue, item=it, order=k) for k, it in enumerate(chunk, 1)]
        readers += [
            IssueReader(issue=issue, leader=leader, read_at=issue.sent_at + dt.timedelta(hours=5)) for leader in leaders
        ]
        if n % 3 == 0:
            it = chunk[0]
            level = LEVELS[n // 3 % len(LEVELS)]
            higher.append(
                HigherAdoption(
                    item=it,
                    level=level,
                    publication=f"《{'人社信息' if level == 'province' else '江城信息'}》"
                    f"{issue.year}年第{issue.number + 3}期",
                    adopted_on=timezone.localdate(issue.sent_at) + dt.timedelta(days=7),
                    recorded_by=editor,
                )
            )
        if n % 4 == 1:
            leader = leaders[n // 4 % len(leaders)]
            instructions.append(
                InformationInstruction(
                    item=chunk[-1],
                    issue=issue,
                    leader=leader,
                    text="此信息反映的情况很有价值，请相关处室认真研究，抓好落实。",
                )
            )
    HigherAdoption.objects.bulk_create(higher)
    IssueEntry.objects.bulk_create(entries)
    IssueReader.objects.bulk_create(readers)
    made_instructions = InformationInstruction.objects.bulk_create(instructions)
    steps = _Steps()
    for h in higher:
        adopted = _at(h.adopted_on, 10)
        steps.add(h.item, "higher", editor, adopted, h.item.state, f"{h.get_level_display()}：{h.publication}")
    for ins in made_instructions:
        steps.add(ins.item, "instruct", ins.leader, ins.issue.sent_at + dt.timedelta(hours=5), ins.item.state, ins.text)
    steps.save()
    for h in higher:
        scores.append(
            Score(
                item=h.item,
                unit_id=h.item.unit_id,
                outcome=h.level,
                points=DEFAULTS[h.level],
                scored_on=h.adopted_on,
                ref=f"h{h.pk}",
            )
        )
    for ins in made_instructions:
        scores.append(
            Score(
                item=ins.item,
                unit_id=ins.item.unit_id,
                outcome="instruction",
                points=DEFAULTS["instruction"],
                scored_on=timezone.localdate(ins.issue.sent_at),
                ref=f"i{ins.pk}",
            )
        )
    Score.objects.bulk_create(scores)
    for year, last in numbers.items():
        SerialCounter.objects.update_or_create(
            kind=issues.serial_kind(Publication.SPECIAL), year=year, defaults={"last": last}
        )
    return len(made)


def _item(author: str, title: str, *, request=None, category="work", body=None) -> InformationItem:
    user = _u(author)
    return services.item_create(
        actor=user,
        data=ItemData(
            title=title, body=body or BODY.format(unit=user.unit.display_name), category=category, request=request
        ),
    )


def _every_department(today: dt.date, editor: User) -> None:
    """Each department's open work (bulk): a draft, and an item 待采编 it sent on its own; 就业处 and
    人才处 have one waiting for their head as well (through the services: the head's to-do)."""
    staff = {}
    for user in User.objects.filter(role=Role.STAFF, is_active=True).order_by("id"):
        staff.setdefault(user.unit_id, user)
    now, rows = timezone.now(), []
    for n, unit in enumerate(_departments()):
        author = staff.get(unit.pk)
        if author is None or unit.code == "ZCFG":
            continue
        short, head = unit.display_name, org.unit_head(unit)
        body = BODY.format(unit=short)
        rows.append(
            InformationItem(
                state=S.DRAFT,
                state_since=now,
                unit=unit,
                author=author,
                category="work",
                title=f"{short}第四季度工作动态（草稿）",
                body=body,
                versions_count=1,
            )
        )
        sent = now - dt.timedelta(hours=n + 1)
        rows.append(
            InformationItem(
                state=S.SUBMITTED,
                state_since=sent,
                unit=unit,
                author=author,
                category="practice",
                title=f"{short}服务企业稳岗扩岗的做法",
                body=body,
                versions_count=1,
                created_at=sent - dt.timedelta(days=1),
                approved_by=head,
                secrecy_checked_at=sent,
                secrecy_note="不涉密",
                submitted_at=sent,
            )
        )
    items = bulk_create_with_history(rows, InformationItem, default_user=editor, default_change_reason="演示数据")
    steps = _Steps()
    for it in items:
        if it.state == S.SUBMITTED:
            steps.sent(it)
    steps.save()
    InformationVersion.objects.bulk_create(
        [
            InformationVersion(
                item=it, number=1, title=it.title, body=it.body, saved_by=it.author, state=S.DRAFT, note="初稿"
            )
            for it in items
        ]
    )
    for author in ("zhengyan", "chenhao"):
        pending = _item(author, "第四季度重点群体就业帮扶情况" if author == "zhengyan" else "人才处优化人才服务的做法")
        services.item_submit(actor=pending.author, item=pending)


def _today(today: dt.date, editor: User) -> None:
    """Today's work for the demo roles, through the services (to-dos, deadlines, steps, notifications)."""
    request = services.request_create(
        actor=editor,
        title="2026年第四季度重点工作进展及明年工作打算",
        due_on=today + dt.timedelta(days=5),
        requirement="请各处室围绕第四季度重点工作推进情况、亮点做法和存在问题报送信息，每处室不少于1条。",
        units=_departments(),
    )
    _item("qianli", "法规处推进规范性文件合法性审核全覆盖（草稿）", request=request)
    _every_department(today, editor)
    returned = _item("sunpeng", "法规处行政执法“三项制度”落实情况", category="practice")
    services.item_submit(actor=returned.author, item=returned)
    services.item_return(actor=_u("zhoujianhua"), item=returned, reason="请补充具体数据和典型案例。")
    pending = _item("qianli", "法规处第四季度行政复议应诉工作进展", request=request)
    services.item_submit(actor=pending.author, item=pending)
    for author, title in (
        ("chenhao", "人才处举办高层次人才洽谈会引进人才320名"),
        ("zhengyan", "就业处“春风行动”帮扶重点群体就业1.2万人"),
        ("youmin", "养老处城乡居民养老保险参保率提升至97%"),
    ):
        it = _item(author, title, request=request)
        services.item_submit(actor=it.author, item=it)
        services.item_approve(actor=org.unit_head(it.unit_id), item=it, secrecy_confirmed=True, secrecy_note="不涉密")
    # The latest issue: compiled from today's adopted items, waiting for the leaders to read it.
    fresh = []
    for author, title, action in (
        ("qianli", "法规处建立行政执法案卷评查常态化机制", "adopt"),
        ("jiangtao", "职建处职业技能等级认定提速增效的做法", "condense"),
    ):
        it = _item(author, title, category="practice")
        services.item_submit(actor=it.author, item=it)
        it = services.item_approve(actor=org.unit_head(it.unit_id), item=it, secrecy_confirmed=True)
        edited = None
        if action == "condense":
            edited = ItemData(
                title=it.title, body="职建处推行“即测即评、即评即发”，认定周期由30天压缩到7天。", category=it.category
            )
        fresh.append(services.item_decide(actor=editor, item=it, action=action, edited=edited))
    issue = issues.issue_create(actor=editor, distribution="市委办公室、市政府办公室")
    issues.issue_add(actor=editor, issue=issue, items=fresh)
    leaders = [_u("wangjianguo"), _u("liminghua"), _u("zhaozhigang"), _u("chenxuemei")]
    issues.issue_send(actor=editor, issue=issue, leaders=leaders)
    instruction_give(
        actor=_u("liminghua"), item=fresh[0], text="这一做法很好，请法规处总结完善，在全系统推广。", supervise=True
    )
    services.higher_record(
        actor=editor, item=fresh[0], level="province", publication="《人社信息》2026年第21期", adopted_on=today
    )


def load() -> int:
    """Create the demo once (nothing when there are items already); returns how many items."""
    if InformationItem.objects.exists() or not OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT).exists():
        return 0
    today = timezone.localdate()
    editor = _u(OFFICE_EDITOR)
    items = _year_of_items(today, editor)
    _issues(items, today, editor)
    _today(today, editor)
    return InformationItem.objects.count()
