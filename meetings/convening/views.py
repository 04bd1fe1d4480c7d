"""Meeting pages: lists, month calendar, 领导日程, create / edit, the meeting's page and its steps."""

from __future__ import annotations

import calendar
import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from meetings import quorum
from meetings.choices import MeetingState
from meetings.convening import attendees, forms, notice, selectors, services, signin, workflow
from meetings.convening.permissions import CREATE, meeting_facts
from meetings.rooms.selectors import week_start
from office.counts import BADGE_CAP, Tally
from office.lists import CappedPaginator
from office.permissions import can, refuse_404
from office.views import BusinessOnlyMixin
from office.workflow.views import StepForms, add_errors

NAV = "meetings"
VIEWS = {
    "upcoming": gettext_lazy("即将召开"),
    "mine": gettext_lazy("我的会议"),
    "past": gettext_lazy("已召开"),
    "all": gettext_lazy("全部会议"),
}


def _day(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


class MeetingListView(BusinessOnlyMixin, TemplateView):
    """会议: upcoming, mine, past, all — and by kind."""

    template_name = "meetings/meeting_list.html"

    def get_context_data(self, **kwargs):
        user, get = self.request.user, self.request.GET
        view = get.get("view") if get.get("view") in VIEWS else "upcoming"
        kinds = list(selectors.kinds(user=user))
        kind = next((k for k in kinds if str(k.pk) == get.get("kind")), None)
        rows = selectors.listing(user=user, view=view, kind=kind)
        tabs = [
            {
                "key": key,
                "label": label,
                "active": key == view,
                "tally": Tally(selectors.listing(user=user, view=key, kind=kind), BADGE_CAP)
                if key in ("upcoming", "mine")
                else None,
            }
            for key, label in VIEWS.items()
        ]
        page = CappedPaginator(rows, 20).get_page(get.get("page"))
        query = get.copy()
        query.pop("page", None)
        return super().get_context_data(
            nav_active=NAV,
            page=page,
            query=query.urlencode(),
            tabs=tabs,
            kinds=kinds,
            kind=kind,
            view=view,
            can_create=can(user, CREATE),
            **kwargs,
        )


class MeetingCalendarView(BusinessOnlyMixin, TemplateView):
    """会议日历: the month, each day's meetings."""

    template_name = "meetings/meeting_calendar.html"

    def get_context_data(self, **kwargs):
        day = _day(self.request.GET.get("month"))
        first = day.replace(day=1)
        data = selectors.month(user=self.request.user, first=first)
        weeks, cursor = [], data["start"]
        for _w in range(6):
            week = []
            for _d in range(7):
                week.append(
                    {
                        "day": cursor,
                        "in_month": cursor.month == first.month,
                        "meetings": data["by_day"].get(cursor, []),
                        "today": cursor == timezone.localdate(),
                    }
                )
                cursor += dt.timedelta(days=1)
            weeks.append(week)
        last = calendar.monthrange(first.year, first.month)[1]
        return super().get_context_data(
            nav_active=NAV,
            weeks=weeks,
            first=first,
            previous=(first - dt.timedelta(days=1)).replace(day=1),
            next=first.replace(day=last) + dt.timedelta(days=1),
            **kwargs,
        )


class LeaderScheduleView(BusinessOnlyMixin, TemplateView):
    """领导日程: the meetings each leader chairs or attends, one week at a glance."""

    template_name = "meetings/leader_schedule.html"

    def get_context_data(self, **kwargs):
        monday = week_start(_day(self.request.GET.get("week")))
        people, cells = selectors.leader_week(user=self.request.user, monday=monday)
        days = [monday + dt.timedelta(days=i) for i in range(7)]
        rows = [{"leader": p, "days": [cells.get((p.pk, d), []) for d in days]} for p in people]
        return super().get_context_data(
            nav_active=NAV,
            monday=monday,
            days=days,
            rows=rows,
            previous=monday - dt.timedelta(days=7),
            next=monday + dt.timedelta(days=7),
            today=timezone.localdate(),
            **kwargs,
        )


def _initial_kind_defaults(user) -> dict:
    from office.org import office_unit

    unit = office_unit()
    return {"organizer": unit.pk if unit else None, "secretary": None}


class MeetingCreateView(BusinessOnlyMixin, View):
    template_name = "meetings/meeting_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can(request.user, CREATE):
            refuse_404(request.user, action=CREATE, request=request)
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request, form, status=200):
        return render(
            request, self.template_name, {"form": form, "nav_active": NAV, "heading": _("筹备会议")}, status=status
        )

    def get(self, request):
        initial = {"day": _day(request.GET.get("day")), **_initial_kind_defaults(request.user)}
        if request.GET.get("room"):
            initial["room"] = request.GET["room"]
        return self._render(request, forms.MeetingForm(initial=initial, user=request.user))

    def post(self, request):
        form = forms.MeetingForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            invitees = [services.Invitee(user=u) for u in d["present"]]
            invitees += [services.Invitee(user=u, role="sitting_in") for u in d["sitting_in"]]
            invitees += [services.Invitee(unit=u) for u in d["units"]]
            try:
                meeting = services.meeting_create(
                    request.user,
                    kind=d["kind"],
                    starts_at=d["starts_at"],
                    ends_at=d["ends_at"],
                    room=d["room"],
                    place=d["place"],
                    chair=d["chair"],
                    secretary=d["secretary"],
                    organizer=d["organizer"],
                    secret_level=d["secret_level"],
                    agenda_cutoff=d["agenda_cutoff"],
                    attendees=invitees,
                    title=d["title"],
                    notes=d["notes"],
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已筹备：%(title)s") % {"title": meeting.title})
                if meeting.capacity_warning:
                    messages.warning(request, meeting.capacity_warning)
                return redirect(meeting.get_absolute_url())
        return self._render(request, form, status=400)


class MeetingEditView(BusinessOnlyMixin, View):
    template_name = "meetings/meeting_form.html"

    def _meeting(self, request, pk):
        meeting = selectors.detail(user=request.user, pk=pk)
        if not workflow.can("edit", meeting.state, meeting_facts(request.user, meeting)):
            refuse_404(request.user, meeting, action="edit", request=request)
        return meeting

    def _render(self, request, form, meeting, status=200):
        return render(
            request,
            self.template_name,
            {"form": form, "nav_active": NAV, "meeting": meeting, "heading": _("修改会议")},
            status=status,
        )

    def get(self, request, pk: int):
        meeting = self._meeting(request, pk)
        start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        initial = {
            "title": meeting.title,
            "day": start.date(),
            "start": start.time(),
            "end": end.time(),
            "room": meeting.room_id,
            "place": meeting.place,
            "chair": meeting.chair_id,
            "secretary": meeting.secretary_id,
            "organizer": meeting.organizer_id,
            "secret_level": meeting.secret_level,
            "notes": meeting.notes,
            "agenda_cutoff": timezone.localtime(meeting.agenda_cutoff) if meeting.agenda_cutoff else None,
        }
        return self._render(request, forms.MeetingForm(initial=initial, user=request.user, edit=True), meeting)

    def post(self, request, pk: int):
        meeting = self._meeting(request, pk)
        form = forms.MeetingForm(request.POST, user=request.user, edit=True)
        if form.is_valid():
            d = form.cleaned_data
            try:
                meeting = services.meeting_edit(
                    request.user,
                    meeting=meeting,
                    starts_at=d["starts_at"],
                    ends_at=d["ends_at"],
                    room=d["room"],
                    place=d["place"],
                    chair=d["chair"],
                    secretary=d["secretary"],
                    secret_level=d["secret_level"],
                    agenda_cutoff=d["agenda_cutoff"],
                    title=d["title"],
                    notes=d["notes"],
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request, _("已保存。") if not meeting.moved else _("已保存，并已通知参会人员会议变更。")
                )
                if meeting.capacity_warning:
                    messages.warning(request, meeting.capacity_warning)
                return redirect(meeting.get_absolute_url())
        return self._render(request, form, meeting, status=400)


STEP_FORMS = StepForms(
    {
        "open_call": None,
        "submit_agenda": None,
        "approve_agenda": forms.TextForm,
        "return_agenda": forms.ReasonForm,
        "notify": None,
        "hold": None,
        "draft_minutes": None,
        "close": None,
        "cancel": forms.ReasonForm,
        "urge": None,
    }
)


def run_step(action, user, meeting, form, request):
    """The meeting's own steps (the agenda's 送审 / 审定 / 退回 are :mod:`meetings.page`'s)."""
    text = form.cleaned_data.get("text", "") if form is not None else ""
    if action == "notify":
        return notice.meeting_notify(user, meeting=meeting, request=request)
    if action == "cancel":
        return notice.meeting_cancel(user, meeting=meeting, reason=text, request=request)
    if action == "urge":
        return notice.meeting_urge(user, meeting=meeting, request=request)
    if action in STEP_FORMS:
        return services.meeting_step(user, meeting=meeting, action=action, text=text, request=request)
    raise Http404


HELD_OR_LATER = (MeetingState.HELD, MeetingState.MINUTES, MeetingState.CLOSED)


def _signing_in(meeting) -> bool:
    """From the sign-in's opening on, the quorum counts those signed in (what 召开 will ask)."""
    if meeting.state in HELD_OR_LATER:
        return True  # held: who came, not who answered
    return meeting.state == MeetingState.NOTIFIED and timezone.now() >= meeting.starts_at - signin.OPENS_BEFORE


def detail_context(request, meeting, bound: dict | None = None) -> dict:
    user = request.user
    facts = meeting_facts(user, meeting)
    actions = [t for t in workflow.available(meeting.state, facts) if t.action in STEP_FORMS]
    rows = selectors.attendees(meeting)
    mine = next((r for r in rows if r.user_id == user.pk), None)
    may_mark = workflow.can("mark", meeting.state, facts)
    may_edit = workflow.can("edit", meeting.state, facts)
    bound = bound or {}
    naming = [
        (r, bound.get(f"name{r.pk}") or forms.AttendeeNameForm(user=user, unit_id=r.unit_id, prefix=f"name{r.pk}"))
        for r in rows
        if attendees.may_name(user, meeting, r)
    ]
    return {
        "meeting": meeting,
        "action_forms": STEP_FORMS.for_page(actions, user, meeting, bound),
        "may_edit": may_edit,
        "add_form": (bound.get("add") or forms.AttendeeAddForm(user=user)) if may_edit else None,
        "add_error": "add" in bound,
        "naming": naming,
        "attendees": rows,
        "present_rows": [r for r in rows if r.role == "present"],
        "sitting_rows": [r for r in rows if r.role == "sitting_in"],
        # Only while answers still matter: once the meeting is held, attendance says who came.
        "pending_count": 0 if meeting.state in HELD_OR_LATER
        else sum(1 for r in rows if r.answer == "pending" and r.user_id),
        "absent": signin.absent(meeting, rows)
        if meeting.state == MeetingState.HELD
        or (meeting.state == MeetingState.NOTIFIED and meeting.starts_at <= timezone.now())
        else [],
        "mine": mine,
        "may_answer": mine is not None and meeting.state == MeetingState.NOTIFIED,
        "answer_form": bound.get("answer") or (forms.AnswerForm(user=user) if mine is not None else None),
        "answer_error": bool(bound.get("answer")),
        "may_mark": may_mark,
        "qr": signin.qr_only_for(meeting),
        "quorum": quorum.quorum(meeting, at_sign_in=_signing_in(meeting))
        if meeting.kind.quorum != "none"
        else None,
        "steps": selectors.steps(meeting),
        "nav_active": NAV,
    }


TEMPLATE = "meetings/meeting_detail.html"


class MeetingDetailView(BusinessOnlyMixin, View):
    """The meeting's page (routed through :mod:`meetings.page`, which adds the agenda and the 纪要)."""

    template_name = TEMPLATE
    context = staticmethod(detail_context)

    def get(self, request, pk: int):
        meeting = selectors.detail(user=request.user, pk=pk)
        return render(request, self.template_name, self.context(request, meeting))


class MyWeekPanelView(BusinessOnlyMixin, TemplateView):
    """The workbench panel's rows (loaded by the panel after the page): my meetings this week."""

    template_name = "meetings/panels/_my_week_rows.html"

    def get_context_data(self, **kwargs):
        rows = list(selectors.my_week(user=self.request.user)[:11])
        return super().get_context_data(meetings=rows[:10], more=len(rows) > 10, **kwargs)
