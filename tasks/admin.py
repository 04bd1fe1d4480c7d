"""办事's settings kept by the system administrator (系统管理员) in Django admin: the seals, the 工作餐
standard, the 三重一大 threshold and the year's budget lines. Every save goes through the audited admin service; a budget
line's committed and spent figures are the services' (read-only here). The approval rules of every
kind (``tasks.reception``, ``tasks.expense`` by amount band, ``tasks.seal.<code>``, ``tasks.loan`` …)
are the core's 审批规则 page."""

from __future__ import annotations

from django.contrib import admin

from office.admin.base import CapabilityAdmin, admin_site
from tasks.models import BudgetLine, DecisionThreshold, ReceptionStandard, Seal


@admin.register(Seal, site=admin_site)
class SealAdmin(CapabilityAdmin):
    capability = "admin.system"
    list_display = ["name", "code", "keeper", "is_active", "sort_order"]
    list_select_related = ["keeper"]
    fields = ["code", "name", "keeper", "is_active", "sort_order"]
    raw_id_fields = ["keeper"]


@admin.register(ReceptionStandard, site=admin_site)
class ReceptionStandardAdmin(CapabilityAdmin):
    capability = "admin.system"
    list_display = ["effective_from", "meal_per_person", "note"]
    fields = ["effective_from", "meal_per_person", "note"]


@admin.register(BudgetLine, site=admin_site)
class BudgetLineAdmin(CapabilityAdmin):
    capability = "admin.system"
    list_display = ["year", "code", "name", "unit", "amount", "committed", "spent"]
    list_filter = ["year"]
    list_select_related = ["unit"]
    fields = ["year", "code", "name", "unit", "amount", "committed", "spent"]
    readonly_fields = ["committed", "spent"]


@admin.register(DecisionThreshold, site=admin_site)
class DecisionThresholdAdmin(CapabilityAdmin):
    capability = "admin.system"
    list_display = ["effective_from", "amount", "meeting_kind", "note"]
    fields = ["effective_from", "amount", "meeting_kind", "note"]
