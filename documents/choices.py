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


class RoutingState(models.TextChoices):
    PENDING = "pending", _("待批示")
    DONE = "done", _("已批示")
