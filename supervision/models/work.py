"""What happens on an item: 领导批办件 (a source), progress reports, extensions, 催办,
the evaluation, and the files attached to any of them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from office.choices import Clearance
from supervision.choices import ExtensionState, Rating, Timeliness

USER = settings.AUTH_USER_MODEL


class Instruction(models.Model):
    """领导批办件: a leader's written or spoken instruction, registered by the office."""

    leader = models.ForeignKey(USER, verbose_name=_("批示领导"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("批示内容"))
    given_on = models.DateField(_("批示日期"))
    subject = models.CharField(_("批示事项"), max_length=300)
    is_oral = models.BooleanField(_("口头批示"), default=False)
    secret_level = models.PositiveSmallIntegerField(_("密级"), choices=Clearance.choices, default=Clearance.PUBLIC)
    registered_by = models.ForeignKey(USER, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("批办件变更历史"), verbose_name_plural=_("批办件变更历史"))

    class Meta:
        verbose_name = _("领导批办件")
        verbose_name_plural = _("领导批办件")
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return self.subject


class ProgressReport(models.Model):
    """进展反馈: the lead department's report on the item, or an assisting department's on its part."""

    item = models.ForeignKey("supervision.SupervisedItem", on_delete=models.CASCADE, related_name="reports")
    #: An assisting department's report on its part (None: the lead department's report).
    part = models.ForeignKey("supervision.ItemPart", null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("office.OrgUnit", verbose_name=_("反馈处室"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(USER, verbose_name=_("反馈人"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("进展情况"))
    percent = models.PositiveSmallIntegerField(_("完成进度"), validators=[MaxValueValidator(100)])
    lower_reason = models.CharField(_("进度下调说明"), max_length=300, blank=True)
    #: The report date it answered (None: reported without one due).
    due_on = models.DateField(_("应反馈日期"), null=True, blank=True)
    is_late = models.BooleanField(_("未按时反馈"), default=False)
    reported_at = models.DateTimeField(_("反馈时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("进展反馈")
        verbose_name_plural = _("进展反馈")
        ordering = ["reported_at", "id"]
        indexes = [models.Index(fields=["item", "reported_at"], name="sv_report_item_idx")]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="sv_report_percent_range")]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.percent}%"


class Extension(models.Model):
    """申请延期: a new date and a reason, approved step by step (the item's ``extension`` assignments)."""

    item = models.ForeignKey("supervision.SupervisedItem", on_delete=models.CASCADE, related_name="extension_requests")
    number = models.PositiveSmallIntegerField(_("第几次申请"))
    requested_by = models.ForeignKey(USER, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    old_due_on = models.DateField(_("原时限"))
    new_due_on = models.DateField(_("申请延至"))
    reason = models.TextField(_("延期理由"))
    state = models.CharField(_("状态"), max_length=10, choices=ExtensionState.choices, default=ExtensionState.PENDING)
    decided_at = models.DateTimeField(_("审批完成时间"), null=True, blank=True)
    refusal_reason = models.TextField(_("不予批准理由"), blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="sv_extension_number_unique"),
            models.UniqueConstraint(fields=["item"], condition=Q(state="pending"), name="sv_extension_one_pending"),
            models.CheckConstraint(condition=Q(new_due_on__gt=models.F("old_due_on")), name="sv_extension_later"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.new_due_on}"


class ItemUrge(models.Model):
    """催办 on an item: the message, recorded on the item (the core's ``Urge`` notified it)."""

    item = models.ForeignKey("supervision.SupervisedItem", on_delete=models.CASCADE, related_name="urges")
    actor = models.ForeignKey(USER, verbose_name=_("催办人"), on_delete=models.PROTECT, related_name="+")
    message = models.CharField(_("催办意见"), max_length=500)
    urge = models.ForeignKey("office.Urge", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("催办时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("催办记录")
        verbose_name_plural = _("催办记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["item", "created_at"], name="sv_urge_item_idx")]

    def __str__(self) -> str:
        return self.message


class Evaluation(models.Model):
    """评价: 按期 computed (supervision.ontime), the office's rating and comment, the leader's comment."""

    item = models.OneToOneField("supervision.SupervisedItem", on_delete=models.CASCADE, related_name="evaluation")
    timeliness = models.CharField(_("办结情况"), max_length=20, choices=Timeliness.choices)
    rating = models.CharField(_("质量评价"), max_length=12, choices=Rating.choices)
    comment = models.TextField(_("评价意见"), blank=True)
    rated_by = models.ForeignKey(USER, verbose_name=_("评价人"), on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField(_("评价时间"), auto_now_add=True)
    leader = models.ForeignKey(USER, verbose_name=_("点评领导"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    leader_comment = models.TextField(_("领导点评"), blank=True)
    leader_commented_at = models.DateTimeField(_("点评时间"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("评价变更历史"), verbose_name_plural=_("评价变更历史"))

    class Meta:
        verbose_name = _("督办评价")
        verbose_name_plural = _("督办评价")
        indexes = [models.Index(fields=["rating"], name="sv_eval_rating_idx")]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.rating}"


class SupervisionFile(models.Model):
    """A file attached to a 批办件 (the scanned 批示件), an item, a progress report or a finding (evidence).

    Stored under ``SUPERVISION_STORAGE_ROOT`` under a random name; served only through the policy.
    """

    instruction = models.ForeignKey(Instruction, null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    item = models.ForeignKey("supervision.SupervisedItem", null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    report = models.ForeignKey(ProgressReport, null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    finding = models.ForeignKey("supervision.Finding", null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    original_name = models.CharField(_("文件名"), max_length=200)
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("督办附件")
        verbose_name_plural = _("督办附件")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(instruction__isnull=False, item__isnull=True, report__isnull=True, finding__isnull=True)
                    | Q(instruction__isnull=True, item__isnull=False, report__isnull=True, finding__isnull=True)
                    | Q(instruction__isnull=True, item__isnull=True, report__isnull=False, finding__isnull=True)
                    | Q(instruction__isnull=True, item__isnull=True, report__isnull=True, finding__isnull=False)
                ),
                name="sv_file_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name
