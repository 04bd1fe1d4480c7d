"""安全保密管理员: roles, clearances and 分管 of accounts."""

from __future__ import annotations

from django.contrib import admin

from office.admin.base import CapabilityAdmin, admin_site
from office.models.proxies import UserSecurity

# --- 安全保密管理员 ---------------------------------------------------------------


@admin.register(UserSecurity, site=admin_site)
class UserSecurityAdmin(CapabilityAdmin):
    """Roles, clearances and 分管: the security administrator's part of an account."""

    capability = "admin.security"
    can_add = False
    list_display = ["username", "full_name", "unit", "role", "clearance", "is_principal"]
    list_filter = ["role", "clearance", "unit"]
    search_fields = ["username", "full_name"]
    list_select_related = ["unit"]
    fields = ["username", "full_name", "unit", "role", "clearance", "is_principal", "in_charge_of"]
    readonly_fields = ["username", "full_name", "unit"]
    filter_horizontal = ["in_charge_of"]
