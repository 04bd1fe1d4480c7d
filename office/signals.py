"""Audit of logins and logouts: Django's auth signals are the only hook there is."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from office.audit import audit_record


@receiver(user_logged_in, dispatch_uid="sanban.audit.login")
def _logged_in(sender, request, user, **kwargs):
    audit_record(actor=user, action="login", request=request)


@receiver(user_logged_out, dispatch_uid="sanban.audit.logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="logout", request=request)


@receiver(user_login_failed, dispatch_uid="sanban.audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    audit_record(actor=None, action="login_failed", username=str(credentials.get("username", ""))[:150], request=request)
