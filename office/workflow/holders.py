"""Who holds a post now: the office duties' holders and the delegates of a running 委托.

Reads only, so that the assignments (which route to these people) and the services that
change duties and delegations (which re-route open assignments) form no circle.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from office.choices import Duty, Role
from office.models import Delegation, OfficeDuty, User


def duty_holders(duty: str, *, clearance: int = 0) -> list[User]:
    """Active office members holding ``duty``, cleared for ``clearance``, by id."""
    return list(
        User.objects.filter(
            office_duties__duty=duty, role=Role.OFFICE, is_active=True, clearance__gte=clearance
        ).order_by("id")
    )


def holds_duty(user: User, duty: str) -> bool:
    if user is None or not user.is_active or user.role != Role.OFFICE:
        return False
    cache = getattr(user, "_duties", None)
    if cache is None:
        cache = set(OfficeDuty.objects.filter(user=user).values_list("duty", flat=True))
        user._duties = cache
    return duty in cache


def user_duties(user: User) -> list[str]:
    return [Duty(d).label for d in OfficeDuty.objects.filter(user=user).values_list("duty", flat=True)]


def _running(at: dt.datetime | None = None) -> Q:
    at = at or timezone.now()
    return Q(starts_at__lte=at, ends_at__gt=at, ended_at__isnull=True)


def delegates_now(user_ids: list[int], at: dt.datetime | None = None) -> dict[int, User]:
    """from-user id → the delegate standing in for him now (or at ``at``; one query)."""
    if not user_ids:
        return {}
    rows = (
        Delegation.objects.filter(_running(at), from_user_id__in=user_ids, to_user__is_active=True)
        .select_related("to_user").order_by("starts_at", "id")
    )
    return {row.from_user_id: row.to_user for row in rows}


def delegators_now(user: User) -> list[User]:
    """Whose steps ``user`` takes now."""
    return [
        row.from_user
        for row in Delegation.objects.filter(_running(), to_user=user).select_related("from_user").order_by("id")
    ]
