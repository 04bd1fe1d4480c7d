"""系统管理员: accounts, the org chart and system settings."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from office import services
from office.admin.base import CapabilityAdmin, admin_site
from office.models import CalendarOverride, IssuingPrefix, OrgUnit, ReminderLadder, ReminderStage, User
from office.permissions import can

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
