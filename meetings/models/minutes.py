"""纪要 and its 议定事项: issued through the 发文 pipeline, each flagged decision supervised."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.choices import MinutesState

USER = settings.AUTH_USER_MODEL


class Minutes(models.Model):
    meeting = models.OneToOneField(
        "meetings.Meeting", verbose_name=_("会议"), on_delete=models.PROTECT, related_name="minutes"
    )
    state = models.CharField(_("状态"), max_length=20, choices=MinutesState.choices, default=MinutesState.DRAFT)
    #: The 出席 / 请假 / 列席 lines (GB/T 9704 §10.3), filled from attendance, editable before issue.
    present_line = models.TextField(_("出席"), blank=True)
    leave_line = models.TextField(_("请假"), blank=True)
    sitting_in_line = models.TextField(_("列席"), blank=True)
    body = models.TextField(_("纪要正文"), blank=True)
    drafted_by = models.ForeignKey(USER, verbose_name=_("起草人"), on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    #: The 发文 that carries it (documents' id, read through documents' selectors and the core link).
    outgoing_id = models.PositiveBigIntegerField(_("发文"), null=True, blank=True)
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("会议纪要变更历史"), verbose_name_plural=_("会议纪要变更历史"))

    class Meta:
        verbose_name = _("会议纪要")
        verbose_name_plural = _("会议纪要")

    def __str__(self) -> str:
        return str(self.meeting)


class Decision(models.Model):
    """议定事项: what the meeting decided on one 议题, who leads, who assists, by when."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("议题"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    order = models.PositiveSmallIntegerField(_("顺序"))
    text = models.TextField(_("议定事项"))
    lead_unit = models.ForeignKey(
        "office.OrgUnit", verbose_name=_("牵头处室"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assisting_units = models.ManyToManyField("office.OrgUnit", verbose_name=_("协办处室"), blank=True, related_name="+")
    due_on = models.DateField(_("完成时限"), null=True, blank=True)
    #: 需督办: decisions such as 听取汇报 need none. Proposed by the secretary, confirmed by the 督查员.
    needs_supervision = models.BooleanField(_("需督办"), default=True)
    confirmed_by = models.ForeignKey(
        USER, verbose_name=_("督查员确认"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    #: The supervised item opened at issue (supervision's id; the core link holds the relation).
    item_id = models.PositiveBigIntegerField(_("督办事项"), null=True, blank=True)

    class Meta:
        verbose_name = _("议定事项")
        verbose_name_plural = _("议定事项")
        ordering = ["minutes", "order"]
        constraints = [models.UniqueConstraint(fields=["minutes", "order"], name="mt_decision_order_unique")]

    def __str__(self) -> str:
        return self.text[:40]
