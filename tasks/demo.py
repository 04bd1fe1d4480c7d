"""办事's demo, loaded by ``load_demo`` (:mod:`office.demo` calls each app's ``demo.load``).

The approval rules (confirmed by the 办公室主任), the 工作餐 standard, the seals and this year's
budget lines; then requests walked through the real services to their states: the provincial
人社厅 inspection team received with its 公函 and 接待清单 and paid; expenditures across budget
lines (paid, pending, returned, one blocked over budget); the 用印登记簿; two archived documents
out on loan, one overdue; vehicles, drivers and a busy week of 用车 (:mod:`tasks.vehicles.demo`). Dates of the overdue loan are moved back afterwards (demo only).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from office.deadlines import deadline_move
from office.models import Deadline, OrgUnit, User
from tasks import demo_year
from tasks.choices import FileCategory, LineCategory, LoanForm, PayMethod
from tasks.expenses import services as expenses
from tasks.loans import services as loans
from tasks.models import AffairRequest, BudgetLine, DecisionThreshold, Loan, ReceptionStandard, Seal
from tasks.reception import services as reception
from tasks.requests import services as engine
from tasks.rules import install_default_rules, install_unit_rules
from tasks.seals import services as seals

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
INSPECTION = "接待省人力资源和社会保障厅就业工作督查组"

SEALS = (("admin", "局行政公章", 1), ("party", "局党组印章", 2), ("steel", "钢印", 3), ("legal", "法定代表人名章", 4))
#: (code, name, budget, unit code or None)
BUDGET = (
    ("30201", "办公费", "180000", None),
    ("30211", "差旅费", "120000", None),
    ("30216", "培训费", "80000", "RSC"),
    ("30217", "公务接待费", "30000", None),
    ("30227", "委托业务费", "300000", "JYCJ"),
    ("30213", "维修（护）费", "6000", None),
)


def _u(username: str) -> User:
    return User.objects.select_related("unit").get(username=username)


def _file(obj, actor, category, name):
    engine.request_file_add(
        actor=actor,
        request_obj=obj,
        category=category,
        upload=SimpleUploadedFile(name, PDF, content_type="application/pdf"),
    )


def _approve(obj, *names):
    for name in names:
        obj = engine.request_approve(actor=_u(name), request_obj=obj, text="同意。")
    return obj


def _setup() -> dict:
    director = _u("liuxiaodong")
    install_default_rules(director=director)
    install_unit_rules(director=director, units={u.code: u for u in OrgUnit.objects.all()})
    if not ReceptionStandard.objects.exists():
        ReceptionStandard.objects.create(
            effective_from=dt.date(2020, 1, 1),
            meal_per_person=Decimal("120"),
            note="市级机关公务接待管理办法：工作餐标准每人每餐不超过120元",
        )
    if not DecisionThreshold.objects.exists():
        DecisionThreshold.objects.create(
            effective_from=dt.date(2020, 1, 1),
            amount=Decimal("50000"),
            meeting_kind="dzh",
            note="局党组“三重一大”事项集体决策实施办法：5万元（含）以上大额资金使用须经党组会议集体研究",
        )
    for code, name, order in SEALS:
        Seal.objects.get_or_create(code=code, defaults={"name": name, "keeper": _u("zhouting"), "sort_order": order})
    year = timezone.localdate().year
    units = {u.code: u for u in OrgUnit.objects.all()}
    lines = {}
    for code, name, amount, unit in BUDGET:
        lines[code] = BudgetLine.objects.filter(year=year, code=code).first() or expenses.budget_line_save(
            actor=None, year=year, code=code, name=name, amount=Decimal(amount), unit=units.get(unit)
        )
    for code, name, amount, unit in BUDGET:  # last year's lines: the past twelve months reach back into it
        if not BudgetLine.objects.filter(year=year - 1, code=code).exists():
            last = Decimal(amount) * Decimal("0.95") if code != "30201" else Decimal("170000")
            expenses.budget_line_save(actor=None, year=year - 1, code=code, name=name, amount=last, unit=units.get(unit))
    return lines


def _receptions() -> None:
    today = timezone.localdate()
    zhengyan = _u("zhengyan")
    # The provincial inspection team: 公函, approval, 接待清单, paid by 公务卡.
    data = reception.ReceptionData(
        title=INSPECTION,
        visitor_organ="省人力资源和社会保障厅",
        visitor_names="刘志强（省人社厅就业促进处处长）、陈静（二级调研员）、王磊、赵敏、孙伟、周洋",
        visitor_rank="处级",
        visitors=6,
        companions=2,
        activity="督查我市2026年稳就业工作和高校毕业生就业服务专项行动落实情况",
        starts_on=today - dt.timedelta(days=9),
        ends_on=today - dt.timedelta(days=8),
        places="局机关三楼会议室、市人力资源市场、江城高新区零工驿站",
        meals=2,
        meal_cost=Decimal("1600"),
        amount=Decimal("2600"),
        pay_method=PayMethod.CARD,
    )
    obj = reception.reception_create(actor=zhengyan, data=data)
    _file(obj, zhengyan, FileCategory.LETTER, "省人社厅关于开展稳就业工作督查的函.pdf")
    engine.request_submit(actor=zhengyan, request_obj=obj)
    obj = _approve(obj, "wuguoqiang", "liuxiaodong")
    first, second = data.starts_on, data.ends_on
    lines = [
        reception.LineData(LineCategory.MEAL, "工作餐（午餐，机关食堂）", first, "局机关食堂", Decimal("760"), 8),
        reception.LineData(LineCategory.MEAL, "工作餐（午餐，机关食堂）", second, "局机关食堂", Decimal("720"), 8),
        reception.LineData(
            LineCategory.TRANSPORT, "实地督查用车（公务用车平台）", first, "市人力资源市场", Decimal("380"), 0
        ),
        reception.LineData(LineCategory.MATERIALS, "汇报材料印制", first, "局机关", Decimal("260"), 0),
    ]
    reception.reception_list_fill(actor=zhengyan, request_obj=obj, lines=lines)
    reception.reception_pay(actor=_u("zhouting"), request_obj=obj)

    # Pending at the leader in charge (3000 元 and above), at the director, approved but no list yet, a draft.
    def plan(title, organ, visitors, companions, amount, days, requester):
        actor = _u(requester)
        return reception.reception_create(
            actor=actor,
            data=reception.ReceptionData(
                title=title,
                visitor_organ=organ,
                visitor_names=f"{organ}考察组{visitors}人",
                visitor_rank="处级",
                visitors=visitors,
                companions=companions,
                activity=title,
                starts_on=today + dt.timedelta(days=days),
                ends_on=today + dt.timedelta(days=days + 1),
                places="局机关",
                meals=2,
                meal_cost=Decimal(100 * (visitors + companions) * 2),
                amount=Decimal(amount),
                pay_method=PayMethod.CARD,
            ),
        )

    big = plan("接待南州市人社局技能人才工作考察团", "南州市人力资源和社会保障局", 12, 4, "4200", 6, "jiangtao")
    _file(big, _u("jiangtao"), FileCategory.LETTER, "南州市人社局考察函.pdf")
    engine.request_submit(actor=_u("jiangtao"), request_obj=big)
    _approve(big, "weidong", "liuxiaodong")
    small = plan("接待东湖区人社局劳动关系工作交流", "东湖区人力资源和社会保障局", 4, 2, "1400", 3, "kongliang")
    _file(small, _u("kongliang"), FileCategory.LETTER, "东湖区人社局交流函.pdf")
    engine.request_submit(actor=_u("kongliang"), request_obj=small)
    _approve(small, "zhangmin")
    done = plan("接待省社保中心养老保险经办调研", "省社会保险事业管理中心", 5, 2, "1800", -2, "youmin")
    _file(done, _u("youmin"), FileCategory.LETTER, "省社保中心调研函.pdf")
    engine.request_submit(actor=_u("youmin"), request_obj=done)
    _approve(done, "qinzhiyong", "liuxiaodong")
    plan(
        "接待西江市人社局人才工作考察", "西江市人力资源和社会保障局", 8, 3, "2400", 12, "chenhao"
    )  # draft: no 公函 yet


def _collective_decision():
    """三重一大: the past 党组会议's 纪要 (drafted by the office) with the decision a large expenditure cites."""
    from meetings.convening.selectors import visible
    from meetings.minutes import services as minutes

    clerk = _u("zhouting")
    meeting = visible(user=clerk).filter(kind__code="dzh", state="held").order_by("-starts_at").first()
    if meeting is None:
        return None
    record = minutes.minutes_draft(actor=clerk, meeting=meeting)
    return minutes.decision_save(
        actor=clerk,
        minutes=record,
        text="同意实施机关视频会议系统升级改造，所需经费6.8万元在办公费中列支，由办公室按政府采购规定组织实施。",
        lead_unit=OrgUnit.objects.get(code="BGS"),
        needs_supervision=False,
    )


def _expenses(lines: dict) -> None:
    def make(requester, line, title, amount, payee, purpose, walk=(), pay=False, ret=None, decision=None):
        actor = _u(requester)
        obj = expenses.expense_create(
            actor=actor,
            data=expenses.ExpenseData(
                title=title,
                amount=Decimal(amount),
                budget_line=lines[line],
                payee=payee,
                payee_account="",
                purpose=purpose,
                pay_method=PayMethod.TRANSFER,
                decision=decision,
            ),
        )
        _file(obj, actor, FileCategory.INVOICE, "发票.pdf")
        try:
            engine.request_submit(actor=actor, request_obj=obj)
        except ValidationError:
            return obj  # blocked over budget: stays a draft, its page names the figures
        obj = _approve(obj, *walk)
        if ret:
            engine.request_return(actor=_u(ret), request_obj=obj, reason="请补充三家比价材料后重新提交。")
        if pay:
            expenses.expense_pay(actor=_u("zhouting"), request_obj=obj)
        return obj

    make(
        "wujing",
        "30201",
        "购置第三季度办公耗材",
        "4860",
        "江城市办公用品有限公司",
        "打印纸、硒鼓、文件盒",
        walk=("liuxiaodong",),
        pay=True,
    )  # 办公室: its head, then the 主任 duty (the same person)
    make(
        "taoran",
        "30216",
        "2026年机关干部政治理论培训班",
        "36800",
        "江城市委党校",
        "培训场地、教材、授课",
        walk=("weiping", "liuxiaodong", "liminghua"),
        pay=True,
    )
    make(
        "wangbo",
        "30227",
        "委托开展全市灵活就业人员状况调查（一期）",
        "48000",
        "江城大学社会调查中心",
        "调查问卷设计、入户调查、分析报告",
        walk=("wuguoqiang", "liuxiaodong"),
    )
    make("sunpeng", "30211", "赴省厅参加立法工作培训差旅费", "3200", "孙鹏", "往返高铁票、住宿", walk=())
    make(
        "qianli",
        "30201",
        "法规处档案柜购置",
        "5600",
        "江城市家具厂",
        "档案密集柜一组",
        walk=("zhoujianhua",),
        ret="liuxiaodong",
    )
    decision = _collective_decision()
    if decision is not None:  # 三重一大: cites the 党组会议's decision; at the leader in charge
        make(
            "zhouting",
            "30201",
            "机关视频会议系统升级改造",
            "68000",
            "江城市信息工程有限公司",
            "视频会议终端、音视频处理设备及安装调试（政府采购）",
            walk=("liuxiaodong",),
            decision=decision,
        )
    make(
        "shijie", "30213", "工伤处办公室空调维修", "6800", "江城市制冷设备维修部", "空调压缩机更换", walk=()
    )  # over budget


def _seals() -> None:
    clerk = _u("zhouting")
    uses = (
        (
            "qianli",
            "admin",
            "《江城市人力资源市场管理办法（征求意见稿）》征求意见函",
            "人社函〔2026〕12号",
            15,
            ("zhoujianhua", "liuxiaodong"),
            True,
        ),
        (
            "zhengyan",
            "admin",
            "2026年高校毕业生就业见习基地认定通知",
            "人社发〔2026〕21号",
            40,
            ("wuguoqiang", "liuxiaodong"),
            True,
        ),
        ("taoran", "party", "关于调整局机关党支部委员的批复", "", 3, ("weiping", "liuxiaodong", "wangjianguo"), True),
        ("chenhao", "legal", "人才引进合作协议（江城大学）", "", 4, ("fengxiaoyan", "liuxiaodong"), True),
        ("lvping", "admin", "工伤认定决定书（送达回证）", "", 6, ("hejun",), False),
    )
    for requester, code, matter, ref, copies, walk, stamp in uses:
        actor = _u(requester)
        obj = seals.seal_use_create(
            actor=actor,
            data=seals.SealData(
                title=f"用印：{matter}",
                seal=Seal.objects.get(code=code),
                matter=matter,
                document_ref=ref,
                copies=copies,
            ),
        )
        engine.request_submit(actor=actor, request_obj=obj)
        obj = _approve(obj, *walk)
        if stamp:
            seals.seal_stamp(actor=clerk, request_obj=obj)


def _loans() -> None:
    """Two archived documents out on loan (one overdue), one returned, one waiting for approval.
    Each borrower picks from his own 归档文件目录 (what the policy lets him see)."""
    from documents.archive.selectors import archive_catalogue, catalogue_entries

    clerk = _u("zhouting")
    candidates = (
        "qianli",
        "zhoujianhua",
        "chenhao",
        "fengxiaoyan",
        "zhengyan",
        "wuguoqiang",
        "youmin",
        "qinzhiyong",
        "lvping",
        "hejun",
        "huajian",
        "yanhong",
        "kongliang",
        "zhangmin",
    )
    today = timezone.localdate()
    taken: set[tuple[str, int]] = set()
    n = 0
    for requester in candidates:
        if n == 4:
            break
        actor = _u(requester)
        entries = [
            e
            for e in catalogue_entries(list(archive_catalogue(user=actor)[:10]))
            if e.secret_level <= actor.clearance and (e.kind, e.pk) not in taken
        ]
        if not entries:
            continue
        entry = entries[0]
        taken.add((entry.kind, entry.pk))
        obj = loans.loan_create(
            actor=actor,
            data=loans.LoanData(
                doc=f"{entry.kind}:{entry.pk}",
                form=LoanForm.ORIGINAL if n in (0, 1) else LoanForm.COPY,
                purpose="起草年度工作总结需查阅原文",
                due_on=today + dt.timedelta(days=10),
            ),
        )
        obj = engine.request_submit(actor=actor, request_obj=obj)
        n += 1
        if n == 4:
            continue  # waiting for approval
        from office.workflow.assignments import rows_for
        from tasks.permissions import APPROVE

        while obj.state == "pending":
            row = rows_for(obj, APPROVE).filter(state="open").first()
            approver = row.user or row.holders.order_by("id").first()
            obj = engine.request_approve(actor=approver, request_obj=obj, text="同意。")
        loans.loan_lend(actor=clerk, request_obj=obj)
        if n == 3:
            loans.loan_take_back(actor=clerk, request_obj=obj)
        if n == 1:
            _overdue(obj, days=5)


def _overdue(obj: AffairRequest, *, days: int) -> None:
    """Demo only: the loan was due ``days`` ago (its time limit follows, so the sweep reminds)."""
    loan = Loan.objects.get(request=obj)
    loan.due_on = timezone.localdate() - dt.timedelta(days=days)
    loan._change_reason = "演示数据"
    loan.save(update_fields=["due_on"])
    deadline = Deadline.objects.get(target_id=str(obj.pk), kind=loans.LOAN_DEADLINE, state="open")
    deadline_move(
        actor=None, deadline=deadline, due_at=deadline.due_at - dt.timedelta(days=days + 10), reason="演示数据"
    )
    from office import links

    links.link_update_target(target=obj, state=obj.state, due_on=loan.due_on)


def load() -> int:
    """Create the demo requests once (none there yet); returns how many."""
    if AffairRequest.objects.exists():
        return 0
    lines = _setup()
    demo_year.load(clerk=_u("zhouting"))  # the past twelve months, finished; today's requests follow
    _receptions()
    _expenses(lines)
    _seals()
    _loans()
    from tasks.vehicles import demo as vehicles

    vehicles.load()
    return AffairRequest.objects.count()
