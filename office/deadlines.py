"""Deadlines and reminders (催办): setting, moving and closing time limits, the
escalation ladder, and the sweep that sends each reminder exactly once.

Later workflows call :func:`deadline_set`, :func:`deadline_move` and
:func:`deadline_close`; this module knows nothing of documents, meetings or
supervision — a deadline points at its object generically.

Exactly once: the sweep claims due rows with ``SELECT … FOR UPDATE SKIP LOCKED``
and, in the same transaction, writes each notification with a
:class:`~office.models.ReminderLog` row under the unique constraint
(deadline, stage, recipient). Two sweeps never hold the same row; a crash rolls
the whole batch back; a retry finds the log rows and sends nothing twice.

The ladder and the traffic lights live in :mod:`office.deadline_schedule` (re-exported
here); who hears of a deadline — the person, the unit's head, the leaders in charge, the
office head for a unit without a head — comes from :mod:`office.org`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from office import pgcopy
from office.audit import audit_record
from office.choices import EmailState
from office.classification import derived_level
from office.deadline_schedule import (
    DEFAULT_LADDER,
    GREEN,
    RED,
    YELLOW,
    Ladder,
    Ladders,
    Lights,
    Stage,
    StageSpec,
    light,
    schedule_position,
    soon_until,
)
from office.models import (
    Deadline,
    DeadlineChange,
    DeadlineSchedule,
    DeadlineState,
    Notification,
    OrgUnit,
    Recipients,
    ReminderLog,
    Urge,
    User,
)
from office.org import OrgIndex
from office.permissions import in_charge_prime, require, visible_pairs
from office.services import todo_close
from office.workdays import WorkCalendar

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_LADDER", "GREEN", "RED", "YELLOW", "Ladder", "Ladders", "Lights", "OrgIndex", "Stage", "StageSpec",
    "SweepResult", "WorkCalendar", "deadline_close", "deadline_close_for", "deadline_move", "deadline_reassign",
    "deadline_set", "deadline_urge", "light", "recipients_for", "schedule_position", "soon_until", "sweep",
]

# --- services -----------------------------------------------------------------


def _first_reminder_at(ladder: Ladder, due_at: dt.datetime, now: dt.datetime, cal: WorkCalendar) -> dt.datetime | None:
    current, next_at = schedule_position(ladder, due_at, now, cal)
    return now if current is not None else next_at


def _target_key(target: Model | None) -> tuple[ContentType | None, str]:
    if target is None:
        return None, ""
    return ContentType.objects.get_for_model(target, for_concrete_model=True), str(target.pk)


@transaction.atomic
def deadline_set(
    *,
    actor: User | None,
    title: str,
    responsible_unit: OrgUnit,
    responsible_user: User | None = None,
    due_at: dt.datetime | None = None,
    workdays: int | None = None,
    target: Model | None = None,
    url: str = "",
    kind: str = "general",
    secret_level: int | None = None,
) -> Deadline:
    """Give something a time limit — a date, or "N 个工作日" from today.

    A target that already has an open deadline of this kind gets it moved instead, and
    handed to the unit and person given here when they changed (the item moved on).
    """
    cal = WorkCalendar()
    now = timezone.now()
    if (due_at is None) == (workdays is None):
        raise ValidationError(_("请给出完成时限：具体时间或工作日天数，二者取一。"))
    if workdays is not None:
        if workdays < 1:
            raise ValidationError(_("工作日天数至少为 1。"))
        due_at = cal.due_after_workdays(now, workdays)
    ctype, target_id = _target_key(target)
    if target is not None:
        existing = (
            Deadline.objects.select_for_update()
            .filter(target_type=ctype, target_id=target_id, kind=kind, state=DeadlineState.OPEN)
            .first()
        )
        if existing is not None:
            _raise_level(existing, derived_level(target, explicit=secret_level))
            existing = deadline_reassign(
                actor=actor, deadline=existing, responsible_unit=responsible_unit, responsible_user=responsible_user
            )
            return deadline_move(actor=actor, deadline=existing, due_at=due_at, reason=_("重新设定时限"))
    # Made from its item: the item's 密级 unless the caller sets one explicitly.
    secret_level = derived_level(target, explicit=secret_level)
    deadline = Deadline(
        kind=kind, title=title[:200], url=url, target_type=ctype, target_id=target_id,
        responsible_unit=responsible_unit, responsible_user=responsible_user, secret_level=secret_level,
        due_at=due_at, created_by=actor,
    )
    deadline.full_clean()
    deadline.save()
    _schedule(deadline, _first_reminder_at(Ladders().for_kind(kind), due_at, now, cal))
    DeadlineChange.objects.create(deadline=deadline, actor=actor, action="set", new_due_at=due_at)
    if actor is not None:
        audit_record(actor=actor, action="deadline.set", obj=deadline, detail={"due_at": due_at.isoformat()})
    return deadline


def _raise_level(deadline: Deadline, level: int) -> None:
    """A time limit is never less secret than its item (the item was classified higher since)."""
    if level > deadline.secret_level:
        locked = _lock(deadline)
        locked.secret_level = deadline.secret_level = level
        locked.save(update_fields=["secret_level"])


def _lock(deadline: Deadline) -> Deadline:
    return Deadline.objects.select_for_update().get(pk=deadline.pk)


def _schedule(deadline: Deadline, when: dt.datetime | None) -> None:
    """When the sweep next looks at ``deadline``; None: never again (its schedule row goes)."""
    if when is None:
        DeadlineSchedule.objects.filter(deadline=deadline).delete()
    else:
        DeadlineSchedule.objects.update_or_create(deadline=deadline, defaults={"next_remind_at": when})


@transaction.atomic
def deadline_move(*, actor: User | None, deadline: Deadline, due_at: dt.datetime, reason: str) -> Deadline:
    """Extend (or shorten) a time limit: its reminders are scheduled afresh for the new one."""
    if actor is not None:
        require(actor, "move", deadline)
    locked = _lock(deadline)
    if locked.state != DeadlineState.OPEN:
        raise ValidationError(_("该事项已办结，不能调整时限。"))
    old = locked.due_at
    if old == due_at:
        return locked
    locked.due_at, locked.revision = due_at, locked.revision + 1
    locked.save(update_fields=["due_at", "revision"])
    _schedule(locked, _first_reminder_at(Ladders().for_kind(locked.kind), due_at, timezone.now(), WorkCalendar()))
    DeadlineChange.objects.create(deadline=locked, actor=actor, action="move", old_due_at=old, new_due_at=due_at, reason=reason[:300])
    if actor is not None:
        audit_record(actor=actor, action="deadline.move", obj=locked, detail={"from": old.isoformat(), "to": due_at.isoformat()})
    return locked


@transaction.atomic
def deadline_reassign(
    *, actor: User | None, deadline: Deadline, responsible_unit: OrgUnit, responsible_user: User | None
) -> Deadline:
    """Hand a time limit to whoever answers for the item now (its reminders follow)."""
    if actor is not None:
        require(actor, "move", deadline)
    locked = _lock(deadline)
    before = (locked.responsible_unit_id, locked.responsible_user_id)
    after = (responsible_unit.pk, responsible_user.pk if responsible_user else None)
    if before == after or locked.state != DeadlineState.OPEN:
        return locked
    locked.responsible_unit, locked.responsible_user = responsible_unit, responsible_user
    locked.save(update_fields=["responsible_unit", "responsible_user"])
    holder = responsible_user.full_name if responsible_user else responsible_unit.name
    DeadlineChange.objects.create(
        deadline=locked, actor=actor, action="reassign", reason=_("转由%(holder)s办理") % {"holder": holder}
    )
    return locked


@transaction.atomic
def deadline_close(
    *, actor: User | None, deadline: Deadline, state: str = DeadlineState.DONE, reason: str = ""
) -> Deadline:
    """The item is finished (or withdrawn): no more reminders."""
    if actor is not None:
        require(actor, "close", deadline)
    locked = _lock(deadline)
    if locked.state != DeadlineState.OPEN:
        return locked
    locked.state, locked.closed_at = state, timezone.now()
    locked.save(update_fields=["state", "closed_at"])
    _schedule(locked, None)
    # Whatever waited on this item on someone's workbench is done with it.
    todo_close(target=locked)
    DeadlineChange.objects.create(deadline=locked, actor=actor, action=state, old_due_at=locked.due_at, reason=reason[:300])
    if actor is not None:
        audit_record(actor=actor, action=f"deadline.{state}", obj=locked)
    return locked


@transaction.atomic
def deadline_close_for(*, actor: User | None, target: Model, state: str = DeadlineState.DONE) -> int:
    """Close every open deadline of ``target`` (a workflow finished its step)."""
    ctype, target_id = _target_key(target)
    rows = list(Deadline.objects.filter(target_type=ctype, target_id=target_id, state=DeadlineState.OPEN))
    for row in rows:
        deadline_close(actor=actor, deadline=row, state=state)
    return len(rows)


@dataclass(frozen=True)
class UrgePlan:
    """What a 催办 will send, to whom — shown to the sender before he confirms."""

    recipients: list[User]  # those who receive it (the responsible person and heads who may see the item)
    title: str
    body: str
    message: str


def _urge_plan(actor: User, deadline: Deadline, message: str) -> UrgePlan:
    message = message.strip()[:500]
    if not message:
        raise ValidationError({"message": _("请填写催办意见。")})
    if deadline.state != DeadlineState.OPEN:
        raise ValidationError(_("该事项已办结，无需催办。"))
    ids = recipients_for(OrgIndex(), Recipients.PERSON_HEAD, deadline)
    users = User.objects.select_related("unit").in_bulk(ids)
    allowed = _can_see(users, [deadline])
    return UrgePlan(
        recipients=[users[i] for i in ids if (deadline.pk, i) in allowed],
        title=(_("【催办】%(title)s") % {"title": deadline.title})[:200],
        body=_("%(name)s催办：%(message)s（时限 %(due)s）") % {
            "name": actor.full_name, "message": message, "due": _due_text(deadline.due_at),
        },
        message=message,
    )


def deadline_urge_plan(*, actor: User, deadline: Deadline, message: str, request=None) -> UrgePlan:
    """催办's confirmation step: what would be sent to whom; nothing is sent or recorded."""
    require(actor, "urge", deadline, request=request)
    return _urge_plan(actor, deadline, message)


@transaction.atomic
def deadline_urge(*, actor: User, deadline: Deadline, message: str, request=None) -> Urge:
    """催办: office staff urge an item they can see; recorded on it and notified like a reminder."""
    require(actor, "urge", deadline, request=request)
    if not message.strip():
        raise ValidationError({"message": _("请填写催办意见。")})
    locked = _lock(deadline)
    plan = _urge_plan(actor, locked, message)
    urge = Urge(deadline=locked, actor=actor, message=plan.message)
    urge.full_clean()
    urge.save()
    url = locked.url or locked.get_absolute_url()
    for user in plan.recipients:
        note = Notification.objects.create(
            recipient_id=user.pk, verb="deadline.urge", title=plan.title, body=plan.body, url=url,
            target_type=ContentType.objects.get_for_model(Deadline), target_id=str(locked.pk),
            email_state=EmailState.PENDING if user.email else EmailState.SKIPPED,
        )
        ReminderLog.objects.create(deadline=locked, stage=f"urge-{urge.pk}", recipient_id=user.pk, notification=note)
    audit_record(actor=actor, action="deadline.urge", obj=locked, detail={"urge": urge.pk}, request=request)
    return urge


# --- who gets a reminder --------------------------------------------------------


def recipients_for(org: OrgIndex, recipients: str, deadline: Deadline) -> list[int]:
    """The ids of whoever a rung of the ladder names for ``deadline``, de-duplicated, in order."""
    person = [deadline.responsible_user_id] if deadline.responsible_user_id else []
    unit = deadline.responsible_unit_id
    match recipients:
        case Recipients.PERSON:
            found = person or org.heads(unit)
        case Recipients.PERSON_HEAD:
            found = person + org.heads(unit)
        case Recipients.HEAD:
            found = org.heads(unit)
        case Recipients.LEADER:
            found = org.leaders_of(unit)
        case _:
            found = org.heads(unit) + org.leaders_of(unit)
    return list(dict.fromkeys(found))


def _can_see(users: dict[int, User], deadlines: list[Deadline], wanted: dict[int, set[int]] | None = None) -> set[tuple[int, int]]:
    """(deadline id, user id) pairs where the user may see the item, through the policy.

    The item is the deadline's target when it has one, else the deadline itself.
    Set-based: one statement per kind of item for all the users at once
    (:func:`~office.permissions.visible_pairs`), whatever the number of rows and recipients.
    """
    wanted = wanted or {uid: {d.pk for d in deadlines} for uid in users}
    by_pk = {d.pk: d for d in deadlines}
    plain: list[tuple[User, list[int]]] = []
    targeted: dict[int, list[tuple[User, set[str]]]] = defaultdict(list)
    for user_id, deadline_ids in wanted.items():
        user = users.get(user_id)
        if user is None or not user.is_active:
            continue
        own = [pk for pk in deadline_ids if not by_pk[pk].target_type_id]
        if own:
            plain.append((user, own))
        items: dict[int, set[str]] = defaultdict(set)
        for pk in deadline_ids:
            row = by_pk[pk]
            if row.target_type_id:
                items[row.target_type_id].add(row.target_id)
        for type_id, target_ids in items.items():
            targeted[type_id].append((user, target_ids))
    in_charge_prime([user for user, _ids in plain] + [user for pairs in targeted.values() for user, _ids in pairs])
    allowed: set[tuple[int, int]] = visible_pairs(Deadline, plain) if plain else set()
    about: dict[tuple[int, str], list[int]] = defaultdict(list)  # (type, target id) → its deadlines
    for row in deadlines:
        if row.target_type_id:
            about[(row.target_type_id, row.target_id)].append(row.pk)
    for type_id, pairs in targeted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for target_pk, user_id in visible_pairs(model, pairs):
            allowed.update((pk, user_id) for pk in about[(type_id, str(target_pk))] if pk in wanted[user_id])
    return allowed


# --- the sweep ------------------------------------------------------------------


def _due_text(due_at: dt.datetime) -> str:
    return date_format(timezone.localtime(due_at), "Y-m-d H:i")


def _message(template: str, deadline: Deadline, *, unit: str, due: str, overdue: int) -> str:
    values = {"title": deadline.title, "due": due, "overdue": overdue, "unit": unit}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):  # an admin-edited message with a bad placeholder
        return _("“%(title)s”时限 %(due)s，请抓紧办理。") % values


@dataclass
class SweepResult:
    due: int = 0
    notified: int = 0
    skipped: int = 0
    batches: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"due": self.due, "notified": self.notified, "skipped": self.skipped, "batches": self.batches}


def _claim(now: dt.datetime, batch_size: int) -> list[Deadline]:
    """Up to ``batch_size`` due deadlines, locked — each row and its schedule row — for this transaction.

    Locking the deadline row too keeps the sweep and a concurrent move, reassignment or
    closing of the same deadline from interleaving: those lock it first as well.
    """
    rows = (
        Deadline.objects.filter(state=DeadlineState.OPEN, schedule__next_remind_at__lte=now)
        .order_by("schedule__next_remind_at")
    )
    if connection.features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True)
    else:  # SQLite: one writer at a time anyway
        rows = rows.select_for_update()
    return list(rows[:batch_size])


class _PerDueTime:
    """What a sweep works out once per (kind, due time) rather than once per row.

    Rows share due times (limits in working days all end at 18:00), and walking the
    ladder over the working-day calendar and counting the working days overdue are
    most of a sweep's work in Python.
    """

    def __init__(self, now: dt.datetime, cal: WorkCalendar, ladders: Ladders):
        self.now, self.cal, self.ladders = now, cal, ladders
        self.today = timezone.localtime(now).date()
        self._positions: dict[tuple[str, dt.datetime], tuple[Stage | None, dt.datetime | None]] = {}
        self._texts: dict[dt.datetime, tuple[str, int]] = {}

    def position(self, kind: str, due_at: dt.datetime) -> tuple[Stage | None, dt.datetime | None]:
        key = (kind, due_at)
        if key not in self._positions:
            self._positions[key] = schedule_position(self.ladders.for_kind(kind), due_at, self.now, self.cal)
        return self._positions[key]

    def due_and_overdue(self, due_at: dt.datetime) -> tuple[str, int]:
        """The time limit as messages show it, and how many working days it is overdue."""
        if due_at not in self._texts:
            overdue = self.cal.workdays_between(timezone.localtime(due_at).date(), self.today)
            self._texts[due_at] = (_due_text(due_at), max(0, overdue))
        return self._texts[due_at]


def sweep(*, now: dt.datetime | None = None, batch_size: int = 5000) -> SweepResult:
    """Send every reminder that is due, exactly once. Safe to run from many workers at once."""
    now = now or timezone.now()
    per_due_time, org = _PerDueTime(now, WorkCalendar(), Ladders()), OrgIndex()
    unit_names = dict(OrgUnit.objects.values_list("id", "name"))
    users: dict[int, User] = {}
    result = SweepResult()
    while True:
        with transaction.atomic():
            rows = _claim(now, batch_size)
            if rows:
                result.batches += 1
                result.due += len(rows)
                _sweep_batch(rows, per_due_time, org, unit_names, users, result)
        if len(rows) < batch_size:
            return result


class _Reminder(NamedTuple):
    """One reminder to send: a notification and its log row."""

    deadline_id: int
    stage: str
    recipient_id: int
    title: str
    body: str
    url: str
    email_state: str


def _already_sent(rows: list[Deadline], stages: set[str]) -> set[tuple[int, str, int]]:
    """(deadline id, stage, recipient id) of the reminders of these rows already in the log."""
    found = ReminderLog.objects.filter(deadline__in=rows, stage__in=stages)
    return set(found.values_list("deadline_id", "stage", "recipient_id"))


def _write_reminders(reminders: list[_Reminder]) -> None:
    """Store each reminder's notification and its log row.

    The unique constraint (deadline, stage, recipient) is the backstop: a duplicate here
    fails the batch, which then commits nothing — it never sends twice.
    """
    deadline_type = ContentType.objects.get_for_model(Deadline)
    if connection.vendor == "postgresql":
        _copy_reminders(reminders, deadline_type)
        return
    notes = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=r.recipient_id, verb="deadline.reminder", title=r.title, body=r.body, url=r.url,
                target_type=deadline_type, target_id=str(r.deadline_id), email_state=r.email_state,
            )
            for r in reminders
        ],
        batch_size=2000,
    )
    ReminderLog.objects.bulk_create(
        [
            ReminderLog(deadline_id=r.deadline_id, stage=r.stage, recipient_id=r.recipient_id, notification=note)
            for r, note in zip(reminders, notes, strict=True)
        ],
        batch_size=2000,
    )


def _copy_reminders(reminders: list[_Reminder], deadline_type: ContentType) -> None:
    """PostgreSQL: the same rows as :func:`_write_reminders` writes, loaded with COPY.

    About three times faster than ``bulk_create`` in the database for a sweep's tens of
    thousands of rows (benchmarks/README.md). COPY returns no ids, so the notifications'
    ids are taken from their sequence first and each log row names its own.
    """
    now = timezone.now()
    note_ids = pgcopy.next_ids(Notification, len(reminders))
    pgcopy.copy_rows(
        Notification,
        ("id", "recipient_id", "verb", "title", "body", "url", "target_type_id", "target_id", "created_at",
         "email_state", "email_attempts"),
        (
            (note_id, r.recipient_id, "deadline.reminder", r.title, r.body, r.url, deadline_type.pk,
             str(r.deadline_id), now, r.email_state, 0)
            for note_id, r in zip(note_ids, reminders, strict=True)
        ),
    )
    pgcopy.copy_rows(
        ReminderLog,
        ("deadline_id", "stage", "recipient_id", "notification_id", "sent_at"),
        ((r.deadline_id, r.stage, r.recipient_id, note_id, now) for note_id, r in zip(note_ids, reminders, strict=True)),
    )


def _sweep_batch(rows, per_due_time, org, unit_names, users, result) -> None:
    # 1. Where each row stands on its ladder, and who should hear of it.
    planned: list[tuple[Deadline, str, Stage, int]] = []
    next_at: dict[int, dt.datetime | None] = {}
    for row in rows:
        current, following = per_due_time.position(row.kind, row.due_at)
        next_at[row.pk] = following
        if current is None:
            continue
        stage_key = f"r{row.revision}:{current.code}"
        for user_id in recipients_for(org, current.recipients, row):
            planned.append((row, stage_key, current, user_id))

    # 2. Drop what was already sent (a retry, an overlapping sweep) and what the recipient may not see.
    sent = _already_sent(rows, {p[1] for p in planned})
    missing = {p[3] for p in planned} - users.keys()
    if missing:
        users.update(User.objects.in_bulk(missing))
    wanted: dict[int, set[int]] = defaultdict(set)
    for row, _stage_key, _stage, user_id in planned:
        wanted[user_id].add(row.pk)
    allowed = _can_see(users, rows, wanted)

    # 3. Notifications and their log rows, in this transaction.
    reminders: list[_Reminder] = []
    texts: dict[int, tuple[str, str, str]] = {}  # row → title, body, link: the same for each recipient
    for row, stage_key, stage, user_id in planned:
        if (row.pk, stage_key, user_id) in sent:
            continue
        if (row.pk, user_id) not in allowed:
            result.skipped += 1
            continue
        if row.pk not in texts:
            due, overdue = per_due_time.due_and_overdue(row.due_at)
            unit = unit_names.get(row.responsible_unit_id, "")
            texts[row.pk] = (
                (_("【催办】%(title)s") % {"title": row.title})[:200],
                _message(stage.message, row, unit=unit, due=due, overdue=overdue),
                row.url or reverse("office:deadline_detail", args=[row.pk]),
            )
        email_state = EmailState.PENDING if users[user_id].email else EmailState.SKIPPED
        reminders.append(_Reminder(row.pk, stage_key, user_id, *texts[row.pk], email_state))
    if reminders:
        _write_reminders(reminders)
        result.notified += len(reminders)

    # 4. Each row's next look, grouped so that equal times are one UPDATE; a row with no
    #    reminder to come loses its schedule row.
    by_time: dict[dt.datetime | None, list[int]] = defaultdict(list)
    for row in rows:
        by_time[next_at[row.pk]].append(row.pk)
    for when, ids in by_time.items():
        schedules = DeadlineSchedule.objects.filter(pk__in=ids)
        if when is None:
            schedules.delete()
        else:
            schedules.update(next_remind_at=when)
