"""The meeting's page, composed above the flows.

The flows form a chain (rooms ← convening ← agenda ← minutes): convening may not import the 议题 or
the 纪要. The meeting's page needs all three — its own steps, the agenda's 送审 / 审定 / 退回 (which
are the agenda's services: they move the 议题 and the chair's to-do with the meeting) and, once the
纪要 exists, each 议定事项 with its supervised item's light — so it is put together here, and
``meetings.urls`` routes the meeting's page and its step buttons to these views.
"""

from __future__ import annotations

from meetings.agenda import approval
from meetings.choices import MeetingState
from meetings.convening import selectors
from meetings.convening import views as convening
from meetings.minutes import selectors as minutes_selectors
from office.workflow.views import StepActionView

#: The meeting's steps that are the agenda's: taken through :mod:`meetings.agenda.approval`.
AGENDA_STEPS = ("submit_agenda", "approve_agenda", "return_agenda")
#: From 已召开 on, the page shows the 纪要's decisions (when the user may see them).
WITH_DECISIONS = (MeetingState.MINUTES, MeetingState.CLOSED)


def _run(action, user, meeting, form, request):
    text = form.cleaned_data.get("text", "") if form is not None else ""
    match action:
        case "submit_agenda":
            return approval.agenda_submit(actor=user, meeting=meeting, opinion=text, request=request)
        case "approve_agenda":
            return approval.agenda_approve(actor=user, meeting=meeting, opinion=text, request=request)
        case "return_agenda":
            return approval.agenda_return(actor=user, meeting=meeting, reason=text, request=request)
    return convening.run_step(action, user, meeting, form, request)


def page_context(request, meeting, bound: dict | None = None) -> dict:
    """The convening half's page, plus the 议定事项 with their lights (read as on the 纪要's page)."""
    context = convening.detail_context(request, meeting, bound)
    decisions = []
    if meeting.state in WITH_DECISIONS:
        minutes = minutes_selectors.minutes_of(user=request.user, meeting=meeting)
        decisions = minutes_selectors.decisions_of(user=request.user, minutes=minutes) if minutes else []
    context["decisions"] = decisions
    return context


class MeetingDetailView(convening.MeetingDetailView):
    context = staticmethod(page_context)


class MeetingActionView(StepActionView):
    step_forms, table, template_name = convening.STEP_FORMS, convening.workflow.TABLE, convening.TEMPLATE
    fetch = staticmethod(selectors.detail)
    page_context = staticmethod(page_context)
    run = staticmethod(_run)
