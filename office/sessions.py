"""Session limits (等保: an idle session ends) and no caching of what a logged-in user is sent.

- **Absolute**: a login lasts ``SESSION_COOKIE_AGE`` (8 hours) however active its user is. At
  login the session's expiry is fixed to a date (``set_expiry(datetime)``), so the writes below
  never move it; the middleware ends the login at that age.
- **Idle**: a login without a request for ``SANBAN_IDLE_TIMEOUT_MINUTES`` ends at its next
  request, which goes to the login page with a message. Audited as ``logout.idle`` (and
  ``logout.expired`` for the absolute limit), with no second ``logout`` row.
- The last activity is written into the session at most once a minute (``WRITE_EVERY``), not on
  every request. A look at the keep-alive URL (GET) is not activity; "继续使用" (POST) is.
- The browser is told the time left (``request.sanban_session``: the frame's notice and the
  ``X-Sanban-Session`` header of every answer), and static/js/session.js warns before the end.
  The server decides: the browser's clock and timers are only a courtesy.
- ``Cache-Control: private, no-store`` (Django's never-cache headers) on every answer to a
  logged-in user: pages that show documents and files must not stay in a shared or browser cache.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from office.audit import audit_record

AUTH_AT = "sanban_auth_at"
SEEN_AT = "sanban_seen_at"
#: Seconds between two writes of the last activity into the session.
WRITE_EVERY = 60


def idle_seconds() -> int:
    """0 when idle sessions are not ended."""
    return max(int(settings.SANBAN_IDLE_TIMEOUT_MINUTES), 0) * 60


def absolute_seconds() -> int:
    return int(settings.SESSION_COOKIE_AGE)


def session_stamp(session, now: float) -> None:
    """Start the clocks of a new login. The stored session outlives the absolute limit by the
    idle time, so that a request a little after the end still finds it and is told why."""
    session[AUTH_AT] = session[SEEN_AT] = int(now)
    end = now + absolute_seconds() + idle_seconds()
    session.set_expiry(dt.datetime.fromtimestamp(end, tz=dt.UTC))


@receiver(user_logged_in, dispatch_uid="sanban.session.stamp")
def _stamp_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_stamp(request.session, time.time())


@dataclass(frozen=True)
class SessionState:
    """Seconds left before the login ends for idleness (None: no idle limit) and for its age."""

    idle_left: int | None
    absolute_left: int
    #: Seconds before the end at which the page warns.
    warning: int = 120

    @property
    def header(self) -> str:
        idle = "" if self.idle_left is None else str(self.idle_left)
        return f"idle={idle}; absolute={self.absolute_left}"


class SessionLimitsMiddleware:
    """After the session, authentication and messages middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def keepalive_path(self) -> str:
        return reverse("office:session_keepalive")

    def __call__(self, request):
        user = getattr(request, "user", None)
        was_authenticated = bool(user is not None and user.is_authenticated)
        if was_authenticated:
            ended = self._check(request)
            if ended is not None:
                return ended
        response = self.get_response(request)
        user = getattr(request, "user", None)  # login() and logout() replace it
        if was_authenticated or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
            state = getattr(request, "sanban_session", None)
            if state is not None and user is not None and user.is_authenticated:
                response["X-Sanban-Session"] = state.header
        return response

    def _check(self, request):
        now = time.time()
        session = request.session
        if AUTH_AT not in session:  # logged in before these limits existed
            session_stamp(session, now)
        auth_at, seen_at = session[AUTH_AT], session.get(SEEN_AT, session[AUTH_AT])
        idle, absolute = idle_seconds(), absolute_seconds()
        if now - auth_at >= absolute:
            hours = f"{absolute / 3600:g}"
            return self._end(request, "logout.expired", now - auth_at,
                             _("本次登录已达 %(hours)s 小时上限，请重新登录。") % {"hours": hours})
        if idle and now - seen_at >= idle:
            return self._end(request, "logout.idle", now - seen_at, _("由于长时间未操作，您已自动退出，请重新登录。"))
        keepalive = request.path == self.keepalive_path
        looking = keepalive and request.method in ("GET", "HEAD")
        if not looking and (keepalive or now - seen_at >= WRITE_EVERY):
            session[SEEN_AT] = seen_at = int(now)
        request.sanban_session = SessionState(
            idle_left=max(int(seen_at + idle - now), 0) if idle else None,
            absolute_left=max(int(auth_at + absolute - now), 0),
            warning=int(settings.SANBAN_IDLE_WARNING_SECONDS),
        )
        return None

    def _end(self, request, action: str, after: float, message: str):
        """Log out without Django's logout signal (one audit row, saying why) and send to the login page."""
        audit_record(actor=request.user, action=action, request=request, detail={"after_seconds": int(after)})
        request.session.flush()
        request.user = AnonymousUser()
        messages.warning(request, message)
        if request.path == self.keepalive_path or "application/json" in request.headers.get("Accept", ""):
            response = JsonResponse({"expired": True, "message": message}, status=401)
        elif request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=200)
            response["HX-Redirect"] = reverse(settings.LOGIN_URL)
        else:
            # Back to the same page after the new login; a form sent too late is not sent again.
            if request.method in ("GET", "HEAD"):
                response = redirect_to_login(request.get_full_path())
            else:
                response = HttpResponseRedirect(reverse(settings.LOGIN_URL))
        add_never_cache_headers(response)
        return response


def session_keepalive(request):
    """GET: the time left (not activity). POST: "继续使用" — counts as activity (the middleware)."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    state = getattr(request, "sanban_session", None)
    if not request.user.is_authenticated or state is None:
        return JsonResponse({"expired": True}, status=401)
    return JsonResponse({"idle_left": state.idle_left, "absolute_left": state.absolute_left})
