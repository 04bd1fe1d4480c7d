"""安全保密管理员: roles, clearances and 分管 of accounts; unlocking business accounts."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from office import passwords, proposals
from office.admin.accounts import SeparationFormMixin
from office.admin.base import CapabilityAdmin, admin_site
from office.choices import BUSINESS_ROLES, UnitKind
from office.models import OrgUnit
from office.models.proxies import UserSecurity


class UserSecurityForm(SeparationFormMixin, forms.ModelForm):
    in_charge_of = forms.ModelMultipleChoiceField(
        label=_("分管单位"), required=False,
        queryset=OrgUnit.objects.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.OFFICE]).order_by("sort_order", "id"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("勾选该局领导分管的处室；只对局领导有效，其他角色保存时自动清空。"),
    )

    class Meta:
        model = UserSecurity
        fields = ["role", "clearance", "is_principal", "in_charge_of"]
        help_texts = {
            "role": _("业务角色之间可直接调整；设为或撤销系统管理员、安全保密管理员、安全审计员须提交审批申请。"),
            "clearance": _("本人可阅办的最高密级。"),
            "is_principal": _("局长等主要负责同志；只有局领导可以是主要负责人，全局只有一人。"),
        }

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role in BUSINESS_ROLES and self.instance.unit_id is None:
            self.add_error("role", _("该账号没有所在单位，不能设为业务角色：请先由系统管理员为其指定所在单位。"))
        return cleaned


@admin.register(UserSecurity, site=admin_site)
class UserSecurityAdmin(CapabilityAdmin):
    """Roles, clearances and 分管: the security administrator's part of an account."""

    capability = "admin.security"
    can_add = False
    form = UserSecurityForm
    list_display = ["username", "full_name", "unit", "role", "clearance", "is_principal", "is_active"]
    list_filter = ["role", "clearance", "unit", "is_active"]
    search_fields = ["username", "full_name"]
    list_select_related = ["unit"]
    fields = ["username", "full_name", "unit", "role", "clearance", "is_principal", "in_charge_of"]
    readonly_fields = ["username", "full_name", "unit"]
    actions = ["unlock", "release_slip"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def get_actions(self, request):
        if not self.has_change_permission(request):
            return {}
        return {name: self.get_action(name) for name in self.actions}

    @admin.action(description=_("解锁账号"))
    def unlock(self, request, queryset):
        done = []
        for user in queryset:
            try:
                proposals.account_unlock(actor=request.user, user=user, request=request)
            except ValidationError as exc:
                messages.error(request, f"{user.get_full_name()}：{'；'.join(exc.messages)}")
            else:
                done.append(user.get_full_name())
        if done:
            messages.success(request, _("已解锁：%(names)s。") % {"names": "、".join(done)})

    @admin.action(description=_("打印密码密封单下联"))
    def release_slip(self, request, queryset):
        slips = []
        for user in queryset:
            try:
                code = passwords.password_slip_release(actor=request.user, user=user, request=request)
            except ValidationError as exc:
                messages.error(request, f"{user.get_full_name()}：{'；'.join(exc.messages)}")
            else:
                slips.append(passwords.ResetResult(user=user, delivery="slip", slip_code=code))
        if not slips:
            return None
        return TemplateResponse(request, "admin/office/password_slip.html", {
            **admin_site.each_context(request), "title": _("密码密封单下联"), "slips": slips, "half": _("下联"),
            "slip_url": request.build_absolute_uri(reverse("password_reset_slip")),
        })
