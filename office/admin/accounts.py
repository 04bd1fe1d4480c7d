"""系统管理员: accounts, the org chart and system settings."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from office import passwords, services
from office.admin.base import CapabilityAdmin, admin_site
from office.models import CalendarOverride, IssuingPrefix, OrgUnit, ReminderLadder, ReminderStage, User
from office.permissions import can
from office.separation import account_change_check

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


class SeparationFormMixin:
    """An account form that says 三员分立's refusals as form errors, in Chinese.

    The same check runs again in the service (:func:`office.services.admin_save`); a model
    error on a field the form does not show becomes an error of the whole form, never a 500.
    """

    actor = None

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk is not None and self.actor is not None:
            before = User.objects.get(pk=instance.pk)
            after = User(pk=before.pk, role=cleaned.get("role", before.role))
            try:
                account_change_check(actor=self.actor, before=before, after=after, changed=self.changed_data)
            except ValidationError as exc:
                raise ValidationError(exc.messages) from exc
        return cleaned

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            remapped = {}
            for field, messages_ in errors.error_dict.items():
                key = field if field in self.fields else NON_FIELD_ERRORS
                remapped.setdefault(key, []).extend(messages_)
            errors = ValidationError(remapped)
        super()._update_errors(errors)


def separation_form(form_class, actor):
    """``form_class`` with the mixin and the acting administrator bound."""
    return type(form_class.__name__, (SeparationFormMixin, form_class), {"actor": actor})


class AccountCreationForm(forms.ModelForm):
    """A new account: no password typed by the administrator. The person sets it (link or slip)."""

    class Meta:
        model = User
        fields = ["username", "full_name", "unit", "title", "phone", "email"]
        help_texts = {"email": _("新账号的密码设置链接发到此邮箱；没有邮箱时打印密码密封单。")}


def _slip_page(request, results, title):
    slips = [result for result in results if result.slip_code]
    if not slips:
        return None
    return TemplateResponse(request, "admin/office/password_slip.html", {
        **admin_site.each_context(request), "title": title, "slips": slips, "half": _("上联"),
        "slip_url": request.build_absolute_uri(reverse("password_reset_slip")),
    })


@admin.register(User, site=admin_site)
class AccountAdmin(CapabilityAdmin, UserAdmin):
    """Accounts: who a person is and where they work. Roles and clearances are not here.

    No password is ever typed or seen here: a new account and a reset one get a one-time
    link to the person's own e-mail, or a sealed slip (:mod:`office.passwords`).
    """

    capability = "admin.accounts"
    add_form = AccountCreationForm
    # The default add page (not UserAdmin's, which speaks of passwords, in English).
    add_form_template = None
    list_display = ["username", "full_name", "unit", "title", "is_active", "last_login"]
    list_filter = ["is_active", "unit"]
    search_fields = ["username", "full_name", "phone"]
    list_select_related = ["unit"]
    ordering = ["unit__sort_order", "id"]
    fieldsets = [
        (None, {"fields": ["username"]}),
        (_("个人信息"), {"fields": ["full_name", "unit", "title", "phone", "email"]}),
        (_("状态"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "full_name", "unit", "title", "phone", "email"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = []
    actions = ["reset_password"]

    def get_readonly_fields(self, request, obj=None):
        # An existing account's e-mail is its owner's: it receives the reset links.
        return [*self.readonly_fields, "email"] if obj is not None else self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        return separation_form(super().get_form(request, obj, **kwargs), request.user)

    def get_actions(self, request):
        if not self.has_change_permission(request):
            return {}
        return {name: self.get_action(name) for name in self.actions}

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            request._sanban_credential = passwords.issue_reset(actor=request.user, user=obj, request=request, created=True)

    def response_add(self, request, obj, post_url_continue=None):
        result = getattr(request, "_sanban_credential", None)
        page = _slip_page(request, [result] if result else [], _("新账号密码密封单"))
        if page is not None:
            return page
        if result is not None:
            messages.info(request, _("密码设置链接已发送到%(name)s的电子邮箱。") % {"name": obj.get_full_name()})
        return super().response_add(request, obj, post_url_continue)

    def user_change_password(self, request, id, form_url=""):
        # Nobody types another person's password: resets go by link or sealed slip.
        raise PermissionDenied

    @admin.action(description=_("重置密码（发送一次性链接或打印密封单）"))
    def reset_password(self, request, queryset):
        results = []
        for user in queryset:
            try:
                results.append(passwords.password_reset_issue(actor=request.user, user=user, request=request))
            except ValidationError as exc:
                messages.error(request, f"{user.get_full_name()}：{'；'.join(exc.messages)}")
        mailed = [r.user.get_full_name() for r in results if not r.slip_code]
        if mailed:
            messages.success(request, _("已重置密码，设置链接已发送到本人邮箱：%(names)s。") % {"names": "、".join(mailed)})
        return _slip_page(request, results, _("密码密封单"))


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
