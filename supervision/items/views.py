"""督办事项 pages: thin views — parse input, call a selector, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from office.audit import audit_record
from office.classification import export_filename
from office.lists import desk_page
from office.permissions import can, refuse_404
from office.views import BusinessOnlyMixin
from office.workflow.views import StepActionView, StepForms, add_errors
from supervision import files
from supervision.choices import OPEN_STATES
from supervision.items import forms, progress, selectors, services, sources, workflow
from supervision.items.filters import ItemFilterSet
from supervision.items.permissions import item_facts
from supervision.lights import Horizon

NAV = "supervision"


class ItemListView(BusinessOnlyMixin, TemplateView):
    """督办事项: every item the user may see, filtered, sorted by light and limit."""

    template_name = "supervision/item_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        horizon = Horizon.now()
        filters = ItemFilterSet(self.request.GET or None, user=user, horizon=horizon)
        listing = desk_page(self.request, selectors.item_list(user=user, filters=filters, horizon=horizon), filters)
        for row in listing["page"].object_list:
            row.light = horizon.light(row)
        return super().get_context_data(nav_active=NAV, can_create=services.may_create(user), **listing, **kwargs)


MY_TITLES = {
    "lead": gettext_lazy("本处室牵头"), "assist": gettext_lazy("本处室协办"),
    "reports_due": gettext_lazy("本周应反馈进展"), "handling": gettext_lazy("我承办的"),
    "responsible": gettext_lazy("我负责或批示的"), "in_charge": gettext_lazy("分管处室的"),
    "red": gettext_lazy("红灯事项"), "yellow": gettext_lazy("黄灯事项"),
}
MY_LIMIT = 20


class MyItemsView(BusinessOnlyMixin, TemplateView):
    """我的督办: what is the user's to see to, by his role (a section per query, at most 20 rows each)."""

    template_name = "supervision/item_mine.html"

    def get_context_data(self, **kwargs):
        horizon = Horizon.now()
        sections = []
        for key, rows in selectors.my_sections(user=self.request.user, horizon=horizon):
            rows = list(rows[:MY_LIMIT + 1])
            for row in rows:
                row.light = horizon.light(row)
            sections.append({"key": key, "title": MY_TITLES[key], "rows": rows[:MY_LIMIT], "more": len(rows) > MY_LIMIT})
        return super().get_context_data(nav_active=NAV, sections=sections, **kwargs)


def _data(form, **extra) -> services.ItemData:
    d = form.cleaned_data
    return services.ItemData(
        title=d["title"], requirement=d["requirement"], lead_unit=d["lead_unit"],
        assisting_units=list(d["assisting_units"]), responsible_leader=d["responsible_leader"], due_on=d["due_on"],
        workdays=d["workdays"], importance=d["importance"], secret_level=d["secret_level"],
        report_cycle=d["report_cycle"], milestones=form.milestones(), **extra,
    )


class _CreateBase(BusinessOnlyMixin, View):
    template_name = "supervision/item_form.html"
    form_class = forms.ItemForm
    heading = gettext_lazy("督办立项")

    def _check(self, request):
        if not services.may_create(request.user):
            refuse_404(request.user, action="supervision.create", request=request)

    def _render(self, request, form, status=200):
        return render(request, self.template_name, {"form": form, "heading": self.heading, "nav_active": NAV}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        return self._render(request, self.form_class(user=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        form = self.form_class(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                item = self.save(request, form)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已立项：%(number)s") % {"number": item.serial_display})
                return redirect(item.get_absolute_url())
        return self._render(request, form, status=400)


class ItemCreateView(_CreateBase):
    """立项 by the office (any source without a page of its own); ``?key_task=<id>``: an item of a key
    task of the 年度工作要点 (分解), its source the plan."""

    def _key_task(self, request):
        raw = request.POST.get("key_task") or request.GET.get("key_task") or ""
        if not raw:
            return None
        if not raw.isdigit():
            raise Http404
        return selectors.key_task_get(user=request.user, pk=int(raw))

    def _render(self, request, form, status=200):
        task = self._key_task(request)
        heading = _("分解重点任务：%(n)s. %(title)s") % {"n": task.number, "title": task.title} if task else self.heading
        return render(request, self.template_name, {"form": form, "heading": heading, "key_task": task,
                                                    "nav_active": NAV}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        task = self._key_task(request)
        initial = {"lead_unit": task.lead_unit_id, "responsible_leader": task.responsible_leader_id} if task else {}
        return self._render(request, self.form_class(user=request.user, initial=initial))

    def save(self, request, form):
        task = self._key_task(request)
        extra = {}
        if task is not None:
            from supervision.choices import SourceKind

            extra = {"key_task": task, "source_kind": SourceKind.PLAN,
                     "source_label": f"{task.plan.title}：{task.number}. {task.title}"[:300]}
        return services.item_create(actor=request.user, data=_data(form, **extra), request=request)


class InstructionCreateView(_CreateBase):
    """领导批办件: the office registers a leader's instruction and opens its item."""

    form_class = forms.InstructionForm
    heading = gettext_lazy("登记领导批办件")

    def save(self, request, form):
        d = form.cleaned_data
        return sources.instruction_register(
            actor=request.user, leader=d["leader"], text=d["text"], given_on=d["given_on"], subject=d["title"],
            lead_unit=d["lead_unit"], requirement=d["requirement"], assisting_units=list(d["assisting_units"]),
            due_on=d["due_on"], workdays=d["workdays"], responsible_leader=d["responsible_leader"],
            importance=d["importance"], is_oral=d["is_oral"], secret_level=d["secret_level"],
            report_cycle=d["report_cycle"], milestones=form.milestones(), files=request.FILES.getlist("files"),
            request=request,
        )


class ItemEditView(BusinessOnlyMixin, View):
    """修改 before 交办: the office changes what it recorded (not the number, not the source)."""

    template_name = "supervision/item_form.html"
    heading = gettext_lazy("修改督办事项")

    def _fetch(self, request, pk):
        item = selectors.item_get(user=request.user, pk=pk)
        facts = item_facts(request.user, item, [])
        if not workflow.can("edit", item.state, facts):
            refuse_404(request.user, item, action="supervision.edit", request=request)
        return item

    def _render(self, request, item, form, status=200):
        return render(request, self.template_name, {"form": form, "heading": self.heading, "item": item,
                                                    "nav_active": NAV}, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self._fetch(request, pk)
        milestones = list(item.milestones.all())
        initial = {
            "title": item.title, "requirement": item.requirement, "lead_unit": item.lead_unit_id,
            "assisting_units": [p.unit_id for p in item.parts.all()], "responsible_leader": item.responsible_leader_id,
            "due_on": item.due_on, "importance": item.importance, "secret_level": item.secret_level,
            "report_cycle": item.report_cycle,
        }
        for n, m in enumerate(milestones[:2], 1):
            initial[f"milestone_{n}"], initial[f"milestone_{n}_on"] = m.name, m.due_on
        return self._render(request, item, forms.ItemForm(user=request.user, initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self._fetch(request, pk)
        form = forms.ItemForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.item_edit(actor=request.user, item=item, data=_data(form), request=request)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect(item.get_absolute_url())
        return self._render(request, item, form, status=400)


class MilestoneDoneView(BusinessOnlyMixin, View):
    """节点完成: the 承办人 or the lead head marks a milestone reached (its reminders stop)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, milestone: int) -> HttpResponse:
        item = selectors.item_get(user=request.user, pk=pk)
        row = next((m for m in item.milestones.all() if m.pk == milestone), None)
        if row is None:
            raise Http404
        try:
            progress.milestone_done(actor=request.user, item=item, milestone=row, request=request)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("节点“%(name)s”已标记完成。") % {"name": row.name})
        return redirect(f"{item.get_absolute_url()}#milestones")


STEP_FORMS = StepForms({
    "assign": forms.OpinionForm, "sign": None, "request_adjust": forms.ReasonForm,
    "decide_adjust": forms.DecideAdjustForm, "name_handler": forms.NameHandlerForm, "part_sign": forms.PartSignForm,
    "report": forms.ReportForm, "part_report": forms.ReportForm, "extend": forms.ExtendForm,
    "approve_extension": forms.OptionalTextForm, "refuse_extension": forms.ReasonForm, "complete": forms.CompleteForm,
    "review": forms.OpinionForm, "acknowledge": forms.OptionalTextForm, "send_back": forms.ReasonForm,
    "close": forms.OpinionForm, "evaluate": forms.EvaluateForm, "leader_comment": forms.TextForm,
    "urge": forms.UrgeForm, "cancel": forms.ReasonForm,
}, with_context=frozenset({"decide_adjust", "name_handler", "part_sign"}), subject_kwarg="item")


def _run(action: str, user, item, form, request):
    d = form.cleaned_data if form is not None else {}
    c = {"actor": user, "item": item, "request": request}
    match action:
        case "assign":
            return services.item_assign(opinion=d["opinion"], **c)
        case "sign":
            return services.item_sign(**c)
        case "request_adjust":
            return services.item_request_adjust(reason=d["reason"], **c)
        case "decide_adjust":
            return services.item_decide_adjust(lead_unit=d["lead_unit"], opinion=d["opinion"], **c)
        case "name_handler":
            return services.item_name_handler(handler=d["handler"], opinion=d["opinion"], **c)
        case "part_sign":
            return services.part_sign(contact=d["contact"], **c)
        case "report":
            return progress.report_submit(text=d["text"], percent=d["percent"], lower_reason=d["lower_reason"],
                                          files=request.FILES.getlist("files"), **c)
        case "part_report":
            return progress.part_report_submit(text=d["text"], percent=d["percent"], lower_reason=d["lower_reason"],
                                               files=request.FILES.getlist("files"), **c)
        case "extend":
            return progress.extension_request(new_due_on=d["new_due_on"], reason=d["reason"], **c)
        case "approve_extension":
            return progress.extension_approve(text=d["text"], **c)
        case "refuse_extension":
            return progress.extension_refuse(reason=d["reason"], **c)
        case "complete":
            return progress.item_complete(report=d["report"], **c)
        case "review":
            return services.item_review(opinion=d["opinion"], **c)
        case "acknowledge":
            return services.item_acknowledge(text=d["text"], **c)
        case "send_back":
            return services.item_send_back(reason=d["reason"], **c)
        case "close":
            return services.item_close(opinion=d["opinion"], **c)
        case "evaluate":
            return services.item_evaluate(rating=d["rating"], comment=d["comment"], **c)
        case "leader_comment":
            return services.item_leader_comment(text=d["text"], **c)
        case "urge":
            return progress.item_urge(message=d["message"], **c)
        case "cancel":
            return services.item_cancel(reason=d["reason"], **c)
    raise Http404


def _detail_context(request, item, bound: dict | None = None) -> dict:
    user = request.user
    steps = selectors.item_timeline(item)
    extensions = selectors.item_extensions(item, steps)
    facts = item_facts(user, item, extensions)
    available = workflow.available(item.state, facts)
    actions = [t for t in available if t.action in STEP_FORMS]
    may = {t.action for t in available}
    reports = selectors.item_reports(item)
    return {
        "item": item,
        "action_forms": STEP_FORMS.for_page(actions, user, item, bound),
        "light": Horizon.now().light(item) if item.state in OPEN_STATES else "",  # no calendar read without a light
        "steps": steps,
        "urges": [step for step in reversed(steps) if step.action == "urge"],
        "reports": reports,
        "instruction_files": selectors.item_files(item, reports),
        "source": selectors.item_source(user=user, item=item),
        "extensions": extensions,
        "pending_extension": selectors.pending_extension(extensions),
        "chain": selectors.extension_chain(item) if extensions else [],
        "is_open": item.state in OPEN_STATES,
        "may_edit": "edit" in may,
        "may_mark_milestones": "report" in may,
        # The inspection page is the office's: linked for it (asked only for a 整改 item).
        "may_see_inspections": getattr(item, "finding", None) is not None and can(user, "supervision.manage"),
        "nav_active": NAV,
    }


class ItemDetailView(BusinessOnlyMixin, View):
    """An item: its data, source, parts, milestones, progress, extensions, timeline, and the user's next step."""

    template_name = "supervision/item_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = selectors.item_get(user=request.user, pk=pk)
        return render(request, self.template_name, _detail_context(request, item))


class ItemActionView(StepActionView):
    step_forms, table, template_name = STEP_FORMS, workflow.TABLE, ItemDetailView.template_name
    fetch = staticmethod(selectors.item_get)
    page_context = staticmethod(_detail_context)
    run = staticmethod(_run)


def may_see_list(user) -> bool:
    return can(user, "business.use")


#: Sent with every file handed out: never rendered in our origin, never sniffed, never cached.
FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "Cache-Control": "private, no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class SupervisionFileView(BusinessOnlyMixin, View):
    """GET a 督办附件 (批示件, 进展材料, 证据): only for someone who may see what it belongs to; audited."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        row, owner = selectors.file_get(user=request.user, pk=pk)
        try:
            handle = files.path_of(row.stored_name).open("rb")
        except (OSError, ValueError):
            raise Http404 from None
        audit_record(actor=request.user, action="export", obj=owner, request=request,
                     detail={"kind": "supervision_file", "file": row.pk, "sha256": row.sha256})
        level = getattr(owner, "secret_level", None)
        if level is None:
            level = owner.inspection.secret_level
        response = FileResponse(handle, as_attachment=True, filename=export_filename(row.original_name, level),
                                content_type=row.content_type)
        for header, value in FILE_HEADERS.items():
            response[header] = value
        return response
