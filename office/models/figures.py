"""The dashboards' figures, kept as summary rows (issue 17).

A figure is one number: ``key`` (what, e.g. ``supervision.ontime``), ``unit`` (a department, or
None for the whole organ), ``period`` (``2026``, ``2026-11``, ``2026-11-28`` or empty) and ``dim``
(a further split: a step, a state, a person's id; empty when none). The rows are written only by
:func:`office.figures.refresh` — the beat job and the ``recount_figures`` command — which
recounts every figure the apps register and swaps the rows in one transaction; the dashboards
read them (one query) and show when they were counted.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Figure(models.Model):
    key = models.CharField(_("指标"), max_length=60)
    unit = models.ForeignKey(
        "office.OrgUnit", verbose_name=_("处室"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(_("期间"), max_length=10, blank=True)
    dim = models.CharField(_("分项"), max_length=60, blank=True)
    value = models.FloatField(_("数值"))
    computed_at = models.DateTimeField(_("统计时间"))

    class Meta:
        verbose_name = _("看板指标")
        verbose_name_plural = _("看板指标")
        ordering = ["key", "unit_id", "period", "dim"]
        indexes = [models.Index(fields=["key", "unit"], name="figure_key_unit_idx")]

    def __str__(self) -> str:
        return f"{self.key} {self.unit_id or '-'} {self.period} {self.dim} = {self.value}"
