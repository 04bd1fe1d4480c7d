"""The annual work plan (年度工作要点) and its key tasks, inspections (集中/专项督查) and their
findings (问题清单), and the 督查通报."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from office.choices import Clearance
from supervision.choices import (
    BulletinPeriod,
    BulletinState,
    FindingState,
    ImportState,
    InspectionKind,
    InspectionState,
)

USER = settings.AUTH_USER_MODEL


class WorkPlan(models.Model):
    """年度工作要点: one per year."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    title = models.CharField(_("名称"), max_length=200)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("年度工作要点")
        verbose_name_plural = _("年度工作要点")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class KeyTask(models.Model):
    """A key task of the plan, decomposed into supervised items (``items``)."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("重点任务"), max_length=300)
    description = models.TextField(_("任务内容"), blank=True)
    lead_unit = models.ForeignKey("office.OrgUnit", verbose_name=_("牵头处室"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    responsible_leader = models.ForeignKey(USER, verbose_name=_("责任领导"), null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("重点任务")
        verbose_name_plural = _("重点任务")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="sv_keytask_number_unique")]

    def __str__(self) -> str:
        return self.title


class Inspection(models.Model):
    """集中督查 (broad, scheduled) or 专项督查 (one hard or hot issue)."""

    kind = models.CharField(_("督查类型"), max_length=16, choices=InspectionKind.choices)
    state = models.CharField(_("状态"), max_length=10, choices=InspectionState.choices, default=InspectionState.PLANNED)
    state_since = models.DateTimeField(_("到达当前环节"))
    year = models.PositiveSmallIntegerField(_("年度"))
    topic = models.CharField(_("督查主题"), max_length=300)
    scope_units = models.ManyToManyField("office.OrgUnit", verbose_name=_("督查范围"), blank=True, related_name="+")
    team_leader = models.ForeignKey(USER, verbose_name=_("督查组组长"), on_delete=models.PROTECT, related_name="+")
    members = models.ManyToManyField(USER, verbose_name=_("督查组成员"), blank=True, related_name="+")
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    method = models.TextField(_("督查方式"), blank=True)
    report = models.TextField(_("督查报告"), blank=True)
    secret_level = models.PositiveSmallIntegerField(_("密级"), choices=Clearance.choices, default=Clearance.PUBLIC)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[scope_units, members], verbose_name=_("督查变更历史"),
                                verbose_name_plural=_("督查变更历史"))

    class Meta:
        verbose_name = _("督查")
        verbose_name_plural = _("督查")
        ordering = ["-starts_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="sv_inspection_dates")]

    def __str__(self) -> str:
        return self.topic


class Finding(models.Model):
    """A problem an inspection found; it becomes a 整改 item (``item``, whose source is the finding)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField(_("序号"))
    description = models.TextField(_("问题描述"))
    unit = models.ForeignKey("office.OrgUnit", verbose_name=_("整改责任处室"), on_delete=models.PROTECT, related_name="+")
    requirement = models.TextField(_("整改要求"), blank=True)
    due_on = models.DateField(_("整改时限"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=FindingState.choices, default=FindingState.OPEN)
    item = models.OneToOneField("supervision.SupervisedItem", verbose_name=_("整改事项"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="finding")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("督查发现问题")
        verbose_name_plural = _("督查发现问题")
        ordering = ["inspection", "number"]
        constraints = [models.UniqueConstraint(fields=["inspection", "number"], name="sv_finding_number_unique")]

    def __str__(self) -> str:
        return self.description[:50]


class Bulletin(models.Model):
    """督查通报 for a month, quarter or year: figures from the data, then a draft 通报 in the 发文 pipeline
    (the draft reached through the core's links)."""

    period = models.CharField(_("通报周期"), max_length=10, choices=BulletinPeriod.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    #: Month 1–12, quarter 1–4, or 0 for the year.
    index = models.PositiveSmallIntegerField(_("期间"), default=0)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期"))
    title = models.CharField(_("标题"), max_length=200)
    figures = models.JSONField(_("统计数据"), default=dict, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=BulletinState.choices, default=BulletinState.DRAFT)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("督查通报")
        verbose_name_plural = _("督查通报")
        ordering = ["-year", "-index", "-id"]
        constraints = [models.UniqueConstraint(fields=["period", "year", "index"], name="sv_bulletin_period_unique")]

    def __str__(self) -> str:
        return self.title


class PlanImport(models.Model):
    """A large 年度工作要点 sheet on its way in: checked row by row by a background job
    (``supervision.jobs.plan_import_check``), shown to its uploader on a status page he polls, and
    saved — by another job, in one transaction — only once the whole sheet is valid and he confirms.

    The file lies under ``VAR_DIR/plan-imports/<stored_key>.xlsx`` until the import ends.
    Not history-tracked: a job's record (the items it makes are)."""

    created_by = models.ForeignKey(USER, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    original_name = models.CharField(_("文件名"), max_length=200)
    stored_key = models.CharField(max_length=64, editable=False)
    state = models.CharField(_("状态"), max_length=10, choices=ImportState.choices, default=ImportState.QUEUED)
    #: The data rows counted by the check.
    rows = models.PositiveIntegerField(_("数据行数"), default=0)
    #: Every problem found: [row, column header, column letter, message].
    problems = models.JSONField(_("问题"), default=list, blank=True)
    #: The preview of a valid sheet: [key task, number of items].
    tasks = models.JSONField(_("重点任务"), default=list, blank=True)
    #: Why the file as a whole was refused (not an .xlsx, no header …).
    refused = models.CharField(_("拒收原因"), max_length=500, blank=True)
    item_count = models.PositiveIntegerField(_("导入事项数"), default=0)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("工作要点导入")
        verbose_name_plural = _("工作要点导入")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="sv_import_user_idx")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def running(self) -> bool:
        return self.state in (ImportState.QUEUED, ImportState.CHECKING, ImportState.IMPORTING)
