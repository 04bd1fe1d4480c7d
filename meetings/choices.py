"""Kinds and states of 办会."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BookingState(models.TextChoices):
    PENDING = "pending", _("待审批")
    CONFIRMED = "confirmed", _("已预订")
    REJECTED = "rejected", _("未批准")
    CANCELLED = "cancelled", _("已取消")


#: A booking in these states holds its room (the exclusion constraint's condition).
HOLDING_STATES = (BookingState.PENDING, BookingState.CONFIRMED)


class QuorumRule(models.TextChoices):
    """Who must be present for the meeting to decide (《中国共产党党组工作条例》 for 党组会议)."""

    HALF = "half", _("应到人数过半")
    NONE = "none", _("不设")


class MeetingState(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    COLLECTING = "collecting", _("征集议题")
    AGENDA_REVIEW = "agenda_review", _("议程待审定")
    AGENDA_APPROVED = "agenda_approved", _("议程已审定")
    NOTIFIED = "notified", _("已通知")
    HELD = "held", _("已召开")
    MINUTES = "minutes", _("纪要办理中")
    CLOSED = "closed", _("已办结")
    CANCELLED = "cancelled", _("已取消")


class AttendeeRole(models.TextChoices):
    PRESENT = "present", _("出席")
    SITTING_IN = "sitting_in", _("列席")


class Answer(models.TextChoices):
    PENDING = "pending", _("未答复")
    ACCEPTED = "accepted", _("确认参加")
    LEAVE = "leave", _("请假")


class Presence(models.TextChoices):
    UNKNOWN = "unknown", _("未签到")
    PRESENT = "present", _("已签到")
    LATE = "late", _("迟到")
    ABSENT = "absent", _("缺席")


class AgendaState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    LEADER_REVIEW = "leader_review", _("待分管领导审核")
    OFFICE_REVIEW = "office_review", _("待办公室审核")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已列入议程")
    APPROVED = "approved", _("已审定上会")
    DISCUSSED = "discussed", _("已上会")
    CARRIED = "carried", _("顺延下次会议")
    WITHDRAWN = "withdrawn", _("已撤回")


class MinutesState(models.TextChoices):
    DRAFT = "draft", _("起草中")
    IN_PIPELINE = "in_pipeline", _("发文办理中")
    ISSUED = "issued", _("已印发")
