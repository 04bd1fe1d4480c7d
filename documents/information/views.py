"""政务信息 pages: the desk, an item (write, 送审, 审核报送, 编辑, 采编, 上级采用, 批示), 稿本比对, 约稿."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from documents.information import forms, selectors, services, workflow
from documents.information.filters import ItemFilterSet
from documents.information.permissions import item_facts
from office import links
from office.lists import box_from, desk_page
from office.permissions import can, refuse_404
from office.views import BusinessOnlyMixin
from office.workflow.views import StepActionView, StepForms, add_errors

NAV = "information"


class ItemListView(BusinessOnlyMixin, TemplateView):
    """The 政务信息 desk: one box (草稿 … 不采用) with filters, newest first."""

    template_name = "documents/info_item_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        boxes = selectors.boxes_for(user)
        box = box_from(self.request, boxes, selectors.default_box(user))
        filters = ItemFilterSet(self.request.GET or None, user=user)
        listing = desk_page(self.request, selectors.item_list(user=user, box=box, filters=filters), filters)
        return super().get_context_data(
            box=box,
            boxes=boxes,
            counts=selectors.box_counts(user=user),
            can_write=can(user, "documents.info_write"),
            can_manage=can(user, "documents.info_manage"),
            nav_active=NAV,
            **listing,
            **kwargs,
        )


def _data(form) -> services.ItemData:
    d = form.cleaned_data
    return services.ItemData(
        title=d["title"],
        body=d["body"],
        category=d["category"],
        secret_level=d["secret_level"],
        request=d.get("request"),
    )


class ItemCreateView(BusinessOnlyMixin, View):
    template_name = "documents/info_item_form.html"

    def _allowed(self, request):
        if not can(request.user, "documents.info_write"):
            refuse_404(request.user, action="documents.info_write", request=request)

    def get(self, request: HttpRequest) -> HttpResponse:
        self._allowed(request)
        initial = {}
        if request.GET.get("request", "").isdigit():
            initial["request"] = int(request.GET["request"])
        form = forms.ItemForm(initial=initial, user=request.user)
        return render(request, self.template_name, {"form": form, "nav_active": NAV})

    def post(self, request: HttpRequest) -> HttpResponse:
        self._allowed(request)
        form = forms.ItemForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                item = services.item_create(actor=request.user, data=_data(form), request=request)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已保存草稿。确认无误后请“送审”。"))
                return redirect(item)
        return render(request, self.template_name, {"form": form, "nav_active": NAV}, status=400)


class ItemEditView(BusinessOnlyMixin, View):
    """修改 (the department, before 报送) or 编辑 (the office, while it decides)."""

    template_name = "documents/info_item_form.html"

    def _item(self, request, pk):
        item = selectors.item_get(user=request.user, pk=pk)
        action = "office_edit" if item.state == "submitted" else "edit"
        if not workflow.can(action, item.state, item_facts(request.user, item)):
            refuse_404(request.user, item, action=action, request=request)
        return item

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self._item(request, pk)
        form = forms.ItemForm(
            initial={
                "title": item.title,
                "body": item.body,
                "category": item.category,
                "secret_level": item.secret_level,
            },
            user=request.user,
            creating=False,
        )
        return render(request, self.template_name, {"form": form, "item": item, "nav_active": NAV})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self._item(request, pk)
        form = forms.ItemForm(request.POST, user=request.user, creating=False)
        if form.is_valid():
            try:
                services.item_edit(
                    actor=request.user, item=item, data=_data(form), note=form.cleaned_data["note"], request=request
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect(item)
        return render(request, self.template_name, {"form": form, "item": item, "nav_active": NAV}, status=400)


STEP_FORMS = StepForms(
    {
        "submit": None,
        "approve": forms.ApproveForm,
        "return": forms.ReturnForm,
        "adopt": forms.DecideForm,
        "condense": forms.DecideForm,
        "reject": forms.RejectForm,
        "higher": forms.HigherForm,
        "instruct": forms.InstructForm,
    },
    with_context=frozenset({"adopt", "condense"}),
    subject_kwarg="item",
)


def _run(action: str, user, item, form, request):
    d = form.cleaned_data if form is not None else {}
    if action == "submit":
        return services.item_submit(actor=user, item=item, request=request)
    if action == "approve":
        return services.item_approve(
            actor=user,
            item=item,
            secrecy_confirmed=d["secrecy_confirmed"],
            secrecy_note=d["secrecy_note"],
            text=d["text"],
            request=request,
        )
    if action == "return":
        return services.item_return(actor=user, item=item, reason=d["reason"], request=request)
    if action in ("adopt", "condense"):
        edited = services.ItemData(
            title=d["title"], body=d["body"], category=item.category, secret_level=item.secret_level
        )
        return services.item_decide(
            actor=user, item=item, action=action, note=d["note"], edited=edited, request=request
        )
    if action == "reject":
        return services.item_decide(actor=user, item=item, action=action, note=d["note"], request=request)
    if action == "higher":
        return services.higher_record(
            actor=user,
            item=item,
            level=d["level"],
            publication=d["publication"],
            adopted_on=d["adopted_on"],
            request=request,
        )
    if action == "instruct":
        from documents.information import instructions

        return instructions.instruction_give(
            actor=user, item=item, text=d["text"], supervise=d["supervise"], request=request
        )
    raise ValidationError(_("未知的办理事项。"))


def _detail_context(request, item, bound: dict | None = None) -> dict:
    user = request.user
    facts = item_facts(user, item)
    available = workflow.available(item.state, facts)
    actions = [t for t in available if t.action in STEP_FORMS]
    versions = list(item.versions.all())
    return {
        "item": item,
        "action_forms": STEP_FORMS.for_page(actions, user, item, bound),
        "can_edit": any(t.action in ("edit", "office_edit") for t in available),
        "can_attach": any(t.action == "attach" for t in available),
        "can_detach": any(t.action == "detach" for t in available),
        "versions": versions,
        "supervised": links.links_from(user=user, source=item, kinds=[links.LinkKind.SUPERVISE]),
        "issues": selectors.item_issues(user=user, item=item),
        "nav_active": NAV,
    }


class ItemDetailView(BusinessOnlyMixin, View):
    template_name = "documents/info_item_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = selectors.item_get(user=request.user, pk=pk)
        return render(request, self.template_name, _detail_context(request, item))


class ItemActionView(StepActionView):
    step_forms, table, template_name = STEP_FORMS, workflow.TABLE, ItemDetailView.template_name
    fetch = staticmethod(selectors.item_get)
    page_context = staticmethod(_detail_context)
    run = staticmethod(_run)

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        """Not the user's step: refused (403, audited) before the form is read."""
        if action in STEP_FORMS:
            item = selectors.item_get(user=request.user, pk=pk)
            if item.state in workflow.TABLE.get(action).sources:
                services.STEPS.authorize(request.user, action, item, request=request)
        return super().post(request, pk, action)


class ItemCompareView(BusinessOnlyMixin, View):
    """Any two versions of an item, compared by the core (office.versions)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        def number(key, default):
            value = request.GET.get(key, "")
            return int(value) if value.isdigit() else default

        item = selectors.item_get(user=request.user, pk=pk)
        last = item.versions_count or 1
        item, cmp = selectors.version_compare(user=request.user, pk=pk, a=number("a", 1), b=number("b", last))
        return render(
            request,
            "documents/info_item_compare.html",
            {"item": item, "cmp": cmp, "versions": list(item.versions.all()), "nav_active": NAV},
        )


# --- 约稿 -------------------------------------------------------------------------------


class RequestListView(BusinessOnlyMixin, View):
    template_name = "documents/info_request_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "requests": selectors.request_list(user=request.user)[:100],
                "can_manage": can(request.user, "documents.info_manage"),
                "nav_active": NAV,
            },
        )


class RequestCreateView(BusinessOnlyMixin, View):
    template_name = "documents/info_request_form.html"

    def _allowed(self, request):
        if not can(request.user, "documents.info_manage"):
            refuse_404(request.user, action="documents.info_manage", request=request)

    def get(self, request: HttpRequest) -> HttpResponse:
        self._allowed(request)
        return render(request, self.template_name, {"form": forms.RequestForm(user=request.user), "nav_active": NAV})

    def post(self, request: HttpRequest) -> HttpResponse:
        self._allowed(request)
        form = forms.RequestForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                info_request = services.request_create(
                    actor=request.user,
                    title=d["title"],
                    requirement=d["requirement"],
                    due_on=d["due_on"],
                    units=d["units"],
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已向 %(n)s 个处室约稿。") % {"n": len(d["units"])})
                return redirect(info_request)
        return render(request, self.template_name, {"form": form, "nav_active": NAV}, status=400)


class RequestDetailView(BusinessOnlyMixin, View):
    template_name = "documents/info_request_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        info_request = selectors.request_get(user=request.user, pk=pk)
        return render(
            request,
            self.template_name,
            {
                "info_request": info_request,
                "parts": list(info_request.parts.all()),
                "items": list(selectors.request_items(user=request.user, info_request=info_request)[:200]),
                "can_manage": can(request.user, "documents.info_manage"),
                "can_write": can(request.user, "documents.info_write")
                and info_request.state == "open"
                and any(p.unit_id == request.user.unit_id for p in info_request.parts.all()),
                "nav_active": NAV,
            },
        )


class RequestCloseView(BusinessOnlyMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        info_request = selectors.request_get(user=request.user, pk=pk)
        try:
            services.request_close(actor=request.user, info_request=info_request, request=request)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("约稿已结束。"))
        return redirect(info_request)


class InstructionSuperviseView(BusinessOnlyMixin, View):
    """转督办 by the office for a 批示 already given."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        from documents.information import instructions

        instruction = selectors.instruction_get(user=request.user, pk=pk)
        try:
            instructions.instruction_supervise(actor=request.user, instruction=instruction, request=request)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已转督办，督查室将立项。"))
        return redirect(instruction.item)
