"""The org chart look-up: the one module that answers who is who.

Which unit is the organ and which the office, who the office head (办公室主任) is,
a unit's head, the leaders in charge of a unit (分管领导), the principal (主要负责人),
the members of a unit with a role. Every app asks here instead of filtering
``OrgUnit`` and ``User`` itself, so the rules live in one place:

- the office is the first active unit of kind "office" (by sort order);
- a unit's head is the person named as its head (``OrgUnit.head``) while that
  account is active; a unit that names none falls back to its active 处室负责人
  (role ``dept_head``), the lowest id first;
- the office head is the office unit's named head — never "some office user".

The single-row answers (organ, office unit, office head, principal) are cached for
the length of one web request (``request_started`` … ``request_finished``);
outside a request (jobs, the shell, tests calling services) nothing is cached.
The services that change the org chart call :func:`forget`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import TYPE_CHECKING, TypeVar

from django.core.signals import request_finished, request_started
from django.db.models import QuerySet

from office.choices import Role, UnitKind

if TYPE_CHECKING:
    from office.models import OrgUnit, User

T = TypeVar("T")

# --- the per-request cache ------------------------------------------------------------

_cache: ContextVar[dict | None] = ContextVar("office_org_cache", default=None)


def _start(**kwargs) -> None:
    _cache.set({})


def _finish(**kwargs) -> None:
    _cache.set(None)


request_started.connect(_start, dispatch_uid="office.org.start")
request_finished.connect(_finish, dispatch_uid="office.org.finish")


def forget() -> None:
    """Drop what this request has cached (the org chart just changed)."""
    cache = _cache.get()
    if cache is not None:
        cache.clear()


def _cached(key: str, compute: Callable[[], T]) -> T:
    cache = _cache.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _models():
    from office.models import OrgUnit, User

    return OrgUnit, User


# --- units --------------------------------------------------------------------------


def organ() -> OrgUnit | None:
    """The organ itself (机关): the root of the chart, carrying the 全宗号."""
    OrgUnit, _User = _models()
    return _cached("organ", lambda: OrgUnit.objects.filter(kind=UnitKind.ORGAN).first())


def organ_name() -> str:
    unit = organ()
    return unit.name if unit else ""


def frame_organ_name(user: User) -> str:
    """The organ's name for a page's frame, read in the same query as the user's own unit (which
    the frame shows too, and which stays on ``user.unit`` for the rest of the request)."""
    from django.db.models import Q

    OrgUnit, User = _models()
    cache = _cache.get()
    unit_field = User._meta.get_field("unit")
    if cache is None or "organ" in cache or not user.unit_id or unit_field.is_cached(user):
        return organ_name()
    rows = list(OrgUnit.objects.filter(Q(kind=UnitKind.ORGAN) | Q(pk=user.unit_id)).order_by("sort_order", "id"))
    cache["organ"] = next((row for row in rows if row.kind == UnitKind.ORGAN), None)
    own = next((row for row in rows if row.pk == user.unit_id), None)
    if own is not None:
        unit_field.set_cached_value(user, own)
    return organ_name()


def office_unit() -> OrgUnit | None:
    """The office (办公室): the first active unit of that kind."""
    OrgUnit, _User = _models()
    return _cached(
        "office_unit",
        lambda: OrgUnit.objects.filter(kind=UnitKind.OFFICE, is_active=True)
        .select_related("head").order_by("sort_order", "id").first(),
    )


def departments() -> QuerySet[OrgUnit]:
    """The departments (处室), in chart order."""
    OrgUnit, _User = _models()
    return OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT, is_active=True).order_by("sort_order", "id")


# --- heads --------------------------------------------------------------------------


def _unit_id(unit: OrgUnit | int | None) -> int | None:
    return unit if isinstance(unit, int) or unit is None else unit.pk


def office_head() -> User | None:
    """办公室主任: the office unit's named head, if that account is active."""

    def compute():
        office = office_unit()
        head = office.head if office else None
        return head if head is not None and head.is_active else None

    return _cached("office_head", compute)


def named_head(unit: OrgUnit | int | None) -> User | None:
    """The head named on the unit (no 处室负责人 fallback), if that account is active: a post a
    workflow assigns by name is vacant without one."""
    OrgUnit, _User = _models()
    unit_id = _unit_id(unit)
    row = OrgUnit.objects.select_related("head").filter(pk=unit_id).first() if unit_id else None
    return row.head if row is not None and row.head is not None and row.head.is_active else None


def unit_head(unit: OrgUnit | int | None) -> User | None:
    """The person who answers for ``unit`` (处长; for the office, its 主任)."""
    heads = unit_heads([unit]) if unit is not None else []
    return heads[0] if heads else None


def unit_heads(units: Iterable[OrgUnit | int], *, min_clearance: int | None = None) -> list[User]:
    """The heads of several units, in the units' order, without repeats (two queries at most)."""
    ids = [i for i in dict.fromkeys(_unit_id(u) for u in units) if i is not None]
    if not ids:
        return []
    index = HeadIndex(ids)
    found: list[User] = []
    for unit_id in ids:
        head = index.head(unit_id)
        if head is not None and head not in found:
            if min_clearance is None or head.clearance >= min_clearance:
                found.append(head)
    return found


class HeadIndex:
    """Each unit's head, read for many units at once: named heads, then 处室负责人 as fallback."""

    def __init__(self, unit_ids: Iterable[int] | None = None):
        OrgUnit, User = _models()
        unit_ids = None if unit_ids is None else list(unit_ids)
        units = OrgUnit.objects.select_related("head")
        if unit_ids is not None:
            units = units.filter(pk__in=unit_ids)
        self._named: dict[int, User] = {u.pk: u.head for u in units if u.head is not None and u.head.is_active}
        self._fallback: dict[int, list[User]] = defaultdict(list)
        unnamed = User.objects.filter(is_active=True, role=Role.DEPT_HEAD).order_by("id")
        if unit_ids is not None:
            missing = set(unit_ids) - set(self._named)
            unnamed = unnamed.filter(unit_id__in=missing) if missing else unnamed.none()
        else:
            unnamed = unnamed.exclude(unit_id__in=list(self._named))
        for user in unnamed:
            self._fallback[user.unit_id].append(user)

    def head(self, unit_id: int | None) -> User | None:
        heads = self.heads(unit_id)
        return heads[0] if heads else None

    def heads(self, unit_id: int | None) -> list[User]:
        """The named head; without one, every active 处室负责人 of the unit."""
        if unit_id in self._named:
            return [self._named[unit_id]]
        return list(self._fallback.get(unit_id, []))


# --- leaders ------------------------------------------------------------------------


def principal(*, min_clearance: int | None = None) -> User | None:
    """主要负责人 (局长), if active (and cleared for ``min_clearance`` when given)."""
    _OrgUnit, User = _models()
    found = _cached("principal", lambda: User.objects.filter(is_principal=True, is_active=True).first())
    if found is not None and min_clearance is not None and found.clearance < min_clearance:
        return None
    return found


def leaders_in_charge(unit: OrgUnit | int, *, min_clearance: int | None = None) -> QuerySet[User]:
    """分管领导 of ``unit``: active leaders in charge of it, deputies before the principal, by id."""
    _OrgUnit, User = _models()
    rows = User.objects.filter(role=Role.LEADER, is_active=True, in_charge_of=_unit_id(unit))
    if min_clearance is not None:
        rows = rows.filter(clearance__gte=min_clearance)
    return rows.order_by("is_principal", "id")


def leader_in_charge(unit: OrgUnit | int, *, min_clearance: int | None = None) -> User | None:
    """The deputy leader in charge of ``unit`` (the principal does not count here), or None."""
    return leaders_in_charge(unit, min_clearance=min_clearance).filter(is_principal=False).first()


# --- members ------------------------------------------------------------------------


def members(
    unit: OrgUnit | int | None = None,
    *,
    role: str | None = None,
    unit_kind: str | None = None,
    min_clearance: int | None = None,
) -> QuerySet[User]:
    """Active people of ``unit`` (or of any unit of ``unit_kind``), optionally of one role."""
    _OrgUnit, User = _models()
    rows = User.objects.filter(is_active=True)
    if unit is not None:
        rows = rows.filter(unit=_unit_id(unit))
    if unit_kind is not None:
        rows = rows.filter(unit__kind=unit_kind)
    if role is not None:
        rows = rows.filter(role=role)
    if min_clearance is not None:
        rows = rows.filter(clearance__gte=min_clearance)
    return rows.order_by("id")


def office_staff(*, min_clearance: int | None = None) -> list[User]:
    """The office's staff (role "office" in an office unit), cleared for ``min_clearance``."""
    return list(members(role=Role.OFFICE, unit_kind=UnitKind.OFFICE, min_clearance=min_clearance))


# --- for sweeps: the whole chart in a few queries --------------------------------------


class OrgIndex:
    """Heads and leaders in charge of every unit, the principal and the office head: read once
    (four queries) for a sweep over many rows. Lists of user ids."""

    def __init__(self):
        _OrgUnit, User = _models()
        heads = HeadIndex()
        self._heads = heads
        self.leaders: dict[int, list[int]] = defaultdict(list)
        through = User.in_charge_of.through
        rows = through.objects.filter(user__is_active=True, user__role=Role.LEADER).order_by("user_id")
        for user_id, unit_id in rows.values_list("user_id", "orgunit_id"):
            self.leaders[unit_id].append(user_id)
        found = principal()
        self.principal: list[int] = [found.pk] if found else []
        office = office_unit()
        head = heads.head(office.pk) if office else None
        self.office_head: list[int] = [head.pk] if head else []

    def heads(self, unit_id: int | None) -> list[int]:
        """The unit's head(s); the office head for a unit without one."""
        return [u.pk for u in self._heads.heads(unit_id)] or self.office_head

    def leaders_of(self, unit_id: int | None) -> list[int]:
        """The unit's leaders in charge; the principal for a unit without one."""
        return self.leaders.get(unit_id) or self.principal
