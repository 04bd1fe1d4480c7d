"""Reads of the work plan: the year's key tasks with the items the user may see (a fixed number of queries)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404

from office.permissions import restrict
from supervision.items.selectors import items_visible
from supervision.lights import Horizon
from supervision.models import KeyTask, WorkPlan


@dataclass
class TaskView:
    task: KeyTask
    items: list = field(default_factory=list)

    @property
    def progress(self) -> int:
        counted = [i.progress for i in self.items if i.state != "cancelled"]
        return round(sum(counted) / len(counted)) if counted else 0

    @property
    def lights(self) -> dict[str, int]:
        counts = {"red": 0, "yellow": 0, "green": 0}
        for item in self.items:
            if item.light in counts:
                counts[item.light] += 1
        return counts


def plan_years(*, user) -> list[int]:
    return list(restrict(WorkPlan.objects.all(), user).values_list("year", flat=True))


def plan_for(*, user, year: int) -> WorkPlan | None:
    return restrict(WorkPlan.objects.all(), user).filter(year=year).first()


def plan_tasks(*, user, plan: WorkPlan, horizon: Horizon | None = None) -> list[TaskView]:
    """The plan's key tasks in order, each with its items (those the user may see), lit. Two queries."""
    horizon = horizon or Horizon.now()
    tasks = list(restrict(KeyTask.objects.filter(plan=plan), user).select_related("lead_unit", "responsible_leader")
                 .order_by("number"))
    views = {t.pk: TaskView(t) for t in tasks}
    rows = (items_visible(user).filter(key_task__plan=plan).select_related("lead_unit", "responsible_leader", "handler")
            .order_by("key_task_id", "due_on", "id"))
    for item in rows:
        item.light = horizon.light(item)
        views[item.key_task_id].items.append(item)
    return list(views.values())


def plan_or_404(*, user, year: int) -> WorkPlan:
    plan = plan_for(user=user, year=year)
    if plan is None:
        raise Http404
    return plan

