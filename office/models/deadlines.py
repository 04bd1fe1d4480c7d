"""Deadlines and reminders (催办), and the working-day calendar's overrides.

A deadline is a row: what it is about (generic), who answers for it (unit and
person), and when it is due. When its next reminder is due is a row of its own
(:class:`DeadlineSchedule`), the sweep's index.
Every reminder sent is a :class:`ReminderLog` row, unique per (deadline, stage,
recipient): that constraint is what makes a reminder go out exactly once.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from office.choices import Clearance


class DeadlineState(models.TextChoices):
    OPEN = "open", _("办理中")
    DONE = "done", _("已办结")
    CANCELLED = "cancelled", _("已撤销")


class Recipients(models.TextChoices):
    PERSON = "person", _("责任人")
    PERSON_HEAD = "person_head", _("责任人和处室负责人")
    HEAD = "head", _("处室负责人")
    LEADER = "leader", _("分管领导")
    HEAD_LEADER = "head_leader", _("处室负责人和分管领导")


class Deadline(models.Model):
    """A time limit on something: a document step, a meeting decision, a supervised item."""

    kind = models.CharField(_("事项类别"), max_length=40, default="general", help_text=_("决定使用哪一套催办规则"))
    title = models.CharField(_("事项"), max_length=200)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    # db_index=False on these foreign keys: each is the first column of a composite index
    # below, which serves the same look-ups. Every index is written again whenever the sweep
    # moves a row's next reminder time (that column is indexed, so no HOT update).
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    target_id = models.CharField(max_length=40, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    responsible_unit = models.ForeignKey(
        "office.OrgUnit", verbose_name=_("责任处室"), on_delete=models.PROTECT, related_name="deadlines",
        db_index=False,
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("责任人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="deadlines", db_index=False,
    )
    secret_level = models.PositiveSmallIntegerField(_("密级"), choices=Clearance.choices, default=Clearance.PUBLIC)
    due_at = models.DateTimeField(_("完成时限"))
    state = models.CharField(_("状态"), max_length=10, choices=DeadlineState.choices, default=DeadlineState.OPEN)
    #: Bumped when the time limit moves, so the new schedule's reminders go out afresh.
    revision = models.PositiveSmallIntegerField(default=1)
    #: Not indexed: nothing looks deadlines up by who set them; only deleting a user would
    #: (the PROTECT check), and accounts are deactivated, not deleted.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(_("设定时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        indexes = [
            models.Index(fields=["responsible_user", "state", "due_at"], name="deadline_user_idx"),
            models.Index(fields=["responsible_unit", "state", "due_at"], name="deadline_unit_idx"),
            models.Index(fields=["state", "due_at"], name="deadline_state_due_idx"),
            models.Index(fields=["target_type", "target_id"], name="deadline_target_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id", "kind"],
                condition=Q(state="open") & Q(target_type__isnull=False),
                name="deadline_one_open_per_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("office:deadline_detail", args=[self.pk])

    @property
    def next_remind_at(self) -> dt.datetime | None:
        """When the sweep next looks at this deadline; None once nothing more is to be sent.

        Read from its :class:`DeadlineSchedule` row (a query, unless ``select_related("schedule")``).
        """
        try:
            return self.schedule.next_remind_at
        except DeadlineSchedule.DoesNotExist:
            return None


class DeadlineSchedule(models.Model):
    """When the sweep must next look at an open deadline: the sweep's index.

    A narrow table of its own, one row per deadline that has a reminder still to come
    (none once it is closed or its ladder is done). Each sweep moves the time of every
    row it handles; the time is indexed, so that is never a HOT update, and in the wide
    ``office_deadline`` row it would write a new entry into each of that table's
    indexes. Here it writes a small row and two index entries.
    """

    deadline = models.OneToOneField(Deadline, primary_key=True, on_delete=models.CASCADE, related_name="schedule")
    #: "What is due now": the sweep's one index range scan.
    next_remind_at = models.DateTimeField(_("下次催办时间"), db_index=True)

    class Meta:
        verbose_name = _("催办排期")
        verbose_name_plural = _("催办排期")

    def __str__(self) -> str:
        return f"{self.deadline_id}@{self.next_remind_at:%Y-%m-%d %H:%M}"


class ReminderLog(models.Model):
    """One reminder to one person: the row that makes it exactly once."""

    #: Not indexed on its own: the unique constraint (deadline, stage, recipient) starts with it.
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders", db_index=False)
    #: ``r<revision>:<stage code>``, e.g. ``r1:before``, ``r1:repeat-2``, or ``urge-<id>``.
    stage = models.CharField(_("阶段"), max_length=40)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="+")
    notification = models.ForeignKey(
        "office.Notification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("催办记录")
        verbose_name_plural = _("催办记录")
        constraints = [
            models.UniqueConstraint(fields=["deadline", "stage", "recipient"], name="reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id}:{self.stage}:{self.recipient_id}"

    @property
    def stage_label(self) -> str:
        """The stage in words: 到期前提醒, 逾期提醒, 第 2 次重复催办 …"""
        code = self.stage.split(":", 1)[-1]
        if code.startswith("repeat-"):
            return _("第 %(n)s 次重复催办") % {"n": code.removeprefix("repeat-")}
        labels = {
            "before": _("到期前提醒"), "due": _("到期当日提醒"), "overdue": _("逾期提醒"), "escalate": _("逾期升级提醒"),
        }
        return str(labels.get(code, _("催办提醒")))


class Urge(models.Model):
    """催办 by office staff: a message on the item, notified like a reminder."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="urges")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("催办人"), on_delete=models.PROTECT, related_name="+")
    message = models.CharField(_("催办意见"), max_length=500)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("催办")
        verbose_name_plural = _("催办")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message


class DeadlineChange(models.Model):
    """A moved or closed time limit: who, from when to when, why."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("操作"), max_length=20)
    old_due_at = models.DateTimeField(_("原时限"), null=True, blank=True)
    new_due_at = models.DateTimeField(_("新时限"), null=True, blank=True)
    reason = models.CharField(_("理由"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("时限变更")
        verbose_name_plural = _("时限变更")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.action}"


class ReminderLadder(models.Model):
    """The escalation ladder for one kind of item; editable in admin."""

    kind = models.CharField(_("事项类别"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    repeat_every = models.PositiveSmallIntegerField(
        _("重复间隔（工作日）"), default=3, help_text=_("最后一级之后，每隔多少个工作日再催办一次；0 表示不重复")
    )
    repeat_recipients = models.CharField(
        _("重复催办对象"), max_length=20, choices=Recipients.choices, default=Recipients.HEAD_LEADER
    )
    repeat_message = models.CharField(
        _("重复催办内容"), max_length=300, default="“{title}”已逾期 {overdue} 个工作日（时限 {due}），请督促办理。"
    )

    history = HistoricalRecords(verbose_name=_("催办规则变更历史"), verbose_name_plural=_("催办规则变更历史"))

    class Meta:
        verbose_name = _("催办规则")
        verbose_name_plural = _("催办规则")

    def __str__(self) -> str:
        return self.name


class ReminderStage(models.Model):
    """One rung: N working days from the due date, at a time of day, to whom, saying what."""

    ladder = models.ForeignKey(ReminderLadder, on_delete=models.CASCADE, related_name="stages")
    code = models.SlugField(_("代码"), max_length=20)
    offset_workdays = models.SmallIntegerField(
        _("相对时限（工作日）"), help_text=_("负数为到期前，0 为到期当日，正数为逾期后")
    )
    at_time = models.TimeField(_("发送时刻"), default=dt.time(9, 0))
    recipients = models.CharField(_("催办对象"), max_length=20, choices=Recipients.choices)
    message = models.CharField(_("催办内容"), max_length=300)

    history = HistoricalRecords(verbose_name=_("催办阶段变更历史"), verbose_name_plural=_("催办阶段变更历史"))

    class Meta:
        verbose_name = _("催办阶段")
        verbose_name_plural = _("催办阶段")
        ordering = ["offset_workdays", "at_time"]
        constraints = [
            models.UniqueConstraint(fields=["ladder", "code"], name="stage_code_unique"),
            models.UniqueConstraint(fields=["ladder", "offset_workdays"], name="stage_offset_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class CalendarOverride(models.Model):
    """A day the official calendar library does not know yet, or gets wrong for us."""

    day = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=100, blank=True, help_text=_("如：2027年春节调休上班"))

    history = HistoricalRecords(verbose_name=_("节假日调整变更历史"), verbose_name_plural=_("节假日调整变更历史"))

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {'上班' if self.is_workday else '放假'}"
