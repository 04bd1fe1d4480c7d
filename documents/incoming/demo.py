"""Demo 收文 in every state, walked through the real services (loaded by ``load_demo`` through :mod:`documents.demo`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from documents.choices import Channel, DocType, IncomingState, Retention, Urgency
from documents.common.demo import create_missing
from documents.incoming import services
from documents.models import IncomingDocument
from office.choices import Clearance
from office.models import OrgUnit, User

#: The order of the main line: a demo document is walked until its target.
LINE = [
    IncomingState.ARRIVED, IncomingState.SIGNED, IncomingState.REGISTERED, IncomingState.PROPOSING,
    IncomingState.INSTRUCTING, IncomingState.HANDLING, IncomingState.CONFIRMING, IncomingState.DONE,
    IncomingState.ARCHIVED,
]


@dataclass(frozen=True)
class DemoDoc:
    title: str
    sender_org: str
    sender_ref: str
    doc_type: str
    target: str
    lead: str = "ZCFG"
    assisting: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ("liminghua", "wangjianguo")
    handler: str | None = None
    level: int = Clearance.PUBLIC
    urgency: int = Urgency.NORMAL
    workdays: int | None = 10
    channel: str = Channel.EXCHANGE
    circulate_to: tuple[str, ...] = ()
    read_by: tuple[str, ...] = field(default_factory=tuple)


DOCS: tuple[DemoDoc, ...] = (
    DemoDoc("关于做好2027年元旦春节期间有关工作的通知", "江城市人民政府办公室", "江政办发〔2026〕41号",
            DocType.CIRCULAR, IncomingState.ARRIVED, urgency=Urgency.URGENT),
    DemoDoc("关于报送2026年度人才工作目标考核材料的函", "中共江城市委组织部", "江组函〔2026〕88号",
            DocType.LETTER, IncomingState.ARRIVED, channel=Channel.COURIER),
    DemoDoc("关于开展2026年度根治欠薪冬季专项行动的通知", "省人力资源和社会保障厅", "湘人社发〔2026〕57号",
            DocType.CIRCULAR, IncomingState.SIGNED, urgency=Urgency.EXTRA_URGENT),
    DemoDoc("关于2027年度市级部门预算编制工作的通知", "江城市财政局", "江财预〔2026〕102号",
            DocType.CIRCULAR, IncomingState.REGISTERED),
    DemoDoc("关于商请提供某企业用工情况的函", "江城市市场监督管理局", "江市监函〔2026〕19号",
            DocType.LETTER, IncomingState.RETURNED),
    DemoDoc("关于进一步做好高校毕业生等青年就业创业工作的意见", "省人力资源和社会保障厅", "湘人社发〔2026〕61号",
            DocType.OPINION, IncomingState.PROPOSING, lead="JYCJ"),
    DemoDoc("关于印发《江城市技能人才评价管理办法》的请示", "江城市职业技能鉴定中心", "江鉴〔2026〕7号",
            DocType.REQUEST, IncomingState.INSTRUCTING, lead="ZYNL", leaders=("zhaozhigang", "wangjianguo")),
    DemoDoc("关于规范人力资源服务机构收费行为的请示", "江城市人力资源服务行业协会", "江人协〔2026〕9号",
            DocType.REQUEST, IncomingState.INSTRUCTING, lead="RCKF", urgency=Urgency.URGENT, workdays=5),
    DemoDoc("关于全市机关事业单位工作人员养老保险清算情况的报告", "江城市社会保险事业中心", "江社保〔2026〕23号",
            DocType.REPORT, IncomingState.INSTRUCTING, lead="YLBX", leaders=("chenxuemei", "wangjianguo"),
            level=Clearance.INTERNAL),
    DemoDoc("关于征求《江城市人力资源市场条例（草案）》意见的函", "江城市人大常委会法制工作委员会", "江人法函〔2026〕12号",
            DocType.LETTER, IncomingState.HANDLING, lead="ZCFG", assisting=("RCKF",), handler="qianli",
            circulate_to=("wangjianguo", "zhaozhigang", "chenxuemei"), read_by=("zhaozhigang",)),
    DemoDoc("关于某劳务派遣公司违法用工问题的交办函", "省人力资源和社会保障厅办公室", "湘人社办函〔2026〕33号",
            DocType.LETTER, IncomingState.HANDLING, lead="JCZD", leaders=("chenxuemei",), level=Clearance.SECRET,
            urgency=Urgency.URGENT, workdays=3),
    DemoDoc("关于做好2026年专业技术人才知识更新工程的通知", "省人力资源和社会保障厅", "湘人社发〔2026〕49号",
            DocType.CIRCULAR, IncomingState.CONFIRMING, lead="ZJRY", handler="yangfan"),
    DemoDoc("关于调整全市最低工资标准的批复", "江城市人民政府", "江政函〔2026〕76号",
            DocType.REPLY, IncomingState.DONE, lead="LDGX", leaders=("zhaozhigang",), handler="kongliang"),
    DemoDoc("关于2026年度机关干部教育培训计划的通知", "中共江城市委组织部", "江组发〔2026〕15号",
            DocType.CIRCULAR, IncomingState.ARCHIVED, lead="RSC", leaders=("liminghua",), handler="taoran"),
    DemoDoc("关于做好工伤保险基金省级统收统支工作的通知", "省人力资源和社会保障厅", "湘人社发〔2026〕22号",
            DocType.CIRCULAR, IncomingState.ARCHIVED, lead="GSBX", leaders=("chenxuemei",), handler="lvping"),
)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _walk(spec: DemoDoc) -> IncomingDocument:
    clerk, director = _user("zhouting"), _user("liuxiaodong")
    document = services.incoming_receive(
        actor=clerk if spec.level <= clerk.clearance else director, sender_org=spec.sender_org, title=spec.title,
        sender_ref=spec.sender_ref, channel=spec.channel, secret_level=spec.level, urgency=spec.urgency,
    )
    office = clerk if spec.level <= clerk.clearance else director
    target = spec.target
    if target == IncomingState.ARRIVED:
        return document
    document = services.incoming_sign(actor=office, document=document)
    if target == IncomingState.SIGNED:
        return document
    document = services.incoming_register(
        actor=office, document=document,
        data=services.Registration(
            sender_org=spec.sender_org, sender_ref=spec.sender_ref, title=spec.title, doc_type=spec.doc_type,
            secret_level=spec.level, secrecy_period="10年" if spec.level >= Clearance.SECRET else "",
            urgency=spec.urgency, copies=2 if spec.level >= Clearance.SECRET else 1,
            copy_numbers="000031-000032" if spec.level >= Clearance.SECRET else "",
            received_on=timezone.localdate(), workdays=spec.workdays,
        ),
    )
    if target == IncomingState.REGISTERED:
        return document
    if target == IncomingState.RETURNED:
        return services.incoming_return(actor=office, document=document, reason="非本机关职责范围，误投，已电话告知来文单位。")
    document = services.incoming_review(actor=office, document=document, opinion="来文要素齐全，请主任拟办。")
    if target == IncomingState.PROPOSING:
        return document
    lead = OrgUnit.objects.get(code=spec.lead)
    leaders = [_user(name) for name in spec.leaders]
    document = services.incoming_propose(
        actor=director, document=document, leaders=leaders, lead_unit=lead,
        assisting_units=[OrgUnit.objects.get(code=c) for c in spec.assisting],
        proposal=f"拟请{lead.name}牵头办理，呈{'、'.join(u.full_name + u.title for u in leaders)}阅示。",
    )
    for name in spec.circulate_to:
        services.incoming_circulate(actor=office, document=document, readers=[_user(name)])
    for name in spec.read_by:
        services.incoming_mark_read(actor=_user(name), document=document, comment="已阅。")
    if target == IncomingState.INSTRUCTING:
        if spec.lead == "YLBX":  # the deputy has instructed and passed it on to the director for 圈阅
            services.incoming_instruct(actor=leaders[0], document=document, text="拟同意，请建国局长阅示。")
        return document
    for index, leader in enumerate(leaders):
        last = index == len(leaders) - 1
        text = f"请{lead.name}抓紧研究办理，按时限报结果。" if last else "拟同意办公室意见，呈建国局长阅示。"
        document = services.incoming_instruct(actor=leader, document=document, text=text)
    if target == IncomingState.HANDLING and spec.handler is None:
        return document
    head = lead.head
    if spec.handler:
        document = services.incoming_assign(actor=head, document=document, handler=_user(spec.handler))
    for unit in document.assisting_units.all():
        if unit.head:
            services.incoming_assist(actor=unit.head, document=document, text="同意主办处室意见，人才市场部分由我处补充。")
    if target == IncomingState.HANDLING:
        return document
    handler = _user(spec.handler) if spec.handler else head
    document = services.incoming_report(
        actor=handler, document=document, result="已按要求研究办理，形成书面意见。", reply="已于本周函复来文单位。"
    )
    if target == IncomingState.CONFIRMING:
        return document
    document = services.incoming_confirm(actor=head, document=document, opinion="同意办结。")
    if target == IncomingState.DONE:
        return document
    return services.incoming_archive(actor=office, document=document, retention=Retention.YEARS_30)


def load() -> int:
    """Create the demo 收文 that are not there yet (matched by title); returns how many."""
    return create_missing(DOCS, IncomingDocument, _walk)
