"""督查督办's demo, loaded by ``load_demo`` (:mod:`office.demo` calls each app's ``demo.load``).

Items from every source (领导批办件, 批示 on the demo's 收文, the 2026 work plan, a 集中督查 and a
专项督查's findings, a 局长办公会议定事项) walked through the real services to every state; then a
few are aged (their dates moved back) so that lists show overdue items and missed reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from office.models import OrgUnit, User
from supervision.choices import InspectionKind, ItemState, Rating, ReportCycle, SourceKind
from supervision.items import common, progress, services, sources
from supervision.items.services import ItemData
from supervision.models import SupervisedItem

S = ItemState
OFFICER = "sunhao"  # 督查员


@dataclass(frozen=True)
class Spec:
    title: str
    lead: str
    state: str
    due: int = 40  # days from today (negative: overdue)
    assisting: tuple[str, ...] = ()
    reports: int = 1
    report_in: int | None = None  # days to the next report (negative: missed)
    extension: str = ""  # "pending" / "approved" / "refused"
    late: bool = False  # closed items: finished after the limit
    rating: str = Rating.GOOD
    level: int = 0


PLAN = (
    ("实施就业优先战略，全年城镇新增就业4.5万人", "JYCJ", (
        Spec("开展2026届高校毕业生就业服务专项行动", "JYCJ", S.HANDLING, due=60, assisting=("RCKF",), reports=2),
        Spec("推进零工市场建设，新建街道零工驿站10个", "JYCJ", S.HANDLING, due=25, reports=1, report_in=-6))),
    ("完善多层次社会保障体系", "YLBX", (
        Spec("落实企业职工基本养老保险全国统筹各项任务", "YLBX", S.HANDLING, due=-5, reports=2),
        Spec("扩大城乡居民养老保险参保覆盖面，参保率达95%", "YLBX", S.EVALUATED, due=-20, rating=Rating.FAIRLY_GOOD))),
    ("推进工伤预防和新就业形态人员职业伤害保障", "GSBX", (
        Spec("完成工伤预防五年行动计划年度任务", "GSBX", S.SIGNED, due=50),
        Spec("开展新就业形态人员职业伤害保障试点扩围", "GSBX", S.HANDLING, due=2, reports=3))),
    ("深入实施“江城英才”计划", "RCKF", (
        Spec("引进高层次和急需紧缺人才500名", "RCKF", S.HANDLING, due=90, assisting=("ZJRY",), reports=1,
             extension="approved"),
        Spec("举办2026年江城高层次人才洽谈会", "RCKF", S.CLOSED, due=-30))),
    ("打造“技能江城”品牌", "ZYNL", (
        Spec("开展补贴性职业技能培训3万人次", "ZYNL", S.HANDLING, due=45, reports=2, report_in=-3),
        Spec("建设市级高技能人才培训基地2个", "ZYNL", S.REPORTED, due=10))),
    ("深化职称制度改革", "ZJRY", (
        Spec("完成工程系列职称评审权限下放", "ZJRY", S.ASSIGNED, due=70),
        Spec("组织专业技术人员继续教育公需科目培训", "ZJRY", S.EVALUATED, due=-40, late=True, rating=Rating.AVERAGE))),
    ("构建和谐劳动关系", "LDGX", (
        Spec("推进劳动合同电子化，覆盖规上企业80%", "LDGX", S.HANDLING, due=30, reports=1, extension="pending"),
        Spec("开展和谐劳动关系创建示范活动", "LDGX", S.ACCEPTED, due=5))),
    ("持续推进根治欠薪", "JCZD", (
        Spec("实现工程建设领域农民工工资专用账户全覆盖", "JCZD", S.HANDLING, due=-12, reports=1, report_in=-10),
        Spec("开展根治欠薪冬季专项行动", "JCZD", S.HANDLING, due=15, assisting=("LDGX",), reports=2))),
    ("建设法治人社", "ZCFG", (
        Spec("修订《江城市人力资源市场管理办法》", "ZCFG", S.HANDLING, due=35, reports=1, extension="refused"),
        Spec("开展2026年度行政执法案卷评查", "ZCFG", S.EVALUATED, due=-15))),
    ("加强机关干部队伍建设", "RSC", (
        Spec("完成机关干部年度教育培训计划", "RSC", S.DRAFT, due=80),
        Spec("做好公务员平时考核工作", "RSC", S.HANDLING, due=20, reports=2))),
)

#: 领导批办件: (leader, instruction, spec)
INSTRUCTIONS = (
    ("wangjianguo", "请办公室牵头，法规处、人才处配合，年内实现人社服务事项“一网通办”全覆盖。",
     Spec("加快推进人社服务事项“一网通办”", "ZCFG", S.HANDLING, due=28, assisting=("RCKF",), reports=2)),
    ("liminghua", "高校毕业生留江就业是民生大事，请人才处拿出具体措施，每月报送进展。",
     Spec("做好2026届高校毕业生留江就业工作", "RCKF", S.REPORTING_BACK, due=8)),
    ("zhaozhigang", "请监察处加快农民工工资支付监控预警平台建设，春节前上线运行。",
     Spec("建设农民工工资支付监控预警平台", "JCZD", S.HANDLING, due=-3, reports=1, report_in=-8)),
    ("chenxuemei", "养老保险待遇资格认证要做到便民、精准，请养老处研究改进。",
     Spec("改进养老保险待遇领取资格认证方式", "YLBX", S.EVALUATED, due=-10, extension="approved")),
    ("wangjianguo", "今年人大代表建议办理要做到件件有回音，请法规处统筹督促。",
     Spec("办好2026年市人大代表建议和政协委员提案", "ZCFG", S.ACCEPTED, due=12)),
    ("zhaozhigang", "技工院校招生要早谋划，确保完成年度招生计划。",
     Spec("完成2026年技工院校招生计划", "ZYNL", S.ADJUSTING, due=40)),
    ("chenxuemei", "工伤认定时限还要压缩，请工伤处提出具体方案。",
     Spec("压缩工伤认定办理时限至30个工作日", "GSBX", S.REPORTED, due=6)),
    ("liminghua", "事业单位公开招聘要严格程序，确保公平公正。",
     Spec("规范2026年事业单位公开招聘工作", "RSC", S.ASSIGNED, due=55)),
    ("wangjianguo", "12333热线接通率要提上去，请办公室督办。",
     Spec("提升12333咨询服务热线接通率至90%以上", "RCKF", S.HANDLING, due=3, reports=2)),
    ("zhaozhigang", "劳动人事争议仲裁积案要限期清理。",
     Spec("限期清理劳动人事争议仲裁积案", "LDGX", S.CLOSED, due=-8, late=True)),
    ("chenxuemei", "请监察处对举报的欠薪问题一查到底。",
     Spec("查处某建筑企业拖欠农民工工资问题", "JCZD", S.CANCELLED, due=20)),
)

#: 批示 on the demo's 收文 (转督办): (收文 title, leader, 批示, target state)
ON_INCOMING = (
    ("关于征求《江城市人力资源市场条例（草案）》意见的函", "liminghua",
     "请法规处认真研究，吸收各处意见，按时反馈。此件列入督办。", S.HANDLING),
    ("关于某劳务派遣公司违法用工问题的交办函", "chenxuemei", "请监察处依法调查处理，结果报我。列入督办。", S.SIGNED),
    ("关于调整全市最低工资标准的批复", "zhaozhigang", "请劳动关系处抓好落实，做好政策宣传。列入督办。", S.DRAFT),
)

#: Inspections and their findings: (kind, topic, units, [(finding, unit, state)])
INSPECTIONS = (
    (InspectionKind.COMPREHENSIVE, "2026年上半年重点工作任务集中督查", ("JYCJ", "YLBX", "ZYNL"), (
        ("零工市场建设进度滞后，3个街道驿站尚未选址", "JYCJ", S.HANDLING),
        ("城乡居民养老保险参保数据与公安人口数据比对未完成", "YLBX", S.EVALUATED))),
    (InspectionKind.SPECIAL, "工程建设领域欠薪治理专项督查", ("JCZD", "LDGX"), (
        ("部分在建项目未按规定设立农民工工资专用账户", "JCZD", S.HANDLING),
        ("维权信息公示牌内容不全、更新不及时", "JCZD", S.CLOSED))),
)

OTHER = (
    Spec("落实局长办公会议定事项：优化人社窗口综合受理", "ZCFG", S.HANDLING, due=18, assisting=("RSC",), reports=1),
    Spec("落实局长办公会议定事项：年底前完成档案数字化一期", "RSC", S.DRAFT, due=60),
    Spec("落实局长办公会议定事项：编制人社事业发展“十五五”规划", "ZCFG", S.SIGNED, due=65),
)


def _u(name: str) -> User:
    return User.objects.get(username=name)


def _unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def _leader_for(unit: OrgUnit) -> User | None:
    from office import org

    return org.leader_in_charge(unit)


def _data(spec: Spec, **extra) -> ItemData:
    lead = _unit(spec.lead)
    values = {
        "title": spec.title, "requirement": f"{spec.title}，按期报送进展和办结报告。", "lead_unit": lead,
        "assisting_units": [_unit(c) for c in spec.assisting], "responsible_leader": _leader_for(lead),
        "due_on": timezone.localdate() + dt.timedelta(days=120), "report_cycle": ReportCycle.MONTHLY,
        "secret_level": spec.level,
    }
    values.update(extra)
    return ItemData(**values)


def _walk(item: SupervisedItem, spec: Spec) -> SupervisedItem:
    officer = _u(OFFICER)
    target = spec.state
    if target == S.DRAFT:
        return item
    item = services.item_assign(actor=officer, item=item, opinion="请按要求抓好落实，按期报送进展。")
    if target == S.ASSIGNED:
        return item
    if target == S.CANCELLED:
        return services.item_cancel(actor=officer, item=item, reason="该事项已并入其他督办事项办理。")
    head = item.lead_unit.head
    if target == S.ADJUSTING:
        return services.item_request_adjust(actor=head, item=item, reason="该事项主要涉及技工院校管理，建议由职建处与教育部门协调牵头。")
    item = services.item_sign(actor=head, item=item)
    for part in item.parts.select_related("unit__head"):
        contact = User.objects.filter(unit=part.unit, role="staff").order_by("id").first()
        services.part_sign(actor=part.unit.head, item=item, contact=contact)
    if target == S.SIGNED:
        return item
    handler = User.objects.filter(unit=item.lead_unit, role="staff", clearance__gte=item.secret_level).order_by("id").first()
    item = services.item_name_handler(actor=head, item=item, handler=handler)
    for n in range(spec.reports):
        progress.report_submit(actor=handler, item=item, percent=min(30 * (n + 1), 90),
                               text=f"第{n + 1}阶段工作已按计划推进，已召开专题会研究部署，正在抓好落实。")
    for part in item.parts.filter(state="signed").select_related("contact"):
        progress.part_report_submit(actor=part.contact, item=item, percent=50, text="本处室承担部分已完成资料收集和分析。")
    if spec.extension:
        progress.extension_request(actor=handler, item=item, new_due_on=item.due_on + dt.timedelta(days=30),
                                   reason="涉及多个部门协调，需延长时限以确保质量。")
        if spec.extension == "approved":
            _approve_all(item)
        elif spec.extension == "refused":
            progress.extension_refuse(actor=officer, item=item, reason="时限已充分考虑工作量，请加快推进。")
    if target == S.HANDLING:
        return item
    item = progress.item_complete(actor=handler, item=item, report="各项任务已全部完成，达到预期目标。详见办结报告附件。")
    if target == S.REPORTED:
        return item
    item = services.item_review(actor=officer, item=item, opinion="办结报告内容完整，审核通过。")
    if target == S.REPORTING_BACK:
        return item
    if item.state == S.REPORTING_BACK:
        item = services.item_acknowledge(actor=item.instructing_leader, item=item, text="阅，同意办结。")
    if target == S.ACCEPTED:
        return item
    item = services.item_close(actor=officer, item=item)
    if target == S.CLOSED:
        return item
    services.item_evaluate(actor=officer, item=item, rating=spec.rating, comment="按要求完成任务，成效明显。")
    return item


def _approve_all(item: SupervisedItem) -> None:
    from office.workflow.assignments import round_rows
    from supervision.items.permissions import EXTENSION

    for row in round_rows(item, EXTENSION):
        actor = row.user or _u(OFFICER)
        progress.extension_approve(actor=actor, item=SupervisedItem.objects.get(pk=item.pk), text="同意延期。")


def _age(item: SupervisedItem, spec: Spec) -> None:
    """Move the item's dates so that its limit falls ``spec.due`` days from today (demo only)."""
    item = SupervisedItem.objects.get(pk=item.pk)
    today = timezone.localdate()
    due = today + dt.timedelta(days=spec.due)
    shift = due - item.due_on
    item.due_on, item.original_due_on = due, item.original_due_on + shift
    fields = ["due_on", "original_due_on"]
    if item.completed_on is not None:
        item.completed_on = due + dt.timedelta(days=4) if spec.late else min(today, due - dt.timedelta(days=3))
        fields.append("completed_on")
    if item.next_report_on is not None or spec.report_in is not None:
        item.next_report_on = today + dt.timedelta(days=spec.report_in if spec.report_in is not None else 14)
        if item.next_report_on >= item.due_on:
            item.next_report_on = None
        fields.append("next_report_on")
        if spec.report_in is not None and spec.report_in < 0:
            item.missed_reports += 1
            fields.append("missed_reports")
    for m in item.milestones.all():
        m.due_on += shift
        m.save(update_fields=["due_on"])
    item._change_reason = "演示数据"
    item.save(update_fields=fields)
    if item.state in (S.ASSIGNED, S.ADJUSTING, S.SIGNED, S.HANDLING):
        common.deadlines_set(item)
    common.link_sync(item)


def _make(spec: Spec, data: ItemData) -> None:
    officer = _u(OFFICER)
    item = services.item_create(actor=officer, data=data)
    _walk(item, spec)
    _age(item, spec)


def load() -> int:
    """Create the demo items not there yet (matched by title); returns how many."""
    from supervision.bulletins import demo as bulletins_demo
    from supervision.inspections import services as inspections
    from supervision.plans import services as plans

    have = set(SupervisedItem.objects.values_list("title", flat=True))
    officer = _u(OFFICER)
    before = len(have)
    plan = plans.plan_get_or_create(actor=officer, year=timezone.localdate().year)
    for title, lead, specs in PLAN:
        task = plan.tasks.filter(title=title).first() or plans.key_task_add(
            actor=officer, plan=plan, title=title, lead_unit=_unit(lead), responsible_leader=_leader_for(_unit(lead)))
        for spec in specs:
            if spec.title not in have:
                _make(spec, _data(spec, source_kind=SourceKind.PLAN, key_task=task, report_cycle=ReportCycle.MONTHLY,
                                  milestones=[("完成方案制定", timezone.localdate() + dt.timedelta(days=20))],
                                  source_label=f"{plan.title}：{task.number}. {task.title}"))
    for leader, text, spec in INSTRUCTIONS:
        if spec.title in have:
            continue
        item = sources.instruction_register(
            actor=officer, leader=_u(leader), text=text, given_on=timezone.localdate() - dt.timedelta(days=3),
            subject=spec.title, lead_unit=_unit(spec.lead), assisting_units=[_unit(c) for c in spec.assisting],
            due_on=timezone.localdate() + dt.timedelta(days=120), responsible_leader=_leader_for(_unit(spec.lead)),
        )
        _walk(item, spec)
        _age(item, spec)
    _on_incoming()
    for kind, topic, units, findings in INSPECTIONS:
        if any(f"整改：{text}" in have for text, _c, _s in findings):
            continue
        today = timezone.localdate()
        inspection = inspections.inspection_create(
            actor=officer, kind=kind, topic=topic, team_leader=_u("liuxiaodong"), members=[officer, _u("wujing")],
            starts_on=today - dt.timedelta(days=20), ends_on=today - dt.timedelta(days=10),
            scope_units=[_unit(c) for c in units], method="听取汇报、查阅资料、实地检查、随机抽查",
        )
        for text, code, state in findings:
            finding = inspections.finding_record(actor=officer, inspection=inspection, description=text,
                                                 unit=_unit(code), requirement=f"针对“{text}”的问题限期整改到位。",
                                                 due_on=today + dt.timedelta(days=60))
            item = inspections.finding_rectify(actor=officer, finding=finding, responsible_leader=_leader_for(_unit(code)))
            spec = Spec(item.title, code, state, due=-6 if state in (S.CLOSED, S.EVALUATED) else 25)
            _walk(item, spec)
            _age(item, spec)
    for spec in OTHER:
        if spec.title not in have:
            _make(spec, _data(spec, source_kind=SourceKind.OTHER, source_label="局长办公会议纪要（2026年第8次）"))
    bulletins_demo.load()  # the inspections' reports and the 督查通报 (supext)
    return SupervisedItem.objects.count() - before


def _on_incoming() -> None:
    """批示 on the demo's 收文 marked 转督办: what ``instruction.supervise`` does, for documents already past 批办."""
    from documents.incoming import selectors as incoming

    office = _u("liuxiaodong")
    for title, leader, text, state in ON_INCOMING:
        document = incoming.incoming_list(user=office, box=incoming.BOX_BY_KEY["all"]).filter(title=title).first()
        if document is None:
            continue
        units = [document.lead_unit, *document.assisting_units.all()] if document.lead_unit_id else []
        item = sources.item_open_from_instruction(source=document, leader=_u(leader), actor=_u(leader), text=text,
                                                  units=units, due=None)
        if item is not None:
            spec = Spec(item.title, item.lead_unit.code, state, due=14 if state != S.HANDLING else -2, reports=1)
            _walk(item, spec)
            _age(item, spec)
