"""Reads of the 纪要, through the policy: the meeting's minutes, its decisions and their items' lights."""

from __future__ import annotations

from meetings.models import Decision, Minutes
from office import links
from office.models import LinkKind
from office.permissions import restrict


def minutes_of(*, user, meeting) -> Minutes | None:
    return restrict(Minutes.objects.filter(meeting=meeting), user).select_related("drafted_by").first()


def decisions_of(*, user, minutes: Minutes) -> list[Decision]:
    """The decisions in order, each with ``supervised``: the link to its item (state, light) when the
    user may see the item — read through the core's links, never supervision's models."""
    rows = list(
        restrict(Decision.objects.filter(minutes=minutes), user)
        .select_related("agenda_item", "lead_unit", "confirmed_by")
        .prefetch_related("assisting_units")
        .order_by("order")
    )
    for row in rows:
        row.supervised = None
        if row.item_id:
            found = links.links_from(user=user, source=row, kinds=[LinkKind.SUPERVISE])
            row.supervised = found[0] if found else None
    return rows
