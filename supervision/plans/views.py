"""年度工作要点 pages: the plan view, the key task form, the Excel template and the two-step import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from office.permissions import can, refuse_404
from office.views import BusinessOnlyMixin
from supervision.plans import forms, imports, selectors, services, sheet, uploads

NAV = "supervision"


class _OfficeOnly(BusinessOnlyMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can(request.user, "supervision.create"):
            refuse_404(request.user, action="supervision.create", request=request)
        return super().dispatch(request, *args, **kwargs)


class PlanView(BusinessOnlyMixin, View):
    """The year's key tasks, each with its items, their lights and progress."""

    def get(self, request: HttpRequest, year: int | None = None) -> HttpResponse:
        user = request.user
        year = year or timezone.localdate().year
        plan = selectors.plan_for(user=user, year=year)
        tasks = selectors.plan_tasks(user=user, plan=plan) if plan else []
        years = sorted(set(selectors.plan_years(user=user)) | {timezone.localdate().year}, reverse=True)
        may_manage = can(user, "supervision.create")
        return render(request, "supervision/plan_detail.html", {
            "plan": plan, "year": year, "tasks": tasks, "years": years, "may_manage": may_manage,
            "task_form": forms.KeyTaskForm() if may_manage else None, "nav_active": NAV,
        })


class KeyTaskAddView(_OfficeOnly, View):
    def post(self, request: HttpRequest, year: int) -> HttpResponse:
        form = forms.KeyTaskForm(request.POST)
        if form.is_valid():
            try:
                plan = services.plan_get_or_create(actor=request.user, year=year)
                d = form.cleaned_data
                services.key_task_add(actor=request.user, plan=plan, title=d["title"], description=d["description"],
                                      lead_unit=d["lead_unit"], responsible_leader=d["responsible_leader"])
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, _("已添加重点任务。"))
        else:
            messages.error(request, _("请填写重点任务。"))
        return redirect("supervision:plan_year", year=year)


class PlanTemplateView(_OfficeOnly, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(sheet.template_bytes(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = "attachment; filename*=UTF-8''%E5%B9%B4%E5%BA%A6%E5%B7%A5%E4%BD%9C%E8%A6%81%E7%82%B9%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
        return response


def _preview(request, *, form, parsed=None, token="", year=None, status=200, refused=""):
    return render(request, "supervision/plan_import.html", {
        "form": form, "parsed": parsed, "token": token, "year": year, "refused": refused, "nav_active": NAV,
        "max_rows": sheet.MAX_ROWS, "columns": sheet.COLUMNS,
    }, status=status)


class PlanImportView(_OfficeOnly, View):
    """Step 1: upload; every row checked; the preview lists every problem, or asks to confirm."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return _preview(request, form=forms.ImportForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return _preview(request, form=form, status=400)
        upload, year = form.cleaned_data["sheet"], form.cleaned_data["year"]
        if upload.size > sheet.MAX_BYTES:
            return _preview(request, form=form, status=400, refused=_("文件不能超过 %(mb)s MB。") % {
                "mb": sheet.MAX_BYTES // (1024 * 1024)})
        content = upload.read()
        try:
            sheet.check_file(upload.name, content)
            if not imports.checked_in_request(content):  # a large sheet: the job checks it
                job = imports.plan_import_start(actor=request.user, year=year, name=upload.name, content=content,
                                                request=request)
                return redirect("supervision:plan_import_status", pk=job.pk)
            parsed = sheet.parse(upload.name, content)
        except sheet.SheetRefused as exc:
            return _preview(request, form=form, status=400, refused=str(exc))
        if not parsed.ok:
            return _preview(request, form=form, parsed=parsed, year=year, status=400)
        token = uploads.keep(user=request.user, year=year, name=upload.name, content=content)
        return _preview(request, form=form, parsed=parsed, token=token, year=year)


class PlanImportConfirmView(_OfficeOnly, View):
    """Step 2: the kept sheet is checked again and saved in one transaction."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.ConfirmForm(request.POST)
        kept = uploads.fetch(user=request.user, token=form.data.get("token", "")) if form.is_valid() else None
        if kept is None:
            messages.error(request, _("导入已过期或不存在，请重新上传文件。"))
            return redirect("supervision:plan_import")
        year, name, content, key = kept
        try:
            parsed = sheet.parse(name, content)
        except sheet.SheetRefused as exc:
            uploads.discard(key)
            return _preview(request, form=forms.ImportForm(), status=400, refused=str(exc))
        if not parsed.ok:
            return _preview(request, form=forms.ImportForm(), parsed=parsed, year=year, status=400)
        try:
            plan, items = services.plan_import(actor=request.user, year=year, rows=parsed.rows, request=request)
        except ValidationError as exc:
            return _preview(request, form=forms.ImportForm(), status=400, refused="；".join(exc.messages))
        uploads.discard(key)
        messages.success(request, _("已导入 %(n)s 项督办事项（待交办）。") % {"n": len(items)})
        return redirect(reverse("supervision:plan_year", args=[plan.year]))




class PlanImportStatusView(_OfficeOnly, View):
    """A large sheet's check: the page its uploader polls (it reloads itself while the job runs)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = imports.plan_import_get(user=request.user, pk=pk)
        return render(request, "supervision/plan_import_status.html", {"job": job, "nav_active": NAV})


class PlanImportJobConfirmView(_OfficeOnly, View):
    """确认导入 of a sheet the job found valid: the saving job is queued; back to the status page."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = imports.plan_import_get(user=request.user, pk=pk)
        try:
            imports.plan_import_confirm(actor=request.user, job=job, request=request)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect("supervision:plan_import_status", pk=pk)
