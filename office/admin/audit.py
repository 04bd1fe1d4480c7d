"""安全审计员: the audit log and the history of the org chart and settings, read only.

In the office's language: actions by their Chinese names (:data:`office.audit.ACTION_LABELS`),
object types by their model names, every time in Beijing time (list, detail, export);
filters by actor, action, object type and date range; the filtered log exported as .xlsx or
CSV, the export itself audited.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office import audit_export
from office.admin.base import CapabilityAdmin, admin_site
from office.audit import action_choices, action_label, audit_record, recorded_actions
from office.audit_export import beijing_time as shanghai
from office.audit_export import object_type_label
from office.models import AuditEvent, CalendarOverride, IssuingPrefix, OrgUnit, ReminderLadder, ReminderStage, User

# --- filters: one form above the list (templates/admin/office/auditevent/change_list.html) ----------


class ParamFilter(admin.ListFilter):
    """A filter that takes one GET parameter and is drawn by the page's own filter form."""

    parameter = ""
    template = "admin/office/_no_filter.html"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        value = params.pop(self.parameter, "")
        self.value = str(value[-1] if isinstance(value, list) else value).strip()[:150]
        self.request = request

    def has_output(self) -> bool:
        return True

    def expected_parameters(self) -> list[str]:
        return [self.parameter]

    def choices(self, changelist):
        return []


class ActorFilter(ParamFilter):
    title = gettext_lazy("操作人")
    parameter = "actor"

    def queryset(self, request, queryset):
        if not self.value:
            return queryset
        return queryset.filter(Q(username=self.value) | Q(actor__full_name=self.value))


class ActionFilter(ParamFilter):
    title = gettext_lazy("事件")
    parameter = "action"

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value) if self.value else queryset


class ObjectTypeFilter(ParamFilter):
    title = gettext_lazy("对象类型")
    parameter = "object_type"

    def queryset(self, request, queryset):
        return queryset.filter(object_type=self.value) if self.value else queryset


class DateFilter(ParamFilter):
    """From the start of one day (``from``) or to the end of one day (``to``), Beijing time."""

    def day(self) -> dt.date | None:
        if not self.value:
            return None
        try:
            day = dt.date.fromisoformat(self.value)
        except ValueError:
            messages.error(self.request, _("日期“%(value)s”无法识别，请按 年-月-日 填写，如 2026-03-01。") % {"value": self.value})
            return None
        if not 2000 <= day.year <= 2100:
            messages.error(self.request, _("日期“%(value)s”超出范围。") % {"value": self.value})
            return None
        return day

    @staticmethod
    def start_of(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone())


class DateFromFilter(DateFilter):
    title = gettext_lazy("起始日期")
    parameter = "from"

    def queryset(self, request, queryset):
        day = self.day()
        return queryset.filter(at__gte=self.start_of(day)) if day else queryset


class DateToFilter(DateFilter):
    title = gettext_lazy("截止日期")
    parameter = "to"

    def queryset(self, request, queryset):
        day = self.day()
        return queryset.filter(at__lt=self.start_of(day + dt.timedelta(days=1))) if day else queryset


AUDIT_FILTERS = [ActorFilter, ActionFilter, ObjectTypeFilter, DateFromFilter, DateToFilter]
FILTER_PARAMETERS = [f.parameter for f in AUDIT_FILTERS] + ["q"]


# --- 安全审计员 -----------------------------------------------------------------


class AuditorAdmin(CapabilityAdmin):
    capability = "admin.audit"
    read_only = True

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False}
        return super().changeform_view(request, object_id, form_url, extra_context)


@admin.register(AuditEvent, site=admin_site)
class AuditEventAdmin(AuditorAdmin):
    list_display = ["at_display", "username", "actor_name", "action_display", "outcome", "object_type_display",
                    "object_id", "ip"]
    list_filter = AUDIT_FILTERS
    #: Account, action code, object type and id, address — the log holds nothing else to search.
    search_fields = ["username", "action", "object_type", "object_id", "ip"]
    list_select_related = ["actor"]
    show_full_result_count = False
    fields = ["at_display", "username", "actor_name", "action_display", "action", "outcome",
              "object_type_display", "object_type", "object_id", "ip", "detail"]
    readonly_fields = fields
    change_list_template = "admin/office/auditevent/change_list.html"

    @admin.display(description=gettext_lazy("时间（北京时间）"), ordering="at")
    def at_display(self, event: AuditEvent) -> str:
        return shanghai(event.at)

    @admin.display(description=gettext_lazy("操作人"))
    def actor_name(self, event: AuditEvent) -> str:
        return event.actor.full_name if event.actor_id else ""

    @admin.display(description=gettext_lazy("事件"), ordering="action")
    def action_display(self, event: AuditEvent) -> str:
        return action_label(event.action)

    @admin.display(description=gettext_lazy("结果"))
    def outcome(self, event: AuditEvent) -> str:
        return audit_export.outcome(event.action)

    @admin.display(description=gettext_lazy("对象类型"), ordering="object_type")
    def object_type_display(self, event: AuditEvent) -> str:
        return object_type_label(event.object_type)

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_view)
        return [path("export/<str:fmt>/", export, name="office_auditevent_export")] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "filter_values": {name: request.GET.get(name, "") for name in FILTER_PARAMETERS},
            "action_choices": action_choices(recorded_actions()),
            "object_type_choices": audit_export.object_type_choices(),
            "export_query": request.GET.urlencode(),
        }
        return super().changelist_view(request, extra_context)

    def export_view(self, request, fmt: str):
        """The filtered log as .xlsx or CSV; the export is itself an audit event."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if fmt not in audit_export.FORMATS:
            raise PermissionDenied
        changelist: ChangeList = self.get_changelist_instance(request)
        rows = changelist.queryset.select_related("actor")
        filters = {name: request.GET[name][:150] for name in FILTER_PARAMETERS if request.GET.get(name)}
        response, count = audit_export.export(rows, fmt)
        audit_record(actor=request.user, action="audit.export", request=request,
                     detail={"format": fmt, "rows": count, "filters": filters})
        return response


class HistoryAdmin(AuditorAdmin):
    list_display = ["date_display", "type_display", "history_user", "history_change_reason", "object_display"]
    list_filter = ["history_type"]
    list_select_related = ["history_user"]
    date_hierarchy = "history_date"

    @admin.display(description=gettext_lazy("时间（北京时间）"), ordering="history_date")
    def date_display(self, record) -> str:
        return shanghai(record.history_date)

    @admin.display(description=gettext_lazy("变更类型"), ordering="history_type")
    def type_display(self, record) -> str:
        return {"+": _("新增"), "~": _("修改"), "-": _("删除")}.get(record.history_type, record.history_type)

    @admin.display(description=gettext_lazy("对象"))
    def object_display(self, record) -> str:
        return str(record.instance)


for tracked in (User, OrgUnit, IssuingPrefix, ReminderLadder, ReminderStage, CalendarOverride):
    admin_site.register(tracked.history.model, HistoryAdmin)
