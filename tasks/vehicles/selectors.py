"""Reads of 用车, through the policy: the office's fleet, its dispatch queue and the week of every
vehicle (or driver) — trips are requests, so they are read through the requests' policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from office.permissions import has_capability, refuse_404, restrict
from tasks.choices import Kind, State
from tasks.models import AffairRequest, Driver, Trip, Vehicle
from tasks.vehicles.services import OFFICE

BY_VEHICLE, BY_DRIVER = "vehicle", "driver"
#: The queue's sections: at most this many rows each.
QUEUE_CAP = 50


def office_only(user, request=None) -> None:
    if not has_capability(user, OFFICE):
        refuse_404(user, action=OFFICE, request=request)


def vehicles(*, user) -> QuerySet[Vehicle]:
    return restrict(Vehicle.objects.all(), user).order_by("sort_order", "id")


def drivers(*, user) -> QuerySet[Driver]:
    return restrict(Driver.objects.all(), user).order_by("sort_order", "id")


def _requests(user) -> QuerySet[AffairRequest]:
    return restrict(AffairRequest.objects.filter(kind=Kind.VEHICLE), user)


def queue(*, user) -> dict[str, list[AffairRequest]]:
    """派车: approved trips waiting for a vehicle (soonest first), and those out, not yet back."""
    rows = _requests(user).select_related("unit", "requester", "trip__vehicle", "trip__driver")
    return {
        "waiting": list(rows.filter(state=State.APPROVED).order_by("trip__starts_at", "id")[:QUEUE_CAP]),
        "out": list(rows.filter(state=State.DISPATCHED).order_by("trip__ends_at", "id")[:QUEUE_CAP]),
    }


@dataclass
class Lane:
    """One vehicle's (or driver's) row of the week: the trips of each day."""

    key: Vehicle | Driver
    days: list[list[Trip]] = field(default_factory=list)


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def week(*, user, monday: dt.date, by: str = BY_VEHICLE, days: int = 7) -> list[Lane]:
    """Each vehicle (or driver) and its dispatched trips on each day of the week (two queries)."""
    keys = list(drivers(user=user) if by == BY_DRIVER else vehicles(user=user))
    start, end = _aware(monday), _aware(monday + dt.timedelta(days=days))
    trips = (
        Trip.objects.filter(request__in=_requests(user), vehicle__isnull=False, starts_at__lt=end, ends_at__gt=start)
        .select_related("request__unit", "vehicle", "driver")
        .order_by("starts_at", "id")
    )
    lanes = {k.pk: Lane(k, [[] for _ in range(days)]) for k in keys}
    for trip in trips:
        lane = lanes.get(trip.driver_id if by == BY_DRIVER else trip.vehicle_id)
        if lane is None:
            continue
        first = max(timezone.localtime(trip.starts_at).date(), monday)
        last = min(timezone.localtime(trip.ends_at - dt.timedelta(microseconds=1)).date(), monday + dt.timedelta(days=days - 1))
        for n in range((first - monday).days, (last - monday).days + 1):
            lane.days[n].append(trip)
    return list(lanes.values())
