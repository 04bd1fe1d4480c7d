"""办事 requests: one row per request of any kind, its steps and its files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from office.choices import Clearance
from office.models import StepRecordBase
from office.models.workflow import TableOf
from tasks.choices import SERIAL_WORD, FileCategory, Kind, State

USER = settings.AUTH_USER_MODEL




class AffairRequest(models.Model):
    """A request of one kind (接待, 支出, 用印, 借阅): number, requester, state, approval chain.

    What only one kind records lives in that kind's row (``reception``, ``expense``, ``seal_use``,
    ``loan``); the chain is the core's (``office.workflow.chains``, assignments on this row).
    """

    kind = models.CharField(_("事项类型"), max_length=20, choices=Kind.choices)
    # 接待〔2026〕N号: given when the request is made, one sequence per kind and year (office.serials).
    year = models.PositiveIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("序号"))
    title = models.CharField(_("事由"), max_length=200)
    requester = models.ForeignKey(USER, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("office.OrgUnit", verbose_name=_("申请部门"), on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    secret_level = models.PositiveSmallIntegerField(_("密级"), choices=Clearance.choices, default=Clearance.PUBLIC)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT)
    state_since = models.DateTimeField(_("到达当前环节"))
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    returned_reason = models.TextField(_("退回理由"), blank=True)

    history = HistoricalRecords(verbose_name=_("办事申请变更历史"), verbose_name_plural=_("办事申请变更历史"))

    class Meta:
        verbose_name = _("办事申请")
        verbose_name_plural = _("办事申请")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "serial"], name="tasks_request_number_once"),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0), name="tasks_request_amount_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "requester", "-id"], name="tasks_req_mine_idx"),
            models.Index(fields=["kind", "unit", "-id"], name="tasks_req_unit_idx"),
            models.Index(fields=["kind", "state", "-id"], name="tasks_req_state_idx"),
            models.Index(fields=["kind", "year", "-id"], name="tasks_req_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("tasks:request_detail", args=[self.pk])

    @property
    def number(self) -> str:
        return f"{SERIAL_WORD[self.kind]}〔{self.year}〕{self.serial}号"


class RequestStep(StepRecordBase):
    subject_field = "request"
    table = TableOf("tasks.workflow")
    request = models.ForeignKey(AffairRequest, on_delete=models.CASCADE, related_name="steps")

    class Meta(StepRecordBase.Meta):
        verbose_name = _("办事环节")
        verbose_name_plural = _("办事环节")
        indexes = [models.Index(fields=["request", "at"], name="tasks_step_request_idx")]


class RequestFile(models.Model):
    """A 公函, an invoice or another paper of a request; stored under a random name, served through the policy."""

    request = models.ForeignKey(AffairRequest, on_delete=models.CASCADE, related_name="files")
    category = models.CharField(_("材料类型"), max_length=10, choices=FileCategory.choices)
    original_name = models.CharField(_("文件名"), max_length=200)
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办事材料")
        verbose_name_plural = _("办事材料")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["request", "category"], name="tasks_file_request_idx")]

    def __str__(self) -> str:
        return self.original_name
