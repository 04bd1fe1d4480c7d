"""办事 pages every kind shares (the desk): the lists (mine / waiting for me / all), their export, a
request's page with its chain and the user's next step, its papers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from office.audit import audit_record
from office.export_views import ListExportView
from office.lists import boxes_for, desk_page
from office.permissions import can_on_fetched, refuse_404
from office.views import BusinessOnlyMixin
from office.workflow.views import StepActionView, StepForms, error_messages
from tasks import workflow
from tasks.choices import EDITABLE_STATES, Kind
from tasks.expenses import services as expenses
from tasks.loans import services as loans
from tasks.permissions import request_facts
from tasks.reception import services as reception
from tasks.requests import files, forms, selectors, services
from tasks.requests.filters import RequestFilterSet
from tasks.seals import services as seals
from tasks.vehicles import forms as vehicle_forms
from tasks.vehicles import services as vehicles

NAV = "tasks"


def _kind(kind: str) -> str:
    if kind not in Kind.values:
        raise Http404
    return kind


def _box(request) -> str:
    user = request.user
    keys = [b.key for b in boxes_for(user, selectors.BOXES)]
    box = request.GET.get("box", "")
    return box if box in keys else selectors.default_box(user)


class RequestListView(BusinessOnlyMixin, TemplateView):
    """A kind's list: 待我审批 / 我的申请 / 全部, filtered, newest first, capped."""

    template_name = "tasks/request_list.html"

    def get_context_data(self, kind: str, **kwargs):
        user = self.request.user
        kind, box = _kind(kind), _box(self.request)
        filters = RequestFilterSet(self.request.GET or None, user=user)
        listing = desk_page(
            self.request, selectors.request_list(user=user, kind=kind, box=box, filters=filters), filters
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("box", None)
        return super().get_context_data(
            nav_active=NAV,
            kind=kind,
            kind_label=Kind(kind).label,
            kinds=Kind.choices,
            box=box,
            boxes=boxes_for(user, selectors.BOXES),
            counts=selectors.box_counts(user=user, kind=kind),
            filter_query=query.urlencode(),
            **listing,
            **kwargs,
        )


class RequestExportView(ListExportView):
    """What the list shows (same box, filters, policy) as .xlsx: office.exports' "tasks.<kind>"."""

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        self.key = f"tasks.{_kind(kind)}"
        return super().get(request)


STEP_FORMS = StepForms(
    {
        "submit": None,
        "approve": forms.OpinionForm,
        "return": forms.ReasonForm,
        "withdraw": None,
        "urge": forms.UrgeForm,
        "pay": forms.PayForm,
        "stamp": None,
        "lend": None,
        "take_back": None,
        "dispatch": vehicle_forms.DispatchForm,
        "check_in": vehicle_forms.CheckInForm,
    },
    with_context=frozenset({"dispatch", "check_in"}),
)


#: A reception is paid as its 接待清单 says: no amount to type.
RECEPTION_FORMS = StepForms({**STEP_FORMS.forms, "pay": None}, with_context=STEP_FORMS.with_context)


def _run(action: str, user, obj, form, request):
    d = form.cleaned_data if form is not None else {}
    c = {"actor": user, "request_obj": obj, "http_request": request}
    match action:
        case "submit":
            return services.request_submit(**c)
        case "approve":
            return services.request_approve(text=d["text"], **c)
        case "return":
            return services.request_return(reason=d["reason"], **c)
        case "withdraw":
            return services.request_withdraw(**c)
        case "urge":
            return services.request_urge(message=d["message"], **c)
        case "pay" if obj.kind == Kind.RECEPTION:
            return reception.reception_pay(**c)
        case "pay":
            return expenses.expense_pay(paid_amount=d.get("paid_amount"), **c)
        case "stamp":
            return seals.seal_stamp(**c)
        case "lend":
            return loans.loan_lend(**c)
        case "take_back":
            return loans.loan_take_back(**c)
        case "dispatch":
            return vehicles.trip_dispatch(vehicle=d["vehicle"], driver=d["driver"], **c)
        case "check_in":
            return vehicles.trip_check_in(
                back_at=d["back_at"],
                odometer_in=d["odometer_in"],
                fuel_cost=d.get("fuel_cost"),
                toll_cost=d.get("toll_cost"),
                **c,
            )
    raise Http404


def _detail_context(request, obj, bound: dict | None = None) -> dict:
    user = request.user
    facts = request_facts(user, obj)
    transitions = workflow.available(obj.state, facts)
    actions = [t for t in transitions if t.action in STEP_FORMS]
    names = {t.action for t in transitions}
    context = {
        "obj": obj,
        "kind_label": Kind(obj.kind).label,
        "nav_active": NAV,
        "action_forms": (RECEPTION_FORMS if obj.kind == Kind.RECEPTION else STEP_FORMS).for_page(
            actions, user, obj, bound
        ),
        "steps": selectors.request_timeline(obj),
        "chain": selectors.request_chain(obj) if obj.state == workflow.PENDING else [],
        "files": list(obj.files.select_related("uploaded_by")),
        "can_edit": "edit" in names,
        "can_attach": "attach" in names,
        "can_fill_list": "fill_list" in names,
        "attach_form": forms.AttachForm(),
        "problems": services.problems(obj) if obj.state in EDITABLE_STATES else [],
        # A step refused that is no longer the user's (answered twice, out of turn): say why on top.
        "refusals": [
            e
            for action, form in (bound or {}).items()
            if form is not None and action not in {t.action for t in actions}
            for e in form.non_field_errors()
        ],
    }
    if obj.kind == Kind.EXPENSE:
        context["citation"] = expenses.citation(user=user, obj=obj)
    if obj.kind == Kind.RECEPTION:
        context["lines"] = list(obj.reception.lines.all())
        context["companion_limit"] = reception.companion_limit(obj.reception.visitors)
        if obj.state == workflow.APPROVED:
            context["pay_problems"] = reception.pay_problems(obj)
    return context


class RequestDetailView(BusinessOnlyMixin, View):
    template_name = "tasks/request_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from django.shortcuts import render

        obj = selectors.request_get(user=request.user, pk=pk)
        return render(request, self.template_name, _detail_context(request, obj))


class RequestActionView(StepActionView):
    step_forms, table, template_name = STEP_FORMS, workflow.TABLE, RequestDetailView.template_name
    fetch = staticmethod(selectors.request_get)
    page_context = staticmethod(_detail_context)
    run = staticmethod(_run)


class RequestAttachView(BusinessOnlyMixin, View):
    """上传材料 (公函, 发票 …): refused types and sizes are named, nothing stored."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = selectors.request_get(user=request.user, pk=pk)
        if not can_on_fetched(request.user, "attach", obj):
            refuse_404(request.user, obj, action="tasks.attach", request=request)
        form = forms.AttachForm(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return redirect(obj.get_absolute_url())
        try:
            services.request_file_add(
                actor=request.user,
                request_obj=obj,
                category=form.cleaned_data["category"],
                upload=form.cleaned_data["upload"],
                http_request=request,
            )
        except ValidationError as exc:
            for message in error_messages(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("已上传材料。"))
        return redirect(obj.get_absolute_url())


class RequestFileView(BusinessOnlyMixin, View):
    """A paper of a request the user may see (404 otherwise)."""

    def get(self, request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
        obj = selectors.request_get(user=request.user, pk=pk)
        row = get_object_or_404(obj.files, pk=file_pk)
        if not can_on_fetched(request.user, "view", obj):
            raise Http404
        audit_record(actor=request.user, action="tasks.file_read", obj=obj, detail={"file": row.pk}, request=request)
        return FileResponse(
            open(files.path_of(row.stored_name), "rb"),
            as_attachment=True,  # noqa: SIM115
            filename=row.original_name,
            content_type=row.content_type,
        )
