"""The 三员 admin site and the base class every administrator's page uses."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from office import services
from office.audit import audit_denial, denials_seen
from office.permissions import ADMIN_CAPABILITIES, can


@dataclass(frozen=True)
class AdminPage:
    """A page of one administrator's that is not one model's list (e.g. 对象授权 over several tables)."""

    slug: str
    label: Any
    capability: str
    view: Any  # (request) -> response; it checks ``capability`` itself


class SanbanAdminSite(admin.AdminSite):
    site_header = _("三办 · 三员管理")
    site_title = _("三员管理")
    index_title = _("管理首页")
    site_url = "/"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages: list[AdminPage] = []

    def register_page(self, page: AdminPage) -> None:
        self.pages.append(page)

    def get_urls(self):
        own = [path(f"pages/{page.slug}/", self.admin_view(page.view), name=f"page_{page.slug}") for page in self.pages]
        return own + super().get_urls()

    def get_app_list(self, request, app_label=None):
        """The registered models, and the pages of the administrator looking, under 机关与办公室."""
        app_list = super().get_app_list(request, app_label)
        if app_label not in (None, "office"):
            return app_list
        entries = [
            {"name": str(page.label), "object_name": page.slug, "model_name": page.slug, "perms": {"view": True},
             "admin_url": reverse(f"{self.name}:page_{page.slug}", current_app=self.name), "add_url": None,
             "view_only": True}
            for page in self.pages if can(request.user, page.capability)
        ]
        if not entries:
            return app_list
        office = next((app for app in app_list if app["app_label"] == "office"), None)
        if office is None:
            office = {"name": str(_("机关与办公室")), "app_label": "office", "has_module_perms": True, "models": [],
                      "app_url": reverse(f"{self.name}:app_list", kwargs={"app_label": "office"}, current_app=self.name)}
            app_list.append(office)
        office["models"] = sorted(office["models"] + entries, key=lambda entry: str(entry["name"]))
        return app_list

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and any(can(user, capability) for capability in ADMIN_CAPABILITIES)

    def admin_view(self, view, cacheable=False):
        """Every admin page refused to a signed-in user leaves an audit row (issue 9, point 7)."""
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def audited(request, *args, **kwargs):
            before = denials_seen()
            if request.user.is_authenticated and not self.has_permission(request):
                _audit_admin_refusal(request, view, kwargs, "no_admin")
                return inner(request, *args, **kwargs)
            try:
                return inner(request, *args, **kwargs)
            except (PermissionDenied, Http404) as refusal:
                if denials_seen() == before:  # the policy has not written it already
                    reason = "forbidden" if isinstance(refusal, PermissionDenied) else "not_found"
                    _audit_admin_refusal(request, view, kwargs, reason)
                raise

        return audited


admin_site = SanbanAdminSite(name="admin")


def _audit_admin_refusal(request, view, kwargs: dict, reason: str) -> None:
    """Actor, the page's model and object id, the address; the path names only ids and codes."""
    model_admin = getattr(view, "__self__", None)
    model = getattr(model_admin, "model", None)
    target = None
    if model is not None:
        object_id = kwargs.get("object_id")
        target = model(pk=object_id) if object_id and str(object_id).isdigit() else model()
    detail = {"action": "admin", "reason": reason, "path": request.path[:200], "method": request.method}
    audit_denial(actor=request.user, obj=target, detail=detail, request=request)


class CapabilityAdmin(admin.ModelAdmin):
    """A model belonging to one administrator's job; ``read_only`` for the auditor's."""

    capability: str = ""
    read_only: bool = False
    can_add: bool = True
    can_delete: bool = False

    def _allowed(self, request) -> bool:
        return can(request.user, self.capability)

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request) -> bool:
        return self._allowed(request) and not self.read_only and self.can_add

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allowed(request) and not self.read_only

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request) and not self.read_only and self.can_delete

    def save_model(self, request, obj, form, change) -> None:
        services.admin_save(
            actor=request.user, obj=obj, capability=self.capability,
            changed=list(form.changed_data), created=not change, request=request,
        )

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        services.admin_after_related(actor=request.user, obj=form.instance)

    def get_actions(self, request):
        # No bulk actions: "delete selected" would bypass the services.
        return {}
