"""收文 pages (and its 收文处理笺): thin views — parse input, call a selector, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from documents.choices import IncomingState
from documents.common import forms as common_forms
from documents.common.linked import document_links
from documents.files.views import protect
from documents.incoming import forms, selectors, services, workflow
from documents.incoming.filters import IncomingFilterSet
from documents.incoming.permissions import incoming_facts
from documents.incoming.slip import slip_get, slip_pdf
from office import deadlines
from office.audit import audit_record
from office.lists import box_from, desk_page
from office.permissions import can, refuse_404
from office.views import BusinessOnlyMixin
from office.workflow.views import StepActionView, StepForms, add_errors


class IncomingListView(BusinessOnlyMixin, TemplateView):
    """The 收文 desk: one box (待签收 … 已归档) with filters, sorted by urgency and time limit."""

    template_name = "documents/incoming_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        boxes = selectors.boxes_for(user)
        box = box_from(self.request, boxes, selectors.default_box(user))
        filters = IncomingFilterSet(self.request.GET or None, user=user)
        listing = desk_page(self.request, selectors.incoming_list(user=user, box=box, filters=filters), filters)
        light = deadlines.Lights()
        for row in listing["page"].object_list:
            row.light = light(row.due_at) if row.due_at and row.state not in _FINISHED else None
        return super().get_context_data(
            box=box, boxes=boxes, counts=selectors.box_counts(user=user), can_receive=can(user, "documents.receive"),
            nav_active="incoming", **listing, **kwargs,
        )


_FINISHED = {IncomingState.DONE, IncomingState.ARCHIVED, IncomingState.RETURNED, IncomingState.WITHDRAWN}


class IncomingReceiveView(BusinessOnlyMixin, View):
    """到件: record a document that has arrived; it then waits for 签收."""

    template_name = "documents/incoming_receive.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not can(request.user, "documents.receive"):
            refuse_404(request.user, action="documents.receive", request=request)
        return render(request, self.template_name, {"form": forms.ReceiveForm(user=request.user), "nav_active": "incoming"})

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can(request.user, "documents.receive"):
            refuse_404(request.user, action="documents.receive", request=request)
        form = forms.ReceiveForm(request.POST, user=request.user)
        duplicates = None
        if form.is_valid():
            data = form.cleaned_data
            # The same 来文单位 and 来文字号 already received: said now, before anyone signs for it again.
            duplicates = selectors.duplicate_candidates(
                user=request.user, sender_org=data["sender_org"], sender_ref=data.get("sender_ref", ""))
            if duplicates and not request.POST.get("confirm_duplicate"):
                form.add_error(None, _("本机关已收到过同一来文单位、同一来文字号的文件，请核实；确属另一份文件时勾选“核实无误”后再保存。"))
            else:
                try:
                    document = services.incoming_receive(actor=request.user, **data)
                except ValidationError as exc:
                    add_errors(form, exc)
                else:
                    messages.success(request, _("已登记到件，请签收。"))
                    return redirect(document.get_absolute_url())
        context = {"form": form, "duplicates": duplicates, "nav_active": "incoming"}
        return render(request, self.template_name, context, status=400)


#: action → its form (None: a button). The forms build the service's arguments.
STEP_FORMS = StepForms({
    "sign": None,
    "review": common_forms.OpinionForm,
    "return": common_forms.ReasonForm,
    "withdraw": common_forms.ReasonForm,
    "propose": forms.ProposeForm,
    "instruct": forms.InstructForm,
    "assign": forms.AssignForm,
    "assist": forms.AssistForm,
    "report": forms.ReportForm,
    "confirm": common_forms.OpinionForm,
    "send_back": common_forms.ReasonForm,
    "archive": common_forms.ArchiveForm,
    "circulate": forms.CirculateForm,
    "mark_read": forms.ReadForm,
}, with_context=frozenset({"propose", "instruct", "assign", "circulate"}), subject_kwarg="document")


def _run(action: str, user, document, form, request):
    """Call the one service of the action with the form's data."""
    data = form.cleaned_data if form is not None else {}
    common = {"actor": user, "document": document, "request": request}
    match action:
        case "sign":
            return services.incoming_sign(**common)
        case "review":
            return services.incoming_review(opinion=data["opinion"], **common)
        case "return":
            return services.incoming_return(reason=data["reason"], **common)
        case "withdraw":
            return services.incoming_withdraw(reason=data["reason"], **common)
        case "propose":
            return services.incoming_propose(
                proposal=data["proposal"], leaders=form.ordered_leaders(), lead_unit=data["lead_unit"],
                assisting_units=data["assisting_units"], **common,
            )
        case "instruct":
            return services.incoming_instruct(
                text=data["text"], next_leader=data["next_leader"], lead_unit=data["lead_unit"],
                assisting_units=data["assisting_units"], due_at=form.due_at(), workdays=data["workdays"],
                on_behalf_of=data.get("on_behalf_of"), supervise=data["supervise"], **common,
            )
        case "assign":
            return services.incoming_assign(handler=data["handler"], opinion=data["opinion"], **common)
        case "assist":
            return services.incoming_assist(text=data["text"], **common)
        case "report":
            return services.incoming_report(result=data["result"], reply=data["reply"], **common)
        case "confirm":
            return services.incoming_confirm(opinion=data["opinion"], **common)
        case "send_back":
            return services.incoming_send_back(reason=data["reason"], **common)
        case "archive":
            return services.incoming_archive(retention=data["retention"], **common)
        case "circulate":
            result = services.incoming_circulate(readers=data["readers"], note=data["note"], **common)
            if result.already:
                messages.info(request, _("以下人员此前已传阅，未重复发送：%(names)s") % {
                    "names": "、".join(u.full_name for u in result.already)})
            return result
        case "mark_read":
            return services.incoming_mark_read(comment=data["comment"], **common)
    raise Http404


def _detail_context(request, document, bound: dict | None = None) -> dict:
    user = request.user
    facts = incoming_facts(user, document)
    # 登记 has a page of its own (the card links to it); "attach" is the attachments card.
    actions = [t for t in workflow.available(document.state, facts) if t.action in STEP_FORMS or t.action == "register"]
    action_forms = STEP_FORMS.for_page(actions, user, document, bound)
    light = None
    if document.due_at and document.state not in _FINISHED:
        light = deadlines.Lights()(document.due_at)
    duplicates = None
    if document.state in (IncomingState.ARRIVED, IncomingState.SIGNED):  # 签收 and 登记 are warned
        duplicates = selectors.duplicate_candidates(
            user=user, sender_org=document.sender_org, sender_ref=document.sender_ref, exclude_pk=document.pk
        )
    return {
        "document": document,
        "duplicates": duplicates,
        "action_forms": action_forms,
        "holders": _holders(document),
        "light": light,
        "unread": selectors.pending_readers(document),
        "can_attach": workflow.can("attach", document.state, facts),
        # The supervised items its 批示 opened (转督办), with their state and light, and the loans of the
        # archived document still out (档案借阅: lent to whom, until when): the core's links, one read.
        **document_links(user, document),
        "nav_active": "incoming",
    }


def _holders(document) -> str:
    """Who has it now, in words: 办公室 / the leader awaited / the department."""
    state = document.state
    if state in (IncomingState.ARRIVED, IncomingState.SIGNED, IncomingState.REGISTERED, IncomingState.PROPOSING):
        return _("办公室")
    if state == IncomingState.INSTRUCTING:
        pending = [r.leader.full_name for r in document.routings.all() if r.state == "pending"]
        return pending[0] if pending else _("局领导")
    if state in (IncomingState.HANDLING, IncomingState.CONFIRMING):
        unit = document.lead_unit.name if document.lead_unit else ""
        return f"{unit} {document.handler.full_name}" if document.handler else unit
    if state == IncomingState.DONE:
        return _("办公室（待归档）")
    return "—"


class IncomingDetailView(BusinessOnlyMixin, View):
    """A document: its data, where it is now and since when, its timeline, and the user's next step."""

    template_name = "documents/incoming_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = selectors.incoming_detail(user=request.user, pk=pk)
        return render(request, self.template_name, _detail_context(request, document))


class IncomingActionView(StepActionView):
    step_forms, table, template_name = STEP_FORMS, workflow.TABLE, IncomingDetailView.template_name
    fetch = staticmethod(selectors.incoming_detail)
    page_context = staticmethod(_detail_context)
    run = staticmethod(_run)


class IncomingRegisterView(BusinessOnlyMixin, View):
    """登记: its own page — the longest form of the desk."""

    template_name = "documents/incoming_register.html"

    def _document(self, request, pk):
        document = selectors.incoming_detail(user=request.user, pk=pk)
        if not workflow.can("register", document.state, incoming_facts(request.user, document)):
            refuse_404(request.user, document, action="register", request=request)
        return document

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = self._document(request, pk)
        form = forms.RegisterForm(initial=selectors.register_initial(document), user=request.user)
        return render(request, self.template_name, {"document": document, "form": form, "nav_active": "incoming"})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = self._document(request, pk)
        form = forms.RegisterForm(request.POST, user=request.user)
        duplicates = []
        if form.is_valid():
            data = form.cleaned_data
            registration = services.Registration.from_input(data, due_at=form.due_at())
            try:
                services.incoming_register(
                    actor=request.user, document=document, data=registration,
                    allow_duplicate=data["confirm_duplicate"], request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
                duplicates = selectors.duplicate_candidates(
                    user=request.user, sender_org=data["sender_org"], sender_ref=data["sender_ref"], exclude_pk=document.pk
                )
            else:
                messages.success(request, _("登记完成，收文编号已生成。"))
                return redirect(document.get_absolute_url())
        context = {"document": document, "form": form, "duplicates": duplicates, "nav_active": "incoming"}
        return render(request, self.template_name, context, status=400)


class IncomingSlipView(View):
    """收文处理笺 as a printable A4 page."""

    template_name = "documents/incoming_slip.html"

    def get(self, request, pk):
        slip = slip_get(user=request.user, pk=pk)
        return render(request, self.template_name, {"slip": slip, "document": slip.document})


class IncomingSlipPdfView(View):
    """收文处理笺 as a PDF download (the font embedded)."""

    def get(self, request, pk):
        slip = slip_get(user=request.user, pk=pk)
        pdf = slip_pdf(slip)
        audit_record(
            actor=request.user, action="export", obj=slip.document, request=request,
            detail={"kind": "incoming_slip_pdf", "size": len(pdf)},
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, slip.filename)
        response["Content-Length"] = str(len(pdf))
        return protect(response)
