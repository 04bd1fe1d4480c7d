"""信息专报 pages: the list (and a new issue), an issue (compile, order, 报送, 已阅), its A4 bulletin PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from documents.choices import IssueState
from documents.files.views import protect
from documents.information import bulletin, forms, issue_selectors, issues
from documents.information.views import NAV
from office.audit import audit_record
from office.choices import Role
from office.permissions import can, require
from office.views import BusinessOnlyMixin


class IssueListView(BusinessOnlyMixin, View):
    template_name = "documents/info_issue_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "issues": issue_selectors.issue_list(user=request.user)[:100],
                "can_manage": can(request.user, "documents.info_manage"),
                "nav_active": NAV,
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        """新建一期 (the office)."""
        try:
            issue = issues.issue_create(
                actor=request.user, publication=request.POST.get("publication", "special"), request=request
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("documents:info_issue_list")
        return redirect(issue)


def _context(request, issue, send_form=None, status_forms=None) -> dict:
    user = request.user
    manage = can(user, "documents.info_manage") and issue.state == IssueState.DRAFT
    entries = list(issue.entries.all())
    reader = next((r for r in issue.readers.all() if r.leader_id == user.pk), None)
    return {
        "issue": issue,
        "entries": entries,
        "readers": list(issue.readers.all()),
        "reader": reader,
        "manage": manage,
        "candidates": issue_selectors.candidates(user=user, issue=issue) if manage else [],
        "send_form": send_form or (forms.SendForm(user=user) if manage else None),
        "is_leader": user.role == Role.LEADER,
        "nav_active": NAV,
    }


class IssueDetailView(BusinessOnlyMixin, View):
    template_name = "documents/info_issue_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        issue = issue_selectors.issue_get(user=request.user, pk=pk)
        return render(request, self.template_name, _context(request, issue))


def _int(value) -> int:
    return int(value) if str(value or "").isdigit() else 0


class IssueActionView(BusinessOnlyMixin, View):
    """POST add / remove / up / down / send / read."""

    ACTIONS = ("add", "remove", "up", "down", "send", "read")

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in self.ACTIONS:
            raise Http404
        issue = issue_selectors.issue_get(user=request.user, pk=pk)
        user, post = request.user, request.POST
        if action != "read":
            require(user, "documents.info_manage", request=request)  # 403 before the form is read
        try:
            if action == "add":
                items = issue_selectors.items_by_ids(user=user, ids=[_int(v) for v in post.getlist("items")])
                n = issues.issue_add(actor=user, issue=issue, items=items, request=request)
                messages.success(request, _("已编入 %(n)s 条信息。") % {"n": n})
            elif action == "remove":
                issues.issue_remove(actor=user, issue=issue, item_id=_int(post.get("item")), request=request)
            elif action in ("up", "down"):
                issues.issue_move(
                    actor=user, issue=issue, item_id=_int(post.get("item")), up=action == "up", request=request
                )
            elif action == "send":
                form = forms.SendForm(post, user=user)
                if not form.is_valid():
                    return render(
                        request,
                        "documents/info_issue_detail.html",
                        _context(request, issue, send_form=form),
                        status=400,
                    )
                issue = issues.issue_send(
                    actor=user,
                    issue=issue,
                    leaders=form.cleaned_data["leaders"],
                    distribution=form.cleaned_data["distribution"],
                    request=request,
                )
                messages.success(request, _("已报送：%(number)s") % {"number": issue.display_number})
            else:
                issues.issue_mark_read(actor=user, issue=issue, request=request)
                messages.success(request, _("已阅。"))
        except ValidationError as exc:
            if action == "send":
                form = forms.SendForm(post, user=user)
                form.is_valid()
                from office.workflow.views import add_errors

                add_errors(form, exc)
                issue = issue_selectors.issue_get(user=user, pk=pk)
                return render(
                    request, "documents/info_issue_detail.html", _context(request, issue, send_form=form), status=400
                )
            messages.error(request, "；".join(exc.messages))
        return redirect(issue)


class IssuePdfView(BusinessOnlyMixin, View):
    """The issue as an A4 bulletin: 报头 (name, 期号, 编印单位, date, red line), items, 报送 list."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        issue = issue_selectors.issue_get(user=request.user, pk=pk)
        data = bulletin.bulletin_pdf(issue)
        audit_record(actor=request.user, action="export", obj=issue, request=request, detail={"kind": "bulletin"})
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(False, bulletin.filename(issue))
        return protect(response)
