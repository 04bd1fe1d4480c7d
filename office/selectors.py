"""Every read of the core, through the permission policy."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from office.choices import TodoKind, TodoState
from office.models import Deadline, Notification, OrgUnit, Todo, User
from office.permissions import restrict

#: The workbench's tabs, in order. Each is one indexed query.
WORKBENCH_TABS = ("todo", "done", "toread", "notifications")
PAGE_SIZE = 20


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
    result = Paginator(rows, PAGE_SIZE).get_page(page)
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


def inbox_counts(*, user: User) -> dict[str, int]:
    """The badges of the navigation bar: two aggregate queries whatever the data."""
    todos = restrict(Todo.objects.all(), user).aggregate(
        todo=Count("id", filter=Q(kind=TodoKind.ACTION, state=TodoState.OPEN)),
        toread=Count("id", filter=Q(kind=TodoKind.READ, state=TodoState.OPEN)),
        done=Count("id", filter=Q(state=TodoState.DONE)),
    )
    unread = restrict(Notification.objects.all(), user).filter(read_at__isnull=True).count()
    return {"todo": todos["todo"], "toread": todos["toread"], "done": todos["done"], "notifications": unread}


def units_in_charge(*, user: User) -> QuerySet[OrgUnit]:
    """The departments a leader is in charge of, with their heads (one query + one prefetch)."""
    from django.db.models import Prefetch

    heads = User.objects.filter(role="dept_head", is_active=True).only("id", "full_name", "unit_id", "title")
    return (
        restrict(OrgUnit.objects.all(), user)
        .filter(leaders_in_charge=user)
        .prefetch_related(Prefetch("members", queryset=heads, to_attr="heads"))
        .order_by("sort_order")
    )


def unit_members(*, user: User, unit_id: int) -> QuerySet[User]:
    return restrict(User.objects.all(), user).filter(unit_id=unit_id).order_by("role", "id")


def departments_with_heads(*, user: User) -> QuerySet[OrgUnit]:
    """All departments with their heads: one query and one prefetch."""
    from django.db.models import Prefetch

    from office.choices import UnitKind

    heads = User.objects.filter(role="dept_head", is_active=True).only("id", "full_name", "unit_id", "title")
    return (
        restrict(OrgUnit.objects.all(), user)
        .filter(kind=UnitKind.DEPARTMENT)
        .prefetch_related(Prefetch("members", queryset=heads, to_attr="heads"))
        .order_by("sort_order")
    )


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


def deadline_counts(*, user: User, now, soon_until) -> dict[str, int]:
    """Overdue / due soon / open among what the user answers for or oversees: one query."""
    scope = deadline_scopes_for(user)[0]
    rows = deadline_list(user=user, scope=scope, window="open", now=now, soon_until=soon_until)
    return rows.aggregate(
        overdue=Count("id", filter=Q(due_at__lt=now)),
        soon=Count("id", filter=Q(due_at__gte=now, due_at__lte=soon_until)),
        open=Count("id"),
    ) | {"scope": scope}


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
