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


@transaction.atomic
def plan_import(*, actor: User, year: int, rows: list, request=None) -> tuple[WorkPlan, list]:
    """Save a checked sheet (``supervision.plans.sheet.parse`` rows): the key tasks (reused by title)
    and one item per row through ``item_create`` — all in one transaction, or nothing."""
    from office import org
    from supervision.choices import SourceKind
    from supervision.items.services import ItemData, item_create

    require(actor, "supervision.create", request=request)
    if not rows:
        raise ValidationError(_("没有可导入的督办事项。"))
    plan = plan_get_or_create(actor=actor, year=year)
    tasks = {t.title: t for t in plan.tasks.all()}
    items = []
    for row in rows:
        leader = row.responsible_leader or org.leader_in_charge(row.lead_unit)
        task = tasks.get(row.task)
        if task is None:
            task = tasks[row.task] = key_task_add(actor=actor, plan=plan, title=row.task, lead_unit=row.lead_unit,
                                                  responsible_leader=leader)
        try:
            items.append(item_create(actor=actor, request=request, data=ItemData(
                title=row.title, requirement=row.requirement, lead_unit=row.lead_unit, source_kind=SourceKind.PLAN,
                assisting_units=row.assisting_units, responsible_leader=leader, due_on=row.due_on,
                importance=row.importance, report_cycle=row.report_cycle, milestones=row.milestones, key_task=task,
                source_label=f"{plan.title}：{task.number}. {task.title}"[:300],
            )))
        except ValidationError as exc:
            raise ValidationError(_("第 %(row)s 行：%(error)s") % {"row": row.row, "error": "；".join(exc.messages)}) from exc
    audit_record(actor=actor, action="supervision.plan_import", obj=plan, detail={"items": len(items)}, request=request)
    return plan, items
