"""议题: calls for them, the items departments submit, their materials and their steps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.choices import AgendaState
from office.choices import Clearance
from office.models import StepRecordBase
from office.models.workflow import TableOf

USER = settings.AUTH_USER_MODEL


class AgendaCall(models.Model):
    """The office's call for 议题: for one meeting, or standing for the next meeting of a kind."""

    kind = models.ForeignKey(
        "meetings.MeetingKind", verbose_name=_("会议类型"), on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    title = models.CharField(_("征集说明"), max_length=200)
    cutoff_at = models.DateTimeField(_("截止时间"))
    #: The departments asked (empty: every department).
    units = models.ManyToManyField("office.OrgUnit", verbose_name=_("征集部门"), blank=True, related_name="+")
    opened_by = models.ForeignKey(USER, verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("议题征集")
        verbose_name_plural = _("议题征集")
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    kind = models.ForeignKey(
        "meetings.MeetingKind", verbose_name=_("会议类型"), on_delete=models.PROTECT, related_name="+"
    )
    call = models.ForeignKey(
        AgendaCall, verbose_name=_("议题征集"), null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    #: The meeting it is (to be) discussed at; empty until the office accepts it for one.
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    order = models.PositiveSmallIntegerField(_("顺序"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=AgendaState.choices, default=AgendaState.DRAFT)
    state_since = models.DateTimeField(_("到达当前环节"))

    title = models.CharField(_("议题名称"), max_length=200)
    unit = models.ForeignKey("office.OrgUnit", verbose_name=_("提交部门"), on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(USER, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+")
    presenter = models.ForeignKey(USER, verbose_name=_("汇报人"), on_delete=models.PROTECT, related_name="+")
    #: 建议意见: what the department asks the meeting to decide.
    proposal = models.TextField(_("建议意见"))
    background = models.TextField(_("议题说明"), blank=True)
    minutes_needed = models.PositiveSmallIntegerField(_("汇报时长（分钟）"), default=15)
    #: 列席 needed: they sit in for this 议题 only once it is on a meeting's agenda (Attendee rows).
    observers = models.ManyToManyField(USER, verbose_name=_("列席人员"), blank=True, related_name="+")
    secret_level = models.PositiveSmallIntegerField(_("密级"), choices=Clearance.choices, default=Clearance.INTERNAL)
    #: 干部任免: the quorum becomes two thirds of the members.
    is_personnel = models.BooleanField(_("涉及干部任免"), default=False)
    #: The leader in charge of the department, who approves it first (前置审核).
    leader = models.ForeignKey(
        USER, verbose_name=_("分管领导"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    #: Submitted after the cut-off and admitted by the office.
    late = models.BooleanField(_("逾期提交"), default=False)
    return_reason = models.TextField(_("退回理由"), blank=True)
    carried_from = models.ForeignKey(
        "self", verbose_name=_("顺延自"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(verbose_name=_("议题变更历史"), verbose_name_plural=_("议题变更历史"))

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["meeting", "order", "id"]
        indexes = [
            models.Index(fields=["meeting", "order"], name="mt_agenda_meeting_idx"),
            models.Index(fields=["unit", "state"], name="mt_agenda_unit_idx"),
            models.Index(fields=["leader", "state"], name="mt_agenda_leader_idx"),
            models.Index(fields=["submitted_by", "state"], name="mt_agenda_submitter_idx"),
            models.Index(fields=["state", "state_since"], name="mt_agenda_state_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:agenda_detail", args=[self.pk])


class AgendaStep(StepRecordBase):
    """One step of a 议题's way (提交, 分管领导审核, 办公室审核, 退回, 审定上会…)."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="steps")

    subject_field = "agenda_item"
    table = TableOf("meetings.agenda.workflow")

    class Meta(StepRecordBase.Meta):
        verbose_name = _("议题办理记录")
        verbose_name_plural = _("议题办理记录")
        indexes = [models.Index(fields=["agenda_item", "at"], name="mt_step_agenda_idx")]


class MeetingFile(models.Model):
    """A 议题's material (汇报材料, 附件), or a meeting's own file.

    Stored under the app's storage root under a random name; served only through the policy
    (attendees; 列席 of that 议题 only; clearance ≥ the file's 密级), every download audited.
    """

    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    secret_level = models.PositiveSmallIntegerField(_("密级"), choices=Clearance.choices, default=Clearance.INTERNAL)
    original_name = models.CharField(_("文件名"), max_length=200)
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("会议材料")
        verbose_name_plural = _("会议材料")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agenda_item__isnull=False, meeting__isnull=True)
                | Q(agenda_item__isnull=True, meeting__isnull=False),
                name="mt_file_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name
