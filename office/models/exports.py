"""A list export too large to stream: prepared by a background job, downloaded when ready."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("可下载")
    FAILED = "failed", _("生成失败")


class ExportJob(models.Model):
    """One user's export of one list (its key and the filters it was asked with).

    Only the user who asked may download it; the file is made as that user, through the
    policy, when the job runs. Not history-tracked: asking, making and downloading each
    leave an audit row.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导出人"), on_delete=models.CASCADE,
                             related_name="+")
    key = models.CharField(_("清单"), max_length=60)
    params = models.TextField(_("筛选条件"), blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    level = models.PositiveSmallIntegerField(_("密级"), default=0)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="exportjob_user_idx")]

    def __str__(self) -> str:
        return f"{self.key} #{self.pk}"
