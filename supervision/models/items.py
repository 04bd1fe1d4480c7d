"""督办事项: one supervised item from any source, its steps, its assisting departments' parts
and its milestones."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from office.choices import Clearance
from office.models import StepRecordBase
from office.models.workflow import TableOf
from supervision.choices import Importance, ItemState, PartState, ReportCycle, SourceKind

USER = settings.AUTH_USER_MODEL




class SupervisedItem(models.Model):
    state = models.CharField(_("状态"), max_length=20, choices=ItemState.choices, default=ItemState.DRAFT)
    state_since = models.DateTimeField(_("到达当前环节"))

    # 督办编号 督〔2026〕N号: given at 立项, one sequence per year (office.serials), no repeats, no gaps.
    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("督办编号"))

    title = models.CharField(_("督办事项"), max_length=300)
    requirement = models.TextField(_("任务要求"))
    importance = models.CharField(_("重要程度"), max_length=10, choices=Importance.choices, default=Importance.NORMAL)
    secret_level = models.PositiveSmallIntegerField(_("密级"), choices=Clearance.choices, default=Clearance.PUBLIC)

    # Where it came from: the kind, and the object itself wherever it lives (any app, generic).
    source_kind = models.CharField(_("来源"), max_length=20, choices=SourceKind.choices)
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    source_id = models.CharField(max_length=40, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    #: The source as the lists show it (e.g. 收文 标题), kept so no list joins another app.
    source_label = models.CharField(_("来源说明"), max_length=300, blank=True)
    instruction = models.ForeignKey(
        "supervision.Instruction", verbose_name=_("领导批办件"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="items",
    )
    key_task = models.ForeignKey(
        "supervision.KeyTask", verbose_name=_("重点任务"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="items",
    )

    lead_unit = models.ForeignKey("office.OrgUnit", verbose_name=_("牵头处室"), on_delete=models.PROTECT, related_name="+")
    assisting_units = models.ManyToManyField(
        "office.OrgUnit", verbose_name=_("协办处室"), through="supervision.ItemPart", blank=True, related_name="+"
    )
    responsible_leader = models.ForeignKey(
        USER, verbose_name=_("责任领导"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: The leader whose 批示 set the time limit: asked about extensions, told of the result (报结).
    instructing_leader = models.ForeignKey(
        USER, verbose_name=_("批示领导"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handler = models.ForeignKey(USER, verbose_name=_("承办人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    # 办理时限: the limit in force (moved by approved extensions) and the one first set.
    due_on = models.DateField(_("办理时限"))
    original_due_on = models.DateField(_("原定时限"))
    due_workdays = models.PositiveSmallIntegerField(_("工作日天数"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("延期次数"), default=0)

    report_cycle = models.CharField(_("报送周期"), max_length=12, choices=ReportCycle.choices, default=ReportCycle.MONTHLY)
    #: The next progress report due (None: none due before the 办结报告).
    next_report_on = models.DateField(_("下次反馈日期"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("完成进度"), default=0, validators=[MaxValueValidator(100)])
    last_reported_at = models.DateTimeField(_("最近反馈时间"), null=True, blank=True)
    #: Progress reports that came after their due date or never came (counted by the services).
    missed_reports = models.PositiveSmallIntegerField(_("未按时反馈次数"), default=0)

    created_by = models.ForeignKey(USER, verbose_name=_("立项人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("立项时间"), auto_now_add=True)
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    signed_by = models.ForeignKey(USER, verbose_name=_("签收人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    adjust_reason = models.TextField(_("调整理由"), blank=True)

    # 办结报告: its date is what 按期 is measured by (supervision.ontime).
    completion_report = models.TextField(_("办结报告"), blank=True)
    completed_on = models.DateField(_("办结日期"), null=True, blank=True)
    returned_reason = models.TextField(_("退回理由"), blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    closed_by = models.ForeignKey(USER, verbose_name=_("销号人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(verbose_name=_("督办事项变更历史"), verbose_name_plural=_("督办事项变更历史"))

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        indexes = [
            models.Index(fields=["state", "due_on"], name="sv_item_state_due_idx"),
            models.Index(fields=["lead_unit", "state"], name="sv_item_lead_idx"),
            models.Index(fields=["handler", "state"], name="sv_item_handler_idx"),
            models.Index(fields=["responsible_leader", "state"], name="sv_item_leader_idx"),
            models.Index(fields=["source_type", "source_id"], name="sv_item_source_idx"),
            models.Index(fields=["year", "source_kind"], name="sv_item_year_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="sv_item_serial_unique"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="sv_item_progress_range"),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("original_due_on")) | Q(extensions=0),
                                   name="sv_item_extension_moves_later"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:item_detail", args=[self.pk])

    @property
    def serial_display(self) -> str:
        """督办编号: 督〔2026〕15号."""
        return f"督〔{self.year}〕{self.serial}号"


class ItemStep(StepRecordBase):
    """One step of the item's way: its timeline (进展反馈, 延期, 催办 included)."""

    item = models.ForeignKey(SupervisedItem, on_delete=models.CASCADE, related_name="steps")

    subject_field = "item"
    table = TableOf("supervision.items.workflow")

    class Meta(StepRecordBase.Meta):
        verbose_name = _("督办办理记录")
        verbose_name_plural = _("督办办理记录")
        indexes = [models.Index(fields=["item", "at"], name="sv_step_item_idx")]


class ItemPart(models.Model):
    """An assisting department's part: it signs for it and names a contact."""

    item = models.ForeignKey(SupervisedItem, on_delete=models.CASCADE, related_name="parts")
    unit = models.ForeignKey("office.OrgUnit", verbose_name=_("协办处室"), on_delete=models.PROTECT, related_name="+")
    task = models.TextField(_("协办任务"), blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=PartState.choices, default=PartState.PENDING)
    contact = models.ForeignKey(USER, verbose_name=_("联系人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(USER, verbose_name=_("签收人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("协办任务")
        verbose_name_plural = _("协办任务")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["item", "unit"], name="sv_part_once_per_unit")]
        indexes = [models.Index(fields=["unit", "item"], name="sv_part_unit_idx")]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.unit_id}"


class Milestone(models.Model):
    """节点: a name and a date, with reminders of its own (a deadline of kind ``supervision.milestone``)."""

    item = models.ForeignKey(SupervisedItem, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("节点"), max_length=200)
    due_on = models.DateField(_("节点时限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("节点")
        verbose_name_plural = _("节点")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["item", "order"], name="sv_milestone_order_unique")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()


class ItemUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(SupervisedItem, on_delete=models.CASCADE)


class ItemGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(SupervisedItem, on_delete=models.CASCADE)
