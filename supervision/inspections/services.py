"""督查 (集中 / 专项) and their findings; a finding becomes a 整改 item (``item_create`` with the
finding as its source). The inspection pages, the report and the bulletin build on these."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.audit import audit_record
from office.models import OrgUnit, User
from office.permissions import require
from supervision.choices import FindingState, Importance, InspectionState, SourceKind
from supervision.models import Finding, Inspection, SupervisedItem


@transaction.atomic
def inspection_create(
    *, actor: User, kind: str, topic: str, team_leader: User, starts_on: dt.date, ends_on: dt.date,
    scope_units=(), members=(), method: str = "", secret_level: int = 0,
) -> Inspection:
    require(actor, "supervision.create")
    if not topic.strip():
        raise ValidationError({"topic": _("请填写督查主题。")})
    inspection = Inspection(
        kind=kind, state=InspectionState.ONGOING if starts_on <= timezone.localdate() else InspectionState.PLANNED,
        state_since=timezone.now(), year=starts_on.year, topic=topic.strip(), team_leader=team_leader,
        starts_on=starts_on, ends_on=ends_on, method=method.strip(), secret_level=secret_level, created_by=actor,
    )
    inspection.full_clean()
    inspection._change_reason, inspection._history_user = _("创建督查"), actor
    inspection.save()
    inspection.scope_units.set(scope_units)
    inspection.members.set(members)
    audit_record(actor=actor, action="supervision.inspection_create", obj=inspection)
    return inspection


@transaction.atomic
def finding_record(
    *, actor: User, inspection: Inspection, description: str, unit: OrgUnit, requirement: str = "",
    due_on: dt.date | None = None,
) -> Finding:
    require(actor, "supervision.create")
    if not description.strip():
        raise ValidationError({"description": _("请填写问题描述。")})
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    number = (locked.findings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    finding = Finding(inspection=locked, number=number, description=description.strip(), unit=unit,
                      requirement=requirement.strip(), due_on=due_on, recorded_by=actor)
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def finding_rectify(*, actor: User, finding: Finding, responsible_leader: User | None = None) -> SupervisedItem:
    """The finding becomes a 整改 item: its unit leads, its requirement and deadline carry over."""
    from supervision.items.services import ItemData, item_create

    locked = Finding.objects.select_for_update().select_related("inspection").get(pk=finding.pk)
    if locked.item_id:
        raise ValidationError(_("该问题已转为整改事项。"))
    if locked.due_on is None:
        raise ValidationError({"due_on": _("请先确定整改时限。")})
    inspection = locked.inspection
    item = item_create(actor=actor, data=ItemData(
        title=_("整改：%(text)s") % {"text": locked.description[:280]},
        requirement=locked.requirement or locked.description, lead_unit=locked.unit, source_kind=SourceKind.FINDING,
        responsible_leader=responsible_leader, due_on=locked.due_on, importance=Importance.KEY,
        secret_level=inspection.secret_level,
        source_label=f"{inspection.get_kind_display()}：{inspection.topic}（{_('问题')}{locked.number}）"[:300],
    ))
    locked.item, locked.state = item, FindingState.RECTIFYING
    locked.save(update_fields=["item", "state"])
    return item
