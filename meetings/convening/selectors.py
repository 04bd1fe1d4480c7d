"""Reads of meetings, through the policy: lists, the month calendar, the 领导日程, the detail page."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from meetings.choices import MeetingState
from meetings.convening.permissions import attends_q
from meetings.models import Attendee, Meeting, MeetingKind
from office.choices import Role
from office.models import User
from office.permissions import exists, get_visible_or_404, restrict

LIVE = ~Q(state=MeetingState.CANCELLED)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def visible(*, user) -> QuerySet[Meeting]:
    return restrict(Meeting.objects.all(), user)


def listing(*, user, view: str = "upcoming", kind: MeetingKind | None = None) -> QuerySet[Meeting]:
    """会议: upcoming (from today, soonest first), mine (chaired, recorded, attended), past, or all."""
    rows = visible(user=user).select_related("kind", "room", "chair")
    today = _aware(timezone.localdate())
    if kind is not None:
        rows = rows.filter(kind=kind)
    if view == "mine":
        rows = rows.filter(Q(chair=user) | Q(secretary=user) | attends_q(user)).filter(ends_at__gte=today)
        return rows.order_by("starts_at", "id")
    if view == "past":
        return rows.filter(ends_at__lt=today).order_by("-starts_at", "-id")
    if view == "all":
        return rows.order_by("-starts_at", "-id")
    return rows.filter(ends_at__gte=today).filter(LIVE).order_by("starts_at", "id")


def kinds(*, user) -> QuerySet[MeetingKind]:
    return restrict(MeetingKind.objects.filter(active=True), user).order_by("order", "name")


def month(*, user, first: dt.date) -> dict[dt.date, list[Meeting]]:
    """The meetings of the month (and the days around it the calendar shows), by day: one query."""
    start = first - dt.timedelta(days=first.weekday())
    end = start + dt.timedelta(days=42)
    rows = (
        visible(user=user)
        .filter(LIVE, starts_at__gte=_aware(start), starts_at__lt=_aware(end))
        .select_related("kind", "room")
        .order_by("starts_at", "id")
    )
    by_day: dict[dt.date, list[Meeting]] = {}
    for m in rows:
        by_day.setdefault(timezone.localtime(m.starts_at).date(), []).append(m)
    return {"start": start, "by_day": by_day}


def leaders(*, user) -> list[User]:
    return list(restrict(User.objects.filter(role=Role.LEADER), user).order_by("-is_principal", "id"))


def leader_week(*, user, monday: dt.date) -> tuple[list[User], dict[tuple[int, dt.date], list[Meeting]]]:
    """领导日程: each leader's meetings of the week — those he chairs or is asked to (three queries:
    the leaders, the meetings the viewer may see, their leaders' attendee rows)."""
    people = leaders(user=user)
    ids = [p.pk for p in people]
    start, end = _aware(monday), _aware(monday + dt.timedelta(days=7))
    leader_rows = Attendee.objects.filter(user_id__in=ids).only("meeting_id", "user_id", "answer", "substitute_for_id")
    rows = (
        visible(user=user)
        .filter(LIVE, starts_at__gte=start, starts_at__lt=end)
        .filter(Q(chair_id__in=ids) | exists(Attendee.objects.filter(meeting=OuterRef("pk"), user_id__in=ids)))
        .select_related("kind", "room")
        .order_by("starts_at", "id")
        .prefetch_related(Prefetch("attendees", queryset=leader_rows, to_attr="leader_rows"))
    )
    cells: dict[tuple[int, dt.date], list[Meeting]] = {}
    for m in rows:
        day = timezone.localtime(m.starts_at).date()
        who = {a.user_id: a for a in m.leader_rows}
        for pid in ids:
            if pid == m.chair_id or pid in who:
                row = who.get(pid)
                cells.setdefault((pid, day), []).append((m, row.answer if row else None, pid == m.chair_id))
    return people, cells


def detail(*, user, pk: int) -> Meeting:
    return get_visible_or_404(
        Meeting.objects.select_related("kind", "room", "chair", "secretary", "organizer", "booking", "created_by"),
        user,
        pk=pk,
    )


def attendees(meeting: Meeting) -> list[Attendee]:
    return list(
        meeting.attendees.select_related("user", "user__unit", "unit", "substitute_for__user").order_by(
            "role", "-is_member", "id"
        )
    )


def steps(meeting: Meeting):
    return list(meeting.steps.select_related("actor").order_by("at", "id"))


def my_week(*, user) -> QuerySet[Meeting]:
    """本周会议: the meetings of this week (Monday to Sunday) the user chairs, records or attends."""
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    return (
        visible(user=user)
        .filter(LIVE, starts_at__gte=_aware(monday), starts_at__lt=_aware(monday + dt.timedelta(days=7)))
        .filter(Q(chair=user) | Q(secretary=user) | attends_q(user))
        .select_related("room")
        .order_by("starts_at", "id")
    )
