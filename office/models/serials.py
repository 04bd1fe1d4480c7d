"""Serial numbers: one counter row per (kind, year)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SerialCounter(models.Model):
    """The last number given out for a kind of serial in a year, e.g. ("人社发", 2026) → 15.

    The row is locked in the same transaction as the object that takes the
    number, so a rolled-back transaction gives its number back: no repeats, no gaps.
    """

    kind = models.CharField(_("编号类别"), max_length=60)
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("当前号"), default=0)

    class Meta:
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="serial_counter_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"
