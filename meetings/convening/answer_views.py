"""Answering the notice, the .ics file, the door page's QR code, signing in and marking attendance."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from meetings import quorum
from meetings.choices import Presence
from meetings.convening import forms, ics, notice, selectors, signin, workflow
from meetings.convening.permissions import meeting_facts
from meetings.convening.views import NAV, detail_context
from meetings.models import Attendee
from office.permissions import refuse_404
from office.views import BusinessOnlyMixin
from office.workflow.views import add_errors, error_messages


class MeetingAnswerView(BusinessOnlyMixin, View):
    def post(self, request, pk: int):
        meeting = selectors.detail(user=request.user, pk=pk)
        form = forms.AnswerForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                notice.attendee_answer(
                    request.user,
                    meeting=meeting,
                    accept=d["answer"] == "accept",
                    reason=d["reason"],
                    substitute=d["substitute"],
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已答复。"))
                return redirect(meeting.get_absolute_url())
        context = detail_context(request, meeting, bound={"answer": form})
        return render(request, "meetings/meeting_detail.html", context, status=400)


class MeetingIcsView(BusinessOnlyMixin, View):
    """The meeting's .ics, for those who see it (内部 or below)."""

    def get(self, request, pk: int):
        meeting = selectors.detail(user=request.user, pk=pk)
        if not ics.allowed(meeting):
            raise Http404
        people = [a.user for a in selectors.attendees(meeting) if a.user_id]
        data = ics.invitation(meeting, people, cancel=meeting.state == "cancelled")
        response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
        return response


def _may_mark(request, meeting) -> None:
    if not workflow.can("mark", meeting.state, meeting_facts(request.user, meeting)):
        refuse_404(request.user, meeting, action="mark", request=request)


class MeetingDoorView(BusinessOnlyMixin, View):
    """The door page: the QR code of this minute (refreshed every 30 s) and who has signed in."""

    def get(self, request, pk: int):
        meeting = selectors.detail(user=request.user, pk=pk)
        _may_mark(request, meeting)
        context = {"meeting": meeting, "nav_active": NAV, "qr": signin.qr_only_for(meeting)}
        if context["qr"]:
            url = f"{settings.SANBAN_BASE_URL.rstrip('/')}{reverse('meetings:sign_in')}?t={signin.token_for(meeting)}"
            context.update(qr_svg=signin.door_qr_svg(url), sign_url=url)
        rows = selectors.attendees(meeting)
        context["signed"] = [r for r in rows if r.presence in (Presence.PRESENT, Presence.LATE)]
        context["total"] = len(rows)
        if meeting.kind.quorum != "none":
            context["quorum"] = quorum.quorum(meeting, at_sign_in=True)
        return render(request, "meetings/meeting_door.html", context)


class SignInView(BusinessOnlyMixin, View):
    """扫码签到: the link in the QR code. GET asks to confirm, POST signs the logged-in user in."""

    template_name = "meetings/sign_in.html"

    def _context(self, request, token):
        context = {"token": token, "nav_active": NAV}
        try:
            context["meeting"] = signin.meeting_for_token(token)
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
        return context

    def get(self, request):
        token = request.GET.get("t", "")
        context = self._context(request, token)
        return render(request, self.template_name, context, status=400 if "error" in context else 200)

    def post(self, request):
        token = request.POST.get("t", "")
        try:
            row = signin.sign_in(request.user, token=token, request=request)
        except ValidationError as exc:
            context = {"token": token, "nav_active": NAV, "error": " ".join(error_messages(exc))}
            return render(request, self.template_name, context, status=400)
        return render(request, self.template_name, {"done": row, "meeting": row.meeting, "nav_active": NAV})


class AttendanceMarkView(BusinessOnlyMixin, View):
    """登记签到: the secretary marks one attendee."""

    def post(self, request, pk: int, attendee: int):
        meeting = selectors.detail(user=request.user, pk=pk)
        row = Attendee.objects.filter(meeting=meeting, pk=attendee).first()
        if row is None:
            raise Http404
        try:
            signin.attendance_mark(
                request.user, meeting=meeting, attendee=row, presence=request.POST.get("presence", ""), request=request
            )
        except ValidationError as exc:
            for message in error_messages(exc):
                messages.error(request, message)
        return redirect(f"{meeting.get_absolute_url()}#attendance")
