"""管理员审批事项: what one administrator proposes and an administrator of another kind decides."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from office import proposals
from office.admin.base import CapabilityAdmin, admin_site
from office.choices import ADMIN_ROLES, Clearance, ProposalKind, ProposalState, Role
from office.models import AdminProposal, OrgUnit, User
from office.passwords import ResetResult


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name()}（{obj.username}，{obj.get_role_display()}）"


class ProposalForm(forms.ModelForm):
    target = AccountChoiceField(label=_("账号"), queryset=User.objects.order_by("role", "username"))
    role = forms.ChoiceField(label=_("新角色"), choices=[("", "---------"), *Role.choices], required=False,
                             help_text=_("仅“变更角色、密级或单位”时填写。"))
    clearance = forms.TypedChoiceField(label=_("新涉密等级"), choices=[("", "---------"), *Clearance.choices],
                                       coerce=int, empty_value=None, required=False)
    unit = forms.ModelChoiceField(label=_("所在单位"), queryset=OrgUnit.objects.all(), required=False,
                                  help_text=_("改为业务角色时须指定；管理员不属于任何业务单位。"))
    actor = None

    class Meta:
        model = AdminProposal
        fields = ["kind", "target", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def change_data(self) -> dict:
        data = self.cleaned_data
        if data.get("kind") != ProposalKind.CHANGE:
            return {}
        return {"role": data.get("role"), "clearance": data.get("clearance"), "unit": data.get("unit")}

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.actor is None:
            return cleaned
        try:
            proposals.proposal_check(actor=self.actor, kind=cleaned["kind"], target=cleaned["target"],
                                      change=self.change_data())
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                raise
        return cleaned


@admin.register(AdminProposal, site=admin_site)
class AdminProposalAdmin(CapabilityAdmin):
    """Every administrator raises proposals; an administrator of another kind approves or rejects."""

    form = ProposalForm
    list_display = ["id", "kind", "target", "state", "proposer", "proposed_at", "decider", "decided_at"]
    list_filter = ["state", "kind"]
    list_select_related = ["target", "proposer", "decider"]
    change_form_template = "admin/office/adminproposal/change_form.html"
    readonly_fields = ["kind", "target", "change_display", "reason", "proposer", "proposed_at",
                       "state", "decider", "decided_at", "decision_note"]

    def _allowed(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.role in ADMIN_ROLES)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["kind", "target", "role", "clearance", "unit", "reason"]
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["fields"] = ["kind", "target", "reason"]
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    @admin.display(description=_("拟变更内容"))
    def change_display(self, obj):
        change = obj.change or {}
        if not change:
            return "—"
        unit = OrgUnit.objects.filter(pk=change.get("unit")).first() if change.get("unit") else None
        return _("角色：%(role)s；涉密等级：%(clearance)s；所在单位：%(unit)s") % {
            "role": Role(change["role"]).label if change.get("role") in Role.values else "—",
            "clearance": Clearance(change["clearance"]).label if change.get("clearance") is not None else "—",
            "unit": unit.name if unit else "—",
        }

    def save_model(self, request, obj, form, change):
        created = proposals.proposal_raise(
            actor=request.user, kind=form.cleaned_data["kind"], target=form.cleaned_data["target"],
            change=form.change_data(), reason=form.cleaned_data["reason"], request=request,
        )
        obj.pk, obj.state, obj.proposed_at = created.pk, created.state, created.proposed_at

    def save_related(self, request, form, formsets, change):
        pass

    def change_view(self, request, object_id, form_url="", extra_context=None):
        proposal = AdminProposal.objects.filter(pk=object_id).select_related("proposer").first()
        extra = dict(extra_context or {})
        if proposal is not None and proposal.state == ProposalState.PENDING:
            try:
                proposals.decide_check(actor=request.user, proposal=proposal)
            except ValidationError as exc:
                extra["cannot_decide"] = "；".join(exc.messages)
            else:
                extra["can_decide"] = True
            extra["can_withdraw"] = proposal.proposer_id == request.user.pk
        return super().change_view(request, object_id, form_url, extra)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/approve/", wrap(self.decide_view), {"decision": "approve"}, name="office_adminproposal_approve"),
            path("<int:pk>/reject/", wrap(self.decide_view), {"decision": "reject"}, name="office_adminproposal_reject"),
            path("<int:pk>/withdraw/", wrap(self.decide_view), {"decision": "withdraw"}, name="office_adminproposal_withdraw"),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk, decision):
        if not self._allowed(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        proposal = get_object_or_404(AdminProposal, pk=pk)
        back = HttpResponseRedirect(reverse("admin:office_adminproposal_change", args=[pk]))
        note = request.POST.get("decision_note", "")
        try:
            if decision == "approve":
                result = proposals.proposal_approve(actor=request.user, proposal=proposal, note=note, request=request)
            elif decision == "reject":
                proposals.proposal_reject(actor=request.user, proposal=proposal, note=note, request=request)
                result = None
            else:
                proposals.proposal_withdraw(actor=request.user, proposal=proposal, request=request)
                result = None
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return back
        labels = {"approve": _("已批准并执行。"), "reject": _("已驳回。"), "withdraw": _("已撤回。")}
        messages.success(request, labels[decision])
        if isinstance(result, ResetResult) and result.slip_code:
            return TemplateResponse(request, "admin/office/password_slip.html", {
                **admin_site.each_context(request), "title": _("密码密封单"), "slips": [result], "half": _("上联"),
                "slip_url": request.build_absolute_uri(reverse("password_reset_slip")),
            })
        return back
