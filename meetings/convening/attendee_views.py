"""参会人员 after the meeting was 筹备: the office adds and removes them; a department head names the
one his department sends. Each POST calls one service of :mod:`meetings.convening.attendees`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from meetings.convening import attendees, forms, selectors, workflow
from meetings.convening.permissions import meeting_facts
from meetings.convening.views import TEMPLATE, detail_context
from meetings.models import Attendee
from office.permissions import refuse_404
from office.views import BusinessOnlyMixin
from office.workflow.views import add_errors, error_messages


def _row(meeting, pk: int) -> Attendee:
    row = Attendee.objects.filter(meeting=meeting, pk=pk).select_related("unit", "user").first()
    if row is None:
        raise Http404
    return row


def _editable(request, pk: int):
    """The meeting, when the user may change who is asked (the office, before it is held); else 404."""
    meeting = selectors.detail(user=request.user, pk=pk)
    if not workflow.can("edit", meeting.state, meeting_facts(request.user, meeting)):
        refuse_404(request.user, meeting, action="edit", request=request)
    return meeting


class AttendeeAddView(BusinessOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        meeting = _editable(request, pk)
        form = forms.AttendeeAddForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                rows = attendees.attendees_add(
                    request.user, meeting=meeting, people=d["people"], units=d["units"], role=d["role"], request=request
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已增加%(n)s位（个）参会人员或部门。") % {"n": len(rows)})
                return redirect(meeting.get_absolute_url())
        context = detail_context(request, selectors.detail(user=request.user, pk=pk), bound={"add": form})
        return render(request, TEMPLATE, context, status=400)


class AttendeeRemoveView(BusinessOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int, attendee: int):
        meeting = _editable(request, pk)
        row = _row(meeting, attendee)
        try:
            attendees.attendee_remove(
                request.user, meeting=meeting, attendee=row, reason=request.POST.get("reason", ""), request=request
            )
        except ValidationError as exc:
            for message in error_messages(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("已移出参会人员，并已通知本人。"))
        return redirect(meeting.get_absolute_url())


class AttendeeNameView(BusinessOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int, attendee: int):
        meeting = selectors.detail(user=request.user, pk=pk)
        row = _row(meeting, attendee)
        if not attendees.may_name(request.user, meeting, row):
            refuse_404(request.user, meeting, action="name", request=request)
        form = forms.AttendeeNameForm(request.POST, user=request.user, unit_id=row.unit_id, prefix=f"name{row.pk}")
        if form.is_valid():
            try:
                attendees.attendee_name(
                    request.user, meeting=meeting, attendee=row, person=form.cleaned_data["person"], request=request
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已确定参会人员。"))
                return redirect(meeting.get_absolute_url())
        context = detail_context(request, selectors.detail(user=request.user, pk=pk), bound={f"name{row.pk}": form})
        return render(request, TEMPLATE, context, status=400)
