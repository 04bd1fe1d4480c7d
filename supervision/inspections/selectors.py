"""Reads of inspections and findings, through the policy (a fixed number of queries per page)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from office import links
from office.permissions import get_visible_or_404, restrict
from supervision.choices import FINISHED_STATES
from supervision.lights import Horizon
from supervision.models import Finding, Inspection, SupervisionFile


def inspection_list(*, user):
    """Inspections with their findings counted: all, turned into 整改 items, rectified (the item closed)."""
    return restrict(Inspection.objects.all(), user).select_related("team_leader").annotate(
        finding_count=Count("findings", distinct=True),
        rectified_count=Count("findings", filter=Q(findings__item__state__in=FINISHED_STATES), distinct=True),
    ).order_by("-starts_on", "-id")


def inspection_get(*, user, pk) -> Inspection:
    rows = Inspection.objects.select_related("team_leader", "created_by").prefetch_related(
        "scope_units", "members",
        Prefetch("findings", queryset=Finding.objects.select_related("unit", "item", "item__lead_unit")
                 .prefetch_related(Prefetch("files", queryset=SupervisionFile.objects.order_by("id")))
                 .order_by("number")),
    )
    inspection = get_visible_or_404(rows, user, pk=pk)
    horizon = Horizon.now()
    for finding in inspection.findings.all():
        finding.light = horizon.light(finding.item) if finding.item else ""
        finding.rectified = bool(finding.item and finding.item.state in FINISHED_STATES)
    return inspection


def finding_get(*, user, inspection_pk, pk) -> Finding:
    return get_visible_or_404(Finding.objects.select_related("inspection", "unit"), user,
                              inspection_id=inspection_pk, pk=pk)


def inspection_outgoing(*, user, inspection: Inspection) -> list:
    """The 发文 draft made from the report, through the core's links (none before there is a report:
    ``inspection_report_to_outgoing`` needs one, so no read then)."""
    if not inspection.report.strip():
        return []
    return links.links_from(user=user, source=inspection)
