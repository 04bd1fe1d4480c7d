"""One chain per matter: from any object, every object linked to it across the apps and every
step taken on them, as one timeline (来文 → 批示 → 督办 → 进展 → 延期 → 办结 → 答复 → 归档;
议题 → 上会 → 议定事项 → 督办 → 销号; 信息 → 采用 → 专报 → 批示 → 督办 → 销号).

``office`` imports no app: each app says in its ``chain.py`` (discovered at start-up, as
``dashboard.py`` is) how its objects appear — their kind, number and title, which objects of
the same app belong to the same matter (a 议定事项's 议题 and meeting), and any events of its
own beside the step records — with :func:`register`. The objects of different apps are
joined by the core's links (:mod:`office.links`); the steps are read from each model's step
records (:class:`office.models.StepRecordBase`), found by their foreign key to it.

Only what the viewer may see appears: each hop keeps only the objects the policy lets him
see (:func:`office.permissions.visible_targets`) and goes on from those alone, so an object
he may not see — and whatever lies only behind it — is not hinted at. The queries are one
per hop and one per kind of object and of step record, never one per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q
from django.http import Http404
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from office.classification import level_of
from office.models import Link, StepRecordBase
from office.permissions import refuse_404, visible_targets

#: How far from the first object the chain reaches, and how many objects it holds at most.
MAX_HOPS = 6
MAX_NODES = 200

Key = tuple[int, str]


@dataclass(frozen=True)
class Event:
    """One step on one object of the chain."""

    at: dt.datetime
    node: Node
    label: str
    actor: str = ""
    text: str = ""
    state: str = ""


@dataclass(frozen=True)
class Kind:
    """How one model's objects appear in a chain (registered by its app)."""

    model: type[Model]
    label: str
    #: The object's number as the office writes it (收文编号, 文号, 督办编号 …).
    number: Callable[[Any], str] = lambda obj: ""
    title: Callable[[Any], str] = str
    #: Objects of the same app that belong to the same matter: ids of this model → (model, pk).
    related: Callable[[list[str]], Iterable[tuple[type[Model], Any]]] | None = None
    #: Events of the app's own beside the step records: objects of this model → events' fields.
    events: Callable[[list[Any]], Iterable[dict]] | None = None
    select_related: tuple[str, ...] = ()
    #: Its page, when it is not the model's ``get_absolute_url`` (a 议定事项: its meeting's 纪要).
    url: Callable[[Any], str] | None = None
    #: Where it stands among the kinds of a chain (来文 before 督办 before 归档).
    order: int = 100


_kinds: dict[type[Model], Kind] = {}


def register(kind: Kind) -> Kind:
    _kinds[kind.model._meta.concrete_model] = kind
    return kind


def kind_for(model: type[Model]) -> Kind | None:
    return _kinds.get(model._meta.concrete_model)


def autodiscover() -> None:
    autodiscover_modules("chain")


@cache
def _step_models(model: type[Model]) -> tuple[tuple[type[StepRecordBase], str], ...]:
    """The step-record models whose subject is ``model``, with the name of their foreign key."""
    found = []
    for candidate in apps.get_models():
        if issubclass(candidate, StepRecordBase) and candidate.subject_field:
            subject = candidate._meta.get_field(candidate.subject_field).related_model
            if subject._meta.concrete_model is model:
                found.append((candidate, candidate.subject_field))
    return tuple(found)


@dataclass
class Node:
    """One object of the chain."""

    key: Key
    kind: Kind
    obj: Any
    start: bool = False

    @property
    def label(self) -> str:
        return _(self.kind.label)

    @property
    def number(self) -> str:
        return self.kind.number(self.obj) or ""

    @property
    def title(self) -> str:
        return self.kind.title(self.obj)

    @property
    def url(self) -> str:
        if self.kind.url is not None:
            return self.kind.url(self.obj)
        getter = getattr(self.obj, "get_absolute_url", None)
        return getter() if getter else ""

    @property
    def state(self) -> str:
        getter = getattr(self.obj, "get_state_display", None)
        return str(getter()) if getter else ""

    @property
    def secret_level(self) -> int:
        return level_of(self.obj)

    def __hash__(self) -> int:
        return hash(self.key)


@dataclass
class Chain:
    start: Node
    nodes: list[Node] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def level(self) -> int:
        return max((node.secret_level for node in self.nodes), default=0)


def _grouped(keys: Iterable[Key]) -> dict[int, list[str]]:
    by_type: dict[int, list[str]] = {}
    for type_id, object_id in keys:
        by_type.setdefault(type_id, []).append(object_id)
    return by_type


def _registered(type_id: int) -> Kind | None:
    model = ContentType.objects.get_for_id(type_id).model_class()
    return kind_for(model) if model is not None else None


def _neighbours(frontier: set[Key]) -> set[Key]:
    """Every object one step from ``frontier``: the core's links both ways, and what each app
    names as the same matter. One query for the links, one per kind that names related objects."""
    found: set[Key] = set()
    condition = Q()
    for type_id, ids in _grouped(frontier).items():
        condition |= Q(source_type_id=type_id, source_id__in=ids) | Q(target_type_id=type_id, target_id__in=ids)
    for row in Link.objects.filter(condition).values_list("source_type_id", "source_id", "target_type_id", "target_id"):
        found.add((row[0], str(row[1])))
        found.add((row[2], str(row[3])))
    for type_id, ids in _grouped(frontier).items():
        kind = _registered(type_id)
        if kind is None or kind.related is None:
            continue
        for model, pk in kind.related(ids):
            if pk is not None:
                found.add((ContentType.objects.get_for_model(model, for_concrete_model=True).pk, str(pk)))
    return found


def chain_keys(*, user, start: Key) -> list[Key]:
    """The objects of the matter ``start`` belongs to that ``user`` may see, nearest first."""
    if start not in visible_targets(user, {start}):
        refuse_404(user, action="chain.view")
    order = [start]
    seen = {start}
    frontier = {start}
    for _hop in range(MAX_HOPS):
        fresh = {key for key in _neighbours(frontier) - seen if _registered(key[0]) is not None}
        if not fresh:
            break
        shown = visible_targets(user, fresh)
        seen |= fresh  # an object he may not see is not looked at again (nor past it)
        frontier = shown
        order.extend(sorted(shown))
        if not frontier or len(order) >= MAX_NODES:
            break
    return order[:MAX_NODES]


def _load(keys: list[Key]) -> dict[Key, Node]:
    nodes: dict[Key, Node] = {}
    for type_id, ids in _grouped(keys).items():
        kind = _registered(type_id)
        rows = kind.model._default_manager.filter(pk__in=ids)
        if kind.select_related:
            rows = rows.select_related(*kind.select_related)
        for obj in rows:
            key = (type_id, str(obj.pk))
            nodes[key] = Node(key=key, kind=kind, obj=obj)
    return nodes


def _person(user, on_behalf_of=None, delegated_from=None) -> str:
    name = user.full_name if user is not None else ""
    if on_behalf_of is not None:
        name = _("%(clerk)s（代%(leader)s录入）") % {"clerk": name, "leader": on_behalf_of.full_name}
    if delegated_from is not None:
        name = _("%(delegate)s（受%(from)s委托）") % {"delegate": name, "from": delegated_from.full_name}
    return name


def _events(nodes: list[Node]) -> list[Event]:
    events: list[Event] = []
    by_kind: dict[type[Model], list[Node]] = {}
    for node in nodes:
        by_kind.setdefault(node.kind.model, []).append(node)
    for model, group in by_kind.items():
        by_pk = {node.obj.pk: node for node in group}
        for step_model, subject in _step_models(model._meta.concrete_model):
            steps = step_model.objects.filter(**{f"{subject}__in": list(by_pk)}).select_related(
                "actor", "on_behalf_of", "delegated_from")
            for step in steps:
                events.append(Event(
                    at=step.at, node=by_pk[getattr(step, f"{subject}_id")], label=str(step.action_label),
                    actor=_person(step.actor, step.on_behalf_of, step.delegated_from), text=step.text,
                    state=step.state_after_label,
                ))
        kind = group[0].kind
        if kind.events is not None:
            for row in kind.events([node.obj for node in group]):
                obj = row.pop("obj")
                events.append(Event(node=by_pk[obj.pk], **row))
    events.sort(key=lambda event: (event.at, event.node.kind.order))
    return events


def chain_build(*, user, model: type[Model], pk: Any) -> Chain:
    """The chain of the object ``model`` #``pk`` as ``user`` may see it (404 if he may not see it)."""
    if kind_for(model) is None:
        raise Http404
    start = (ContentType.objects.get_for_model(model, for_concrete_model=True).pk, str(pk))
    keys = chain_keys(user=user, start=start)
    loaded = _load(keys)
    if start not in loaded:
        raise Http404
    loaded[start].start = True
    nodes = [loaded[key] for key in keys if key in loaded]
    nodes.sort(key=lambda node: (node.kind.order, not node.start))
    return Chain(start=loaded[start], nodes=nodes, events=_events(nodes))


def model_for_label(label: str) -> type[Model]:
    """``documents.incomingdocument`` → the model, if it appears in chains (else 404)."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    if kind_for(model) is None:
        raise Http404
    return model


def chain_url(obj: Model) -> str:
    """The chain page of ``obj`` (the 链路 link of its detail page)."""
    from django.urls import reverse

    return reverse("office:chain", args=[obj._meta.label_lower, obj.pk])
