"""Room pages: the week of all rooms (book from a free slot), booking, my bookings, approvals."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from meetings.models import Booking
from meetings.rooms import forms, selectors, services
from meetings.rooms.permissions import MANAGE
from office.permissions import can, get_visible_or_404, refuse_404
from office.views import BusinessOnlyMixin
from office.workflow.views import add_errors, error_messages

NAV = "meetings"


def _day(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


class RoomWeekView(BusinessOnlyMixin, TemplateView):
    """会议室: a week of all rooms, who holds what, free slots to book."""

    template_name = "meetings/room_week.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        monday = selectors.week_start(_day(self.request.GET.get("week")))
        return super().get_context_data(
            nav_active=NAV,
            days=selectors.week(user=user, monday=monday),
            monday=monday,
            previous=monday - dt.timedelta(days=7),
            next=monday + dt.timedelta(days=7),
            this_week=selectors.week_start(timezone.localdate()),
            may_decide=can(user, MANAGE),
            pending_count=selectors.pending(user=user).count() if can(user, MANAGE) else 0,
            **kwargs,
        )


class BookingCreateView(BusinessOnlyMixin, View):
    template_name = "meetings/booking_form.html"

    def _initial(self, request) -> dict:
        get = request.GET
        initial = {"day": _day(get.get("day")), "room": get.get("room")}
        for name in ("start", "end"):
            if get.get(name):
                initial[name] = get[name]
        return initial

    def get(self, request):
        form = forms.BookingForm(initial=self._initial(request), user=request.user)
        return render(request, self.template_name, {"form": form, "nav_active": NAV})

    def post(self, request):
        form = forms.BookingForm(request.POST, user=request.user)
        if form.is_valid():
            start, end = form.span()
            try:
                booking = services.booking_create(
                    actor=request.user,
                    room=form.cleaned_data["room"],
                    starts_at=start,
                    ends_at=end,
                    purpose=form.cleaned_data["purpose"],
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                if booking.state == "pending":
                    messages.success(request, _("已提交预订，待办公室审批。"))
                else:
                    messages.success(request, _("已预订%(room)s。") % {"room": booking.room.name})
                local = timezone.localtime(start).date()
                return redirect(f"{_week_url()}?week={local.isoformat()}")
        return render(request, self.template_name, {"form": form, "nav_active": NAV}, status=400)


def _week_url() -> str:
    from django.urls import reverse

    return reverse("meetings:room_week")


class MyBookingsView(BusinessOnlyMixin, TemplateView):
    template_name = "meetings/booking_mine.html"

    def get_context_data(self, **kwargs):
        rows = list(selectors.mine(user=self.request.user)[:51])
        return super().get_context_data(nav_active=NAV, rows=rows[:50], more=len(rows) > 50, **kwargs)


class BookingCancelView(BusinessOnlyMixin, View):
    def post(self, request, pk: int):
        booking = get_visible_or_404(Booking.objects.all(), request.user, pk=pk)
        try:
            services.booking_cancel(
                actor=request.user, booking=booking, reason=request.POST.get("reason", ""), request=request
            )
        except ValidationError as exc:
            for message in error_messages(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("已取消预订。"))
        return redirect("meetings:booking_mine")


class BookingApprovalsView(BusinessOnlyMixin, TemplateView):
    """待审批的预订: the office decides on the bookings of rooms that need approval."""

    template_name = "meetings/booking_approvals.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can(request.user, MANAGE):
            refuse_404(request.user, action=MANAGE, request=request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        rows = list(selectors.pending(user=self.request.user)[:51])
        return super().get_context_data(nav_active=NAV, rows=rows[:50], more=len(rows) > 50, **kwargs)


class BookingDecideView(BusinessOnlyMixin, View):
    def post(self, request, pk: int, decision: str):
        if decision not in ("approve", "reject"):
            raise Http404
        booking = get_visible_or_404(Booking.objects.all(), request.user, pk=pk)
        form = forms.DecideForm(request.POST)
        try:
            form.is_valid()
            services.booking_decide(
                actor=request.user,
                booking=booking,
                approve=decision == "approve",
                reason=form.cleaned_data.get("reason", ""),
                request=request,
            )
        except ValidationError as exc:
            for message in error_messages(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("已办理。"))
        return redirect("meetings:booking_approvals")
