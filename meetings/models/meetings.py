"""Meeting kinds, meetings, their attendees and their steps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.choices import Answer, AttendeeRole, MeetingState, Presence, QuorumRule
from office.choices import Clearance
from office.models import StepRecordBase
from office.models.workflow import TableOf

USER = settings.AUTH_USER_MODEL




class MeetingKind(models.Model):
    """党组会议, 局长办公会议, 局务会议, 专题会议, 其他 — edited in admin, each with its rules."""

    name = models.CharField(_("会议类型"), max_length=50, unique=True)
    #: The serial-number scope (office.serials): meetings and their 纪要 are numbered per kind and year.
    code = models.SlugField(_("代码"), max_length=30, unique=True)
    #: 局长办公会议纪要 — the 纪要's 发文 heading, numbered 局长办公会议纪要〔2026〕12号.
    minutes_title = models.CharField(_("纪要名称"), max_length=50)
    #: Members (党组成员, 局领导班子…): attendees of every meeting of the kind, the quorum's base.
    members = models.ManyToManyField(USER, verbose_name=_("组成人员"), blank=True, related_name="+")
    default_chair = models.ForeignKey(
        USER, verbose_name=_("默认主持人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: Members may send a substitute (代参会人) when on leave; 党组成员 may not.
    substitute_allowed = models.BooleanField(_("允许委托他人代参会"), default=True)
    #: A leave request must name a substitute (only where substitutes are allowed).
    substitute_required = models.BooleanField(_("请假须指定代参会人"), default=False)
    quorum = models.CharField(_("法定人数"), max_length=10, choices=QuorumRule.choices, default=QuorumRule.HALF)
    #: 议题 go through the leader in charge and the office, and the chair approves the agenda.
    collects_agenda = models.BooleanField(_("征集议题"), default=True)
    active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("会议类型")
        verbose_name_plural = _("会议类型")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    kind = models.ForeignKey(MeetingKind, verbose_name=_("会议类型"), on_delete=models.PROTECT, related_name="meetings")
    #: 2026年第12次局长办公会议: numbered per kind and year (office.serials), at creation.
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("届次"))
    title = models.CharField(_("会议名称"), max_length=200)
    state = models.CharField(_("状态"), max_length=20, choices=MeetingState.choices, default=MeetingState.DRAFT)
    state_since = models.DateTimeField(_("到达当前环节"))

    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    room = models.ForeignKey(
        "meetings.Room",
        verbose_name=_("会议室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    #: The booking that holds the room; moved with the meeting, cancelled with it.
    booking = models.OneToOneField(
        "meetings.Booking",
        verbose_name=_("会议室预订"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting",
    )
    #: Where the meeting is held when not in one of the rooms (e.g. 市政府第三会议室).
    place = models.CharField(_("其他地点"), max_length=200, blank=True)
    chair = models.ForeignKey(USER, verbose_name=_("主持人"), on_delete=models.PROTECT, related_name="+")
    secretary = models.ForeignKey(USER, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+")
    organizer = models.ForeignKey(
        "office.OrgUnit", verbose_name=_("承办部门"), on_delete=models.PROTECT, related_name="+"
    )
    secret_level = models.PositiveSmallIntegerField(_("密级"), choices=Clearance.choices, default=Clearance.INTERNAL)
    #: 议题 are accepted until then; after it only the office may admit one.
    agenda_cutoff = models.DateTimeField(_("议题截止时间"), null=True, blank=True)
    notes = models.TextField(_("会议说明"), blank=True)

    #: The .ics SEQUENCE: raised by every change of time or place that is sent out again.
    ics_sequence = models.PositiveIntegerField(default=0)
    notified_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    created_by = models.ForeignKey(USER, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("会议变更历史"), verbose_name_plural=_("会议变更历史"))

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["starts_at", "id"], name="mt_meeting_start_idx"),
            models.Index(fields=["kind", "starts_at"], name="mt_meeting_kind_idx"),
            models.Index(fields=["state", "starts_at"], name="mt_meeting_state_idx"),
            models.Index(fields=["chair", "starts_at"], name="mt_meeting_chair_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "number"], name="mt_meeting_number_unique"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="mt_meeting_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def number_display(self) -> str:
        """2026年第12次局长办公会议."""
        return f"{self.year}年第{self.number}次{self.kind.name}"


class Attendee(models.Model):
    """One person asked to a meeting: 出席 (member or invited) or 列席 (for the whole meeting or one 议题).

    A substitute (代参会人) is an attendee of his own, pointing at the one he stands in for.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    #: The person; empty while a department asked to send someone has not named him yet.
    user = models.ForeignKey(
        USER, verbose_name=_("参会人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: The department asked to send someone (its head names the person), or the person's own.
    unit = models.ForeignKey(
        "office.OrgUnit", verbose_name=_("参会部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("参会身份"), max_length=12, choices=AttendeeRole.choices, default=AttendeeRole.PRESENT)
    #: A member of the meeting kind: counts for the quorum.
    is_member = models.BooleanField(_("组成人员"), default=False)
    #: 列席 for one 议题 only: sees that 议题's materials, not the others'.
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("列席议题"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sitting_in",
    )
    substitute_for = models.ForeignKey(
        "self", verbose_name=_("代替"), null=True, blank=True, on_delete=models.CASCADE, related_name="substitutes"
    )
    answer = models.CharField(_("答复"), max_length=10, choices=Answer.choices, default=Answer.PENDING)
    leave_reason = models.CharField(_("请假事由"), max_length=300, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    notified_sequence = models.IntegerField(_("已通知版本"), default=-1)
    presence = models.CharField(_("签到"), max_length=10, choices=Presence.choices, default=Presence.UNKNOWN)
    signed_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    marked_by = models.ForeignKey(
        USER, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("参会人员")
        verbose_name_plural = _("参会人员")
        ordering = ["role", "id"]
        indexes = [
            models.Index(fields=["user", "meeting"], name="mt_attendee_user_idx"),
            models.Index(fields=["unit", "meeting"], name="mt_attendee_unit_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(user__isnull=False), name="mt_attendee_once"
            ),
            models.CheckConstraint(condition=Q(user__isnull=False) | Q(unit__isnull=False), name="mt_attendee_who"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.user_id}"


class MeetingStep(StepRecordBase):
    """One step of a meeting's way (议题征集, 审定议程, 通知, 召开, 纪要…): its timeline."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="steps")

    subject_field = "meeting"
    table = TableOf("meetings.convening.workflow")

    class Meta(StepRecordBase.Meta):
        verbose_name = _("会议办理记录")
        verbose_name_plural = _("会议办理记录")
        indexes = [models.Index(fields=["meeting", "at"], name="mt_step_meeting_idx")]
