"""Where items come from: a 领导批办件 registered by the office, and a 批示 on a 收文 marked 转督办
(the core's ``instruction.supervise`` event: ``documents`` fires it and never imports us).

Meetings (议定事项), 政务信息 and inspections open items the same way: ``item_create`` with
``ItemData(source=<their object>, source_kind=…)`` — the item links back to its source through
the core's links, and the source's page reads the item's state and light from the link.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office import org
from office.audit import audit_record
from office.choices import Role
from office.models import OrgUnit, User
from office.permissions import require
from office.workdays import WorkCalendar
from supervision import files as supervision_files
from supervision.choices import Importance, ItemState, ReportCycle, SourceKind
from supervision.items.services import ItemData, item_create
from supervision.models import Instruction, SupervisedItem

#: The objects a 批示 may be on, by model (``app_label.modelname``), and the source kind they give.
SOURCE_KINDS = {
    "documents.incomingdocument": SourceKind.INCOMING,
    "documents.informationitem": SourceKind.INFORMATION,
}
#: A 批示 that names no time limit: this many working days.
DEFAULT_WORKDAYS = 15


@transaction.atomic
def instruction_register(
    *, actor: User, leader: User, text: str, given_on: dt.date, subject: str, lead_unit: OrgUnit,
    requirement: str = "", assisting_units=(), due_on: dt.date | None = None, workdays: int | None = None,
    responsible_leader: User | None = None, importance: str = Importance.KEY, is_oral: bool = False,
    secret_level: int = 0, report_cycle: str = ReportCycle.MONTHLY, milestones=(), files=(), request=None,
) -> SupervisedItem:
    """领导批办件: the office records a leader's written or spoken instruction; the item is opened from it.

    ``files``: the scanned 批示件 (checked as any 附件; a bad file and nothing is registered)."""
    require(actor, "supervision.create", request=request)
    if leader is None or leader.role != Role.LEADER:
        raise ValidationError({"leader": _("请选择批示领导。")})
    if not text.strip():
        raise ValidationError({"text": _("请填写批示内容。")})
    if not subject.strip():
        raise ValidationError({"subject": _("请填写批示事项。")})
    if given_on is None or given_on > timezone.localdate():
        raise ValidationError({"given_on": _("批示日期不能晚于今天。")})
    if secret_level > actor.clearance:
        raise ValidationError({"secret_level": _("密级高于您的涉密等级。")})
    instruction = Instruction(
        leader=leader, text=text.strip(), given_on=given_on, subject=subject.strip(), is_oral=is_oral,
        secret_level=secret_level, registered_by=actor,
    )
    instruction.full_clean()
    instruction._change_reason, instruction._history_user = _("登记批办件"), actor
    instruction.save()
    audit_record(actor=actor, action="supervision.instruction", obj=instruction, request=request)
    supervision_files.files_add(actor=actor, uploads=files, request=request, instruction=instruction)
    return item_create(actor=actor, request=request, data=ItemData(
        title=instruction.subject, requirement=requirement.strip() or instruction.text, lead_unit=lead_unit,
        source_kind=SourceKind.INSTRUCTION, assisting_units=assisting_units,
        responsible_leader=responsible_leader or leader, instructing_leader=leader, due_on=due_on, workdays=workdays,
        importance=importance, secret_level=secret_level, report_cycle=report_cycle, milestones=list(milestones),
        instruction=instruction,
        source_label=_("%(name)s批示（%(day)s）") % {"name": leader.full_name, "day": given_on.isoformat()},
    ))


def item_open_from_instruction(*, source, leader, actor, text, units, due) -> SupervisedItem | None:
    """``instruction.supervise``: a 批示 on a 收文 (or another app's object) asked for supervision.

    The item is opened with the source's title, the 批示 as its requirement, the 主办/协办 units,
    the time limit and the source's 密级, and waits for the 督查员 to 交办 it. Once per source.
    """
    kind = SOURCE_KINDS.get(source._meta.label_lower)
    if kind is None:  # not a source we know (yet)
        return None
    existing = SupervisedItem.objects.filter(
        source_type__app_label=source._meta.app_label, source_type__model=source._meta.model_name,
        source_id=str(source.pk),
    ).exclude(state=ItemState.CANCELLED)
    if existing.exists():
        return None
    units = list(units or [])
    lead = units[0] if units else org.office_unit()
    today = timezone.localdate()
    if due is None or due < today:
        due = WorkCalendar().add_workdays(today, DEFAULT_WORKDAYS)
    number = getattr(source, "serial_display", "") or ""
    label = source._meta.verbose_name
    responsible = org.leader_in_charge(lead) if lead is not None else None
    return item_create(actor=None, created_by=actor, data=ItemData(
        title=str(source)[:300], requirement=text, lead_unit=lead, source_kind=kind, assisting_units=units[1:],
        responsible_leader=responsible or leader, instructing_leader=leader, due_on=due,
        importance=Importance.KEY, secret_level=getattr(source, "secret_level", 0) or 0, source=source,
        source_label=(f"{label}（{number}）：{source}" if number else f"{label}：{source}")[:300],
    ))
