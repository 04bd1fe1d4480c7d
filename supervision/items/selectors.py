"""Every read of 督办事项, through the permission policy; a fixed number of queries per page."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.http import Http404
from django.utils import timezone

from office import links
from office.choices import Role
from office.counts import Tally, tallies
from office.models import LinkKind
from office.permissions import get_visible_or_404, in_charge_unit_ids, restrict
from office.workflow.assignments import round_rows
from supervision.choices import OPEN_STATES, ExtensionState
from supervision.items.permissions import EXTENSION, part_exists
from supervision.lights import Horizon
from supervision.models import (
    Extension,
    Finding,
    ItemPart,
    ItemStep,
    KeyTask,
    Milestone,
    ProgressReport,
    SupervisedItem,
    SupervisionFile,
)

LIST_RELATED = ("lead_unit", "responsible_leader", "handler")


def items_visible(user) -> QuerySet[SupervisedItem]:
    return restrict(SupervisedItem.objects.all(), user)


def with_lights(rows: QuerySet, horizon: Horizon) -> QuerySet:
    """Sorted 红, 黄, 绿, then those without a light; soonest due first."""
    rank = Case(
        When(horizon.red_q(), then=Value(0)), When(horizon.yellow_q(), then=Value(1)),
        When(Q(state__in=OPEN_STATES), then=Value(2)), default=Value(3), output_field=IntegerField(),
    )
    return rows.annotate(light_rank=rank).order_by("light_rank", "due_on", "-id")


def item_list(*, user, filters=None, horizon: Horizon | None = None) -> QuerySet[SupervisedItem]:
    """The 督办事项 list, filtered, sorted by light and limit (one query per page, plus the count)."""
    rows = items_visible(user).select_related(*LIST_RELATED)
    if filters is not None:
        rows = filters.apply(rows)
    return with_lights(rows, horizon or Horizon.now())


def item_get(*, user, pk) -> SupervisedItem:
    """One item through the policy (404 out of scope), with what its page shows.

    Its parts and milestones are read only when it has some (the item's own query says so), so an item
    without assisting units or milestones costs no query for them. Its extensions are not prefetched:
    :func:`item_extensions` reads them only when the timeline shows one was asked for; its 催办 are the
    timeline's ``urge`` steps (the service records both).
    """
    mine = {"item": OuterRef("pk")}
    rows = SupervisedItem.objects.select_related(
        "lead_unit", "responsible_leader", "instructing_leader", "handler", "created_by", "signed_by", "closed_by",
        "instruction__leader", "key_task__plan", "evaluation__rated_by", "evaluation__leader", "finding__inspection",
    ).annotate(
        has_parts=Exists(ItemPart.objects.filter(**mine)),
        has_milestones=Exists(Milestone.objects.filter(**mine)),
        has_reports=Exists(ProgressReport.objects.filter(**mine)),
        instruction_has_files=Exists(SupervisionFile.objects.filter(instruction_id=OuterRef("instruction_id"))),
    )
    item = get_visible_or_404(rows, user, pk=pk)
    parts = ItemPart.objects.select_related("unit", "contact").order_by("id")
    prefetch_related_objects(
        [item],
        Prefetch("parts", queryset=parts if item.has_parts else parts.none()),
        Prefetch("milestones", queryset=Milestone.objects.all() if item.has_milestones else Milestone.objects.none()),
    )
    return item


def item_timeline(item: SupervisedItem) -> list[ItemStep]:
    return list(ItemStep.objects.filter(item=item).select_related("actor", "on_behalf_of", "delegated_from"))


def item_reports(item: SupervisedItem) -> list[ProgressReport]:
    if not getattr(item, "has_reports", True):  # item_get knows: no query for none
        return []
    return list(ProgressReport.objects.filter(item=item).select_related("unit", "author", "part")
                .annotate(has_files=Exists(SupervisionFile.objects.filter(report=OuterRef("pk"))))
                .order_by("-reported_at", "-id"))


def item_files(item: SupervisedItem, reports: list[ProgressReport]) -> list[SupervisionFile]:
    """The page's 督办附件 in one query, none when nothing has a file (``item_get`` and ``item_reports``
    say which do): each report gets ``file_list``; the 批示件 are returned. The item is already seen
    through the policy."""
    for report in reports:
        report.file_list = []
    wanted = Q()
    if item.instruction_id and getattr(item, "instruction_has_files", True):
        wanted |= Q(instruction_id=item.instruction_id)
    with_files = [r.pk for r in reports if getattr(r, "has_files", True)]
    if with_files:
        wanted |= Q(report_id__in=with_files)
    if not wanted:
        return []
    rows = list(SupervisionFile.objects.filter(wanted).order_by("uploaded_at", "id"))
    by_report = {r.pk: r for r in reports}
    for row in rows:
        if row.report_id in by_report:
            by_report[row.report_id].file_list.append(row)
    return [row for row in rows if row.instruction_id]


def key_task_get(*, user, pk) -> KeyTask:
    """A key task of the 年度工作要点 (to decompose into an item), through the policy (404 otherwise)."""
    return get_visible_or_404(KeyTask.objects.select_related("plan", "lead_unit", "responsible_leader"), user, pk=pk)


def file_get(*, user, pk) -> tuple[SupervisionFile, object]:
    """A 督办附件 and what it belongs to (the item, or the finding), if the user may see that: through
    the policy, 404 otherwise (a 批示件 is seen with the items opened from its instruction)."""
    row = SupervisionFile.objects.filter(pk=pk).first()
    owner = None
    if row is not None and row.finding_id:
        owner = restrict(Finding.objects.select_related("inspection"), user).filter(pk=row.finding_id).first()
    elif row is not None:
        items = items_visible(user)
        if row.item_id:
            items = items.filter(pk=row.item_id)
        elif row.report_id:
            items = items.filter(reports__pk=row.report_id)
        else:
            items = items.filter(instruction_id=row.instruction_id)
        owner = items.order_by("id").first()
    if owner is None:
        raise Http404
    return row, owner


def extension_chain(item: SupervisedItem) -> list:
    """The pending (or latest) extension's approvers, one by one."""
    return round_rows(item, EXTENSION)


def item_extensions(item: SupervisedItem, steps: list[ItemStep]) -> list[Extension]:
    """The item's extension requests, oldest first: none read unless its timeline has an 申请延期
    (``progress.extension_request`` records one with every request)."""
    if not any(step.action == "extend" for step in steps):
        return []
    return list(Extension.objects.filter(item=item).select_related("requested_by").order_by("number"))


def pending_extension(extensions: list[Extension]) -> Extension | None:
    return next((e for e in extensions if e.state == ExtensionState.PENDING), None)


def item_source(*, user, item: SupervisedItem):
    """The object of another app the item comes from (a 收文 …), if the user may see it: one query
    through the policy (none without a source). The core's SUPERVISE link says the same; its
    reverse (:func:`items_for_source`) serves the source's page."""
    if not (item.source_type_id and item.source_id):
        return None
    model = ContentType.objects.get_for_id(item.source_type_id).model_class()
    if model is None:
        return None
    try:
        return restrict(model._default_manager.filter(pk=item.source_id), user).first()
    except (ValueError, TypeError, ValidationError):
        return None


def items_for_source(*, user, source) -> list:
    """The items opened from ``source`` (for its page), with state and light, through the core's links."""
    return links.links_from(user=user, source=source, kinds=[LinkKind.SUPERVISE])


# --- 我的督办 ----------------------------------------------------------------------------


def _week_end(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=6 - today.weekday())


def my_sections(*, user, horizon: Horizon | None = None) -> list[tuple[str, QuerySet]]:
    """(key, rows) for the user's role: what is his to see to now. One query per section."""
    horizon = horizon or Horizon.now()
    today = horizon.today
    rows = items_visible(user).select_related(*LIST_RELATED).filter(state__in=OPEN_STATES)
    sections: list[tuple[str, QuerySet]] = []
    if user.role == Role.DEPT_HEAD and user.unit_id:
        sections.append(("lead", rows.filter(lead_unit_id=user.unit_id)))
        sections.append(("assist", rows.filter(part_exists(unit_id=user.unit_id)).exclude(lead_unit_id=user.unit_id)))
        sections.append(("reports_due", rows.filter(
            Q(lead_unit_id=user.unit_id) & Q(next_report_on__lte=_week_end(today)))))
    if user.role in (Role.STAFF, Role.DEPT_HEAD):
        sections.append(("handling", rows.filter(Q(handler=user) | part_exists(contact=user))))
    if user.role == Role.LEADER:
        sections.append(("responsible", rows.filter(Q(responsible_leader=user) | Q(instructing_leader=user))))
        units = in_charge_unit_ids(user)
        sections.append(("in_charge", rows.filter(Q(lead_unit_id__in=units) | part_exists(unit_id__in=units))))
    if user.role == Role.OFFICE:
        sections.append(("red", rows.filter(horizon.red_q())))
        sections.append(("yellow", rows.filter(horizon.yellow_q())))
    return [(key, with_lights(qs, horizon)) for key, qs in sections]


def counts(*, user, horizon: Horizon | None = None) -> dict[str, Tally]:
    """Open items by light, for the workbench: capped, lazy tallies (office.counts) counted with the
    page's other counts in its one statement, never an aggregate over every item the user sees."""
    horizon = horizon or Horizon.now()
    rows = items_visible(user).order_by()
    return tallies({"red": rows.filter(horizon.red_q()), "yellow": rows.filter(horizon.yellow_q()),
                    "open": rows.filter(state__in=OPEN_STATES)})


def today() -> dt.date:
    return timezone.localdate()
