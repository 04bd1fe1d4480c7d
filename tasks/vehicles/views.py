"""用车 pages: the request form; the office's week of vehicles (or drivers), dispatch queue and fleet.
派车 and 回车登记 are steps on the request's page (tasks.views.RequestActionView)."""

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

from office.audit import audit_record
from office.permissions import get_visible_or_404
from office.views import BusinessOnlyMixin
from office.workflow.views import add_errors
from tasks.choices import Kind
from tasks.models import Driver, Vehicle
from tasks.requests import selectors as request_selectors
from tasks.requests.editing import NAV, KindFormView
from tasks.vehicles import due_dates, forms, selectors, services


def _data(form) -> services.TripData:
    d = form.cleaned_data
    return services.TripData(**{f: d[f] for f in ("title", *services.FIELDS)})


class TripFormView(KindFormView):
    kind, form_class = Kind.VEHICLE, forms.TripForm

    def create(self, request, form):
        return services.trip_create(actor=request.user, data=_data(form), http_request=request)

    def edit(self, request, obj, form):
        return services.trip_edit(actor=request.user, request_obj=obj, data=_data(form), http_request=request)

    def initial(self, obj) -> dict:
        t = obj.trip
        return {"title": obj.title, **{f: getattr(t, f) for f in services.FIELDS}}


class TripSlipView(BusinessOnlyMixin, View):
    """派车单: a dispatched trip as a one-page A4 print (whoever may read the request); audited as a print."""

    template_name = "tasks/trip_slip.html"

    def get(self, request, pk):
        obj = request_selectors.request_get(user=request.user, pk=pk)
        trip = getattr(obj, "trip", None) if obj.kind == Kind.VEHICLE else None
        if trip is None or trip.dispatched_at is None:
            raise Http404
        audit_record(actor=request.user, action="tasks.trip_print", obj=obj, request=request)
        context = {"obj": obj, "t": trip, "printed_by": request.user, "printed_at": timezone.localtime()}
        return render(request, self.template_name, context)


class OfficeOnlyMixin(BusinessOnlyMixin):
    """The office's pages (tasks.office): others get a 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            selectors.office_only(request.user, request)
        return super().dispatch(request, *args, **kwargs)


def _day(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


class VehicleWeekView(OfficeOnlyMixin, TemplateView):
    """车辆使用情况: each vehicle (or, ``?by=driver``, each driver) and its trips on each day of a week."""

    template_name = "tasks/vehicle_week.html"

    def get_context_data(self, **kwargs):
        user, get = self.request.user, self.request.GET
        by = selectors.BY_DRIVER if get.get("by") == selectors.BY_DRIVER else selectors.BY_VEHICLE
        monday = selectors.week_start(_day(get.get("week")))
        today = timezone.localdate()
        return super().get_context_data(
            nav_active=NAV,
            kind="vehicle_week",
            kinds=Kind.choices,
            by=by,
            lanes=selectors.week(user=user, monday=monday, by=by),
            dates=[monday + dt.timedelta(days=n) for n in range(7)],
            today=today,
            monday=monday,
            previous=monday - dt.timedelta(days=7),
            next=monday + dt.timedelta(days=7),
            this_week=selectors.week_start(today),
            **kwargs,
        )


class DispatchQueueView(OfficeOnlyMixin, TemplateView):
    """派车: approved trips waiting for a vehicle, and those out (回车登记 next)."""

    template_name = "tasks/vehicle_queue.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            nav_active=NAV, kind="vehicle_queue", kinds=Kind.choices, **selectors.queue(user=self.request.user), **kwargs
        )


class FleetView(OfficeOnlyMixin, TemplateView):
    """车辆与驾驶员 (the office keeps them here, not in the 三员' admin)."""

    template_name = "tasks/vehicle_fleet.html"

    def get_context_data(self, **kwargs):
        user, today = self.request.user, timezone.localdate()
        vehicles = list(selectors.vehicles(user=user))
        for v in vehicles:
            v.inspection_light = due_dates.light(v.inspection_due, today)
            v.insurance_light = due_dates.light(v.insurance_due, today)
        return super().get_context_data(
            nav_active=NAV,
            kind="fleet",
            kinds=Kind.choices,
            vehicles=vehicles,
            drivers=list(selectors.drivers(user=user)),
            **kwargs,
        )


class _FleetFormView(OfficeOnlyMixin, View):
    model: type
    form_class: type
    fields: tuple
    template_name = "tasks/vehicle_fleet_form.html"

    def save(self, request, obj, data):
        raise NotImplementedError

    def _obj(self, request, pk):
        return None if pk is None else get_visible_or_404(self.model.objects.all(), request.user, pk=pk)

    def _render(self, request, form, obj, status=200):
        what = self.model._meta.verbose_name
        heading = (_("修改%(what)s") if obj else _("新增%(what)s")) % {"what": what}
        context = {"form": form, "obj": obj, "heading": heading, "nav_active": NAV}
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk=None):
        obj = self._obj(request, pk)
        initial = {f: getattr(obj, f) for f in self.fields} if obj else None
        return self._render(request, self.form_class(initial=initial), obj)

    def post(self, request, pk=None):
        obj = self._obj(request, pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                saved = self.save(request, obj, form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已保存：%(name)s") % {"name": saved})
                return redirect("tasks:fleet")
        return self._render(request, form, obj, status=400)


class VehicleEditView(_FleetFormView):
    model, form_class, fields = Vehicle, forms.VehicleForm, services.VEHICLE_FIELDS

    def save(self, request, obj, data):
        return services.vehicle_save(actor=request.user, vehicle=obj, data=data, http_request=request)


class DriverEditView(_FleetFormView):
    model, form_class, fields = Driver, forms.DriverForm, services.DRIVER_FIELDS

    def save(self, request, obj, data):
        return services.driver_save(actor=request.user, driver=obj, data=data, http_request=request)
