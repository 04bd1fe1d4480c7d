"""Who must act on a step, and the to-dos that go with it.

A step names its assignees — a person, a post resolved now (the head of a unit, the
leader in charge of it, the principal), the holders of an office duty, or a unit — and
how they answer: one after another (:data:`Mode.SEQUENTIAL`, a chain), all of them
(:data:`Mode.ALL`, 会签), or the first to answer (:data:`Mode.ANY`). The engine opens
the to-dos when an assignment's turn comes and closes them when it is answered,
skipped or cancelled (through :func:`office.services.todo_open` / ``todo_close``); a
service never opens or closes a workflow step's to-do by hand.

Who holds an open assignment's to-do (``Assignment.holders``): the person, a duty's
holders cleared for the object, a unit's head (its 处室负责人 when it has none) — each
replaced by their delegate while a 委托 runs (:mod:`office.workflow.delegation`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Max, Model, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from office import org
from office.choices import Clearance, Duty, Role, TodoState
from office.models import Assignment, OrgUnit, User
from office.permissions import exists
from office.services import todo_close, todo_open
from office.workflow.choices import AssigneeKind, AssignmentState, Mode, Outcome, Post
from office.workflow.holders import delegates_now, delegators_now, duty_holders, holds_duty

A = AssignmentState
LIVE = (A.OPEN, A.WAITING)


@dataclass(frozen=True)
class Assignee:
    """Who must act: build with the class methods."""

    kind: str
    user: User | None = None
    duty: str = ""
    unit: OrgUnit | None = None
    post: str = ""
    post_unit: OrgUnit | None = None

    @classmethod
    def person(cls, user: User) -> Assignee:
        return cls(AssigneeKind.PERSON, user=user, post=Post.PERSON)

    @classmethod
    def head_of(cls, unit: OrgUnit) -> Assignee:
        return cls(AssigneeKind.PERSON, post=Post.HEAD, post_unit=unit)

    @classmethod
    def leader_in_charge_of(cls, unit: OrgUnit) -> Assignee:
        return cls(AssigneeKind.PERSON, post=Post.IN_CHARGE, post_unit=unit)

    @classmethod
    def principal(cls) -> Assignee:
        return cls(AssigneeKind.PERSON, post=Post.PRINCIPAL)

    @classmethod
    def office_duty(cls, duty: str) -> Assignee:
        return cls(AssigneeKind.DUTY, duty=duty, post=Post.DUTY)

    @classmethod
    def of_unit(cls, unit: OrgUnit) -> Assignee:
        """A unit answers (会签, 协办): its head holds the to-do."""
        return cls(AssigneeKind.UNIT, unit=unit)


@dataclass(frozen=True)
class Notice:
    """What the to-dos show: ``title`` as today (e.g. 【待批示】…); the stage is the step key."""

    title: str
    url: str
    summary: str = ""
    due_at: object = None
    is_urgent: bool = False
    sender: User | None = None


@dataclass(frozen=True)
class Answer:
    assignment: Assignment
    #: Whether the round is over (nothing open or waiting any more).
    complete: bool
    delegated_from: User | None
    #: The chain's next steps that fell to the same approver and count as answered by this one
    #: (recorded, never opened: nobody is asked twice in a row).
    carried: tuple[Assignment, ...] = ()


# --- posts -----------------------------------------------------------------------------


def resolve_post(post: str, unit: OrgUnit | None) -> User | None:
    """The active person holding ``post`` (of ``unit``) now, or None when it is vacant."""
    if post == Post.HEAD:
        return org.named_head(unit) if unit else None
    if post == Post.IN_CHARGE:
        if unit is None:
            return None
        return User.objects.filter(role=Role.LEADER, is_active=True, in_charge_of=unit).order_by("id").first()
    if post == Post.PRINCIPAL:
        return User.objects.filter(role=Role.LEADER, is_principal=True, is_active=True).first()
    return None


def post_vacant(row: Assignment) -> bool:
    """Whether the person a row names no longer holds the post it was found for (or left)."""
    user = User.objects.filter(pk=row.user_id).first()
    if user is None or not user.is_active:
        return True
    if row.post == Post.HEAD:
        return not OrgUnit.objects.filter(pk=row.post_unit_id, head=user).exists()
    if row.post == Post.IN_CHARGE:
        return user.role != Role.LEADER or not user.in_charge_of.filter(pk=row.post_unit_id).exists()
    if row.post == Post.PRINCIPAL:
        return not (user.role == Role.LEADER and user.is_principal)
    return False


def _resolved(assignee: Assignee) -> Assignee:
    if assignee.kind != AssigneeKind.PERSON or assignee.user is not None:
        return assignee
    user = resolve_post(assignee.post, assignee.post_unit)
    if user is None:
        raise ValidationError(
            _("%(post)s空缺，无法分派。") % {"post": Post(assignee.post).label}
        )
    return Assignee(AssigneeKind.PERSON, user=user, post=assignee.post, post_unit=assignee.post_unit)


# --- holders ---------------------------------------------------------------------------


def _level(target: Model) -> int:
    from office.permissions import policy_for

    try:
        field = policy_for(type(target)).clearance_field
    except LookupError:
        return 0
    return int(getattr(target, field, 0) or 0) if field else 0


def _natural_holders(row: Assignment, level: int, heads: dict[int, list[User]] | None = None) -> list[User]:
    if row.kind == AssigneeKind.PERSON:
        return [row.user] if row.user.is_active else []
    if row.kind == AssigneeKind.DUTY:
        return duty_holders(row.duty, clearance=level)
    if heads is not None and row.unit_id in heads:
        return list(heads[row.unit_id])
    return org.HeadIndex([row.unit_id]).heads(row.unit_id)


def is_natural_holder(row: Assignment, user: User) -> bool:
    """Whether ``user`` may answer ``row`` in his own right (not as a delegate)."""
    if row.kind == AssigneeKind.PERSON:
        return row.user_id == user.pk
    if row.kind == AssigneeKind.DUTY:
        return holds_duty(user, row.duty)
    if user.unit_id != row.unit_id or not user.is_active:
        return False
    return user in org.HeadIndex([row.unit_id]).heads(row.unit_id)


def _with_delegates(users: Iterable[User], at=None) -> list[User]:

    users = list(dict.fromkeys(users))
    swap = delegates_now([u.pk for u in users], at)
    return list(dict.fromkeys(swap.get(u.pk, u) for u in users))


def _open_todos(row: Assignment, target: Model, holders: Iterable[User]) -> None:
    for user in holders:
        todo_open(
            user=user, target=target, step=row.step, title=row.todo_title, url=row.todo_url,
            summary=row.todo_summary, sender=row.sender, due_at=row.todo_due_at, is_urgent=row.todo_urgent,
        )


def _close_todos(row: Assignment, target: Model, user_ids: Iterable[int], state: str = TodoState.DONE) -> None:
    for user_id in user_ids:
        todo_close(target=target, step=row.step, user=user_id, state=state)


def _holder_ids(row: Assignment) -> list[int]:
    return list(row.holders.values_list("pk", flat=True))


def _reholder(row: Assignment, target: Model, wanted: Sequence[User], state: str = TodoState.WITHDRAWN) -> None:
    """Give ``row``'s to-do to exactly ``wanted``: withdraw it from the others, open it for the new."""
    current = set(_holder_ids(row))
    wanted_ids = {u.pk for u in wanted}
    gone = current - wanted_ids
    if gone:
        _close_todos(row, target, sorted(gone), state)
        row.holders.remove(*gone)
    new = [u for u in wanted if u.pk not in current]
    if new:
        row.holders.add(*new)
        _open_todos(row, target, new)


# --- opening ---------------------------------------------------------------------------


def _open_rows(rows: list[Assignment], target: Model) -> None:
    """Open ``rows`` (one parallel group, or the next of a chain): holders and to-dos."""
    level = _level(target)
    now = timezone.now()
    unit_ids = [r.unit_id for r in rows if r.kind == AssigneeKind.UNIT]
    heads = {}
    if unit_ids:
        index = org.HeadIndex(unit_ids)
        heads = {unit_id: index.heads(unit_id) for unit_id in unit_ids if index.heads(unit_id)}

    natural = []
    for row in rows:
        if row.kind == AssigneeKind.PERSON and row.post in (Post.HEAD, Post.IN_CHARGE, Post.PRINCIPAL) and post_vacant(row):
            row.user = resolve_post(row.post, row.post_unit) or row.user
        holders = _natural_holders(row, level, heads)
        if not holders and row.kind == AssigneeKind.DUTY:
            # Nobody may act: the step would sit on no one's workbench. Refuse the step that
            # leads here (nothing changes) and say what the security administrator must do.
            raise ValidationError(
                _("办公室没有密级达到“%(level)s”的%(duty)s岗位人员，这一步无法分派。"
                  "请安全保密管理员为具备相应密级的办公室人员设定该岗位后再办理。")
                % {"level": Clearance(level).label, "duty": Duty(row.duty).label}
            )
        natural.append((row, holders))
    swap = delegates_now(list({u.pk for _row, users in natural for u in users}))  # one query for the group
    through = Assignment.holders.through
    links = []
    opening = []
    for row, users in natural:
        holders = list(dict.fromkeys(swap.get(u.pk, u) for u in users))
        row.state, row.opened_at = A.OPEN, now
        opening.append((row, holders))
        links += [through(assignment_id=row.pk, user_id=u.pk) for u in holders]
    Assignment.objects.bulk_update(rows, ["state", "opened_at", "user"])
    through.objects.bulk_create(links, ignore_conflicts=True)
    for row, holders in opening:
        _open_todos(row, target, holders)


def _target_key(target: Model) -> tuple[ContentType, str]:
    return ContentType.objects.get_for_model(target, for_concrete_model=True), str(target.pk)


def rows_for(target: Model, step: str | None = None):
    ctype, target_id = _target_key(target)
    rows = Assignment.objects.filter(target_type=ctype, target_id=target_id)
    return rows.filter(step=step) if step is not None else rows


@transaction.atomic
def assign(
    *, target: Model, step: str, assignees: Sequence[Assignee], notice: Notice, mode: str = Mode.SEQUENTIAL,
    rule=None,
) -> list[Assignment]:
    """Create one round of assignments for ``step`` and open its first group.

    ``mode``: SEQUENTIAL — each assignee in turn; ALL / ANY — all at once, the step is
    complete when all have answered / when the first has (the others are skipped).
    """
    if not assignees:
        raise ValidationError(_("请指定办理人。"))
    resolved = [_resolved(a) for a in assignees]
    ctype, target_id = _target_key(target)
    last = Assignment.objects.filter(target_type=ctype, target_id=target_id, step=step).aggregate(r=Max("round"))["r"]
    base = {
        "target_type": ctype, "target_id": target_id, "step": step, "round": (last or 0) + 1, "mode": mode,
        "todo_title": notice.title[:200], "todo_url": notice.url, "todo_summary": notice.summary[:300],
        "todo_due_at": notice.due_at, "todo_urgent": notice.is_urgent, "sender": notice.sender, "rule": rule,
    }
    rows = Assignment.objects.bulk_create([
        Assignment(
            **base, order=(i + 1 if mode == Mode.SEQUENTIAL else 1), kind=a.kind, user=a.user, duty=a.duty,
            unit=a.unit, post=a.post, post_unit=a.post_unit,
        )
        for i, a in enumerate(resolved)
    ])
    _open_rows([r for r in rows if r.order == 1], target)
    return rows


@transaction.atomic
def assign_more(*, target: Model, step: str, assignees: Sequence[Assignee], notice: Notice) -> list[Assignment]:
    """Append to the current round of a sequential step (转批: one more leader after those waiting).

    With nothing open or waiting any more, it starts a new round instead.
    """
    rows = list(rows_for(target, step).select_for_update().order_by("-round", "-order"))
    live = [r for r in rows if r.state in LIVE and r.round == rows[0].round] if rows else []
    if not live:
        return assign(target=target, step=step, assignees=assignees, notice=notice)
    resolved = [_resolved(a) for a in assignees]
    waiting = {r.user_id for r in live if r.kind == AssigneeKind.PERSON}
    resolved = [a for a in resolved if a.user is None or a.user.pk not in waiting]
    last = rows[0]
    created = Assignment.objects.bulk_create([
        Assignment(
            target_type=last.target_type, target_id=last.target_id, step=step, round=last.round,
            order=last.order + i + 1, mode=Mode.SEQUENTIAL, kind=a.kind, user=a.user, duty=a.duty, unit=a.unit,
            post=a.post, post_unit=a.post_unit, todo_title=notice.title[:200], todo_url=notice.url,
            todo_summary=notice.summary[:300], todo_due_at=notice.due_at, todo_urgent=notice.is_urgent,
            sender=notice.sender,
        )
        for i, a in enumerate(resolved)
    ])
    return created


# --- answering -------------------------------------------------------------------------


def _delegated_from(row: Assignment, person: User) -> User | None:

    if is_natural_holder(row, person):
        return None
    for delegator in delegators_now(person):
        if is_natural_holder(row, delegator):
            return delegator
    return None


def _may_answer(row: Assignment, person: User, holder_ids: set[int]) -> bool:
    return person.pk in holder_ids or is_natural_holder(row, person)


@transaction.atomic
def answer(
    *, target: Model, step: str, actor: User, text: str = "", outcome: str = Outcome.NONE,
    on_behalf_of: User | None = None,
) -> Answer:
    """Record ``actor``'s answer to the open assignment that is his (or, 代录, ``on_behalf_of``'s).

    Closes its to-dos, skips the rest of an ANY group, opens the next of a chain.
    Refused (nothing changed): out of turn, answered already, not his.
    """
    if on_behalf_of is not None and not holds_duty(actor, "secretary"):
        raise PermissionDenied(_("只有办公室秘书可以代录领导意见。"))
    person = on_behalf_of or actor
    assignments_refresh(target=target, step=step)  # a post fallen vacant passes to its new holder first
    rows = list(rows_for(target, step).select_for_update().filter(state__in=LIVE).order_by("round", "order", "id"))
    row = _find(rows, person)
    if row is None:
        _refuse(target, step, rows, person)
    delegated = _delegated_from(row, person) if on_behalf_of is None else None
    now = timezone.now()
    row.state, row.done_at, row.acted_by, row.on_behalf_of = A.DONE, now, actor, on_behalf_of
    row.delegated_from, row.text, row.outcome = delegated, text, outcome
    row.save(update_fields=["state", "done_at", "acted_by", "on_behalf_of", "delegated_from", "text", "outcome"])
    _close_todos(row, target, _holder_ids(row))
    group = [r for r in rows if r.round == row.round and r.order == row.order and r.pk != row.pk and r.state == A.OPEN]
    if row.mode == Mode.ANY:
        for other in group:
            other.state, other.done_at = A.SKIPPED, now
            other.save(update_fields=["state", "done_at"])
            _close_todos(other, target, _holder_ids(other))
        group = []
    carried: list[Assignment] = []
    if not group:
        later = [r for r in rows if r.round == row.round and r.order > row.order and r.state == A.WAITING]
        approver = on_behalf_of or delegated or actor
        while later:
            following = min(r.order for r in later)
            batch = [r for r in later if r.order == following]
            if not _carries(row, batch, approver):
                _open_rows(batch, target)
                return Answer(row, False, delegated, tuple(carried))
            carried.append(_carry(batch[0], row, approver))
            later = [r for r in later if r.order > following]
    still = rows_for(target, step).filter(round=row.round, state__in=LIVE).exists()
    return Answer(row, not still, delegated, tuple(carried))


def _carries(row: Assignment, batch: list[Assignment], approver: User) -> bool:
    """An approval chain's next step falls to the person who has just approved (the office's head
    is also the 办公室主任): his approval stands for it, he is not asked twice in a row."""
    return (
        row.rule_id is not None and row.mode == Mode.SEQUENTIAL and row.outcome == Outcome.APPROVED
        and len(batch) == 1 and is_natural_holder(batch[0], approver)
    )


def _carry(nxt: Assignment, row: Assignment, approver: User) -> Assignment:
    """Record ``nxt`` as answered by ``row``'s approval: done, never opened (no to-do), same names."""
    label = nxt.assignee_label if nxt.kind == AssigneeKind.DUTY else Post(nxt.post or Post.PERSON).label
    nxt.state, nxt.done_at, nxt.outcome = A.DONE, row.done_at, Outcome.APPROVED
    nxt.acted_by, nxt.on_behalf_of, nxt.delegated_from = row.acted_by, row.on_behalf_of, row.delegated_from
    nxt.text = _("%(name)s已在上一环节审批同意，本环节（%(step)s）视为同意，不再重复审批。") % {
        "name": approver.full_name, "step": label,
    }
    nxt.save(update_fields=["state", "done_at", "outcome", "acted_by", "on_behalf_of", "delegated_from", "text"])
    return nxt


def _find(rows: list[Assignment], person: User) -> Assignment | None:
    open_rows = [r for r in rows if r.state == A.OPEN]
    if not open_rows:
        return None
    through = Assignment.holders.through
    held = set(
        through.objects.filter(assignment_id__in=[r.pk for r in open_rows], user_id=person.pk)
        .values_list("assignment_id", flat=True)
    )
    for r in open_rows:
        if r.pk in held or is_natural_holder(r, person):
            return r
    return None


def _refuse(target: Model, step: str, rows: list[Assignment], person: User) -> None:
    if any(r.state == A.WAITING and is_natural_holder(r, person) for r in rows):
        raise ValidationError(_("尚未轮到您办理，请等待前一环节办理完毕。"))
    latest = rows_for(target, step).aggregate(r=Max("round"))["r"]
    closed = list(rows_for(target, step).filter(round=latest, state__in=[A.DONE, A.SKIPPED]))
    if any(r.state == A.DONE and person.pk in (r.acted_by_id, r.on_behalf_of_id, r.user_id) for r in closed):
        raise ValidationError(_("您已办理过此环节，不能重复提交。"))
    if any(is_natural_holder(r, person) for r in closed):
        raise ValidationError(_("此环节已由他人办理完毕。"))
    raise PermissionDenied(_("当前环节不由您办理。"))


@transaction.atomic
def assignments_cancel(*, target: Model, step: str | None = None) -> int:
    """Cancel what is open or waiting (a return, a withdrawal, the object closed): to-dos 已撤回."""
    rows = list(rows_for(target, step).select_for_update().filter(state__in=LIVE))
    now = timezone.now()
    for row in rows:
        if row.state == A.OPEN:
            _close_todos(row, target, _holder_ids(row), TodoState.WITHDRAWN)
        row.state, row.done_at = A.CANCELLED, now
    Assignment.objects.bulk_update(rows, ["state", "done_at"])
    return len(rows)


@transaction.atomic
def assignments_refresh(*, target: Model, step: str | None = None) -> int:
    """Re-resolve the open assignments whose person has left the post they were found for."""
    moved = 0
    for row in rows_for(target, step).select_for_update().filter(
        state=A.OPEN, kind=AssigneeKind.PERSON, post__in=[Post.HEAD, Post.IN_CHARGE, Post.PRINCIPAL]
    ):
        if not post_vacant(row):
            continue
        new = resolve_post(row.post, row.post_unit)
        if new is None or new.pk == row.user_id:
            continue
        row.user = new
        row.save(update_fields=["user"])
        _reholder(row, target, _with_delegates([new]))
        moved += 1
    return moved


@transaction.atomic
def assignments_resync(*, duty: str | None = None, users: Sequence[User] = (), at=None) -> int:
    """Bring open assignments in line with who holds them now (a duty changed, a 委托 began or ended)."""
    rows = Assignment.objects.filter(state=A.OPEN)
    if duty is not None:
        rows = rows.filter(kind=AssigneeKind.DUTY, duty=duty)
    if users:
        from office.models import OfficeDuty

        duties = OfficeDuty.objects.filter(user__in=users).values("duty")
        rows = rows.filter(
            Q(holders__in=users) | Q(user__in=users)
            | Q(kind=AssigneeKind.UNIT, unit__in=[u.unit_id for u in users if u.unit_id])
            | Q(kind=AssigneeKind.DUTY, duty__in=duties)
        )
    rows = Assignment.objects.select_for_update().filter(pk__in=rows.values("pk")).order_by("pk")
    count = 0
    for row in rows:
        target = row.target
        if target is None:
            continue
        _reholder(row, target, _with_delegates(_natural_holders(row, _level(target)), at))
        count += 1
    return count


# --- reading ---------------------------------------------------------------------------


def open_for(target: Model, step: str, user: User) -> Assignment | None:
    """The open assignment ``user`` may answer now (for a page's buttons and ``Facts``)."""
    return step_answerable(target, step, user)[1]


def step_answerable(target: Model, step: str, user: User) -> tuple[bool, Assignment | None]:
    """Whether ``step`` of ``target`` runs on assignments at all, and the open one ``user`` may
    answer now: one query (whether he holds each row's to-do comes along as an ``EXISTS``)."""
    held = Assignment.holders.through.objects.filter(assignment=OuterRef("pk"), user_id=user.pk)
    rows = list(rows_for(target, step).annotate(held_by_user=Exists(held)))
    for row in rows:
        if row.state == A.OPEN and (row.held_by_user or is_natural_holder(row, user)):
            return True, row
    return bool(rows), None


def may_answer(target: Model, step: str, user: User) -> bool:
    return open_for(target, step, user) is not None


def round_rows(target: Model, step: str) -> list[Assignment]:
    """The latest round of a step, in order (for a page showing a chain or a 会签)."""
    rows = rows_for(target, step)
    latest = rows.aggregate(r=Max("round"))["r"]
    return list(
        rows.filter(round=latest).select_related("user", "unit", "acted_by", "on_behalf_of", "delegated_from")
        .order_by("order", "id")
    )


def assigned_q(user: User, model: type[Model]) -> Q:
    """Objects of ``model`` with an assignment that names ``user`` or gave him its to-do (for a policy's scope).

    A cancelled one does not count: the step was taken from him (another 承办人) or withdrawn.
    A correlated ``EXISTS``: the assignments of one object come through ``assignment_target_idx``.
    """
    from django.db.models import CharField
    from django.db.models.functions import Cast

    ctype = ContentType.objects.get_for_model(model, for_concrete_model=True)
    rows = (
        Assignment.objects.filter(target_type=ctype, target_id=Cast(OuterRef("pk"), CharField()))
        .exclude(state=A.CANCELLED).filter(Q(user=user) | Q(holders=user))
    )
    return exists(rows)


def awaiting_q(user: User, model: type[Model], step: str | None = None) -> Q:
    """Objects of ``model`` with an open assignment whose to-do ``user`` holds now (待我审批, 待我办理):
    a correlated ``EXISTS`` through ``assignment_target_idx`` and the holders' table."""
    from django.db.models import CharField
    from django.db.models.functions import Cast

    ctype = ContentType.objects.get_for_model(model, for_concrete_model=True)
    rows = Assignment.objects.filter(
        target_type=ctype, target_id=Cast(OuterRef("pk"), CharField()), state=A.OPEN, holders=user
    )
    if step is not None:
        rows = rows.filter(step=step)
    return exists(rows)


@transaction.atomic
def assignments_release(user: User) -> int:
    """A person's posts changed (another unit, another role, 分管 removed, deactivated): each open step
    found for him by a post he no longer holds goes to whoever holds it now — for a unit's head,
    the unit's head whoever that is (its named head, else its 处室负责人, else nobody until one is
    named) — and his to-do for it is withdrawn, so he keeps no title he may no longer see."""
    moved = 0
    rows = Assignment.objects.select_for_update().filter(
        state=A.OPEN, kind=AssigneeKind.PERSON, user=user, post__in=[Post.HEAD, Post.IN_CHARGE, Post.PRINCIPAL]
    ).order_by("pk")
    for row in rows:
        if not post_vacant(row):
            continue
        target = row.target_type.get_object_for_this_type(pk=row.target_id)
        new = resolve_post(row.post, row.post_unit)
        if new is not None and new.pk != user.pk:
            row.user = new
            row.save(update_fields=["user"])
            _reholder(row, target, _with_delegates([new]))
        elif row.post == Post.HEAD and row.post_unit_id:
            row.kind, row.unit, row.user = AssigneeKind.UNIT, row.post_unit, None
            row.save(update_fields=["kind", "unit", "user"])
            _reholder(row, target, _with_delegates(_natural_holders(row, _level(target))))
        else:
            _reholder(row, target, [])
        moved += 1
    return moved
