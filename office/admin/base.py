"""The 三员 admin site and the base class every administrator's page uses."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from office import services
from office.permissions import ADMIN_CAPABILITIES, can


class SanbanAdminSite(admin.AdminSite):
    site_header = _("三办 · 三员管理")
    site_title = _("三员管理")
    index_title = _("管理首页")
    site_url = "/"

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and any(can(user, capability) for capability in ADMIN_CAPABILITIES)


admin_site = SanbanAdminSite(name="admin")


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
