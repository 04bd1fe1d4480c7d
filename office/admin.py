"""Django admin for the three administrators (三员), each only their own part.

- 系统管理员 (``admin.accounts``): accounts and the org chart.
- 安全保密管理员 (``admin.security``): roles, clearances, 分管, object grants.
- 安全审计员 (``admin.audit``): reads the audit log and the history; changes nothing.

Which administrator may do what is asked of the permission policy; every change
goes through :func:`office.services.admin_save`, which checks it again, locks the
row, records the history reason and writes the audit log.
"""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermission, UserObjectPermission

from office import services
from office.models import AuditEvent, CalendarOverride, IssuingPrefix, OrgUnit, ReminderLadder, ReminderStage, User
from office.models.proxies import UserSecurity
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


# --- 系统管理员 -----------------------------------------------------------------


class PrefixInline(admin.TabularInline):
    model = IssuingPrefix
    extra = 0
    fields = ["code", "description", "sort_order", "is_active"]

    def has_add_permission(self, request, obj=None):
        return can(request.user, "admin.accounts")

    def has_change_permission(self, request, obj=None):
        return can(request.user, "admin.accounts")

    def has_view_permission(self, request, obj=None):
        return can(request.user, "admin.accounts")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OrgUnit, site=admin_site)
class OrgUnitAdmin(CapabilityAdmin):
    capability = "admin.accounts"
    list_display = ["name", "short_name", "kind", "parent", "code", "sort_order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["parent"]
    fields = ["name", "short_name", "kind", "parent", "code", "head", "fonds_code", "sort_order", "is_active"]
    raw_id_fields = ["head"]
    inlines = [PrefixInline]

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            services.admin_save(
                actor=request.user, obj=obj, capability=self.capability,
                changed=["prefix"], created=obj.pk is None, request=request,
            )


@admin.register(User, site=admin_site)
class AccountAdmin(CapabilityAdmin, UserAdmin):
    """Accounts: who a person is and where they work. Roles and clearances are not here."""

    capability = "admin.accounts"
    add_form = AdminUserCreationForm
    list_display = ["username", "full_name", "unit", "title", "is_active", "last_login"]
    list_filter = ["is_active", "unit"]
    search_fields = ["username", "full_name", "phone"]
    list_select_related = ["unit"]
    ordering = ["unit__sort_order", "id"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("个人信息"), {"fields": ["full_name", "unit", "title", "phone", "email"]}),
        (_("状态"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "full_name", "unit", "title", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = []

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and isinstance(response, HttpResponseRedirect):
            services.admin_password_reset(actor=request.user, user_id=id, request=request)
        return response


# --- 系统管理员: system settings -----------------------------------------------------


class StageInline(admin.TabularInline):
    model = ReminderStage
    extra = 0
    fields = ["code", "offset_workdays", "at_time", "recipients", "message"]

    def _allowed(self, request) -> bool:
        return can(request.user, "admin.system")

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


@admin.register(ReminderLadder, site=admin_site)
class ReminderLadderAdmin(CapabilityAdmin):
    """The escalation ladder per kind of item: offsets in working days, recipients, messages."""

    capability = "admin.system"
    list_display = ["name", "kind", "repeat_every", "repeat_recipients"]
    fields = ["kind", "name", "repeat_every", "repeat_recipients", "repeat_message"]
    inlines = [StageInline]

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            services.admin_save(
                actor=request.user, obj=obj, capability=self.capability,
                changed=["stage"], created=obj.pk is None, request=request,
            )
        for obj in formset.deleted_objects:
            services.admin_delete(actor=request.user, obj=obj, capability=self.capability, request=request)


@admin.register(CalendarOverride, site=admin_site)
class CalendarOverrideAdmin(CapabilityAdmin):
    """Days the official calendar library does not know yet (next year's 调休, a local decision)."""

    capability = "admin.system"
    can_delete = True
    list_display = ["day", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "day"

    def delete_model(self, request, obj):
        services.admin_delete(actor=request.user, obj=obj, capability=self.capability, request=request)


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


# --- 安全审计员 -----------------------------------------------------------------


class AuditorAdmin(CapabilityAdmin):
    capability = "admin.audit"
    read_only = True

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False}
        return super().changeform_view(request, object_id, form_url, extra_context)


@admin.register(AuditEvent, site=admin_site)
class AuditEventAdmin(AuditorAdmin):
    list_display = ["at", "username", "action", "object_type", "object_repr", "ip"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "object_repr", "ip"]
    date_hierarchy = "at"
    list_select_related = []


class HistoryAdmin(AuditorAdmin):
    list_display = ["history_date", "history_type", "history_user", "history_change_reason", "__str__"]
    list_filter = ["history_type"]
    list_select_related = ["history_user"]
    date_hierarchy = "history_date"


for tracked in (User, OrgUnit, IssuingPrefix, ReminderLadder, ReminderStage, CalendarOverride):
    admin_site.register(tracked.history.model, HistoryAdmin)
