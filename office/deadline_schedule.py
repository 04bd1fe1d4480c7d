"""The reminder ladder of a deadline and its traffic light: pure date arithmetic over the
working-day calendar and the configured ladders (:class:`~office.models.ReminderLadder`).

Re-exported by :mod:`office.deadlines`, which is where callers import them from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from office.models import Recipients, ReminderLadder
from office.workdays import WorkCalendar

# --- the ladder -------------------------------------------------------------


@dataclass(frozen=True)
class StageSpec:
    code: str
    offset: int
    at_time: dt.time
    recipients: str
    message: str


@dataclass(frozen=True)
class Ladder:
    stages: tuple[StageSpec, ...]
    repeat_every: int
    repeat_recipients: str
    repeat_message: str


#: Used when no ladder is configured for a kind (the migration stores the same as "general").
DEFAULT_LADDER = Ladder(
    stages=(
        StageSpec("before", -1, dt.time(9), Recipients.PERSON, "“{title}”将于 {due} 到期，请抓紧办理。"),
        StageSpec("due", 0, dt.time(9), Recipients.PERSON_HEAD, "“{title}”今日到期（{due}），请按时办结。"),
        StageSpec("overdue", 1, dt.time(9), Recipients.HEAD, "“{title}”已逾期（时限 {due}），请督促责任人抓紧办理。"),
        StageSpec("escalate", 3, dt.time(9), Recipients.LEADER, "{unit}承办的“{title}”已逾期 {overdue} 个工作日，请督促办理。"),
    ),
    repeat_every=3,
    repeat_recipients=Recipients.HEAD_LEADER,
    repeat_message="“{title}”已逾期 {overdue} 个工作日（时限 {due}），请督促办理。",
)


class Ladders:
    """The configured ladders, read once per sweep or request."""

    def __init__(self):
        self._by_kind: dict[str, Ladder] = {}
        for ladder in ReminderLadder.objects.prefetch_related("stages"):
            self._by_kind[ladder.kind] = Ladder(
                stages=tuple(
                    StageSpec(s.code, s.offset_workdays, s.at_time, s.recipients, s.message)
                    for s in sorted(ladder.stages.all(), key=lambda s: (s.offset_workdays, s.at_time))
                ),
                repeat_every=ladder.repeat_every,
                repeat_recipients=ladder.repeat_recipients,
                repeat_message=ladder.repeat_message,
            )

    def for_kind(self, kind: str) -> Ladder:
        return self._by_kind.get(kind) or self._by_kind.get("general") or DEFAULT_LADDER


@dataclass(frozen=True)
class Stage:
    code: str
    at: dt.datetime
    recipients: str
    message: str


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def schedule_position(ladder: Ladder, due_at: dt.datetime, now: dt.datetime, cal: WorkCalendar) -> tuple[Stage | None, dt.datetime | None]:
    """The latest stage whose time has come (None if none yet) and when the next one is due.

    A sweep that finds several stages passed sends only the latest: someone whose
    item is weeks overdue gets one escalation, not the whole ladder at once.
    """
    due_day = timezone.localtime(due_at).date()
    current: Stage | None = None
    last_day = None
    for spec in ladder.stages:
        day = due_day if spec.offset == 0 else cal.add_workdays(due_day, spec.offset)
        stage = Stage(spec.code, _at(day, spec.at_time), spec.recipients, spec.message)
        if stage.at > now:
            return current, stage.at
        current, last_day, last_time = stage, day, spec.at_time
    if not ladder.repeat_every or last_day is None:
        return current, None
    k, day = 0, last_day
    while True:
        k += 1
        day = cal.add_workdays(day, ladder.repeat_every)  # k × repeat_every working days after the last rung
        at = _at(day, last_time)
        if at > now:
            return current, at
        current = Stage(f"repeat-{k}", at, ladder.repeat_recipients, ladder.repeat_message)


# --- traffic lights -------------------------------------------------------------

GREEN, YELLOW, RED = "green", "yellow", "red"


def light(due_at: dt.datetime, now: dt.datetime, soon_until: dt.datetime) -> str:
    """Red once overdue; yellow when due by the end of the next working day; else green."""
    if due_at < now:
        return RED
    return YELLOW if due_at <= soon_until else GREEN


def soon_until(now: dt.datetime, cal: WorkCalendar) -> dt.datetime:
    """End of the next working day: what is due before then is "due soon"."""
    day = cal.add_workdays(timezone.localtime(now).date(), 1)
    return _at(day, dt.time(23, 59, 59))


class Lights:
    """The traffic light of any number of time limits, as of one moment (one calendar read)."""

    def __init__(self, now: dt.datetime | None = None, cal: WorkCalendar | None = None):
        self.now = now or timezone.now()
        self.calendar = cal or WorkCalendar()
        self.soon_until = soon_until(self.now, self.calendar)

    def __call__(self, due_at: dt.datetime) -> str:
        return light(due_at, self.now, self.soon_until)
