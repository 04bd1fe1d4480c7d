"""安全保密管理员: object grants and locked accounts."""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from guardian.models import GroupObjectPermission, UserObjectPermission

from office import services
from office.admin.base import CapabilityAdmin, admin_site


class GrantAdmin(CapabilityAdmin):
    capability = "admin.security"
    can_delete = True
    list_select_related = ["permission", "content_type"]
    autocomplete_fields = []

    def delete_model(self, request, obj):
        services.admin_delete(actor=request.user, obj=obj, capability=self.capability, request=request)


@admin.register(UserObjectPermission, site=admin_site)
class UserGrantAdmin(GrantAdmin):
    list_display = ["user", "permission", "content_type", "object_pk"]
    list_select_related = ["user", "permission", "content_type"]
    raw_id_fields = ["user"]


@admin.register(GroupObjectPermission, site=admin_site)
class GroupGrantAdmin(GrantAdmin):
    list_display = ["group", "permission", "content_type", "object_pk"]
    list_select_related = ["group", "permission", "content_type"]


@admin.register(AccessAttempt, site=admin_site)
class LockoutAdmin(CapabilityAdmin, AccessAttemptAdmin):
    """Failed logins and locked accounts; deleting a row unlocks the account (audited)."""

    capability = "admin.security"
    can_add = False
    can_delete = True

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj):
        services.admin_delete(actor=request.user, obj=obj, capability=self.capability, request=request)
