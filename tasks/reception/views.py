"""公务接待 pages: the request form and the 接待清单."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from office.permissions import can_on_fetched, refuse_404
from office.views import BusinessOnlyMixin
from tasks.choices import Kind
from tasks.reception import services
from tasks.requests import selectors
from tasks.requests.editing import NAV, KindFormView
from tasks.requests.forms import LineFormSet, ReceptionForm


def _data(form) -> services.ReceptionData:
    d = form.cleaned_data
    return services.ReceptionData(**{f: d[f] for f in ("title", "amount", *services.FIELDS)})


class ReceptionFormView(KindFormView):
    kind, form_class = Kind.RECEPTION, ReceptionForm

    def create(self, request, form):
        return services.reception_create(actor=request.user, data=_data(form), http_request=request)

    def edit(self, request, obj, form):
        return services.reception_edit(actor=request.user, request_obj=obj, data=_data(form), http_request=request)

    def initial(self, obj) -> dict:
        r = obj.reception
        return {"title": obj.title, "amount": obj.amount, **{f: getattr(r, f) for f in services.FIELDS}}


class ReceptionListFillView(BusinessOnlyMixin, View):
    """接待清单 after the visit: a line per cost (时间, 场所, item, 费用)."""

    template_name = "tasks/reception_list_form.html"

    def _obj(self, request, pk):
        obj = selectors.request_get(user=request.user, pk=pk)
        if obj.kind != Kind.RECEPTION:
            raise Http404
        if not can_on_fetched(request.user, "fill_list", obj):
            refuse_404(request.user, obj, action="tasks.fill_list", request=request)
        return obj

    def _render(self, request, obj, formset, status=200):
        return render(
            request,
            self.template_name,
            {"obj": obj, "formset": formset, "nav_active": NAV, "limit": services.meal_limit(obj.reception)},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self._obj(request, pk)
        lines = [
            {
                "category": x.category,
                "item": x.item,
                "on": x.on,
                "place": x.place,
                "persons": x.persons,
                "amount": x.amount,
            }
            for x in obj.reception.lines.all()
        ]
        initial = lines or [
            {
                "category": "meal",
                "item": _("工作餐"),
                "on": obj.reception.starts_on,
                "place": obj.reception.places,
                "persons": obj.reception.visitors + obj.reception.companions,
            }
        ]
        formset = LineFormSet(initial=initial)
        formset.extra = 2
        return self._render(request, obj, formset)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self._obj(request, pk)
        formset = LineFormSet(request.POST)
        if formset.is_valid():
            lines = [
                services.LineData(
                    category=f.cleaned_data["category"],
                    item=f.cleaned_data["item"],
                    on=f.cleaned_data["on"],
                    place=f.cleaned_data["place"],
                    persons=f.cleaned_data.get("persons") or 0,
                    amount=f.cleaned_data["amount"],
                )
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                services.reception_list_fill(actor=request.user, request_obj=obj, lines=lines, http_request=request)
            except ValidationError as exc:
                formset._non_form_errors = formset.error_class(exc.messages)
            else:
                messages.success(request, _("接待清单已保存。"))
                return redirect(obj.get_absolute_url())
        return self._render(request, obj, formset, status=400)
