"""发文 pages: thin views — parse input, call a selector, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import TemplateView

from documents.choices import FileKind, OutgoingState
from documents.common import forms as common_forms
from documents.common.linked import document_links
from documents.files.views import protect
from documents.outgoing import corrections, forms, issue, selectors, services, workflow
from documents.outgoing.bound import bound_separately
from documents.outgoing.files import outgoing_attachment_export, outgoing_file_export
from documents.outgoing.filters import OutgoingFilterSet
from documents.outgoing.permissions import outgoing_facts
from office.choices import Role
from office.lists import box_from, desk_page
from office.permissions import refuse_404
from office.views import BusinessOnlyMixin
from office.workflow.views import StepActionView, StepForms, add_errors

S = OutgoingState

#: action → its form (None: a button). The forms build the service's arguments.
STEP_FORMS = StepForms({
    "submit": common_forms.OpinionForm,
    "dept_approve": common_forms.OpinionForm,
    "office_check": forms.OfficeCheckForm,
    "countersign": forms.CountersignForm,
    "sign": forms.SignForm,
    "return": common_forms.ReasonForm,
    "recheck": forms.RecheckForm,
    "number": None,
    "issue": forms.IssueForm,
    "archive": common_forms.ArchiveForm,
    "discard": common_forms.ReasonForm,
}, with_context=frozenset({"office_check", "recheck", "issue"}), subject_kwarg="document")
#: Which check the next step runs, by where the draft is.
#: The field a problem points at, by the name the user sees (the 起草 form's labels and the steps' fields).
FIELD_LABELS = {
    **{name: field.label for name, field in forms.DraftForm.base_fields.items()},
    "signer": forms.OfficeCheckForm.base_fields["signer"].label,
    "copies": forms.IssueForm.base_fields["copies"].label,
    "attachments": _lazy("附件"),
    "copy_numbers": _lazy("份号"),
    "dated_on": _lazy("成文日期"),
    "doc_number": _lazy("发文字号"),
}


def _run(action: str, user, document, form, request):
    data = form.cleaned_data if form is not None else {}
    common = {"actor": user, "document": document, "request": request}
    match action:
        case "submit":
            return services.outgoing_submit(opinion=data["opinion"], **common)
        case "dept_approve":
            return services.outgoing_dept_approve(opinion=data["opinion"], **common)
        case "office_check":
            return services.outgoing_office_check(
                signer=data["signer"], countersign_units=data["countersign_units"], opinion=data["opinion"], **common)
        case "countersign":
            return services.outgoing_countersign(
                agree=data["verdict"] == "agree", opinion=data["opinion"], **common)
        case "sign":
            return services.outgoing_sign(opinion=data["opinion"], **common)
        case "return":
            return services.outgoing_return(reason=data["reason"], **common)
        case "recheck":
            return services.outgoing_recheck(
                opinion=data["opinion"], title=data["title"], body=data["body"],
                attachment_notes=data["attachment_notes"], **common)
        case "number":
            return services.outgoing_number(**common)
        case "issue":
            return issue.outgoing_issue(
                copies=data["copies"], internal_units=data["internal_units"], printer=data["printer"],
                printed_on=data["printed_on"], **common)
        case "archive":
            return services.outgoing_archive(retention=data["retention"], **common)
        case "discard":
            return services.outgoing_discard(reason=data["reason"], **common)
    raise Http404


class OutgoingListView(BusinessOnlyMixin, TemplateView):
    """The 发文 desk: one box with filters."""

    template_name = "documents/outgoing_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        boxes = selectors.boxes_for(user)
        box = box_from(self.request, boxes, selectors.default_box(user))
        filters = OutgoingFilterSet(self.request.GET or None, user=user)
        rows = selectors.outgoing_list(user=user, box=box, filters=filters)
        return super().get_context_data(
            box=box, boxes=boxes, counts=selectors.box_counts(user=user),
            can_draft=services.may_draft(user), nav_active="outgoing",
            **desk_page(self.request, rows, filters), **kwargs,
        )


class OutgoingCreateView(BusinessOnlyMixin, View):
    """起草."""

    template_name = "documents/outgoing_form.html"

    def _check(self, request):
        if not services.may_draft(request.user):
            refuse_404(request.user, action="outgoing.create", request=request)

    def get(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        form = forms.DraftForm(user=request.user)
        return render(request, self.template_name, {"form": form, "nav_active": "outgoing"})

    def post(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        form = forms.DraftForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                document = services.outgoing_create(actor=request.user, data=form.draft_data(), request=request)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("草稿已保存（第1稿）。可上传附件，完成后送审。"))
                return redirect(document.get_absolute_url())
        return render(request, self.template_name, {"form": form, "nav_active": "outgoing"}, status=400)


class OutgoingEditView(BusinessOnlyMixin, View):
    """修改稿件: the drafter while drafting, the head at 部门审核, the office at 核稿."""

    template_name = "documents/outgoing_form.html"

    def _document(self, request, pk):
        document = selectors.outgoing_detail(user=request.user, pk=pk)
        if not workflow.can("edit", document.state, outgoing_facts(request.user, document)):
            refuse_404(request.user, document, action="edit", request=request)
        return document

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = self._document(request, pk)
        form = forms.DraftForm(initial=forms.DraftForm.initial_from(document), user=request.user)
        return render(request, self.template_name, {"form": form, "document": document, "nav_active": "outgoing"})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = self._document(request, pk)
        form = forms.DraftForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.outgoing_update(actor=request.user, document=document, data=form.draft_data(),
                                                  request=request)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("稿件已保存。"))
                return redirect(document.get_absolute_url())
        context = {"form": form, "document": document, "nav_active": "outgoing"}
        return render(request, self.template_name, context, status=400)


def _detail_context(request, document, bound: dict | None = None) -> dict:
    user = request.user
    facts = outgoing_facts(user, document)
    actions = [t for t in workflow.available(document.state, facts) if t.action in STEP_FORMS]
    action_forms = STEP_FORMS.for_page(actions, user, document, bound)
    stage, found = services.compliance_ahead(document)
    editable = workflow.can("edit", document.state, facts)
    problems = [
        (p, FIELD_LABELS.get(p.field, ""), editable and p.field in forms.DraftForm.base_fields)
        for p in found
    ]
    versions = list(document.versions.all())
    linked = document_links(user, document)
    return {
        "document": document,
        "action_forms": action_forms,
        "can_edit": workflow.can("edit", document.state, facts),
        "can_attach": workflow.can("attach", document.state, facts),
        "problems": problems,
        "blocking_count": sum(1 for p, _label, _link in problems if p.blocking),
        "check_stage": stage,
        "versions": versions,
        "latest_version": versions[-1] if versions else None,
        "files": {f.kind: f for f in document.files.all()},
        # 附件 bound apart from the document: offered with the 文号 and 附件N on their first page
        "marked_ids": {b.attachment.pk for b in bound_separately(document)},
        "nav_active": "outgoing",
        # Archive loans out now and its seal use (用印), as the 收文 page reads them: the core's links.
        **linked,
        "seal_offer": _seal_offer(user, document, linked["seal_uses"]),
    }


#: 办事's 用印 form: it reads the 发文 from ``?outgoing=<pk>`` through this app's selectors.
SEAL_FORM_URL = "tasks:seal_create"


def _seal_offer(user, document, seal_uses) -> str:
    """At 印发 and after, for the office, while no seal use is recorded: the 用印 form, prefilled."""
    if seal_uses or user.role != Role.OFFICE or not selectors.outgoing_sealable(document):
        return ""
    return f"{reverse(SEAL_FORM_URL)}?{urlencode({'outgoing': document.pk})}"


class OutgoingDetailView(BusinessOnlyMixin, View):
    template_name = "documents/outgoing_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = selectors.outgoing_detail(user=request.user, pk=pk)
        if document.is_final:
            services.outgoing_mark_read(actor=request.user, document=document)
        return render(request, self.template_name, _detail_context(request, document))


class OutgoingSalutationRemoveView(BusinessOnlyMixin, View):
    """The compliance check's offer: remove the body's first line, which repeats the 主送 line."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = selectors.outgoing_detail(user=request.user, pk=pk)
        try:
            corrections.outgoing_salutation_remove(actor=request.user, document=document, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已删除正文中重复的主送机关，并保存为新的一稿。"))
        return redirect(f"{document.get_absolute_url()}#compliance")


class OutgoingActionView(StepActionView):
    step_forms, table, template_name = STEP_FORMS, workflow.TABLE, OutgoingDetailView.template_name
    fetch = staticmethod(selectors.outgoing_detail)
    page_context = staticmethod(_detail_context)
    run = staticmethod(_run)


class OutgoingCompareView(BusinessOnlyMixin, View):
    """Any two versions side by side: deletions struck through, insertions underlined."""

    template_name = "documents/outgoing_compare.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
        except ValueError:
            raise Http404 from None
        document, comparison = selectors.version_compare(user=request.user, pk=pk, a=a, b=b)
        versions = list(document.versions.select_related("saved_by").defer("body"))
        return render(request, self.template_name, {
            "document": document, "cmp": comparison, "versions": versions, "nav_active": "outgoing",
        })


class OutgoingFileView(BusinessOnlyMixin, View):
    """The document in the GB/T 9704 layout: the issued files as made at 印发, else a preview."""

    def get(self, request: HttpRequest, pk: int, kind: str) -> HttpResponse:
        if kind not in FileKind.values:
            raise Http404
        document = selectors.outgoing_detail(user=request.user, pk=pk)
        export = outgoing_file_export(actor=request.user, document=document, kind=kind,
                                      copy=request.GET.get("copy", ""), request=request)
        if export.handle is not None:
            response = FileResponse(export.handle, as_attachment=True, filename=export.filename,
                                    content_type=export.content_type)
        else:
            response = HttpResponse(export.data, content_type=export.content_type)
            response["Content-Disposition"] = content_disposition_header(kind == FileKind.DOCX, export.filename)
            response["Content-Length"] = str(len(export.data))
        return protect(response)


class OutgoingAttachmentMarkedView(BusinessOnlyMixin, View):
    """An attachment bound apart from the document, its first page marked with the 发文字号 and 附件N."""

    def get(self, request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
        document = selectors.outgoing_detail(user=request.user, pk=pk)
        export = outgoing_attachment_export(actor=request.user, document=document, attachment_pk=attachment_pk,
                                            request=request)
        response = HttpResponse(export.data, content_type=export.content_type)
        response["Content-Disposition"] = content_disposition_header(True, export.filename)
        response["Content-Length"] = str(len(export.data))
        return protect(response)
