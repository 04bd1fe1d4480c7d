"""State the system keeps about itself."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a periodic job ran, by name: /healthz reads the worker's."""

    name = models.CharField(max_length=60, primary_key=True)
    beat_at = models.DateTimeField(_("时间"))
    hostname = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("心跳")
        verbose_name_plural = _("心跳")

    def __str__(self) -> str:
        return self.name
