"""Links between objects of different apps (收文 → 督办事项, 议定事项 → 督办事项, 发文 → 用印,
档案 → 借阅), with the target's state and due date kept here so a page of one app can
show the other's light without importing it. Written by :mod:`office.links` only."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class LinkKind(models.TextChoices):
    SUPERVISE = "supervise", _("督办")
    DECISION = "decision", _("议定事项")
    SEAL = "seal", _("用印")
    LOAN = "loan", _("借阅")
    REPLY = "reply", _("复文")
    #: A report or bulletin → the 发文 draft made from it (a 督查通报, a 督查报告 …).
    DRAFT = "draft", _("形成发文")


class Link(models.Model):
    """``source`` —kind→ ``target``: e.g. a 收文 —supervise→ the item its 批示 opened.

    Not history-tracked: a link is made once and its two denormalised fields follow the
    target (:func:`office.links.link_update_target`); making it leaves an audit row.
    """

    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    source_id = models.CharField(max_length=40)
    source = GenericForeignKey("source_type", "source_id")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=40)
    target = GenericForeignKey("target_type", "target_id")
    kind = models.CharField(_("关联类型"), max_length=20, choices=LinkKind.choices)
    #: The target's current state (the value of its ``state`` field, e.g. "handling").
    state = models.CharField(_("目标状态"), max_length=40, blank=True)
    #: The target's due date, if it has one: the light shown beside the link.
    due_on = models.DateField(_("目标时限"), null=True, blank=True)
    created_at = models.DateTimeField(_("关联时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("关联人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("跨应用关联")
        verbose_name_plural = _("跨应用关联")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="link_source_idx"),
            models.Index(fields=["target_type", "target_id"], name="link_target_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "target_type", "target_id", "kind"], name="link_unique",
            ),
            models.CheckConstraint(
                condition=~Q(source_type=F("target_type"), source_id=F("target_id")), name="link_not_to_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_type_id}:{self.source_id} —{self.kind}→ {self.target_type_id}:{self.target_id}"

    @property
    def state_label(self) -> str:
        """The target's state as its model names it (read from the model's ``state`` field,
        through the content type: no import of the target's app)."""
        if not self.state:
            return ""
        model = ContentType.objects.get_for_id(self.target_type_id).model_class()
        try:
            field = model._meta.get_field("state") if model is not None else None
        except Exception:  # noqa: BLE001 - a model without a state field
            field = None
        labels = dict(field.flatchoices) if field is not None and field.choices else {}
        return str(labels.get(self.state, self.state))
