"""One workflow step posted from a document's page, for 收文 and 发文 alike.

A :class:`StepForms` knows each action's form; :class:`StepActionView` parses the
POST, calls the one service of the action, and on a refusal or invalid input renders
the document's page again with the form and its errors (status 400) — nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from documents.common.transitions import Table
from office.views import BusinessOnlyMixin


def add_errors(form, exc: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def error_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [message for messages_ in exc.message_dict.values() for message in messages_]
    return list(exc.messages)


@dataclass(frozen=True)
class StepForms:
    """action → form class (None: a plain button); ``with_context``: forms that take user and document."""

    forms: dict[str, type | None]
    with_context: frozenset[str] = frozenset()

    def __contains__(self, action: str) -> bool:
        return action in self.forms

    def make(self, action: str, user, document, data=None):
        form_class = self.forms.get(action)
        if form_class is None:
            return None
        if action in self.with_context:
            return form_class(data, user=user, document=document)
        return form_class(data)

    def for_page(self, transitions, user, document, bound: dict | None = None) -> list[tuple]:
        """(transition, form) for each action the user may take now, the posted one kept as posted."""
        return [(t, (bound or {}).get(t.action) or self.make(t.action, user, document)) for t in transitions]


class StepActionView(BusinessOnlyMixin, View):
    """POST one workflow step. A refused or invalid step changes nothing and says why."""

    step_forms: StepForms
    table: Table
    template_name: str
    #: (pk, user) → the document, through the policy (404 out of scope).
    fetch: Callable
    #: (request, document, bound forms) → the page's context.
    page_context: Callable
    #: (action, user, document, form, request) → calls the action's service.
    run: Callable

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in self.step_forms:
            raise Http404
        document = self.fetch(user=request.user, pk=pk)
        form = self.step_forms.make(action, request.user, document, request.POST)
        if form is None or form.is_valid():
            try:
                self.run(action, request.user, document, form, request)
            except ValidationError as exc:
                if form is None:
                    for message in error_messages(exc):
                        messages.error(request, message)
                    return redirect(document.get_absolute_url())
                add_errors(form, exc)
            else:
                messages.success(request, _("已办理：%(action)s") % {"action": self.table.get(action).label})
                return redirect(document.get_absolute_url())
        document = self.fetch(user=request.user, pk=pk)
        context = self.page_context(request, document, bound={action: form})
        context["open_action"] = action
        return render(request, self.template_name, context, status=400)
