"""Kinds and states of 督查督办."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemState(models.TextChoices):
    DRAFT = "draft", _("待交办")
    ASSIGNED = "assigned", _("待签收")
    ADJUSTING = "adjusting", _("申请调整")
    SIGNED = "signed", _("待指派")
    HANDLING = "handling", _("办理中")
    REPORTED = "reported", _("待审核")
    REPORTING_BACK = "reporting_back", _("待报结")
    ACCEPTED = "accepted", _("待销号")
    CLOSED = "closed", _("已销号")
    EVALUATED = "evaluated", _("已评价")
    CANCELLED = "cancelled", _("已撤销")


#: The item is still being worked on: it has lights and reminders.
OPEN_STATES = (
    ItemState.ASSIGNED, ItemState.ADJUSTING, ItemState.SIGNED, ItemState.HANDLING, ItemState.REPORTED,
    ItemState.REPORTING_BACK, ItemState.ACCEPTED,
)
#: The item's 办结报告 is in (whatever the office does next): 办结 for the figures.
FINISHED_STATES = (ItemState.CLOSED, ItemState.EVALUATED)


class SourceKind(models.TextChoices):
    INSTRUCTION = "instruction", _("领导批办件")
    INCOMING = "incoming", _("收文批示")
    PLAN = "plan", _("年度工作要点")
    FINDING = "finding", _("督查发现问题")
    DECISION = "decision", _("会议议定事项")
    INFORMATION = "information", _("政务信息批示")
    OTHER = "other", _("其他")


class Importance(models.TextChoices):
    KEY = "key", _("重点督办")
    NORMAL = "normal", _("一般督办")


class ReportCycle(models.TextChoices):
    WEEKLY = "weekly", _("每周")
    HALF_MONTH = "half_month", _("每半月")
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    ONCE = "once", _("办结时一次")


class PartState(models.TextChoices):
    PENDING = "pending", _("待签收")
    SIGNED = "signed", _("已签收")


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("审批中")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")
    WITHDRAWN = "withdrawn", _("已撤回")


class Timeliness(models.TextChoices):
    """按期 — one definition: :mod:`supervision.ontime`."""

    ON_TIME = "on_time", _("按期办结")
    EXTENDED_ON_TIME = "extended_on_time", _("延期后按期")
    LATE = "late", _("逾期办结")


class Rating(models.TextChoices):
    GOOD = "good", _("好")
    FAIRLY_GOOD = "fairly_good", _("较好")
    AVERAGE = "average", _("一般")
    POOR = "poor", _("差")


class Light(models.TextChoices):
    GREEN = "green", _("正常")
    YELLOW = "yellow", _("临期")
    RED = "red", _("逾期")


class InspectionKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("集中督查")
    SPECIAL = "special", _("专项督查")


class InspectionState(models.TextChoices):
    PLANNED = "planned", _("计划中")
    ONGOING = "ongoing", _("督查中")
    REPORTED = "reported", _("已形成报告")
    CLOSED = "closed", _("已结束")


class FindingState(models.TextChoices):
    OPEN = "open", _("待整改")
    RECTIFYING = "rectifying", _("整改中")
    RECTIFIED = "rectified", _("已整改")


class BulletinPeriod(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")
    YEAR = "year", _("年度")


class BulletinState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SENT = "sent", _("已转发文")


class ImportState(models.TextChoices):
    """A 年度工作要点 sheet checked (and saved) by a background job."""

    QUEUED = "queued", _("排队等待检查")
    CHECKING = "checking", _("正在检查")
    INVALID = "invalid", _("有错误，未导入")
    VALID = "valid", _("检查通过，待确认")
    IMPORTING = "importing", _("正在导入")
    IMPORTED = "imported", _("已导入")
