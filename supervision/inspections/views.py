"""督查 pages: the list, create/edit, the inspection with its findings (证据, 转整改), and its report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View

from office.workflow.views import add_errors
from supervision.choices import FINISHED_STATES
from supervision.inspections import forms, selectors, services
from supervision.plans.views import NAV, _OfficeOnly


class InspectionListView(_OfficeOnly, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "supervision/inspection_list.html", {
            "inspections": selectors.inspection_list(user=request.user)[:200], "nav_active": NAV})


class InspectionCreateView(_OfficeOnly, View):
    template_name = "supervision/inspection_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        form = forms.InspectionForm(user=request.user, initial={
            "starts_on": today, "ends_on": today + timezone.timedelta(days=10), "team_leader": request.user.pk})
        return render(request, self.template_name, {"form": form, "nav_active": NAV})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.InspectionForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                inspection = services.inspection_create(
                    actor=request.user, kind=d["kind"], topic=d["topic"], team_leader=d["team_leader"],
                    starts_on=d["starts_on"], ends_on=d["ends_on"], scope_units=d["scope_units"],
                    members=d["members"], method=d["method"], secret_level=d["secret_level"])
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已创建督查。"))
                return redirect("supervision:inspection_detail", pk=inspection.pk)
        return render(request, self.template_name, {"form": form, "nav_active": NAV}, status=400)


class InspectionEditView(_OfficeOnly, View):
    template_name = "supervision/inspection_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        inspection = selectors.inspection_get(user=request.user, pk=pk)
        form = forms.InspectionForm(user=request.user, editing=True, initial={
            "topic": inspection.topic, "scope_units": list(inspection.scope_units.all()),
            "team_leader": inspection.team_leader_id, "members": list(inspection.members.all()),
            "starts_on": inspection.starts_on, "ends_on": inspection.ends_on, "method": inspection.method})
        return render(request, self.template_name, {"form": form, "inspection": inspection, "nav_active": NAV})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        inspection = selectors.inspection_get(user=request.user, pk=pk)
        form = forms.InspectionForm(request.POST, user=request.user, editing=True)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.inspection_edit(actor=request.user, inspection=inspection, topic=d["topic"],
                                         team_leader=d["team_leader"], starts_on=d["starts_on"], ends_on=d["ends_on"],
                                         scope_units=d["scope_units"], members=d["members"], method=d["method"],
                                         request=request)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect("supervision:inspection_detail", pk=pk)
        return render(request, self.template_name, {"form": form, "inspection": inspection, "nav_active": NAV},
                      status=400)


def _detail(request, inspection, *, finding_form=None, report_form=None, status=200):
    """The inspection's page: a fixed number of queries whatever the number of findings (their units,
    items and evidence prefetched; the 责任领导 choice read once and shown beside each open finding)."""
    user = request.user
    found = list(inspection.findings.all())
    open_findings = any(f.item_id is None for f in found)
    rectify_select = str(forms.RectifyForm(user=user, auto_id=False)["responsible_leader"]) if open_findings else ""
    return render(request, "supervision/inspection_detail.html", {
        "inspection": inspection, "findings": found,
        "rectified": sum(1 for f in found if f.item and f.item.state in FINISHED_STATES),
        "rectifying": sum(1 for f in found if f.item_id),
        "finding_form": finding_form or forms.FindingForm(user=user),
        "rectify_select": mark_safe(rectify_select),  # noqa: S308 - a form widget rendered by Django
        "report_form": report_form or forms.ReportForm(initial={"report": inspection.report or services.report_draft(inspection)}),
        "outgoing": selectors.inspection_outgoing(user=user, inspection=inspection), "nav_active": NAV,
    }, status=status)


class InspectionDetailView(_OfficeOnly, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _detail(request, selectors.inspection_get(user=request.user, pk=pk))


class FindingAddView(_OfficeOnly, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        inspection = selectors.inspection_get(user=request.user, pk=pk)
        form = forms.FindingForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                from django.db import transaction

                with transaction.atomic():
                    finding = services.finding_record(actor=request.user, inspection=inspection,
                                                      description=d["description"], unit=d["unit"],
                                                      requirement=d["requirement"], due_on=d["due_on"])
                    services.finding_files_add(actor=request.user, finding=finding, uploads=d["files"], request=request)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已记录问题 %(n)s。") % {"n": finding.number})
                return redirect("supervision:inspection_detail", pk=pk)
        return _detail(request, selectors.inspection_get(user=request.user, pk=pk), finding_form=form, status=400)


class FindingRectifyView(_OfficeOnly, View):
    """The finding becomes a 整改 item (``item_create`` through ``finding_rectify``)."""

    def post(self, request: HttpRequest, pk: int, finding: int) -> HttpResponse:
        found = selectors.finding_get(user=request.user, inspection_pk=pk, pk=finding)
        form = forms.RectifyForm(request.POST, user=request.user)
        leader = form.cleaned_data["responsible_leader"] if form.is_valid() else None
        if leader is None:
            from office import org

            leader = org.leader_in_charge(found.unit)
        try:
            item = services.finding_rectify(actor=request.user, finding=found, responsible_leader=leader)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("supervision:inspection_detail", pk=pk)
        messages.success(request, _("已转为整改事项 %(number)s（待交办）。") % {"number": item.serial_display})
        return redirect(item.get_absolute_url())


class InspectionReportView(_OfficeOnly, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        inspection = selectors.inspection_get(user=request.user, pk=pk)
        form = forms.ReportForm(request.POST)
        if form.is_valid():
            try:
                services.inspection_report_save(actor=request.user, inspection=inspection,
                                                report=form.cleaned_data["report"], request=request)
                if "outgoing" in request.POST:
                    document = services.inspection_report_to_outgoing(
                        actor=request.user, inspection=inspection, request=request)
                    messages.success(request, _("已生成发文草稿。"))
                    return redirect(document.get_absolute_url())
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("督查报告已保存。"))
                return redirect("supervision:inspection_detail", pk=pk)
        return _detail(request, selectors.inspection_get(user=request.user, pk=pk), report_form=form, status=400)
