"""The permission policy: the one place that decides who sees and does what.

Every read goes through :func:`restrict`, every write through :func:`require`;
:func:`can` answers yes/no for templates and admin.

Seeing an object needs two things (design.md, "Who sees what"):

1. the user's clearance is at least the object's 密级, and
2. one scope rule of the user's role lets them see it — office staff, the
   principal leader, a leader in charge of its department, the head or staff of
   its department — or an explicit grant (circulation, countersign, assistance)
   gives it to them or to their unit, through django-guardian's direct-FK
   object-permission models (``accept_global_perms=False`` in effect: a global
   permission never widens scope).

Each model registers an :class:`ObjectPolicy` that spells out its row of the
table; :class:`ScopedPolicy` builds the usual row from field names. Acting is
narrower than seeing: each workflow step names the one role that may take it,
and the model's policy answers :meth:`ObjectPolicy.can_act`.

The three administrators (三员) see no business content at all; their rights are
capabilities (``admin.accounts``, ``admin.security``, ``admin.audit``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext as _

from office.choices import BUSINESS_ROLES, Role

if TYPE_CHECKING:
    from office.models import User

log = logging.getLogger(__name__)

VIEW = "view"

#: Matches nothing: an explicit empty scope.
NOTHING = Q(pk__in=[])
#: Matches every row. (An empty ``Q()`` would vanish when OR-ed with another Q.)
EVERYTHING = Q(pk__isnull=False)

# --- capabilities: rights that are not about one business object ---------

CAPABILITIES: dict[str, frozenset[str]] = {
    # 系统管理员: accounts and the org chart.
    "admin.accounts": frozenset({Role.SYSADMIN}),
    # 系统管理员 too: system settings (reminder ladders, the holiday calendar).
    "admin.system": frozenset({Role.SYSADMIN}),
    # 安全保密管理员: roles, clearances, grants.
    "admin.security": frozenset({Role.SECADMIN}),
    # 安全审计员: reads history and the audit log.
    "admin.audit": frozenset({Role.AUDITOR}),
    # The workbench and every business page.
    "business.use": frozenset(BUSINESS_ROLES),
    # Urge (催办) any item one can see.
    "deadline.urge": frozenset({Role.OFFICE}),
}
ADMIN_CAPABILITIES = ("admin.accounts", "admin.system", "admin.security", "admin.audit")


def _is_active(user: Any) -> bool:
    return bool(user is not None and not isinstance(user, AnonymousUser) and user.is_active)


def register_capability(capability: str, roles: Iterable[str]) -> None:
    """An app's own capability (e.g. "documents.receive"), declared in its ``AppConfig.ready``."""
    if capability in CAPABILITIES and CAPABILITIES[capability] != frozenset(roles):
        raise ValueError(f"capability {capability!r} is already registered with other roles")
    CAPABILITIES[capability] = frozenset(roles)


def has_capability(user: Any, capability: str) -> bool:
    if not _is_active(user):
        return False
    return user.role in CAPABILITIES[capability]


# --- object policies ------------------------------------------------------


class ObjectPolicy:
    """One model's row of the design table. Subclass or use :class:`ScopedPolicy`."""

    #: Name of the field holding the object's 密级; ``None``: the model has no 密级.
    clearance_field: str | None = None

    def scope(self, user: User, model: type[models.Model]) -> Q:
        """Rows the user's role lets them see, before clearance and grants."""
        return NOTHING

    def grants(self, user: User, model: type[models.Model]) -> Q:
        """Rows given explicitly to the user or to their unit."""
        return NOTHING

    def visible(self, user: User, model: type[models.Model]) -> Q:
        if not _is_active(user) or user.role not in BUSINESS_ROLES and not self.admin_visible(user):
            return NOTHING
        scope = self.scope(user, model)
        q = scope if scope == EVERYTHING else scope | self.grants(user, model)
        if self.clearance_field:
            q &= Q(**{f"{self.clearance_field}__lte": user.clearance})
        return q

    def admin_visible(self, user: User) -> bool:
        """Whether 三员 may see this model at all (never for business content)."""
        return False

    def action_scope(self, user: User, action: str) -> Q:
        """Rows of those visible on which the user may take ``action`` (for lists of choices)."""
        return Q() if action == VIEW else NOTHING

    def can_act(self, user: User, action: str, obj: models.Model) -> bool:
        """Whether the user may take ``action`` on an object they can see."""
        return action == VIEW


def _is_multi_valued(model: type[models.Model], path: str) -> bool:
    """Whether following ``path`` from ``model`` can reach several rows."""
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


@dataclass
class ScopedPolicy(ObjectPolicy):
    """The usual row of the table, built from field paths.

    ``department_fields``: unit paths that make the object "D's" (主办, 协办, drafting unit).
    ``personal_fields``: user paths that give a staff member the object (creator, assignee).
    ``leader_fields``: user paths that route the object to a leader (批示, 签发, chairs).
    ``office`` / ``principal``: ``"all"``, or a callable ``user -> Q`` narrowing their view.
    ``head_sees_department``: whether a department head sees all of D's objects.
    ``actions``: action name → roles that may take it (the workflow's table decides state).
    """

    clearance_field: str | None = "secret_level"
    department_fields: tuple[str, ...] = ()
    personal_fields: tuple[str, ...] = ()
    leader_fields: tuple[str, ...] = ()
    office: str | Callable[[User], Q] = "all"
    principal: str | Callable[[User], Q] = "all"
    head_sees_department: bool = True
    actions: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Whether explicit grants (guardian, direct-FK tables) can open single rows.
    grantable: bool = True

    def _custom(self, rule: str | Callable[[User], Q], user: User) -> Q:
        return EVERYTHING if rule == "all" else rule(user)

    def _any(self, model: type[models.Model], paths: Iterable[str], value: Any, suffix: str = "") -> Q:
        """Rows where any of ``paths`` matches ``value``.

        A multi-valued path (M2M, reverse FK) becomes a correlated ``EXISTS`` on the related
        table (:func:`related_exists`): the list never needs DISTINCT, a row matching twice is
        still one row, and PostgreSQL probes the related table's index from the outer row
        instead of collecting every matching id first.
        """
        q = NOTHING
        for path in paths:
            if _is_multi_valued(model, path):
                q |= related_exists(model, path, value, suffix)
            else:
                q |= Q(**{f"{path}{suffix}": value})
        return q

    def scope(self, user: User, model: type[models.Model]) -> Q:
        role = user.role
        if role == Role.OFFICE:
            return self._custom(self.office, user)
        if role == Role.LEADER and user.is_principal:
            return self._custom(self.principal, user)
        personal = self._any(model, self.personal_fields, user)
        if role == Role.LEADER:
            in_charge = in_charge_unit_ids(user)
            return (
                self._any(model, self.leader_fields, user)
                | self._any(model, self.department_fields, in_charge, "__in")
                | personal
            )
        if role == Role.DEPT_HEAD and self.head_sees_department and user.unit_id:
            return self._any(model, self.department_fields, user.unit_id) | personal
        if role in (Role.DEPT_HEAD, Role.STAFF):
            return personal
        return NOTHING

    def grants(self, user: User, model: type[models.Model]) -> Q:
        return granted_q(user, model) if self.grantable else NOTHING

    def can_act(self, user: User, action: str, obj: models.Model) -> bool:
        if action == VIEW:
            return True
        return user.role in self.actions.get(action, frozenset())

    def action_scope(self, user: User, action: str) -> Q:
        if action == VIEW or user.role in self.actions.get(action, frozenset()):
            return Q()
        return NOTHING


@dataclass
class OwnerPolicy(ObjectPolicy):
    """Personal rows (to-dos, notifications): only their owner sees or touches them."""

    owner_field: str = "user"
    actions: frozenset[str] = frozenset()

    def visible(self, user: User, model: type[models.Model]) -> Q:
        if not _is_active(user):
            return NOTHING
        return Q(**{self.owner_field: user})

    def can_act(self, user: User, action: str, obj: models.Model) -> bool:
        return action == VIEW or action in self.actions

    def action_scope(self, user: User, action: str) -> Q:
        return Q() if self.can_act(user, action, None) else NOTHING  # type: ignore[arg-type]


@dataclass
class DirectoryPolicy(ObjectPolicy):
    """The org chart and the staff directory: every business user sees it (not secret)."""

    def visible(self, user: User, model: type[models.Model]) -> Q:
        if not _is_active(user):
            return NOTHING
        if user.role in BUSINESS_ROLES:
            return Q(is_active=True)  # an ordinary field lookup: safe to OR
        return NOTHING


@dataclass
class CapabilityPolicy(ObjectPolicy):
    """Rows that belong to one administrator's job (e.g. the audit log to the auditor)."""

    capability: str = "admin.audit"

    def visible(self, user: User, model: type[models.Model]) -> Q:
        return EVERYTHING if has_capability(user, self.capability) else NOTHING


_registry: dict[type[models.Model], ObjectPolicy] = {}


def register(model: type[models.Model], policy: ObjectPolicy) -> None:
    """Declare a model's row of the table. Called from each app's ``AppConfig.ready``."""
    _registry[model] = policy


def policy_for(model: type[models.Model]) -> ObjectPolicy:
    concrete = model._meta.concrete_model or model
    try:
        return _registry[concrete]
    except KeyError:
        raise LookupError(f"no permission policy registered for {concrete._meta.label}") from None


def registered_models() -> list[type[models.Model]]:
    return list(_registry)


# --- helpers shared by the policies ----------------------------------------


def exists(rows: QuerySet) -> Q:
    """``EXISTS (rows)`` as a Q: ``rows`` is correlated to the outer object with ``OuterRef``.

    The policy's way of saying "a related row says so" (a routing, a grant, an assignment):
    PostgreSQL drives it from the outer row through the related table's index, where
    ``pk IN (SELECT …)`` would first collect every id the user was ever given.
    """
    return Q(Exists(rows))


def related_exists(model: type[models.Model], path: str, value: Any, suffix: str = "") -> Q:
    """Rows of ``model`` with a related row along ``path`` (its first step multi-valued) matching
    ``value``: ``EXISTS`` over the related table (for an M2M, its through table) alone."""
    first, _, rest = path.partition("__")
    field = model._meta.get_field(first)
    tail = f"__{rest}" if rest else ""
    if field.many_to_many:
        m2m = field.field if field.auto_created else field  # a reverse M2M: the field on the other side
        through = m2m.remote_field.through
        source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        if field.auto_created:
            source, target = target, source
        rows = through._base_manager.filter(**{source: OuterRef("pk"), f"{target}{tail}{suffix}": value})
    elif field.one_to_many:
        rows = field.related_model._base_manager.filter(
            **{field.field.name: OuterRef("pk"), f"{rest or 'pk'}{suffix}": value}
        )
    else:  # a single-valued first step, multi-valued further on
        rows = model._base_manager.filter(**{"pk": OuterRef("pk"), f"{path}{suffix}": value})
    return exists(rows)



def in_charge_unit_ids(user: User) -> list[int]:
    """IDs of the departments a leader is in charge of (分管), cached on the user object."""
    cached = getattr(user, "_in_charge_ids", None)
    if cached is None:
        cached = list(user.in_charge_of.values_list("id", flat=True))
        user._in_charge_ids = cached
    return cached


def granted_q(user: User, model: type[models.Model], codename: str | None = None) -> Q:
    """Rows given to the user or to their unit's group through guardian's direct-FK tables."""
    from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

    codename = codename or f"view_{model._meta.model_name}"
    user_model = get_user_obj_perms_model(model)
    group_model = get_group_obj_perms_model(model)
    if user_model.objects.is_generic() or group_model.objects.is_generic():
        # Generic guardian tables would be a per-row join on strings: hot models must
        # declare direct-FK permission models (house style).
        raise ImproperlyConfiguredPolicy(f"{model._meta.label} needs direct-FK object permissions")
    by_user = user_model.objects.filter(content_object=OuterRef("pk"), user=user, permission__codename=codename)
    by_group = group_model.objects.filter(content_object=OuterRef("pk"), group__user=user, permission__codename=codename)
    return exists(by_user) | exists(by_group)


class ImproperlyConfiguredPolicy(Exception):
    pass


# --- the front door --------------------------------------------------------


def restrict(queryset: QuerySet, user: Any, action: str = VIEW) -> QuerySet:
    """The rows of ``queryset`` the user may see (and, for ``action``, act on)."""
    policy = policy_for(queryset.model)
    if not _is_active(user):
        return queryset.none()
    q = policy.visible(user, queryset.model)
    if action != VIEW:
        q &= policy.action_scope(user, action)
    if q == NOTHING:
        return queryset.none()
    return queryset.filter(q)


def can(user: Any, action: str, obj: models.Model | None = None) -> bool:
    """Whether ``user`` may take ``action`` on ``obj`` (or hold a capability when no object)."""
    if obj is None:
        return action in CAPABILITIES and has_capability(user, action)
    if not _is_active(user):
        return False
    model = type(obj)
    if not restrict(model._default_manager.filter(pk=obj.pk), user).exists():
        return False
    return policy_for(model).can_act(user, action, obj)


def can_on_fetched(user: Any, action: str, obj: models.Model) -> bool:
    """:func:`can` for an object this request fetched through :func:`restrict` (a detail page's
    own object, e.g. from :func:`get_visible_or_404`): the role's right to act, without reading
    the row again to see whether it is visible."""
    return _is_active(user) and policy_for(type(obj)).can_act(user, action, obj)


def require(user: Any, action: str, obj: models.Model | None = None, *, request=None) -> None:
    """Raise unless ``user`` may take ``action`` on ``obj``.

    Out of scope: :class:`~django.http.Http404` (the object does not exist for them).
    In scope but not theirs to do: :class:`~django.core.exceptions.PermissionDenied`
    with a message in Chinese. Every refusal is written to the audit log.
    """
    from office.audit import audit_denial

    if obj is None:
        if not can(user, action):
            audit_denial(actor=user, obj=None, detail={"capability": action}, request=request)
            raise PermissionDenied(_("您没有执行此操作的权限。"))
        return
    model = type(obj)
    visible = _is_active(user) and restrict(model._default_manager.filter(pk=obj.pk), user).exists()
    if not visible:
        audit_denial(actor=user, obj=obj, detail={"action": action, "reason": "scope"}, request=request)
        raise Http404
    if not policy_for(model).can_act(user, action, obj):
        audit_denial(actor=user, obj=obj, detail={"action": action, "reason": "role"}, request=request)
        raise PermissionDenied(_("当前环节不由您办理。"))


def refuse_404(user: Any, obj: models.Model | None = None, *, action: str, request=None) -> None:
    """Answer 404 to a refusal the policy decided outside :func:`require` (a capability or a
    workflow step the user may not take), writing it to the audit log first."""
    from office.audit import audit_denial

    detail = {"action": action, "reason": "capability" if obj is None else "step"}
    if request is not None:
        detail["path"] = request.path[:200]
    audit_denial(actor=user, obj=obj, detail=detail, request=request)
    raise Http404


def get_visible_or_404(queryset: QuerySet, user: Any, **lookup) -> models.Model:
    """Fetch one object through the policy: out of scope is 404, exactly like missing.

    The user cannot tell the two apart, but the audit log can: an object that exists
    outside the user's scope is a refusal, written with its type and id (never more).
    """
    try:
        return restrict(queryset, user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        _audit_out_of_scope(queryset, user, lookup)
        raise Http404 from None


def visible_targets(user: Any, keys: Iterable[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which of ``(content type id, object id)`` the user may see: one statement for all the kinds
    (a ``UNION ALL`` of one restricted SELECT per content type), plus one per kind that points at
    others generically (a time limit: seen with its item).

    For rows that point at objects generically (to-dos, notifications): a target that is
    gone, of an unknown model or of a model without a policy counts as not visible.
    """
    from django.contrib.contenttypes.fields import GenericForeignKey
    from django.contrib.contenttypes.models import ContentType
    from django.core.exceptions import ValidationError

    by_type: dict[int, set[str]] = {}
    for type_id, object_id in keys:
        by_type.setdefault(type_id, set()).add(str(object_id))
    seen: set[tuple[int, str]] = set()
    if not _is_active(user):
        return seen
    plain: list[QuerySet] = []  # one restricted SELECT per kind, sent together as one UNION ALL
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None or model._meta.concrete_model not in _registry:
            continue
        pointer = getattr(model, "target", None)
        try:
            rows = restrict(model._default_manager.filter(pk__in=list(ids)), user)
            if isinstance(pointer, GenericForeignKey):
                # An object about another (a time limit about its item): seen only with its item.
                found = list(rows.values_list("pk", pointer.ct_field, pointer.fk_field))
                items = visible_targets(user, {(t, i) for _pk, t, i in found if t})
                seen.update((type_id, str(pk)) for pk, t, i in found if not t or (t, str(i)) in items)
            else:
                plain.append(rows.order_by().values_list(Value(type_id), Cast("pk", CharField())))
        except (ValueError, TypeError, ValidationError):  # an id that is no id of that model
            continue
    if len(plain) == 1:
        seen.update((t, str(pk)) for t, pk in plain[0])
    elif plain:
        seen.update((t, str(pk)) for t, pk in plain[0].union(*plain[1:], all=True))
    return seen


#: Users per statement of :func:`visible_pairs` (SQLite allows 500 SELECTs in one compound one).
PAIRS_PER_STATEMENT = 200


def visible_pairs(model: type[models.Model], wanted: Iterable[tuple[Any, Iterable[Any]]]) -> set[tuple[Any, int]]:
    """For many users at once, which of the rows asked about each may see: ``(pk, user id)`` pairs.

    ``wanted``: (user, primary keys of ``model``) pairs. Each user's rows are his
    :func:`restrict` — the one policy — and the users' selections are one statement,
    ``UNION ALL`` of them (up to :data:`PAIRS_PER_STATEMENT` users a statement), instead of
    one statement per user. A key that is no key of ``model`` is not visible.
    """
    from django.core.exceptions import ValidationError
    from django.db.models import BigIntegerField, Value

    pk_field = model._meta.pk
    branches = []
    for user, keys in wanted:
        if not _is_active(user):
            continue
        pks = set()
        for key in keys:
            try:
                pks.add(pk_field.to_python(key))
            except (ValidationError, ValueError, TypeError):
                continue
        rows = restrict(model._default_manager.filter(pk__in=pks), user) if pks else None
        if rows is None or rows.query.is_empty():
            continue
        viewer = Value(user.pk, output_field=BigIntegerField())
        branches.append(rows.order_by().annotate(sanban_viewer=viewer).values_list("pk", "sanban_viewer"))
    seen: set[tuple[Any, int]] = set()
    for start in range(0, len(branches), PAIRS_PER_STATEMENT):
        first, *rest = branches[start:start + PAIRS_PER_STATEMENT]
        seen.update(first.union(*rest, all=True) if rest else first)
    return seen


def in_charge_prime(users: Iterable[User]) -> None:
    """Fill :func:`in_charge_unit_ids`' cache of many leaders in one query (a sweep's recipients)."""
    leaders = {u.pk: u for u in users if u.role == Role.LEADER and getattr(u, "_in_charge_ids", None) is None}
    if not leaders:
        return
    found: dict[int, list[int]] = {pk: [] for pk in leaders}
    through = type(next(iter(leaders.values()))).in_charge_of.through
    for user_id, unit_id in through.objects.filter(user_id__in=leaders).values_list("user_id", "orgunit_id"):
        found[user_id].append(unit_id)
    for pk, user in leaders.items():
        user._in_charge_ids = found[pk]


def _audit_out_of_scope(queryset: QuerySet, user: Any, lookup: dict) -> None:
    from office.audit import audit_denial

    try:
        pk = queryset.filter(**lookup).values_list("pk", flat=True).first()
    except (ValueError, TypeError):
        return
    if pk is not None:
        audit_denial(actor=user, obj=queryset.model(pk=pk), detail={"action": VIEW, "reason": "scope"})
