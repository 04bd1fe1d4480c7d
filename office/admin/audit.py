"""安全审计员: the audit log and the history of the org chart and settings, read only."""

from __future__ import annotations

from django.contrib import admin

from office.admin.base import CapabilityAdmin, admin_site
from office.models import AuditEvent, CalendarOverride, IssuingPrefix, OrgUnit, ReminderLadder, ReminderStage, User

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
