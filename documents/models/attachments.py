"""Files attached to documents: stored under generated names outside the web root."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Attachment(models.Model):
    #: The document it belongs to: a 收文, a 发文 or a 政务信息 item, exactly one.
    incoming = models.ForeignKey(
        "documents.IncomingDocument", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    outgoing = models.ForeignKey(
        "documents.OutgoingDocument", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    information = models.ForeignKey(
        "documents.InformationItem", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    #: The name as uploaded, cleaned of any path; shown and offered on download, never used on disk.
    original_name = models.CharField(_("文件名"), max_length=200)
    #: Where it lies under DOCUMENTS_STORAGE_ROOT: a random name, no extension, no user input.
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    #: The type found by reading the content, not the one the name claims.
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("附件变更历史"), verbose_name_plural=_("附件变更历史"))

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(incoming__isnull=True, outgoing__isnull=False, information__isnull=True)
                    | Q(incoming__isnull=False, outgoing__isnull=True, information__isnull=True)
                    | Q(incoming__isnull=True, outgoing__isnull=True, information__isnull=False)
                ),
                name="attachment_one_document",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("documents:attachment_download", args=[self.pk])

    @property
    def document(self):
        if self.information_id:
            return self.information
        return self.incoming if self.incoming_id else self.outgoing
