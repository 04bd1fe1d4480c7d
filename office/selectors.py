"""Every read of the core, through the permission policy."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Count, Q, QuerySet

from office.choices import TodoKind, TodoState
from office.counts import Tally
from office.lists import PAGE_SIZE, CappedPaginator
from office.models import Deadline, Notification, OrgUnit, Todo, User
from office.permissions import restrict

#: The workbench's tabs, in order. Each is one indexed query (office/models/inbox.py).
WORKBENCH_TABS = ("todo", "done", "toread", "notifications")


def todo_list(*, user: User, tab: str) -> QuerySet[Todo]:
    rows = restrict(Todo.objects.all(), user).select_related("sender")
    if tab == "todo":
        return rows.filter(kind=TodoKind.ACTION, state=TodoState.OPEN).order_by("-is_urgent", "due_at", "-created_at")
    if tab == "toread":
        return rows.filter(kind=TodoKind.READ, state=TodoState.OPEN).order_by("-created_at")
    if tab == "done":
        return rows.filter(state=TodoState.DONE).order_by("-done_at")
    raise ValueError(tab)


def notification_list(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    rows = restrict(Notification.objects.all(), user).order_by("-created_at")
    return rows.filter(read_at__isnull=True) if unread_only else rows


def workbench_page(*, user: User, tab: str, page: int | str | None) -> Page:
    """One page of a tab; each row says whether its holder may still see what it points at.

    A row whose target the user may no longer see (clearance lowered, moved, replaced …)
    has ``visible`` False: the page shows it without title, summary or link. One query per
    kind of target on the page, whatever the number of rows.
    """
    rows = notification_list(user=user) if tab == "notifications" else todo_list(user=user, tab=tab)
    result = CappedPaginator(rows, PAGE_SIZE).get_page(page)
    result.object_list = mark_visible(list(result.object_list), user=user)
    return result


def mark_visible(rows: list, *, user: User) -> list:
    """Set ``visible`` on rows pointing at objects generically (to-dos, notifications), through the policy."""
    from office.permissions import visible_targets

    keys = {(row.target_type_id, str(row.target_id)) for row in rows if row.target_type_id}
    seen = visible_targets(user, keys) if keys else set()
    for row in rows:
        row.visible = not row.target_type_id or (row.target_type_id, str(row.target_id)) in seen
    return rows


def inbox_counts(*, user: User) -> dict[str, Tally]:
    """The badges of every page: open to-dos, to-read and unread notifications, each counted up to
    999 ("999+") through a partial index of open rows — the same cost for a 文书 with 400,000
    to-dos as for a 科员 — and counted with the page's other counts in one statement. Nothing of
    the user's history (已办) is counted here; a to-do the user may no longer open has been
    withdrawn (``office.services.todos_withdraw_unseeable``), so it is in no count."""
    return {
        "todo": Tally(todo_list(user=user, tab="todo")),
        "toread": Tally(todo_list(user=user, tab="toread")),
        "notifications": Tally(notification_list(user=user, unread_only=True)),
    }


def done_count(*, user: User) -> Tally:
    """已办 on the workbench's card: up to 999 ("999+"), never the whole history."""
    return Tally(todo_list(user=user, tab="done"))


@dataclass(frozen=True)
class UnitWithHeads:
    """A department as the workbench's panel lists it: its name and its heads (处长)."""

    pk: int
    name: str
    heads: list


@dataclass(frozen=True)
class Head:
    full_name: str
    title: str


def _with_heads(units: QuerySet[OrgUnit]) -> list[UnitWithHeads]:
    """Each unit with its active heads, in one query (a LEFT JOIN on the heads, grouped here)."""
    from django.db.models import FilteredRelation

    heads = FilteredRelation("members", condition=Q(members__role="dept_head", members__is_active=True))
    rows = (
        units.annotate(dept_heads=heads)
        .order_by("sort_order", "pk", "dept_heads__id")
        .values_list("pk", "name", "dept_heads__full_name", "dept_heads__title")
    )
    found: dict[int, UnitWithHeads] = {}
    for pk, name, head_name, head_title in rows:
        unit = found.setdefault(pk, UnitWithHeads(pk=pk, name=name, heads=[]))
        if head_name is not None:
            unit.heads.append(Head(full_name=head_name, title=head_title))
    return list(found.values())


def units_in_charge(*, user: User) -> list[UnitWithHeads]:
    """The departments a leader is in charge of, with their heads: one query."""
    return _with_heads(restrict(OrgUnit.objects.all(), user).filter(leaders_in_charge=user))


def unit_members(*, user: User, unit_id: int) -> QuerySet[User]:
    return restrict(User.objects.all(), user).filter(unit_id=unit_id).order_by("role", "id")


def departments_with_heads(*, user: User) -> list[UnitWithHeads]:
    """All departments with their heads: one query."""
    from office.choices import UnitKind

    return _with_heads(restrict(OrgUnit.objects.all(), user).filter(kind=UnitKind.DEPARTMENT))


def admin_overview(*, user: User) -> dict:
    """What each administrator's workbench panel shows: a fixed number of queries."""
    from datetime import timedelta

    from django.utils import timezone

    from office.models import AuditEvent
    from office.permissions import can

    data: dict = {"capabilities": {c: can(user, c) for c in ("admin.accounts", "admin.security", "admin.audit")}}
    if data["capabilities"]["admin.accounts"]:
        data["accounts"] = User.objects.aggregate(
            total=Count("id"), inactive=Count("id", filter=Q(is_active=False))
        )
        data["units"] = OrgUnit.objects.filter(is_active=True).count()
    if data["capabilities"]["admin.security"]:
        from office.choices import Clearance

        rows = User.objects.filter(is_active=True).values("clearance").annotate(n=Count("id")).order_by("-clearance")
        data["clearances"] = [{"label": Clearance(row["clearance"]).label, "n": row["n"]} for row in rows]
    if data["capabilities"]["admin.audit"]:
        since = timezone.now() - timedelta(days=1)
        data["audit"] = restrict(AuditEvent.objects.all(), user).filter(at__gte=since).aggregate(
            events=Count("id"),
            failed_logins=Count("id", filter=Q(action="login_failed")),
            denials=Count("id", filter=Q(action="denied")),
        )
    return data


# --- deadlines ----------------------------------------------------------------------

#: "我的时限" scopes: mine, my department (head), departments in charge (leader), all (office, principal).
DEADLINE_SCOPES = ("mine", "unit", "charge", "all")
DEADLINE_WINDOWS = ("soon", "overdue", "open")


def deadline_scopes_for(user: User) -> tuple[str, ...]:
    from office.choices import Role

    if user.role == Role.OFFICE or (user.role == Role.LEADER and user.is_principal):
        return ("all", "mine")
    if user.role == Role.LEADER:
        return ("charge", "mine")
    if user.role == Role.DEPT_HEAD:
        return ("unit", "mine")
    return ("mine",)


def deadline_list(*, user: User, scope: str, window: str, now, soon_until) -> QuerySet:
    """Open time limits the user can see, narrowed to a scope and a window, soonest first."""
    from office.models import Deadline, DeadlineState
    from office.permissions import in_charge_unit_ids

    rows = (
        restrict(Deadline.objects.all(), user)
        .filter(state=DeadlineState.OPEN)
        .select_related("responsible_unit", "responsible_user")
        .order_by("due_at", "id")
    )
    if scope == "mine":
        rows = rows.filter(responsible_user=user)
    elif scope == "unit":
        rows = rows.filter(responsible_unit_id=user.unit_id)
    elif scope == "charge":
        rows = rows.filter(responsible_unit_id__in=in_charge_unit_ids(user))
    if window == "overdue":
        rows = rows.filter(due_at__lt=now)
    elif window == "soon":
        rows = rows.filter(due_at__lte=soon_until)
    return rows


def deadline_counts(*, user: User, now, soon_until) -> dict:
    """Overdue / due soon / open among what the user answers for or oversees, each counted up to
    999 ("999+") with the page's other counts: the office's 100,000 open time limits cost what a
    科员's three do."""
    scope = deadline_scopes_for(user)[0]
    rows = deadline_list(user=user, scope=scope, window="open", now=now, soon_until=soon_until)
    return {
        "overdue": Tally(rows.filter(due_at__lt=now)),
        "soon": Tally(rows.filter(due_at__gte=now, due_at__lte=soon_until)),
        "open": Tally(rows),
        "scope": scope,
    }


def deadline_detail(*, user: User, pk) -> Deadline:
    from django.http import Http404

    from office.models import Deadline
    from office.permissions import get_visible_or_404

    deadline = get_visible_or_404(
        Deadline.objects.select_related("responsible_unit", "responsible_user", "created_by"), user, pk=pk
    )
    if not mark_visible([deadline], user=user)[0].visible:
        raise Http404  # responsible still, but the item is out of reach (moved, clearance lowered)
    return deadline


def deadline_timeline(*, deadline) -> list[dict]:
    """Everything that happened to a time limit, oldest first: three queries."""
    events = []
    for change in deadline.changes.select_related("actor"):
        events.append({"at": change.created_at, "kind": "change", "obj": change})
    for urge in deadline.urges.select_related("actor"):
        events.append({"at": urge.created_at, "kind": "urge", "obj": urge})
    for entry in deadline.reminders.select_related("recipient").exclude(stage__startswith="urge-"):
        events.append({"at": entry.sent_at, "kind": "reminder", "obj": entry})
    return sorted(events, key=lambda e: e["at"])
