"""安全保密管理员: object grants in business terms, and the record of failed logins.

Two pages of their own instead of django-guardian's and django-axes' raw model pages:
对象授权 reads every direct-FK grant table as 传阅/会签/协办 to a person or unit, by object
type, id and 密级 (never a title), and revokes one; 登录失败记录 lists failed logins read-only
(unlocking an account is an action on the account, not here).
"""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office import grants
from office.admin.base import AdminPage, admin_site
from office.audit_export import beijing_time as shanghai
from office.permissions import can

PER_PAGE = 50


def _page(request, rows):
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


def grants_view(request):
    if not can(request.user, "admin.security"):
        raise PermissionDenied
    sources = grants.grant_sources()
    if request.method == "POST":
        return _revoke(request)
    if not sources:
        raise Http404
    try:
        default = next((item for item in sources if item.model.objects.exists()), sources[0])
        source = grants.grant_source(request.GET.get("source") or default.key)
    except LookupError:
        raise Http404 from None
    object_id, grantee = request.GET.get("object", "").strip()[:20], request.GET.get("grantee", "").strip()[:150]
    page = _page(request, grants.grant_list(actor=request.user, source=source, object_id=object_id, grantee=grantee))
    context = {
        **admin_site.each_context(request),
        "title": _("对象授权"), "sources": sources, "source": source, "page": page,
        "rows": grants.grant_rows(source=source, page=page.object_list),
        "object_id": object_id, "grantee": grantee,
        "query": urlencode({"source": source.key, "object": object_id, "grantee": grantee}) + "&",
    }
    return TemplateResponse(request, "admin/office/grants.html", context)


def _revoke(request):
    back = reverse("admin:page_grants")
    try:
        source = grants.grant_source(request.POST.get("source", ""))
        pk = int(request.POST.get("grant", ""))
    except (LookupError, ValueError):
        messages.error(request, _("请选择要撤销的授权。"))
        return redirect(back)
    try:
        grants.grant_revoke(actor=request.user, source=source, pk=pk, request=request)
    except ValidationError as exc:
        messages.error(request, "".join(exc.messages))
    else:
        messages.success(request, _("已撤销该授权。"))
    return redirect(f"{back}?source={source.key}")


def lockouts_view(request):
    if not can(request.user, "admin.security"):
        raise PermissionDenied
    username = request.GET.get("username", "").strip()[:150]
    attempts = AccessAttempt.objects.order_by("-attempt_time", "-id")
    if username:
        attempts = attempts.filter(username=username)
    page = _page(request, attempts.only("username", "ip_address", "failures_since_start", "attempt_time"))
    locked_since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = [
        {
            "username": attempt.username, "ip": attempt.ip_address or "", "failures": attempt.failures_since_start,
            "at": shanghai(attempt.attempt_time),
            "locked": attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT and attempt.attempt_time >= locked_since,
        }
        for attempt in page.object_list
    ]
    context = {**admin_site.each_context(request), "title": _("登录失败记录"), "page": page, "rows": rows,
               "username": username, "query": urlencode({"username": username}) + "&"}
    return TemplateResponse(request, "admin/office/lockouts.html", context)


admin_site.register_page(AdminPage("grants", gettext_lazy("对象授权"), "admin.security", grants_view))
admin_site.register_page(AdminPage("lockouts", gettext_lazy("登录失败记录"), "admin.security", lockouts_view))
