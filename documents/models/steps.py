"""What a step record is, for 收文 and 发文 alike."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StepRecord(models.Model):
    """One step of a document's way, with the opinion given there (who, role, text, when).

    Subclasses add ``document`` and ``state_after`` (with their states) and name the
    workflow module whose table labels the actions.
    """

    action = models.CharField(_("环节"), max_length=30)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("办理人"), on_delete=models.PROTECT, related_name="+")
    actor_title = models.CharField(_("职务"), max_length=100, blank=True)
    text = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    workflow_module = ""

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.actor_id}"

    @property
    def action_label(self) -> str:
        transition = import_module(self.workflow_module).TRANSITIONS.get(self.action)
        return str(transition.label) if transition else self.action
