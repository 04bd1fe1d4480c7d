"""The 办公室主任's page: approval rules changed by the system administrator, waiting for confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from office.models import ApprovalRule
from office.views import BusinessOnlyMixin
from office.workflow.chains import rule_confirm, rules_awaiting_confirmation
from office.workflow.choices import Duty
from office.workflow.duties import holds_duty


class ApprovalRuleConfirmView(BusinessOnlyMixin, TemplateView):
    """GET: the rules awaiting confirmation; POST ``rule``: confirm one. Only for the 主任 (others: 404)."""

    template_name = "office/workflow/approval_rules.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not holds_duty(request.user, Duty.DIRECTOR):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "rules": rules_awaiting_confirmation()}

    def post(self, request, *args, **kwargs):
        pk = request.POST.get("rule", "")
        if not pk.isdigit():
            raise Http404
        rule = get_object_or_404(ApprovalRule, pk=int(pk))
        try:
            rule_confirm(actor=request.user, rule=rule, request=request)
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                messages.error(request, message)
        else:
            messages.success(request, _("已确认审批规则：%(name)s") % {"name": rule.name})
        return redirect("office:approval_rules")
