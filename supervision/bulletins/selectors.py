"""Reads of the bulletins, through the policy."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404

from office import links
from office.models import OrgUnit
from office.permissions import get_visible_or_404, restrict
from supervision.bulletins import figures
from supervision.items.selectors import LIST_RELATED, items_visible, with_lights
from supervision.lights import Horizon
from supervision.models import Bulletin


def bulletin_list(*, user):
    return restrict(Bulletin.objects.all(), user).select_related("created_by").order_by("-year", "-starts_on", "-id")


def bulletin_get(*, user, pk) -> Bulletin:
    return get_visible_or_404(Bulletin.objects.select_related("created_by"), user, pk=pk)


def bulletin_outgoing(*, user, bulletin: Bulletin) -> list:
    """The 发文 the bulletin became (if the user may see it), through the core's links."""
    return links.links_from(user=user, source=bulletin)


def figure_items(*, user, bulletin: Bulletin, figure: str, unit_id: int | None):
    """The list behind one figure (all departments when ``unit_id`` is None): the same filter it was counted by."""
    if figure not in figures.ALL_FIGURES:
        raise Http404
    as_of = dt.date.fromisoformat(bulletin.figures.get("as_of") or bulletin.ends_on.isoformat())
    rows = items_visible(user).filter(figures.figure_q(figure, bulletin.starts_on, bulletin.ends_on, as_of))
    unit = None
    if unit_id is not None:
        unit = get_object_or_404(OrgUnit, pk=unit_id)
        rows = rows.filter(lead_unit=unit)
    return unit, with_lights(rows.select_related(*LIST_RELATED), Horizon.now())
