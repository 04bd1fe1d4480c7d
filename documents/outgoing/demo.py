"""Demo 发文 in every state, walked through the real services (loaded with the 收文 demo)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from documents.choices import Direction, DocType, LayoutForm, OutgoingState, Retention, Urgency
from documents.common.demo import create_missing
from documents.models import OutgoingDocument
from documents.outgoing import issue
from documents.outgoing import services as svc
from office.choices import Clearance
from office.models import IssuingPrefix, OrgUnit, User
from office.workflow.choices import Duty
from office.workflow.duties import duty_grant

O = OutgoingState
LINE = [O.DRAFTING, O.DEPT_REVIEW, O.OFFICE_REVIEW, O.COUNTERSIGNING, O.SIGNING, O.RECHECKING, O.NUMBERING,
        O.ISSUING, O.ISSUED, O.ARCHIVED]
ORGAN = "江城市人力资源和社会保障局"


@dataclass(frozen=True)
class DemoDraft:
    title: str
    drafter: str
    target: str
    doc_type: str = DocType.CIRCULAR
    direction: str = Direction.DOWN
    form: str = LayoutForm.FILE
    prefix: str = "人社发"
    main: str = "各区县人力资源和社会保障局、局属各单位"
    cc: str = ""
    body: str = ""
    attachments: tuple[str, ...] = ()
    level: int = Clearance.PUBLIC
    urgency: int = Urgency.NORMAL
    important: bool = False
    countersign: tuple[str, ...] = ()
    #: Countersigning units that have already agreed (the rest stay pending).
    agreed: tuple[str, ...] = ()
    signer: str | None = None
    internal: tuple[str, ...] = ()
    returned: str = ""
    revision: str = ""
    cancelled: str = ""


def _body(*paragraphs: str) -> str:
    return "\n".join(paragraphs)


DRAFTS: tuple[DemoDraft, ...] = (
    DemoDraft(
        f"{ORGAN}关于印发《江城市人力资源市场管理办法》的通知", "qianli", O.DRAFTING,
        body=_body(
            "为规范人力资源市场活动，促进人力资源合理流动和优化配置，根据《人力资源市场暂行条例》等有关规定，"
            "我局制定了《江城市人力资源市场管理办法》，现印发给你们，请认真贯彻执行。",
            "执行中遇到的问题，请及时向市人社局政策法规处反映。",
        ),
        attachments=("江城市人力资源市场管理办法",),
        revision="根据法规处讨论意见，补充执行中问题反馈渠道。",
    ),
    DemoDraft(
        "关于开展2026年度就业援助月活动的通知", "zhengyan", O.DRAFTING,
        body=_body("为帮助就业困难人员和零就业家庭成员实现就业，决定于2027年1月至2月开展就业援助月活动。",
                   "一、活动主题", "就业援助暖人心，真情服务促就业。",
                   "二、工作要求", "各地要精心组织，确保活动取得实效。"),
        returned="标题缺少发文机关名称；请补充活动时间安排表作为附件。",
    ),
    DemoDraft(
        f"{ORGAN}关于举办2026年江城市高层次人才洽谈会的通知", "chenhao", O.DEPT_REVIEW,
        body=_body("为深入实施人才强市战略，定于2026年12月18日在江城国际会展中心举办高层次人才洽谈会。",
                   "请各单位于12月10日前报送参会岗位需求。"),
    ),
    DemoDraft(
        f"{ORGAN}关于调整城乡居民基础养老金标准的请示", "youmin", O.OFFICE_REVIEW,
        doc_type=DocType.REQUEST, direction=Direction.UP, prefix="人社呈", main="江城市人民政府",
        body=_body("根据省人力资源和社会保障厅、省财政厅有关通知精神，结合我市实际，拟自2027年1月1日起将城乡居民"
                   "基础养老金最低标准由每人每月183元提高至198元。",
                   "所需资金由市、区两级财政按现行体制分担，测算情况见附件。",
                   "妥否，请批示。"),
        attachments=("城乡居民基础养老金调整资金测算表",), urgency=Urgency.URGENT,
    ),
    DemoDraft(
        f"{ORGAN}关于做好2027年元旦春节期间根治欠薪工作的通知", "kongliang", O.COUNTERSIGNING,
        body=_body("元旦、春节临近，为切实保障农民工工资按时足额支付，现就有关工作通知如下。",
                   "一、全面排查欠薪隐患", "（一）在建工程项目逐一排查。", "（二）重点行业企业全面覆盖。",
                   "二、畅通维权渠道", "各地要公布举报投诉电话，做到有诉必接、有案必查。"),
        countersign=("JCZD", "GSBX"), agreed=("GSBX",), cc="市住房和城乡建设局、市交通运输局",
    ),
    DemoDraft(
        f"{ORGAN}关于公布2026年度江城市有突出贡献中青年专家名单的通知", "zhuli", O.SIGNING,
        body=_body("经单位推荐、专家评审和社会公示，确定王立新等30名同志为2026年度江城市有突出贡献中青年专家。",
                   "各单位要为专家发挥作用创造良好条件，充分调动广大专业技术人员的积极性和创造性。"),
        attachments=("2026年度江城市有突出贡献中青年专家名单",),
    ),
    DemoDraft(
        f"{ORGAN}关于2026年全市就业工作情况的报告", "wangbo", O.SIGNING,
        doc_type=DocType.REPORT, direction=Direction.UP, prefix="人社呈", main="江城市人民政府",
        body=_body("2026年，在市委、市政府的坚强领导下，全市城镇新增就业5.2万人，城镇调查失业率控制在5.5%以内。",
                   "一、主要工作", "（一）稳岗扩岗政策落地见效。", "（二）重点群体就业总体稳定。",
                   "二、存在的问题", "结构性就业矛盾依然突出。",
                   "三、下一步工作", "持续抓好高校毕业生等重点群体就业。", "特此报告。"),
    ),
    DemoDraft(
        f"{ORGAN}关于开展2026年度专业技术人员继续教育的通知", "yangfan", O.RECHECKING,
        body=_body("根据《专业技术人员继续教育规定》，现就做好2026年度专业技术人员继续教育工作通知如下。",
                   "一、专业技术人员每年参加继续教育时间累计不少于90学时。",
                   "二、各单位要将继续教育情况作为专业技术人员考核、职称评审的重要依据。"),
    ),
    DemoDraft(
        f"{ORGAN}关于商请支持开展人才交流合作的函", "taoran", O.NUMBERING,
        doc_type=DocType.LETTER, direction=Direction.LEVEL, form=LayoutForm.LETTER, prefix="人社函",
        main="长沙市人力资源和社会保障局",
        body=_body("为深化两市人才工作交流合作，我局拟于2027年上半年组织人才工作考察团赴贵局学习交流。",
                   "恳请贵局给予支持，具体事宜由双方人事处对接。", "特此函商。"),
        important=False,
    ),
    DemoDraft(
        f"{ORGAN}关于工伤保险基金专项审计发现问题整改的通知", "lvping", O.ISSUING,
        level=Clearance.SECRET, main="各区县人力资源和社会保障局",
        body=_body("市审计局对2025年度全市工伤保险基金开展了专项审计，发现部分地区存在违规支付等问题。",
                   "请各地对照问题清单逐项整改，于2027年1月15日前报送整改情况。"),
        attachments=("工伤保险基金专项审计问题清单",), internal=("GSBX", "JCZD"),
    ),
    DemoDraft(
        f"{ORGAN}关于进一步做好高校毕业生就业服务工作的通知", "zhengyan", O.ISSUED,
        cc="市教育局、共青团江城市委",
        body=_body("为做好2026届高校毕业生就业服务工作，现就有关事项通知如下。",
                   "一、拓宽就业渠道", "（一）挖掘企业岗位资源。", "（二）稳定公共部门岗位规模。",
                   "二、强化服务保障", "各地要加强部门协同，确保政策落实到位。"),
        attachments=("2026年高校毕业生就业服务活动安排表", "就业见习补贴申领流程"),
        countersign=("RCKF",), agreed=("RCKF",), internal=("JYCJ", "RCKF"),
    ),
    DemoDraft(
        f"{ORGAN}关于劳动保障监察专项检查情况的通报", "huajian", O.ISSUED,
        doc_type=DocType.BULLETIN, level=Clearance.SECRET, main="各区县人力资源和社会保障局",
        body=_body("2026年10月，我局组织开展了劳动保障监察专项检查，现将有关情况通报如下。",
                   "一、基本情况", "共检查用人单位312户，涉及劳动者2.6万人。",
                   "二、存在问题", "部分企业未依法签订劳动合同。",
                   "三、工作要求", "各地要举一反三，建立健全长效机制。"),
        internal=("JCZD", "LDGX"), urgency=Urgency.URGENT,
    ),
    DemoDraft(
        "2026年第12次局长办公会议纪要", "zhouting", O.ISSUED,
        doc_type=DocType.MINUTES, form=LayoutForm.MINUTES, prefix="人社办发", main="局领导、各处室",
        body=_body("2026年11月16日，王建国局长主持召开2026年第12次局长办公会议，研究了年度重点工作推进情况。现纪要如下。",
                   "一、关于年底前重点工作",
                   "会议要求，各处室对照年度目标任务逐项梳理，确保12月20日前全面完成。",
                   "二、关于机关文书档案归档", "会议要求，办公室牵头，年底前完成2026年度文书档案整理归档。"),
        internal=("ZCFG", "JYCJ"),
    ),
    DemoDraft(
        f"{ORGAN}关于2026年第三季度劳动人事争议调解仲裁情况的通报", "caohui", O.ARCHIVED,
        doc_type=DocType.BULLETIN,
        body=_body("2026年第三季度，全市各级劳动人事争议仲裁机构共受理案件1268件，结案率95.3%。",
                   "各地要继续加强调解工作，把矛盾纠纷化解在基层。"),
        internal=("LDGX",),
    ),
    DemoDraft(
        f"{ORGAN}关于召开全市人社系统年终工作座谈会的通知", "chudan", O.DRAFTING,
        body=_body("定于2026年12月28日召开全市人社系统年终工作座谈会。"),
        cancelled="会议改由市政府统一安排，本通知不再印发。",
    ),
)


def _user(username: str) -> User:
    return User.objects.select_related("unit").get(username=username)


def _attachment_pdf(name: str) -> SimpleUploadedFile:
    """A one-page PDF standing in for an attachment (named as the 附件说明 names it)."""
    from reportlab.pdfgen import canvas

    from documents.layout.fonts import register_font

    buffer = io.BytesIO()
    font = register_font()
    pdf = canvas.Canvas(buffer, initialFontName=font)  # no unembedded Helvetica
    pdf.setFont(font, 16)
    pdf.drawString(72, 760, name)
    pdf.showPage()
    pdf.save()
    return SimpleUploadedFile(f"{name}.pdf", buffer.getvalue(), content_type="application/pdf")


def _walk(spec: DemoDraft) -> OutgoingDocument:
    from documents.files.services import attachment_add

    drafter = _user(spec.drafter)
    units = {u.code: u for u in OrgUnit.objects.all()}
    data = svc.DraftData(
        doc_type=spec.doc_type, direction=spec.direction, form=spec.form,
        prefix=IssuingPrefix.objects.get(code=spec.prefix), title=spec.title, body=spec.body,
        main_recipients=spec.main, cc_recipients=spec.cc, attachment_notes="\n".join(spec.attachments),
        secret_level=spec.level, secrecy_period="1年" if spec.level >= Clearance.SECRET else "",
        urgency=spec.urgency, is_important=spec.important, with_seal=spec.doc_type != DocType.MINUTES,
        note=f"联系人：{drafter.full_name}，电话：{drafter.phone}" if drafter.phone else "",
    )
    doc = svc.outgoing_create(actor=drafter, data=data)
    for name in spec.attachments:
        attachment_add(actor=drafter, document=doc, upload=_attachment_pdf(name))
    if spec.revision:
        svc.outgoing_update(actor=drafter, document=doc, data=svc.DraftData(**{
            **data.__dict__, "body": doc.body + "\n本办法自2027年1月1日起施行。", "version_note": spec.revision}))
    if spec.cancelled:
        return svc.outgoing_discard(actor=drafter, document=doc, reason=spec.cancelled)
    if spec.target == O.DRAFTING and not spec.returned:
        return doc
    doc = svc.outgoing_submit(actor=drafter, document=doc)
    if spec.target == O.DEPT_REVIEW:
        return doc
    head = drafter.unit.head
    if spec.returned:
        return svc.outgoing_return(actor=head, document=doc, reason=spec.returned)
    doc = svc.outgoing_dept_approve(actor=head, document=doc, opinion="同意，请办公室核稿。")
    if spec.target == O.OFFICE_REVIEW:
        return doc
    office = _user("zhouting")  # 文书: 复核, 编号, 印发, 归档 (the demo's drafts are at most 秘密)
    signer = _user(spec.signer) if spec.signer else svc.default_signer(doc)
    doc = svc.outgoing_office_check(
        actor=_user("liuxiaodong"),  # 主任: 核稿
        document=doc, signer=signer, countersign_units=[units[c] for c in spec.countersign],
        opinion="格式、行文规则审核无误。",
    )
    for code in spec.agreed:
        svc.outgoing_countersign(actor=units[code].head, document=doc, agree=True, opinion="同意。")
    doc = OutgoingDocument.objects.get(pk=doc.pk)
    if spec.target in (O.COUNTERSIGNING, O.SIGNING):
        return doc
    doc = svc.outgoing_sign(actor=doc.signer, document=doc, opinion="同意印发。")
    if spec.target == O.RECHECKING:
        return doc
    doc = svc.outgoing_recheck(actor=office, document=doc, opinion="与签发稿一致。")
    if spec.target == O.NUMBERING:
        return doc
    doc = svc.outgoing_number(actor=office, document=doc)
    if spec.target == O.ISSUING:
        return doc
    copies = len(doc.main_list) + len(doc.cc_list) + len(spec.internal) + 2
    doc = issue.outgoing_issue(actor=office, document=doc, copies=copies,
                                        internal_units=[units[c] for c in spec.internal])
    if spec.target == O.ISSUED:
        return doc
    return svc.outgoing_archive(actor=office, document=doc, retention=Retention.YEARS_30)


#: Who holds the office duties 发文 goes by (office.demo grants them too; granting twice changes nothing).
OFFICE_DUTIES = (("zhouting", Duty.CLERK), ("liuxiaodong", Duty.DIRECTOR))


def office_duties() -> None:
    for username, duty in OFFICE_DUTIES:
        user = User.objects.filter(username=username).first()
        if user is not None:
            duty_grant(actor=None, user=user, duty=duty)


def load() -> int:
    """Create the demo drafts that are not there yet (matched by title); returns how many."""
    office_duties()
    return create_missing(DRAFTS, OutgoingDocument, _walk)
