"""The new-request and edit pages every kind shares: a form, one service, the request's page after."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from office.permissions import can_on_fetched, refuse_404
from office.views import BusinessOnlyMixin
from office.workflow.views import add_errors
from tasks.choices import Kind
from tasks.requests import selectors

NAV = "tasks"


class KindFormView(BusinessOnlyMixin, View):
    """``new/``: make a request of ``kind``; ``<pk>/edit/``: change it while it is the requester's."""

    kind: str
    form_class: type
    template_name = "tasks/request_form.html"

    def create(self, request, form):
        raise NotImplementedError

    def edit(self, request, obj, form):
        raise NotImplementedError

    def initial(self, obj) -> dict:
        raise NotImplementedError

    def extra(self, request, obj=None) -> dict:
        return {}

    def _obj(self, request, pk):
        if pk is None:
            return None
        obj = selectors.request_get(user=request.user, pk=pk)
        if obj.kind != self.kind:
            raise Http404
        if not can_on_fetched(request.user, "edit", obj):
            refuse_404(request.user, obj, action="tasks.edit", request=request)
        return obj

    def _render(self, request, form, obj, status=200):
        label = Kind(self.kind).label
        heading = _("修改%(kind)s申请") % {"kind": label} if obj else _("新建%(kind)s申请") % {"kind": label}
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "heading": heading,
                "obj": obj,
                "kind": self.kind,
                "kind_label": label,
                "nav_active": NAV,
                **self.extra(request, obj),
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self._obj(request, pk)
        form = self.form_class(initial=self.initial(obj) if obj else self.start(request), user=request.user)
        return self._render(request, form, obj)

    def start(self, request) -> dict:
        return {}

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self._obj(request, pk)
        form = self.form_class(request.POST, user=request.user)
        if form.is_valid():
            try:
                saved = self.edit(request, obj, form) if obj else self.create(request, form)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已保存：%(number)s") % {"number": saved.number})
                return redirect(saved.get_absolute_url())
        return self._render(request, form, obj, status=400)
