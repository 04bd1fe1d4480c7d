"""Choosing people or units: a search-as-you-type field instead of thousands of checkboxes.

A form keeps its ``ModelChoiceField`` / ``ModelMultipleChoiceField`` (same name, same queryset
through the policy, same validation — the services read what they read before) and gives it a
:class:`PickerWidget` naming a *source*. The widget renders

- the classic control (checkboxes, or a select) when the field has at most :data:`PLAIN_LIMIT`
  choices — a small organ's page works without JavaScript, as it always did;
- otherwise a search box: the chosen items are chips, each carrying a hidden input with the
  field's name and the item's id, and typing asks :class:`PickerSearchView` (htmx) for at
  most :data:`RESULT_LIMIT` matches by name, title or unit. ``static/js/picker.js`` moves
  a match into the chips (mouse or keyboard: ↓/↑ through the matches, Enter to choose,
  Backspace in the empty box removes the last chip, Escape closes the matches).

Either way the page costs one query for the field (the first ``PLAIN_LIMIT + 1`` rows), plus one
for the chips of what was already chosen. A source is registered by the app that owns the
choice (``register("documents.incoming.readers", …)`` in its ``AppConfig.ready``): it rebuilds
the same queryset for the person asking, from the request's parameters, through the policy —
an object out of his scope is a 404.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View

from office.views import BusinessOnlyMixin

#: Up to this many choices the field renders as the classic checkboxes or select.
PLAIN_LIMIT = 30
#: A search answers at most this many matches.
RESULT_LIMIT = 20
#: The longest term a search takes (a name or a unit's name).
TERM_LIMIT = 40


@dataclass(frozen=True)
class Source:
    #: ``queryset(user, params)`` → the choices ``user`` may make (``params``: the request's GET).
    queryset: Callable[[object, dict], QuerySet]
    #: Fields matched with ``icontains``.
    search: Sequence[str]
    label: Callable[[object], str]


_SOURCES: dict[str, Source] = {}


def register(name: str, *, queryset: Callable[[object, dict], QuerySet], search: Sequence[str],
             label: Callable[[object], str]) -> None:
    _SOURCES[name] = Source(queryset=queryset, search=tuple(search), label=label)


def source(name: str) -> Source:
    try:
        return _SOURCES[name]
    except KeyError:
        raise Http404 from None


def person_label(user) -> str:
    """周婷（办公室 · 文书）."""
    if user.unit_id:
        return f"{user.full_name}（{user.unit.display_name} · {user.display_title}）"
    return f"{user.full_name}（{user.display_title}）"


def unit_label(unit) -> str:
    return unit.display_name


PERSON_SEARCH = ("full_name", "username", "title", "unit__name", "unit__short_name")
UNIT_SEARCH = ("name", "short_name")


def matches(queryset: QuerySet, fields: Sequence[str], term: str) -> QuerySet:
    found = Q()
    for field in fields:
        found |= Q(**{f"{field}__icontains": term})
    return queryset.filter(found)


class PickerWidget(forms.Widget):
    """The widget of a model choice field whose choices can run into thousands (see the module)."""

    template_name = "office/widgets/picker.html"
    input_type = "picker"

    def __init__(self, *, source: str, multiple: bool, attrs=None):
        super().__init__(attrs)
        self.source, self.multiple = source, multiple
        #: Parameters the source needs to rebuild the choices (e.g. ``{"doc": 12}``), set by the form.
        self.params: dict[str, object] = {}
        self.choices = ()

    @property
    def allow_multiple_selected(self) -> bool:
        return self.multiple

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False if self.multiple else name not in data

    def _values(self, value) -> list[str]:
        if value is None or value == "":
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        return [str(v.pk if hasattr(v, "pk") else v) for v in values if v not in (None, "")]

    def render(self, name, value, attrs=None, renderer=None):
        field = self.choices.field
        rows = list(self.choices.queryset[:PLAIN_LIMIT + 1])
        if len(rows) <= PLAIN_LIMIT:
            return self._plain(field, rows, name, value, attrs, renderer)
        # The project's templates (templates/office/widgets/), not the form renderer's.
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))  # noqa: S308

    def _plain(self, field, rows, name, value, attrs, renderer):
        """The classic control over the rows already read (no second query)."""
        attrs = dict(attrs or {})
        choices = [(str(row.pk), field.label_from_instance(row)) for row in rows]
        if self.multiple:
            attrs.pop("class", None)  # checkboxes are styled as a whole (sanban.css)
            plain = forms.CheckboxSelectMultiple(attrs=self.attrs)
        else:
            attrs["class"] = attrs.get("class", "").replace("form-control", "form-select")
            plain = forms.Select(attrs=self.attrs)
            if field.empty_label is not None:
                choices.insert(0, ("", field.empty_label))
        plain.choices = choices
        return plain.render(name, self._values(value) if self.multiple else (self._values(value) or [""])[0],
                            attrs, renderer)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        field = self.choices.field
        chosen = [v for v in self._values(value) if v.isdigit()]
        chips = [(str(row.pk), field.label_from_instance(row))
                 for row in self.choices.queryset.filter(pk__in=chosen)] if chosen else []
        widget = context["widget"]
        widget_id = widget["attrs"].get("id") or f"id_{name}"
        widget.update(
            chips=chips, multiple=self.multiple, results_id=f"{widget_id}_matches",
            url=reverse("office:picker", args=[self.source]) + "?" + urlencode({**self.params, "name": name}),
        )
        return context


class PickerSearchView(BusinessOnlyMixin, View):
    """GET ``/pick/<source>/?q=…&…`` → at most :data:`RESULT_LIMIT` matches, as a list of buttons (htmx)."""

    def get(self, request, name: str):
        found = source(name)
        term = request.GET.get("q", "").strip()[:TERM_LIMIT]
        rows = found.queryset(request.user, request.GET)
        if term:
            rows = matches(rows, found.search, term)
        rows = list(rows[:RESULT_LIMIT + 1])
        html = render_to_string("office/widgets/_picker_matches.html", {
            "matches": [(str(row.pk), found.label(row)) for row in rows[:RESULT_LIMIT]],
            "more": len(rows) > RESULT_LIMIT,
            "term": term,
            "empty": _("没有找到“%(term)s”。") % {"term": term} if term else _("没有可选的对象。"),
        })
        return HttpResponse(html)
