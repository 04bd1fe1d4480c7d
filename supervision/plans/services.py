"""年度工作要点: the plan and its key tasks; each key task is decomposed into items (``item_create``
with ``key_task``). The Excel import builds on these (one transaction for the whole sheet)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from office.audit import audit_record
from office.models import OrgUnit, User
from office.permissions import require
from supervision.models import KeyTask, WorkPlan


@transaction.atomic
def plan_get_or_create(*, actor: User, year: int, title: str = "") -> WorkPlan:
    require(actor, "supervision.create")
    plan = WorkPlan.objects.select_for_update().filter(year=year).first()
    if plan is not None:
        return plan
    plan = WorkPlan(year=year, title=title.strip() or _("%(year)s年度工作要点") % {"year": year}, created_by=actor)
    plan.full_clean()
    plan.save()
    audit_record(actor=actor, action="supervision.plan_create", obj=plan)
    return plan


@transaction.atomic
def key_task_add(
    *, actor: User, plan: WorkPlan, title: str, description: str = "", lead_unit: OrgUnit | None = None,
    responsible_leader: User | None = None,
) -> KeyTask:
    require(actor, "supervision.create")
    if not title.strip():
        raise ValidationError({"title": _("请填写重点任务。")})
    locked = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    number = (locked.tasks.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    task = KeyTask(plan=locked, number=number, title=title.strip(), description=description.strip(),
                   lead_unit=lead_unit, responsible_leader=responsible_leader)
    task.full_clean()
    task.save()
    return task
