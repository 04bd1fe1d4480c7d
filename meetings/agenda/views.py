"""议题 pages: thin views — parse input, call a selector, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from meetings.agenda import approval, files, forms, selectors, services, workflow
from meetings.agenda.permissions import CALL, CREATE, agenda_facts
from meetings.choices import MeetingState
from office.classification import export_filename
from office.lists import box_from, box_tallies, boxes_for, desk_page
from office.permissions import can, refuse_404
from office.views import BusinessOnlyMixin
from office.workflow.views import StepActionView, StepForms, add_errors, error_messages

NAV = "meetings"
FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "Cache-Control": "private, no-store",
}


class AgendaListView(BusinessOnlyMixin, TemplateView):
    """议题: waiting for me, mine, all I may see (one page; capped counts)."""

    template_name = "meetings/agenda_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        boxes = boxes_for(user, selectors.BOXES)
        box = box_from(self.request, boxes, boxes[0])
        rows = selectors.agenda_list(user=user, box=box)
        listing = desk_page(self.request, rows, _NoFilters())
        return super().get_context_data(
            nav_active=NAV,
            boxes=boxes,
            box=box,
            tallies=box_tallies(user, boxes, selectors.agenda_visible(user), selectors.box_condition),
            can_call=can(user, CALL),
            **listing,
            **kwargs,
        )


class _NoFilters:
    class form:  # noqa: N801 - what desk_page reads of a FilterSet
        @staticmethod
        def is_valid():
            return True


def _data(form) -> services.AgendaData:
    d = form.cleaned_data
    return services.AgendaData(
        title=d["title"],
        presenter=d["presenter"],
        proposal=d["proposal"],
        background=d["background"],
        minutes_needed=d["minutes_needed"],
        secret_level=d["secret_level"],
        is_personnel=d["is_personnel"],
        observers=list(d["observers"]),
    )


class AgendaCreateView(BusinessOnlyMixin, View):
    """报送议题 for a call (``?call=``)."""

    template_name = "meetings/agenda_form.html"

    def _call(self, request):
        if not can(request.user, CREATE):
            refuse_404(request.user, action=CREATE, request=request)
        try:
            pk = int(request.GET.get("call", ""))
        except ValueError:
            raise Http404 from None
        return selectors.call_get(user=request.user, pk=pk)

    def _render(self, request, form, call, status=200):
        return render(request, self.template_name, {"form": form, "call": call, "nav_active": NAV}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        call = self._call(request)
        return self._render(request, forms.AgendaForm(user=request.user), call)

    def post(self, request: HttpRequest) -> HttpResponse:
        call = self._call(request)
        form = forms.AgendaForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                item = services.agenda_create(actor=request.user, call=call, data=_data(form), request=request)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("议题已保存为草稿，上传材料后请提交。"))
                return redirect(item.get_absolute_url())
        return self._render(request, form, call, status=400)


class AgendaEditView(BusinessOnlyMixin, View):
    template_name = "meetings/agenda_form.html"

    def _item(self, request, pk):
        item = selectors.agenda_get(user=request.user, pk=pk)
        if not workflow.can("edit", item.state, agenda_facts(request.user, item)):
            raise PermissionDenied(_("当前环节不能修改该议题。"))
        return item

    def _render(self, request, form, item, status=200):
        return render(
            request,
            self.template_name,
            {"form": form, "item": item, "call": item.call, "nav_active": NAV},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self._item(request, pk)
        initial = {
            n: getattr(item, n)
            for n in ("title", "presenter", "proposal", "background", "minutes_needed", "secret_level", "is_personnel")
        }
        initial["observers"] = list(item.observers.all())
        return self._render(request, forms.AgendaForm(user=request.user, unit_id=item.unit_id, initial=initial), item)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self._item(request, pk)
        form = forms.AgendaForm(request.POST, user=request.user, unit_id=item.unit_id)
        if form.is_valid():
            try:
                services.agenda_edit(actor=request.user, item=item, data=_data(form), request=request)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("议题已修改。"))
                return redirect(item.get_absolute_url())
        return self._render(request, form, item, status=400)


STEP_FORMS = StepForms(
    {
        "submit": forms.OpinionForm,
        "admit_late": forms.OpinionForm,
        "withdraw": forms.OpinionForm,
        "leader_approve": forms.OpinionForm,
        "leader_return": forms.ReasonForm,
        "accept": forms.AcceptForm,
        "office_return": forms.ReasonForm,
        "carry": forms.CarryForm,
    },
    with_context=frozenset({"accept", "carry"}),
    subject_kwarg="item",
)


def _run(action: str, user, item, form, request):
    d = form.cleaned_data if form is not None else {}
    c = {"actor": user, "item": item, "request": request}
    match action:
        case "submit":
            return services.agenda_submit(opinion=d["opinion"], **c)
        case "admit_late":
            return services.agenda_admit_late(opinion=d["opinion"], **c)
        case "withdraw":
            return services.agenda_withdraw(reason=d["opinion"], **c)
        case "leader_approve":
            return services.agenda_leader_approve(opinion=d["opinion"], **c)
        case "leader_return":
            return services.agenda_leader_return(reason=d["reason"], **c)
        case "accept":
            return services.agenda_accept(meeting=d["meeting"], opinion=d["opinion"], **c)
        case "office_return":
            return services.agenda_office_return(reason=d["reason"], **c)
        case "carry":
            return services.agenda_carry(to_meeting=d["to_meeting"], **c)
    raise Http404


def _detail_context(request, item, bound: dict | None = None) -> dict:
    user = request.user
    facts = agenda_facts(user, item)
    actions = [t for t in workflow.available(item.state, facts) if t.action in STEP_FORMS]
    cutoff = services.cutoff_of(item)
    return {
        "item": item,
        "action_forms": STEP_FORMS.for_page(actions, user, item, bound),
        "may_edit": workflow.can("edit", item.state, facts),
        "steps": selectors.agenda_timeline(item),
        "materials": selectors.agenda_files(user=user, item=item),
        "may_attach": files.may_attach(user, item),
        "material_form": (bound or {}).get("material") or forms.MaterialForm(user=user, item=item),
        "cutoff": cutoff,
        "nav_active": NAV,
    }


class AgendaDetailView(BusinessOnlyMixin, View):
    template_name = "meetings/agenda_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = selectors.agenda_get(user=request.user, pk=pk)
        return render(request, self.template_name, _detail_context(request, item))


class AgendaActionView(StepActionView):
    step_forms, table, template_name = STEP_FORMS, workflow.TABLE, AgendaDetailView.template_name
    fetch = staticmethod(selectors.agenda_get)
    page_context = staticmethod(_detail_context)
    run = staticmethod(_run)


# --- materials ---------------------------------------------------------------------------------


class MaterialUploadView(BusinessOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = selectors.agenda_get(user=request.user, pk=pk)
        if not files.may_attach(request.user, item):
            raise PermissionDenied(_("当前环节不能增删该议题的材料。"))
        form = forms.MaterialForm(request.POST, request.FILES, user=request.user, item=item)
        if getattr(request, "upload_too_large", False):
            form.is_valid()
            form.add_error("file", _("文件过大。"))
        elif form.is_valid():
            try:
                files.material_add(
                    actor=request.user,
                    item=item,
                    upload=form.cleaned_data["file"],
                    secret_level=form.cleaned_data["secret_level"],
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已上传材料。"))
                return redirect(f"{item.get_absolute_url()}#materials")
        item = selectors.agenda_get(user=request.user, pk=pk)
        return render(
            request, AgendaDetailView.template_name, _detail_context(request, item, {"material": form}), status=400
        )


class MaterialDownloadView(BusinessOnlyMixin, View):
    """A material: only for someone who may see it (its 议题, and cleared for its own 密级); audited."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        material = selectors.file_get(user=request.user, pk=pk)
        handle = files.material_open(actor=request.user, material=material, request=request)
        if handle is None:
            raise Http404
        response = FileResponse(
            handle,
            as_attachment=True,
            content_type=material.content_type,
            filename=export_filename(material.original_name, material.secret_level),
        )
        for header, value in FILE_HEADERS.items():
            response[header] = value
        return response


class MaterialRemoveView(BusinessOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        material = selectors.file_get(user=request.user, pk=pk)
        item = material.agenda_item
        try:
            files.material_remove(actor=request.user, material=material, request=request)
        except ValidationError as exc:
            for message in error_messages(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("已删除材料。"))
        return redirect(f"{item.get_absolute_url()}#materials")


# --- calls ---------------------------------------------------------------------------------------


class CallListView(BusinessOnlyMixin, TemplateView):
    template_name = "meetings/call_list.html"

    def get_context_data(self, **kwargs):
        listing = desk_page(self.request, selectors.call_list(user=self.request.user), _NoFilters())
        return super().get_context_data(nav_active=NAV, can_call=can(self.request.user, CALL), **listing, **kwargs)


class CallCreateView(BusinessOnlyMixin, View):
    template_name = "meetings/call_form.html"

    def _check(self, request):
        if not can(request.user, CALL):
            refuse_404(request.user, action=CALL, request=request)

    def get(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        return render(request, self.template_name, {"form": forms.CallForm(user=request.user), "nav_active": NAV})

    def post(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        form = forms.CallForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                call = services.call_open(
                    actor=request.user,
                    kind=d["kind"],
                    meeting=d["meeting"],
                    title=d["title"],
                    cutoff_at=d["cutoff_at"],
                    units=list(d["units"]),
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已发出议题征集。"))
                return redirect(services.call_url(call))
        return render(request, self.template_name, {"form": form, "nav_active": NAV}, status=400)


class CallDetailView(BusinessOnlyMixin, View):
    template_name = "meetings/call_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = request.user
        call = selectors.call_get(user=user, pk=pk)
        office = can(user, CALL)
        return render(
            request,
            self.template_name,
            {
                "call": call,
                "items": selectors.call_items(user=user, call=call),
                "answers": selectors.call_answers(call) if office else {},
                "asked": list(call.units.all()),
                "is_office": office,
                "may_submit": can(user, CREATE) and services.call_is_open(call) and bool(user.unit_id),
                "past_cutoff": timezone.now() > call.cutoff_at,
                "nav_active": NAV,
            },
        )


class CallCloseView(BusinessOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        call = selectors.call_get(user=request.user, pk=pk)
        services.call_close(actor=request.user, call=call, request=request)
        messages.success(request, _("议题征集已关闭。"))
        return redirect(services.call_url(call))


# --- a meeting's agenda ---------------------------------------------------------------------------


def _agenda_context(request, meeting, **extra) -> dict:
    user = request.user
    items = selectors.meeting_agenda(user=user, meeting=meeting)
    office = can(user, CALL)
    state = meeting.state
    return {
        "meeting": meeting,
        "items": items,
        "is_office": office,
        "may_order": office and state in services.OPEN_MEETING_STATES and len(items) > 1,
        "may_submit": office and state in (MeetingState.DRAFT, MeetingState.COLLECTING) and bool(items),
        "may_approve": user.pk == meeting.chair_id and state == MeetingState.AGENDA_REVIEW,
        "total_minutes": sum(i.minutes_needed for i in items),
        "nav_active": NAV,
        **extra,
    }


class MeetingAgendaView(BusinessOnlyMixin, View):
    """A meeting's agenda: its 议题 in order, their materials; the office orders and sends it, the chair approves."""

    template_name = "meetings/meeting_agenda.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        return render(request, self.template_name, _agenda_context(request, meeting))


class MeetingAgendaActionView(BusinessOnlyMixin, View):
    http_method_names = ["post"]
    ACTIONS = ("order", "submit", "approve", "return")

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in self.ACTIONS:
            raise Http404
        user = request.user
        meeting = selectors.meeting_get(user=user, pk=pk)
        text = request.POST.get("opinion", "")[:500]
        try:
            match action:
                case "order":
                    form = forms.OrderForm(request.POST)
                    ids = form.ids() if form.is_valid() else []
                    services.agenda_order(actor=user, meeting=meeting, ids=ids, request=request)
                    done = _("已调整议题顺序。")
                case "submit":
                    approval.agenda_submit(actor=user, meeting=meeting, opinion=text, request=request)
                    done = _("议程已送主持人审定。")
                case "approve":
                    approval.agenda_approve(actor=user, meeting=meeting, opinion=text, request=request)
                    done = _("议程已审定。")
                case _:
                    approval.agenda_return(
                        actor=user, meeting=meeting, reason=request.POST.get("reason", "")[:500], request=request
                    )
                    done = _("议程已退回办公室。")
        except ValidationError as exc:
            meeting = selectors.meeting_get(user=user, pk=pk)
            return render(
                request,
                MeetingAgendaView.template_name,
                _agenda_context(request, meeting, errors=error_messages(exc)),
                status=400,
            )
        messages.success(request, done)
        return redirect("meetings:meeting_agenda", pk=meeting.pk)
