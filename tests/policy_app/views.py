"""The test request's pages, built on the workflow core's view base and partials."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.views import View

from office.permissions import get_visible_or_404
from office.views import BusinessOnlyMixin
from office.workflow.assignments import may_answer
from office.workflow.chains import chain_rows
from office.workflow.views import StepActionView, StepForms
from tests.policy_app import services as rs
from tests.policy_app import workflow as wf
from tests.policy_app.models import Request


class OpinionForm(forms.Form):
    text = forms.CharField(label="意见", required=False, widget=forms.Textarea)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea)


STEP_FORMS = StepForms({"submit": None, "approve": OpinionForm, "return": ReasonForm, "withdraw": None})


def fetch(*, user, pk):
    return get_visible_or_404(Request.objects.select_related("unit", "requester"), user, pk=pk)


def facts(user, obj):
    return {"is_requester": user.pk == obj.requester_id, "is_approver": may_answer(obj, rs.APPROVE, user)}


def page_context(request, obj, bound=None):
    available = [t for t in wf.TABLE.available(obj.state, facts(request.user, obj)) if t.action in STEP_FORMS]
    return {
        "subject": obj,
        "steps": obj.steps.select_related("actor", "on_behalf_of", "delegated_from"),
        "chain": chain_rows(obj, rs.APPROVE),
        "action_forms": STEP_FORMS.for_page(available, request.user, obj, bound),
        "action_url_name": "policy_app:request_step",
        "danger_actions": ("return", "withdraw"),
    }


def run(action, user, obj, form, request):
    if action == "submit":
        rs.request_submit(actor=user, request_obj=obj, http_request=request)
    elif action == "approve":
        rs.request_approve(actor=user, request_obj=obj, text=form.cleaned_data["text"], http_request=request)
    elif action == "return":
        rs.request_return(actor=user, request_obj=obj, reason=form.cleaned_data["reason"], http_request=request)
    elif action == "withdraw":
        rs.request_withdraw(actor=user, request_obj=obj, http_request=request)


class RequestDetailView(BusinessOnlyMixin, View):
    def get(self, request, pk):
        return render(request, "policy_app/request_detail.html", page_context(request, fetch(user=request.user, pk=pk)))


class RequestStepView(StepActionView):
    step_forms = STEP_FORMS
    table = wf.TABLE
    template_name = "policy_app/request_detail.html"
    fetch = staticmethod(fetch)
    page_context = staticmethod(page_context)
    run = staticmethod(run)
