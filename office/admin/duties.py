"""Office duties (安全保密管理员) and approval rules (系统管理员).

- 办公室岗位: which office member is 文书, 秘书, 督查员, 主任 — a right like a role or a
  clearance, set by the security administrator. Open steps addressed to a duty follow
  the change at once (the new holder gets the to-do, the former one loses it).
- 审批规则: kinds, amount bands, departments and the approvers in order, edited by the
  system administrator. Any change leaves the rule unconfirmed: it applies only once the
  办公室主任 has confirmed it (``office.workflow.chains.rule_confirm``).
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from office import services
from office.admin.base import CapabilityAdmin, admin_site
from office.models import ApprovalRule, ApprovalRuleStep, OfficeDuty
from office.workflow.chains import rule_unconfirm
from office.workflow.duties import duty_sync


@admin.register(OfficeDuty, site=admin_site)
class OfficeDutyAdmin(CapabilityAdmin):
    capability = "admin.security"
    can_delete = True
    list_display = ["user", "duty"]
    list_filter = ["duty"]
    search_fields = ["user__username", "user__full_name"]
    list_select_related = ["user"]
    fields = ["user", "duty"]
    raw_id_fields = ["user"]

    def save_model(self, request, obj, form, change) -> None:
        before = OfficeDuty.objects.filter(pk=obj.pk).values_list("duty", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        for duty in {obj.duty, before} - {None}:
            duty_sync(duty=duty)

    def delete_model(self, request, obj) -> None:
        duty = obj.duty
        services.admin_delete(actor=request.user, obj=obj, capability=self.capability, request=request)
        duty_sync(duty=duty)


class ApprovalRuleStepInline(admin.TabularInline):
    model = ApprovalRuleStep
    extra = 1
    fields = ["order", "post", "duty", "person"]
    raw_id_fields = ["person"]

    def _allowed(self, request) -> bool:
        from office.permissions import can

        return can(request.user, "admin.system")

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: self._allowed(request)
    )


@admin.register(ApprovalRule, site=admin_site)
class ApprovalRuleAdmin(CapabilityAdmin):
    capability = "admin.system"
    list_display = ["name", "kind", "amount_min", "amount_max", "unit", "effective_from", "effective_to", "confirmed"]
    list_filter = ["kind"]
    list_select_related = ["unit"]
    fields = ["kind", "name", "amount_min", "amount_max", "unit", "effective_from", "effective_to",
              "confirmed_at", "confirmed_by"]
    readonly_fields = ["confirmed_at", "confirmed_by"]
    inlines = [ApprovalRuleStepInline]

    @admin.display(boolean=True, description=_("已确认"))
    def confirmed(self, obj) -> bool:
        return obj.confirmed_at is not None

    def save_model(self, request, obj, form, change) -> None:
        if not change or form.has_changed():
            obj.confirmed_at, obj.confirmed_by = None, None
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        """Each approver row through the audited service, like the rule itself."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.admin_delete(actor=request.user, obj=obj, capability=self.capability, request=request)
        for obj in instances:
            changed = next((f.changed_data for f in formset.forms if f.instance is obj), [])
            services.admin_save(
                actor=request.user, obj=obj, capability=self.capability, changed=list(changed),
                created=obj.pk is None, request=request,
            )
        if formset.has_changed():
            rule_unconfirm(actor=request.user, rule=form.instance)
