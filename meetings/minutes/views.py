"""纪要 pages: the meeting's minutes, its 议定事项 with their items' lights, each write one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from meetings.agenda import selectors as agenda_selectors
from meetings.minutes import forms, selectors, services
from meetings.minutes.permissions import may_confirm, may_write
from meetings.models import Decision
from office.views import BusinessOnlyMixin
from office.workflow.views import error_messages

NAV = "meetings"


def _context(request, meeting, **extra) -> dict:
    user = request.user
    minutes = selectors.minutes_of(user=user, meeting=meeting)
    decisions = selectors.decisions_of(user=user, minutes=minutes) if minutes else []
    writable = minutes is not None and minutes.state == "draft" and may_write(user, meeting)
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "decisions": decisions,
        "may_write": writable,
        "may_draft": minutes is None and may_write(user, meeting) and meeting.state in ("held", "minutes"),
        "may_confirm": minutes is not None and minutes.state == "draft" and may_confirm(user),
        "nav_active": NAV,
    }
    if writable:
        context["minutes_form"] = extra.pop("minutes_form", None) or forms.MinutesForm(
            initial={
                "present_line": minutes.present_line,
                "leave_line": minutes.leave_line,
                "sitting_in_line": minutes.sitting_in_line,
                "body": minutes.body,
            }
        )
        context["decision_form"] = extra.pop("decision_form", None) or forms.DecisionForm(user=user)
    context.update(extra)
    return context


class MinutesView(BusinessOnlyMixin, View):
    template_name = "meetings/minutes_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = agenda_selectors.meeting_get(user=request.user, pk=pk)
        return render(request, self.template_name, _context(request, meeting))


class MinutesActionView(BusinessOnlyMixin, View):
    http_method_names = ["post"]
    ACTIONS = ("draft", "edit", "decision", "confirm", "submit")

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in self.ACTIONS:
            raise Http404
        user = request.user
        meeting = agenda_selectors.meeting_get(user=user, pk=pk)
        minutes = selectors.minutes_of(user=user, meeting=meeting)
        if action != "draft" and minutes is None:
            raise Http404
        extra = {}
        try:
            match action:
                case "draft":
                    services.minutes_draft(actor=user, meeting=meeting, request=request)
                    done = _("纪要已生成，请核对出席、请假、列席和议定事项。")
                case "edit":
                    form = extra["minutes_form"] = forms.MinutesForm(request.POST)
                    if not form.is_valid():
                        raise ValidationError(_("请检查纪要内容。"))
                    services.minutes_edit(actor=user, minutes=minutes, request=request, **form.cleaned_data)
                    done = _("纪要已保存。")
                case "decision":
                    form = extra["decision_form"] = forms.DecisionForm(request.POST, user=user)
                    if not form.is_valid():
                        raise ValidationError(_("请检查议定事项。"))
                    d = form.cleaned_data
                    decision = None
                    if d["order"]:
                        decision = Decision.objects.filter(minutes=minutes, order=d["order"]).first()
                        if decision is None:
                            raise ValidationError({"order": _("没有第%(n)s项议定事项。") % {"n": d["order"]}})
                    services.decision_save(
                        actor=user,
                        minutes=minutes,
                        decision=decision,
                        text=d["text"],
                        lead_unit=d["lead_unit"],
                        assisting_units=list(d["assisting_units"]),
                        due_on=d["due_on"],
                        needs_supervision=d["needs_supervision"],
                        request=request,
                    )
                    done = _("议定事项已保存。")
                case "confirm":
                    decision = Decision.objects.filter(minutes=minutes, pk=request.POST.get("decision") or 0).first()
                    if decision is None:
                        raise Http404
                    services.decision_confirm(
                        actor=user,
                        decision=decision,
                        needs_supervision=request.POST.get("needs_supervision") == "1",
                        request=request,
                    )
                    done = _("已确认。")
                case _:
                    document = services.minutes_submit(actor=user, minutes=minutes, request=request)
                    messages.success(request, _("纪要已送发文办理。"))
                    return redirect(reverse("documents:outgoing_detail", args=[document.pk]))
        except ValidationError as exc:
            context = _context(request, meeting, errors=error_messages(exc), **extra)
            return render(request, MinutesView.template_name, context, status=400)
        messages.success(request, done)
        return redirect("meetings:minutes_detail", pk=meeting.pk)
