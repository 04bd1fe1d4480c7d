"""Kinds and states of 办文."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocType(models.TextChoices):
    """The 15 kinds of 公文 (《党政机关公文处理工作条例》第八条)."""

    RESOLUTION = "resolution", pgettext_lazy("文种", "决议")
    DECISION = "decision", pgettext_lazy("文种", "决定")
    ORDER = "order", pgettext_lazy("文种", "命令（令）")
    COMMUNIQUE = "communique", pgettext_lazy("文种", "公报")
    ANNOUNCEMENT = "announcement", pgettext_lazy("文种", "公告")
    PUBLIC_NOTICE = "public_notice", pgettext_lazy("文种", "通告")
    OPINION = "opinion", pgettext_lazy("文种", "意见")
    CIRCULAR = "circular", pgettext_lazy("文种", "通知")
    BULLETIN = "bulletin", pgettext_lazy("文种", "通报")
    REPORT = "report", pgettext_lazy("文种", "报告")
    REQUEST = "request", pgettext_lazy("文种", "请示")
    REPLY = "reply", pgettext_lazy("文种", "批复")
    MOTION = "motion", pgettext_lazy("文种", "议案")
    LETTER = "letter", pgettext_lazy("文种", "函")
    MINUTES = "minutes", pgettext_lazy("文种", "纪要")


class Urgency(models.IntegerChoices):
    NORMAL = 0, _("普通")
    URGENT = 1, _("加急")
    EXTRA_URGENT = 2, _("特急")


class Retention(models.TextChoices):
    """保管期限 and their codes in the 档号 (DA/T 22-2015)."""

    PERMANENT = "Y", _("永久")
    YEARS_30 = "D30", _("30年")
    YEARS_10 = "D10", _("10年")


class Channel(models.TextChoices):
    EXCHANGE = "exchange", _("电子公文交换")
    COURIER = "courier", _("机要交通")
    POST = "post", _("邮寄")
    HAND = "hand", _("面交")


class IncomingState(models.TextChoices):
    ARRIVED = "arrived", _("待签收")
    SIGNED = "signed", _("待登记")
    REGISTERED = "registered", _("待初审")
    RETURNED = "returned", _("已退回")
    PROPOSING = "proposing", _("待拟办")
    INSTRUCTING = "instructing", _("待批示")
    HANDLING = "handling", _("承办中")
    CONFIRMING = "confirming", _("待确认办结")
    DONE = "done", _("已办结")
    ARCHIVED = "archived", _("已归档")
    #: 作废: a duplicate arrival (or one recorded by mistake) withdrawn before 登记.
    WITHDRAWN = "withdrawn", _("已作废")


class RoutingState(models.TextChoices):
    PENDING = "pending", _("待批示")
    DONE = "done", _("已批示")


class Direction(models.TextChoices):
    """行文方向 (条例 第四章)."""

    UP = "up", _("上行文")
    LEVEL = "level", _("平行文")
    DOWN = "down", _("下行文")


#: The directions each 文种 may take (the first is the usual one) and when to use it (条例 第八条).
DOC_TYPE_GUIDE: dict[str, tuple[tuple[str, ...], object]] = {
    DocType.RESOLUTION: ((Direction.DOWN,), _("会议讨论通过的重大决策事项。")),
    DocType.DECISION: ((Direction.DOWN,), _("对重要事项作出决策和部署、奖惩有关单位和人员、变更或者撤销下级机关不适当的决定事项。")),
    DocType.ORDER: ((Direction.DOWN,), _("公布行政法规和规章、宣布施行重大强制性措施、批准授予和晋升衔级、嘉奖有关单位和人员。")),
    DocType.COMMUNIQUE: ((Direction.DOWN,), _("公布重要决定或者重大事项。")),
    DocType.ANNOUNCEMENT: ((Direction.DOWN,), _("向国内外宣布重要事项或者法定事项；不写主送机关。")),
    DocType.PUBLIC_NOTICE: ((Direction.DOWN,), _("在一定范围内公布应当遵守或者周知的事项；不写主送机关。")),
    DocType.OPINION: ((Direction.DOWN, Direction.UP, Direction.LEVEL), _("对重要问题提出见解和处理办法；可上行、平行或下行。")),
    DocType.CIRCULAR: ((Direction.DOWN, Direction.LEVEL), _("发布、传达要求下级机关执行和有关单位周知或者执行的事项，批转、转发公文。")),
    DocType.BULLETIN: ((Direction.DOWN,), _("表彰先进、批评错误、传达重要精神和告知重要情况。")),
    DocType.REPORT: ((Direction.UP,), _("向上级机关汇报工作、反映情况，回复上级机关的询问；不得夹带请示事项。")),
    DocType.REQUEST: ((Direction.UP,), _("向上级机关请求指示、批准；一文一事，只主送一个上级机关。")),
    DocType.REPLY: ((Direction.DOWN,), _("答复下级机关请示事项。")),
    DocType.MOTION: ((Direction.UP,), _("各级人民政府按照法律程序向同级人民代表大会或者人民代表大会常务委员会提请审议事项。")),
    DocType.LETTER: ((Direction.LEVEL, Direction.UP, Direction.DOWN), _("不相隶属机关之间商洽工作、询问和答复问题、请求批准和答复审批事项。")),
    DocType.MINUTES: ((Direction.DOWN, Direction.LEVEL), _("记载会议主要情况和议定事项；不加盖印章。")),
}


class LayoutForm(models.TextChoices):
    """版式 (GB/T 9704-2012): 文件格式, 信函格式, 纪要格式."""

    FILE = "file", _("文件式")
    LETTER = "letter", _("信函式")
    MINUTES = "minutes", _("纪要式")


class Publicity(models.TextChoices):
    """公开属性."""

    ACTIVE = "active", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    NOT_PUBLIC = "not_public", _("不予公开")


class OutgoingState(models.TextChoices):
    DRAFTING = "drafting", _("起草中")
    DEPT_REVIEW = "dept_review", _("待部门审核")
    OFFICE_REVIEW = "office_review", _("待核稿")
    COUNTERSIGNING = "countersigning", _("会签中")
    SIGNING = "signing", _("待签发")
    RECHECKING = "rechecking", _("待复核")
    NUMBERING = "numbering", _("待编号")
    ISSUING = "issuing", _("待印发")
    ISSUED = "issued", _("已印发")
    ARCHIVED = "archived", _("已归档")
    CANCELLED = "cancelled", _("已作废")


class CountersignState(models.TextChoices):
    PENDING = "pending", _("待会签")
    AGREED = "agreed", _("已会签")
    RETURNED = "returned", _("退回")
    CANCELLED = "cancelled", _("已取消")


class RecipientKind(models.TextChoices):
    MAIN = "main", _("主送")
    CC = "cc", _("抄送")
    INTERNAL = "internal", _("内部分送")


class FileKind(models.TextChoices):
    DOCX = "docx", _("Word 版式文件")
    PDF = "pdf", _("PDF 版式文件")


# --- 政务信息 -----------------------------------------------------------------


class InfoCategory(models.TextChoices):
    WORK = "work", _("工作动态")
    PRACTICE = "practice", _("经验做法")
    PROBLEM = "problem", _("问题建议")
    OPINION = "opinion", _("舆情")


class InfoState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING = "pending", _("待处室审核")
    RETURNED = "returned", _("已退回")
    SUBMITTED = "submitted", _("待采编")
    ADOPTED = "adopted", _("采用")
    CONDENSED = "condensed", _("择要采用")
    REJECTED = "rejected", _("不采用")


#: An item the office has used: 采用 or 择要采用.
INFO_USED = (InfoState.ADOPTED, InfoState.CONDENSED)


class InfoRequestState(models.TextChoices):
    OPEN = "open", _("征集中")
    CLOSED = "closed", _("已结束")


class Publication(models.TextChoices):
    SPECIAL = "special", _("信息专报")
    BRIEF = "brief", _("工作简报")


class IssueState(models.TextChoices):
    DRAFT = "draft", _("编辑中")
    SENT = "sent", _("已报送")


class ScoreOutcome(models.TextChoices):
    ADOPTED = "adopted", _("采用")
    CONDENSED = "condensed", _("择要采用")
    PROVINCE = "province", _("省厅采用")
    COMMITTEE = "committee", _("市委采用")
    GOVERNMENT = "government", _("市政府采用")
    INSTRUCTION = "instruction", _("领导批示")
