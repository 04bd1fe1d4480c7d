"""Scores: points per outcome by the rule in force on the day it was decided, stored on the row.

A later change of the rule scores later outcomes only: a published ranking is never rewritten.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import InformationItem, Score, ScoreRule
from office.audit import audit_record
from office.models import User
from office.permissions import require, restrict

#: The points when the office has set no rule yet (the model's defaults).
DEFAULTS = {
    f.name: f.default
    for f in ScoreRule._meta.fields
    if f.name in ("adopted", "condensed", "province", "committee", "government", "instruction")
}


def rule_on(day: dt.date) -> ScoreRule | None:
    return ScoreRule.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


def score_record(*, item: InformationItem, outcome: str, on: dt.date, ref: str = "") -> Score:
    """Score one outcome of an item (once: the same outcome and reference again is left as it was)."""
    rule = rule_on(on)
    points = rule.points(outcome) if rule is not None else DEFAULTS[outcome]
    score, _created = Score.objects.get_or_create(
        item=item,
        outcome=outcome,
        ref=ref,
        defaults={"unit_id": item.unit_id, "points": points, "rule": rule, "scored_on": on},
    )
    return score


@transaction.atomic
def rule_save(*, actor: User, effective_from: dt.date, points: dict[str, int], request=None) -> ScoreRule:
    """The office sets the points from a date on; outcomes decided before it keep their points."""
    require(actor, "documents.info_manage", request=request)
    if effective_from is None:
        raise ValidationError({"effective_from": _("请填写生效日期。")})
    if effective_from < timezone.localdate() and Score.objects.filter(scored_on__gte=effective_from).exists():
        raise ValidationError({"effective_from": _("已有计分的日期不能再改规则，请从今天或以后生效。")})
    if any(not isinstance(v, int) or v < 0 or v > 100 for v in points.values()) or set(points) != set(DEFAULTS):
        raise ValidationError(_("分值应为 0 到 100 的整数。"))
    rule, _created = ScoreRule.objects.update_or_create(
        effective_from=effective_from, defaults={**points, "created_by": actor}
    )
    audit_record(actor=actor, action="information.score_rule", obj=rule, detail=points, request=request)
    return rule


def _prefix():
    """The office's own 机关代字 (…办发) when there is one, else the first active one."""
    from office.models import IssuingPrefix

    prefixes = list(IssuingPrefix.objects.filter(is_active=True).order_by("sort_order", "id"))
    if not prefixes:
        raise ValidationError(_("没有可用的机关代字，请联系系统管理员。"))
    return next((p for p in prefixes if p.code.endswith("办发")), prefixes[0])


@transaction.atomic
def ranking_to_outgoing(*, actor: User, span, request=None):
    """The ranking of a period becomes a draft 通报 (发文) of the office, numbered and issued as any other."""
    from documents.information import stats
    from documents.outgoing import services as outgoing

    require(actor, "documents.info_manage", request=request)
    if span.starts_on > timezone.localdate():
        raise ValidationError(_("该期间尚未开始，不能生成通报。"))
    rows = stats.compute(restrict(InformationItem.objects.all(), actor), span)
    document = outgoing.outgoing_create(
        actor=actor,
        request=request,
        data=outgoing.DraftData(
            doc_type=outgoing.DocType.BULLETIN,
            direction=outgoing.Direction.DOWN,
            form=outgoing.LayoutForm.FILE,
            prefix=_prefix(),
            title=_("关于%(period)s政务信息工作情况的通报") % {"period": span.label},
            body=stats.ranking_body(span, rows),
            main_recipients=_("局机关各处室"),
            version_note=_("由政务信息排名生成"),
        ),
    )
    audit_record(
        actor=actor,
        action="information.ranking",
        obj=document,
        detail={"period": span.period, "year": span.year, "index": span.index},
        request=request,
    )
    return document
