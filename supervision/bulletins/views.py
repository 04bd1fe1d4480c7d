"""督查通报 pages: the list and the generate form, the bulletin, the list behind each figure, 转发文."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from office.workflow.views import add_errors
from supervision.bulletins import figures, forms, selectors, services
from supervision.lights import Horizon
from supervision.plans.views import NAV, _OfficeOnly


class BulletinListView(_OfficeOnly, View):
    template_name = "supervision/bulletin_list.html"

    def _render(self, request, form, status=200):
        return render(request, self.template_name, {
            "bulletins": selectors.bulletin_list(user=request.user)[:100], "form": form, "nav_active": NAV,
        }, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, forms.GenerateForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.GenerateForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                bulletin = services.bulletin_generate(actor=request.user, period=d["period"], year=d["year"],
                                                      index=d["index"] or 0, request=request)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已生成：%(title)s") % {"title": bulletin.title})
                return redirect("supervision:bulletin_detail", pk=bulletin.pk)
        return self._render(request, form, status=400)


class BulletinDetailView(_OfficeOnly, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        bulletin = selectors.bulletin_get(user=request.user, pk=pk)
        f = bulletin.figures
        keys = list(figures.FIGURES)
        table = [{"row": r, "cells": [(k, r[k]) for k in keys]} for r in f.get("rows", [])]
        return render(request, "supervision/bulletin_detail.html", {
            "bulletin": bulletin, "f": f, "columns": list(figures.FIGURES.items()), "table": table,
            "totals": [(k, f.get("totals", {}).get(k, 0)) for k in keys],
            "outgoing": selectors.bulletin_outgoing(user=request.user, bulletin=bulletin), "nav_active": NAV,
        })


class BulletinRegenerateView(_OfficeOnly, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        bulletin = selectors.bulletin_get(user=request.user, pk=pk)
        try:
            services.bulletin_generate(actor=request.user, period=bulletin.period, year=bulletin.year,
                                       index=bulletin.index, request=request)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已按最新数据重新统计。"))
        return redirect("supervision:bulletin_detail", pk=pk)


class BulletinOutgoingView(_OfficeOnly, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        bulletin = selectors.bulletin_get(user=request.user, pk=pk)
        try:
            document = services.bulletin_to_outgoing(actor=request.user, bulletin=bulletin, request=request)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("supervision:bulletin_detail", pk=pk)
        messages.success(request, _("已生成发文草稿，请在发文中修改、送审。"))
        return redirect(f"/documents/outgoing/{document.pk}/")


class BulletinItemsView(_OfficeOnly, View):
    """The items behind one figure of the bulletin (the same filter it was counted by)."""

    def get(self, request: HttpRequest, pk: int, figure: str) -> HttpResponse:
        bulletin = selectors.bulletin_get(user=request.user, pk=pk)
        unit_id = request.GET.get("unit")
        unit, rows = selectors.figure_items(user=request.user, bulletin=bulletin, figure=figure,
                                            unit_id=int(unit_id) if unit_id and unit_id.isdigit() else None)
        page = Paginator(rows, 50).get_page(request.GET.get("page"))
        horizon = Horizon.now()
        for row in page.object_list:
            row.light = horizon.light(row)
        query = request.GET.copy()
        query.pop("page", None)
        return render(request, "supervision/bulletin_items.html", {
            "bulletin": bulletin, "unit": unit, "figure": figures.ALL_FIGURES[figure], "page": page,
            "query": query.urlencode(), "nav_active": NAV,
        })
