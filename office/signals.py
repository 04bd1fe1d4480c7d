"""Audit of logins, logouts and lockouts: Django's and django-axes' signals are the only hooks there are."""

from axes.helpers import get_failure_limit
from axes.signals import user_locked_out
from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from office.audit import audit_record
from office.logins import user_record_login


def _logged_in(sender, request, user, **kwargs):
    user_record_login(user=user, request=request)


# Django saves the whole user on login (a history row each time); office.logins does it without.
# Our receiver takes Django's dispatch_uid: whichever app is ready first, Django's
# ``update_last_login`` is then never connected (a second connect with the same uid is ignored).
user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
user_logged_in.connect(_logged_in, dispatch_uid="update_last_login")


@receiver(user_logged_out, dispatch_uid="sanban.audit.logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="logout", request=request)


@receiver(user_login_failed, dispatch_uid="sanban.audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    audit_record(actor=None, action="login_failed", username=str(credentials.get("username", ""))[:150], request=request)


@receiver(user_locked_out, dispatch_uid="sanban.audit.account_locked")
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    """The failure that locks the account. Axes also sends this for each try while locked
    (the failure count then beyond the limit); those are the lockout page's ``login_locked``
    events, not new lockouts."""
    failures = getattr(request, "axes_failures_since_start", None)
    if request is None or failures is None:
        return
    if failures != get_failure_limit(request, getattr(request, "axes_credentials", None)):
        return
    audit_record(actor=None, action="account.locked", username=str(username or "")[:150], request=request,
                 detail={"failures": failures})


def _saved_through_a_proxy(sender, instance, created, raw=False, using=None, update_fields=None, **kwargs):
    """A save through a proxy (the security administrator's UserSecurity) is a save of the user.

    Django sends ``post_save`` with the proxy as sender, which simple-history's receiver for
    User never hears: a clearance change made no history row of its own and showed up under
    the user's next login instead. Sent again as User's, it is recorded by the administrator.
    """
    post_save.send(sender=sender._meta.concrete_model, instance=instance, created=created, raw=raw, using=using,
                   update_fields=update_fields)


def connect_proxy_history() -> None:
    from office.models.proxies import UserSecurity

    post_save.connect(_saved_through_a_proxy, sender=UserSecurity, dispatch_uid="sanban.history.user_security")


connect_proxy_history()
