"""Passwords under 等保 2.0: a policy, a history, an expiry, and resets no administrator can use.

**The reset never puts a working password in an administrator's hands.**
:func:`password_reset_issue` makes the account's password unusable, marks it must-change and
creates a one-time credential, of which only a SHA-256 is stored. It reaches the user out of
band:

- **by e-mail**, when the account has an address: a link to ``/accounts/reset/<token>/``, valid
  for ``SANBAN_PASSWORD_RESET_HOURS`` (24 h by default), usable once, sent through the
  ordinary notification e-mail (:func:`office.services.notification_send`, ``office.mail``).
  The takeover by "change the address, then reset" is closed: an existing account's e-mail
  address is changed only by its owner, on the profile page (the account form shows it
  read-only, and :func:`office.separation.account_change_check` refuses it in the services).
  A new account's address is the one the system administrator typed: a newcomer who receives
  no link reports it, and until the security administrator gives it a role the account is a
  科员 cleared for 内部 only.
- **by a sealed slip in two halves** (密封单上联/下联), when it has none: the administrator who
  resets prints the first half and never sees the second; an administrator of another kind
  (normally the 安全保密管理员) releases and prints the second half and never sees the
  first. The user needs both, and their username, to set a password on ``/accounts/reset/slip/``.
  Like every other act on accounts, taking one over would need two of the three administrators.

The reset is audited, and the user is told at the next login who reset the password and when.
A reset of an administrator's account goes through a proposal (:mod:`office.separation`).

**Policy** (``settings.SANBAN_PASSWORD_*``, from the environment): at least
``MIN_LENGTH`` (8) characters of at least ``MIN_CLASSES`` (3) of the four classes (upper case,
lower case, digits, others); none of the last ``HISTORY`` (5) passwords again; a password
older than ``MAX_AGE_DAYS`` (90; 0 disables) must be changed, as must a new account's or a
reset one's (:class:`office.middleware.PasswordPolicyMiddleware`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from office.audit import audit_record
from office.choices import ADMIN_ROLES, ResetDelivery
from office.models import PasswordHistory, PasswordResetToken, PasswordState, User

#: Letters and digits that cannot be mistaken for one another on paper.
SLIP_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SLIP_LENGTH = 10

OK, MUST_CHANGE, EXPIRED = "ok", "must_change", "expired"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, f"SANBAN_PASSWORD_{name}", default))


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _slip_code() -> str:
    return "".join(secrets.choice(SLIP_ALPHABET) for _i in range(SLIP_LENGTH))


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


# --- the policy: Django password validators -----------------------------------------


class CharacterClassesValidator:
    """At least ``min_classes`` of: upper case, lower case, digits, other characters."""

    def __init__(self, min_classes: int | None = None):
        self.min_classes = min_classes if min_classes is not None else _setting("MIN_CLASSES", 3)

    @staticmethod
    def classes(password: str) -> int:
        return sum((
            any(ch.isupper() for ch in password),
            any(ch.islower() for ch in password),
            any(ch.isdigit() for ch in password),
            any(not ch.isalnum() for ch in password),
        ))

    def validate(self, password, user=None):
        if self.classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_classes")

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、其他符号中的至少 %(count)d 类。") % {"count": self.min_classes}


class PasswordHistoryValidator:
    """None of the account's last ``count`` passwords (the current one included)."""

    def __init__(self, count: int | None = None):
        self.count = count if count is not None else _setting("HISTORY", 5)

    def validate(self, password, user=None):
        if user is None or user.pk is None or self.count <= 0:
            return
        hashes = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.count])
        if user.has_usable_password() and user.password:
            hashes.append(user.password)
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self):
        return ngettext(
            "不能使用最近 %(count)d 次用过的密码。", "不能使用最近 %(count)d 次用过的密码。", self.count
        ) % {"count": self.count}


# --- state ----------------------------------------------------------------------------


def _state(user: User, *, lock: bool = False) -> PasswordState:
    rows = PasswordState.objects.select_for_update() if lock else PasswordState.objects
    state = rows.filter(user=user).first()
    return state or PasswordState.objects.create(user=user)


def password_status(user: User, *, now=None) -> str:
    """OK, MUST_CHANGE (a new or reset account) or EXPIRED. An account without a state row is OK."""
    state = PasswordState.objects.filter(user=user).first()
    if state is None:
        return OK
    if state.must_change:
        return MUST_CHANGE
    max_age = _setting("MAX_AGE_DAYS", 90)
    if max_age and state.changed_at is not None and (now or timezone.now()) - state.changed_at > dt.timedelta(days=max_age):
        return EXPIRED
    return OK


@transaction.atomic
def password_reset_notice(*, user: User) -> str:
    """The sentence telling a user who reset their password and when; shown once (empty if none)."""
    state = PasswordState.objects.select_for_update().filter(user=user, reset_notice=True).first()
    if state is None:
        return ""
    state.reset_notice = False
    state.save(update_fields=["reset_notice"])
    by = state.reset_by
    return _("您的账号密码已于 %(at)s 由%(role)s%(name)s重置。如非本人申请，请立即联系安全保密管理员。") % {
        "at": timezone.localtime(state.reset_at).strftime("%Y-%m-%d %H:%M") if state.reset_at else "",
        "role": by.get_role_display() if by else "",
        "name": by.get_full_name() if by else _("系统"),
    }


@transaction.atomic
def password_record(*, user: User, actor: User | None, request=None, action: str = "password.change") -> None:
    """After ``user.password`` was set and saved: remember its hash, restart its age, audit it."""
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = max(_setting("HISTORY", 5), 1)
    old = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[keep:]
    PasswordHistory.objects.filter(pk__in=list(old)).delete()
    state = _state(user, lock=True)
    state.must_change, state.changed_at = False, timezone.now()
    state.save(update_fields=["must_change", "changed_at"])
    audit_record(actor=actor, action=action, obj=user, request=request)


@transaction.atomic
def password_mark_changed(*, user: User, must_change: bool = False) -> None:
    """A password set by the system (the demo's, a test's): counted from now, no forced change."""
    state = _state(user, lock=True)
    state.must_change, state.changed_at = must_change, timezone.now()
    state.save(update_fields=["must_change", "changed_at"])


# --- the reset ------------------------------------------------------------------------


@dataclass(frozen=True)
class ResetResult:
    user: User
    delivery: str
    #: A sealed slip's first half, to print once; empty for e-mail (the link went to the user).
    slip_code: str = ""


def password_reset_issue(*, actor: User, user: User, request=None) -> ResetResult:
    """The system administrator resets a business account's password (see the module docstring)."""
    from office.permissions import require
    from office.separation import refuse_admin_target

    require(actor, "admin.accounts", request=request)
    if user.pk == actor.pk:
        raise ValidationError(_("不能重置本人的密码：请在个人信息页修改密码。"))
    refuse_admin_target(user, _("重置管理员账号的密码须提交审批申请，由另一类管理员批准。"))
    return issue_reset(actor=actor, user=user, request=request)


@transaction.atomic
def issue_reset(*, actor: User, user: User, request=None, created: bool = False) -> ResetResult:
    """The reset itself, once allowed (by the policy, or by an approved proposal)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    locked.set_unusable_password()
    locked._change_reason = _("新建账号：设置初始密码") if created else _("管理员重置密码")
    locked._history_user = actor
    locked.save(update_fields=["password"])
    user.password = locked.password
    # An earlier credential stops working.
    PasswordResetToken.objects.filter(user=locked, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    state = _state(locked, lock=True)
    state.must_change, state.reset_by, state.reset_at, state.reset_notice = True, actor, now, not created
    state.save(update_fields=["must_change", "reset_by", "reset_at", "reset_notice"])
    expires_at = now + dt.timedelta(hours=_setting("RESET_HOURS", 24))
    if locked.email:
        from office.services import notification_send

        token = secrets.token_urlsafe(32)
        PasswordResetToken.objects.create(
            user=locked, token_hash=_digest(token), delivery=ResetDelivery.EMAIL, issued_by=actor, expires_at=expires_at,
        )
        notification_send(
            recipient=locked, verb="password.reset", title=_("请设置您的登录密码"),
            body=_("您的三办账号（%(username)s）需要设置新密码。请在 %(hours)d 小时内打开下面的链接设置，链接只能使用一次。"
                   "如非本人申请，请立即联系安全保密管理员。") % {
                "username": locked.username, "hours": _setting("RESET_HOURS", 24)},
            url=reverse("password_reset_link", kwargs={"token": token}),
        )
        result = ResetResult(user=locked, delivery=ResetDelivery.EMAIL)
    else:
        code = _slip_code()
        PasswordResetToken.objects.create(
            user=locked, token_hash=_digest(f"{locked.pk}:{code}"), delivery=ResetDelivery.SLIP,
            issued_by=actor, expires_at=expires_at,
        )
        result = ResetResult(user=locked, delivery=ResetDelivery.SLIP, slip_code=code)
    audit_record(
        actor=actor, action="account.create_credential" if created else "account.password_reset",
        obj=locked, detail={"delivery": result.delivery}, request=request,
    )
    return result


@transaction.atomic
def password_slip_release(*, actor: User, user: User, request=None) -> str:
    """An administrator of another kind than the one who reset prints the slip's second half."""
    if not actor.is_active or actor.role not in ADMIN_ROLES:
        raise ValidationError(_("只有管理员可以打印密封单。"))
    if actor.pk == user.pk:
        raise ValidationError(_("不能为本人账号打印密封单。"))
    row = (
        PasswordResetToken.objects.select_for_update()
        .filter(user=user, delivery=ResetDelivery.SLIP, used_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-issued_at").first()
    )
    if row is None:
        raise ValidationError(_("%(name)s没有待打印的密码密封单。") % {"name": user.get_full_name()})
    if row.released_at is not None:
        raise ValidationError(_("%(name)s的密封单下联已经打印过，不能再次打印。") % {"name": user.get_full_name()})
    if row.issued_by_id == actor.pk or (row.issued_by and row.issued_by.role == actor.role):
        raise ValidationError(_("密封单下联须由另一类管理员打印。"))
    code = _slip_code()
    row.second_hash, row.released_by, row.released_at = _digest(f"{user.pk}:{code}"), actor, timezone.now()
    row.save(update_fields=["second_hash", "released_by", "released_at"])
    audit_record(actor=actor, action="account.password_slip_release", obj=user, request=request)
    return code


def reset_token_for_link(token: str) -> PasswordResetToken | None:
    """The live e-mailed credential for ``token`` (None when unknown, used or expired)."""
    if not token or len(token) > 100:
        return None
    return (
        PasswordResetToken.objects.filter(
            token_hash=_digest(token), delivery=ResetDelivery.EMAIL, used_at__isnull=True, expires_at__gt=timezone.now()
        ).select_related("user").first()
    )


def reset_token_for_slip(username: str, first: str, second: str) -> PasswordResetToken | None:
    """The live, released slip matching a username and both halves (None otherwise)."""
    user = User.objects.filter(username=username[:150]).first()
    if user is None:
        return None
    row = PasswordResetToken.objects.filter(
        token_hash=_digest(f"{user.pk}:{_normalise_code(first)}"), delivery=ResetDelivery.SLIP,
        used_at__isnull=True, expires_at__gt=timezone.now(), released_at__isnull=False,
    ).select_related("user").first()
    if row is None or not secrets.compare_digest(row.second_hash, _digest(f"{user.pk}:{_normalise_code(second)}")):
        return None
    return row


@transaction.atomic
def password_reset_complete(*, token: PasswordResetToken, password: str, request=None) -> User:
    """The user sets a password with a one-time credential; it is spent whatever happens next."""
    row = PasswordResetToken.objects.select_for_update().get(pk=token.pk)
    if row.used_at is not None or row.expires_at <= timezone.now():
        raise ValidationError(_("该链接或密封单已失效，请联系系统管理员重新重置。"))
    user = User.objects.select_for_update().get(pk=row.user_id)
    user.set_password(password)
    user._change_reason = _("本人设置密码")
    user._history_user = user
    user.save(update_fields=["password"])
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    password_record(user=user, actor=user, request=request, action="password.reset_complete")
    return user


# --- at login ---------------------------------------------------------------------------


SESSION_KEY = "sanban_password"


def on_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: note in the session whether the password must change, and tell the
    user of a reset they have not yet been told of (so that pages pay nothing for it later)."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[SESSION_KEY] = [user.pk, password_status(user)]
    notice = password_reset_notice(user=user)
    if notice:
        from django.contrib import messages

        messages.warning(request, notice, fail_silently=True)
