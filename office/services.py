"""Every write of the core: org chart, accounts, to-dos, notifications.

Services are keyword-only, atomic, lock what they change, save with
``update_fields``, leave a change reason on history-tracked rows and an audit
event for actions a person takes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from office import org
from office.audit import audit_record
from office.choices import ADMIN_ROLES, Clearance, EmailState, Role, TodoKind, TodoState
from office.models import IssuingPrefix, Notification, OrgUnit, Todo, User


def _assign(obj: Model, **values) -> list[str]:
    """Set fields on ``obj``; return the names of those whose value changed."""
    changed = []
    for name, value in values.items():
        field = obj._meta.get_field(name)
        if field.is_relation:
            current, wanted = getattr(obj, field.attname), getattr(value, "pk", value)
        else:
            current, wanted = getattr(obj, name), value
        if current != wanted:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _locked(model, **lookup):
    """The row matching ``lookup``, locked until the transaction ends (None when absent)."""
    return model._default_manager.select_for_update().filter(**lookup).order_by("pk").first()


def _history(obj: Model, *, actor: User | None, reason: str) -> None:
    obj._change_reason = reason
    if actor is not None:
        obj._history_user = actor
    if isinstance(obj, (OrgUnit, User)):
        org.forget()  # the org chart changes: this request's cached answers are stale


# --- org chart --------------------------------------------------------------


@transaction.atomic
def unit_save(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: str,
    parent: OrgUnit | None = None,
    short_name: str = "",
    sort_order: int = 0,
    fonds_code: str = "",
) -> OrgUnit:
    """Create or update the unit with ``code``; its auth group follows it."""
    unit = _locked(OrgUnit, code=code) or OrgUnit(code=code)
    new = unit.pk is None
    changed = _assign(
        unit, name=name, kind=kind, parent=parent, short_name=short_name, sort_order=sort_order, fonds_code=fonds_code
    )
    if new or changed:
        unit.full_clean()
        _history(unit, actor=actor, reason=_("新建单位") if new else _("修改单位"))
        unit.save()
    if unit.group_id is None:
        unit.group, _created = Group.objects.get_or_create(name=f"unit:{unit.code}")
        _history(unit, actor=actor, reason=_("关联权限组"))
        unit.save(update_fields=["group"])
    return unit


@transaction.atomic
def unit_set_head(*, actor: User | None, unit: OrgUnit, head: User | None) -> OrgUnit:
    """Name the person who answers for a unit (处长, 办公室主任)."""
    locked = _locked(OrgUnit, pk=unit.pk)
    if head is not None and head.unit_id != locked.pk:
        raise ValidationError({"head": _("负责人必须是本单位人员。")})
    if locked.head_id != (head.pk if head else None):
        locked.head = head
        _history(locked, actor=actor, reason=_("设定负责人"))
        locked.save(update_fields=["head"])
    unit.head = locked.head
    return locked


@transaction.atomic
def prefix_save(*, actor: User | None, organ: OrgUnit, code: str, description: str, sort_order: int = 0) -> IssuingPrefix:
    prefix = _locked(IssuingPrefix, code=code) or IssuingPrefix(code=code)
    changed = _assign(prefix, organ=organ, description=description, sort_order=sort_order)
    if prefix.pk is None or changed:
        prefix.full_clean()
        _history(prefix, actor=actor, reason=_("设置机关代字"))
        prefix.save()
    return prefix


def _sync_unit_group(user: User) -> None:
    """A user belongs to exactly their unit's group, so unit grants reach them."""
    unit_groups = Group.objects.filter(org_unit__isnull=False)
    user.groups.remove(*unit_groups.exclude(org_unit=user.unit_id))
    if user.unit_id and user.unit.group_id:
        user.groups.add(user.unit.group_id)


@transaction.atomic
def user_save(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    unit: OrgUnit | None,
    role: str,
    title: str = "",
    clearance: int = Clearance.INTERNAL,
    phone: str = "",
    email: str = "",
    is_principal: bool = False,
    in_charge_of: Iterable[OrgUnit] = (),
    password: str | None = None,
) -> User:
    """Create or update an account with everything the org chart knows about a person."""
    user = _locked(User, username=username) or User(username=username)
    new = user.pk is None
    if actor is not None:
        from office.separation import account_change_check

        if new and role in ADMIN_ROLES:
            raise ValidationError(_("新建管理员账号须先建为业务账号，再经两名管理员审批改为管理员角色。"))
        wanted_charge = {u.pk for u in in_charge_of} if role == Role.LEADER else set()
    changed = _assign(
        user, full_name=full_name, unit=unit, role=role, title=title, clearance=clearance,
        phone=phone, email=email, is_principal=is_principal,
        # Only 三员 use Django admin; nobody is a superuser.
        is_staff=role in ADMIN_ROLES, is_superuser=False,
    )
    if password is not None and (new or not user.check_password(password)):
        user.set_password(password)
        changed.append("password")
    elif new:
        user.set_unusable_password()
    if actor is not None and not new:
        charge_changed = set(user.in_charge_of.values_list("pk", flat=True)) != wanted_charge
        account_change_check(actor=actor, before=_locked(User, pk=user.pk), after=user,
                             changed=[*changed, *(["in_charge_of"] if charge_changed else [])])
    if new or changed:
        user.full_clean(exclude=["password"])
        _history(user, actor=actor, reason=_("新建账号") if new else _("修改账号"))
        user.save()
    wanted = {u.pk for u in in_charge_of} if role == Role.LEADER else set()
    charge_changed = set(user.in_charge_of.values_list("pk", flat=True)) != wanted
    if new or charge_changed:
        user.in_charge_of.set(wanted)
        user._in_charge_ids = None
    _sync_unit_group(user)
    if not new and (charge_changed or {"unit", "role", "clearance", "is_principal", "is_active"} & set(changed)):
        access_changed(actor=actor, user=user)
    if new:
        audit_record(actor=actor, action="account.create", obj=user, detail={"role": role})
        if actor is not None:
            # Whoever knows a password an administrator set must not keep it: change at first login.
            # (The password's state row directly: office.passwords itself sends notifications from here.)
            from office.models import PasswordState

            PasswordState.objects.update_or_create(
                user=user, defaults={"must_change": True, "changed_at": timezone.now()}
            )
    return user


# --- system ---------------------------------------------------------------


def heartbeat_record(*, name: str, hostname: str = "") -> None:
    """A part of the system (the worker, beat) says it is alive."""
    from office.models import Heartbeat

    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now(), "hostname": hostname})


# --- to-dos -----------------------------------------------------------------


def _target_key(target: Model) -> tuple[ContentType, str]:
    return ContentType.objects.get_for_model(target, for_concrete_model=True), str(target.pk)


@transaction.atomic
def todo_open(
    *,
    user: User,
    target: Model,
    step: str,
    title: str,
    url: str,
    kind: str = TodoKind.ACTION,
    summary: str = "",
    sender: User | None = None,
    due_at=None,
    is_urgent: bool = False,
    stage: str = "",
) -> Todo:
    """Put a step on someone's workbench. Opening the same open step twice is a no-op.

    ``stage`` ("待登记"): given, or split off a title written "【待登记】…" (:mod:`office.stages`).
    """
    from office.stages import stage_msgid, stage_split

    if stage:
        stage = stage_msgid(stage)
    else:
        stage, title = stage_split(title)
    ctype, target_id = _target_key(target)
    todo = Todo(
        user=user, target_type=ctype, target_id=target_id, step=step, stage=stage, title=title[:200], url=url,
        kind=kind, summary=summary[:300], sender=sender, due_at=due_at, is_urgent=is_urgent,
    )
    # Field checks only: the relations come from the calling service, and the one-open-per-step
    # rule is the database's partial unique constraint (an extra query per row otherwise).
    todo.full_clean(exclude=["user", "target_type", "sender"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            todo.save()
    except IntegrityError:
        # A concurrent call opened it first: the partial unique constraint held.
        return Todo.objects.get(
            user=user, target_type=ctype, target_id=target_id, step=step, state=TodoState.OPEN
        )
    return todo


@transaction.atomic
def todo_close(
    *, target: Model, step: str | None = None, user: User | None = None, state: str = TodoState.DONE
) -> int:
    """Close the open to-dos of a step (all steps when ``step`` is None); returns how many.

    ``state``: 已处理, or 已撤回 when the step was taken away from its holder (e.g. another 承办人).
    """
    ctype, target_id = _target_key(target)
    rows = Todo.objects.select_for_update().filter(target_type=ctype, target_id=target_id, state=TodoState.OPEN)
    if step is not None:
        rows = rows.filter(step=step)
    if user is not None:
        rows = rows.filter(user=user)
    now = timezone.now()
    closed = 0
    for todo in rows:
        todo.state, todo.done_at = state, now
        todo.save(update_fields=["state", "done_at"])
        closed += 1
    return closed


def todo_is_open(*, target: Model, step: str, user: User) -> bool:
    """Whether ``user`` has an open to-do for ``step`` of ``target`` (a read, to spare a page the
    transaction of :func:`todo_close` when there is nothing to close)."""
    ctype, target_id = _target_key(target)
    return Todo.objects.filter(
        target_type=ctype, target_id=target_id, state=TodoState.OPEN, step=step, user=user
    ).exists()


#: Called with a person whose posts or access changed, before his to-dos are checked against the
#: policy: the workflow core re-routes the steps found for him by a post he no longer holds
#: (registered by ``OfficeConfig.ready``; a list, so that ``office.services`` imports no workflow).
ACCESS_CHANGE_HOOKS: list = []


def _units_headed_elsewhere_release(*, actor: User | None, user: User) -> None:
    """A head who left his unit, or is no longer a head, is no longer its named head."""
    heads_role = user.role in (Role.DEPT_HEAD, Role.OFFICE) and user.is_active
    for unit in OrgUnit.objects.select_for_update().filter(head=user):
        if heads_role and unit.pk == user.unit_id:
            continue
        unit.head = None
        _history(unit, actor=actor, reason=_("负责人调离"))
        unit.save(update_fields=["head"])
    org.forget()


def access_changed(*, actor: User | None, user: User) -> int:
    """A person's unit, role, clearance or 分管 changed: posts he left are released, the steps found
    for him by them re-routed, and the to-dos of what he may no longer see withdrawn."""
    _units_headed_elsewhere_release(actor=actor, user=user)
    for hook in ACCESS_CHANGE_HOOKS:
        hook(user)
    return todos_withdraw_unseeable(user=user)


@transaction.atomic
def todos_withdraw_unseeable(*, user: User) -> int:
    """Withdraw what waits on ``user`` about objects they may no longer see; returns how many to-dos.

    Called in the transaction of every change that can take access away (clearance lowered,
    moved to another unit, 分管 removed, replaced as 承办人). Open to-dos whose target the
    user can no longer see become 已撤回 (in no tab); unread notifications about such
    targets are marked read and their pending e-mail is dropped. Set-wise: one query per
    kind of target, then one UPDATE per table, whatever the number of rows.
    """
    from office.permissions import visible_targets

    fresh = User.objects.filter(pk=user.pk).first()  # clearance, unit and 分管 as now saved
    if fresh is None:
        return 0
    todos = list(
        Todo.objects.select_for_update().filter(user=fresh, state=TodoState.OPEN)
        .values_list("pk", "target_type_id", "target_id")
    )
    notes = list(
        Notification.objects.filter(recipient=fresh, target_type__isnull=False)
        .filter(Q(read_at__isnull=True) | Q(email_state=EmailState.PENDING))
        .values_list("pk", "target_type_id", "target_id")
    )
    if not todos and not notes:
        return 0
    seen = visible_targets(fresh, {(t, i) for _pk, t, i in todos + notes})
    now = timezone.now()
    gone = [pk for pk, t, i in todos if (t, i) not in seen]
    if gone:
        # To-dos carry no history: one UPDATE is right here.
        Todo.objects.filter(pk__in=gone).update(state=TodoState.WITHDRAWN, done_at=now)
    lost = [pk for pk, t, i in notes if (t, i) not in seen]
    if lost:
        Notification.objects.filter(pk__in=lost, read_at__isnull=True).update(read_at=now)
        Notification.objects.filter(pk__in=lost, email_state=EmailState.PENDING).update(email_state=EmailState.SKIPPED)
    return len(gone)


# --- notifications ----------------------------------------------------------


@transaction.atomic
def notification_send(
    *,
    recipient: User,
    verb: str,
    title: str,
    body: str = "",
    url: str = "",
    target: Model | None = None,
    email: bool = True,
) -> Notification:
    """Store a notification. E-mail goes out later from a worker; nothing here touches the broker."""
    ctype, target_id = _target_key(target) if target is not None else (None, "")
    note = Notification(
        recipient=recipient, verb=verb, title=title[:200], body=body, url=url,
        target_type=ctype, target_id=target_id,
        email_state=EmailState.PENDING if email and recipient.email else EmailState.SKIPPED,
    )
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def notification_mark_read(*, user: User, notification: Notification) -> Notification:
    from office.permissions import require

    require(user, "view", notification)
    note = Notification.objects.select_for_update().get(pk=notification.pk)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


@transaction.atomic
def notification_mark_all_read(*, user: User) -> int:
    # Notifications carry no history: one UPDATE is right here.
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())



@transaction.atomic
def user_update_contact(*, actor: User, user: User, phone: str, email: str) -> User:
    """A person updates how to reach them: nothing else of the account.

    The e-mail address receives password-reset links: only its owner changes it
    (an administrator who could would take the account over with a reset).
    """
    locked = _locked(User, pk=user.pk)
    if actor.pk != user.pk:
        from office.permissions import require

        require(actor, "admin.accounts")
        if email != locked.email:
            raise ValidationError({"email": _("账号的电子邮箱只能由本人在个人信息页修改。")})
    locked.phone, locked.email = phone, email
    locked.full_clean(exclude=["password"])
    _history(locked, actor=actor, reason=_("修改联系方式"))
    locked.save(update_fields=["phone", "email"])
    user.phone, user.email = phone, email
    return locked


# --- the three administrators' changes in Django admin ------------------------


def _field_labels(obj: Model, names: list[str]) -> str:
    """Changed fields by their Chinese names (e.g. 职务、涉密等级), for change reasons."""
    labels = []
    for name in names:
        try:
            labels.append(str(obj._meta.get_field(name).verbose_name))
        except Exception:  # noqa: BLE001 - a form-only field keeps its own name
            labels.append(name)
    return "、".join(labels)


@transaction.atomic
def admin_save(*, actor: User, obj: Model, capability: str, changed: list[str], created: bool, request=None) -> Model:
    """Save what an administrator changed in admin: policy, lock, history, audit."""
    from office.permissions import require

    require(actor, capability, request=request)
    if not created:
        before = _locked(type(obj), pk=obj.pk)
        if isinstance(obj, User):
            from office.separation import account_change_check

            account_change_check(actor=actor, before=before, after=obj, changed=changed)
    elif isinstance(obj, User) and obj.role in ADMIN_ROLES:
        raise ValidationError(_("新建管理员账号须先建为业务账号，再经两名管理员审批改为管理员角色。"))
    if isinstance(obj, User):
        obj.is_staff = obj.role in ADMIN_ROLES
        obj.is_superuser = False
    obj.full_clean(exclude=["password"] if isinstance(obj, User) else None)
    if isinstance(obj, OrgUnit) and obj.group_id is None:
        # As in unit_save: grants go to a unit through its auth group.
        obj.group, _created = Group.objects.get_or_create(name=f"unit:{obj.code}")
    reason = _("管理员新增") if created else _("管理员修改：%s") % _field_labels(obj, changed)
    if obj._meta.proxy and not created:
        # History follows the concrete model's signals: a proxy's save (the security
        # administrator's page) would leave no row, and the change would surface under the
        # user's next save instead of as the administrator's own.
        concrete = obj._meta.concrete_model(**{f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields})
        concrete._state.adding, concrete._state.db = False, obj._state.db
        _history(concrete, actor=actor, reason=reason)
        _history(obj, actor=actor, reason=reason)  # for the 分管 rows admin saves next
        concrete.save()
    else:
        _history(obj, actor=actor, reason=reason)
        obj.save()
    audit_record(
        actor=actor, action="admin.add" if created else "admin.change", obj=obj,
        detail={"fields": changed, "capability": capability}, request=request,
    )
    return obj


@transaction.atomic
def admin_after_related(*, actor: User, obj: Model) -> None:
    """After admin saved many-to-many fields: keep a user's unit group and 分管 consistent."""
    if isinstance(obj, User):
        # clear() on an empty set still fires m2m_changed: a second history row per change.
        if obj.role != Role.LEADER and obj.in_charge_of.exists():
            obj.in_charge_of.clear()
        _sync_unit_group(obj)
        # A lowered clearance, another unit or 分管 removed: what they may no longer see leaves their workbench.
        access_changed(actor=actor, user=obj)


@transaction.atomic
def admin_delete(*, actor: User, obj: Model, capability: str, request=None) -> None:
    from office.permissions import require

    require(actor, capability, request=request)
    audit_record(actor=actor, action="admin.delete", obj=obj, detail={"capability": capability}, request=request)
    obj.delete()
