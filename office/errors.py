"""Error pages in the house style, in Chinese."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def _page(request, status: int, title: str, message: str):
    return render(request, "errors/error.html", {"status": status, "title": title, "message": message}, status=status)


def not_found(request, exception=None):
    return _page(request, 404, _("页面不存在"), _("您要找的页面不存在，或者您无权查看。"))


def forbidden(request, exception=None):
    detail = str(exception) if exception and str(exception) else _("您没有执行此操作的权限。")
    return _page(request, 403, _("无权操作"), detail)


def bad_request(request, exception=None):
    return _page(request, 400, _("请求有误"), _("请求的内容无法处理，请返回后重试。"))


def server_error(request):
    return render(request, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    return _page(request, 403, _("页面已过期"), _("表单已过期或来源无法验证，请刷新页面后重新提交。"))


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response: a page in Chinese and an audit event."""
    from django.conf import settings

    from office.audit import audit_record

    username = str((credentials or {}).get("username", ""))[:150]
    audit_record(actor=None, action="login_locked", username=username, request=request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
