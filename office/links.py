"""Links between objects of different apps: writes and reads.

An app that makes an object from another's — supervision opening an item from a 批示 on
a 收文, a meeting's 议定事项 becoming an item, a 发文 going to 用印, an archive entry
lent — records the link here with :func:`link_create`, and keeps the target's state
and due date current with :func:`link_update_target` whenever they change. A page of
either app then lists the other end with :func:`links_from` / :func:`links_to`, its
state label and its light, without importing the other app.

Reads go through the policy: a link is listed only when the user may see its other end
(one query per content type, never one per row, see
:func:`office.permissions.visible_targets`) — and nothing when they may not see the
end they ask about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from office.audit import audit_denial, audit_record
from office.deadline_schedule import Lights
from office.models import Link, LinkKind, User
from office.permissions import visible_targets
from office.workdays import END_OF_WORKING_DAY

__all__ = ["LinkKind", "link_create", "link_remove", "link_update_target", "links_from", "links_from_each", "links_to"]


def _key(obj: Model) -> tuple[ContentType, str]:
    if obj is None or obj.pk is None:
        raise ValidationError(_("关联的对象尚未保存。"))
    return ContentType.objects.get_for_model(obj, for_concrete_model=True), str(obj.pk)


# --- writes ---------------------------------------------------------------------------


@transaction.atomic
def link_create(
    *,
    actor: User | None,
    source: Model,
    target: Model,
    kind: str,
    state: str = "",
    due_on: dt.date | None = None,
) -> Link:
    """Link ``source`` to ``target``; an existing link of that kind is returned, its state and
    due date brought up to date. With an ``actor``, both ends must be visible to them."""
    source_type, source_id = _key(source)
    target_type, target_id = _key(target)
    if kind not in LinkKind.values:
        raise ValidationError({"kind": _("未知的关联类型：%(kind)s") % {"kind": kind}})
    if (source_type.pk, source_id) == (target_type.pk, target_id):
        raise ValidationError(_("对象不能与自身关联。"))
    if actor is not None:
        wanted = {(source_type.pk, source_id), (target_type.pk, target_id)}
        if visible_targets(actor, wanted) != wanted:
            audit_denial(actor=actor, obj=source, detail={"action": "link", "kind": kind, "reason": "scope"})
            raise Http404
    ends = {"source_type": source_type, "source_id": source_id, "target_type": target_type,
            "target_id": target_id, "kind": kind}
    link = Link.objects.select_for_update().filter(**ends).first()
    if link is not None:
        if (link.state, link.due_on) != (state, due_on):
            link.state, link.due_on = state, due_on
            link.save(update_fields=["state", "due_on", "updated_at"])
        return link
    link = Link(**ends, state=state, due_on=due_on, created_by=actor)
    link.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:  # made at the same moment by another transaction: that one stands
        return Link.objects.get(**ends)
    if actor is not None:
        audit_record(
            actor=actor, action="link.create", obj=link,
            detail={"kind": kind, "source": f"{source._meta.label}:{source_id}",
                    "target": f"{target._meta.label}:{target_id}"},
        )
    return link


@transaction.atomic
def link_update_target(*, target: Model, state: str, due_on: dt.date | None) -> int:
    """The target moved on (new state, new time limit): every link to it shows it. Returns
    how many links changed. Called by the target's own app, inside its transaction."""
    target_type, target_id = _key(target)
    rows = Link.objects.filter(target_type=target_type, target_id=target_id).exclude(state=state, due_on=due_on)
    # Link is not history-tracked: a plain UPDATE is the whole change.
    return rows.update(state=state, due_on=due_on, updated_at=timezone.now())


@transaction.atomic
def link_remove(*, actor: User | None, target: Model, kind: str, source: Model | None = None) -> int:
    """The links of ``kind`` into ``target`` (from ``source`` only, when given) go, audited: e.g. a
    request now cites another decision. Returns how many were removed."""
    target_type, target_id = _key(target)
    rows = Link.objects.filter(target_type=target_type, target_id=target_id, kind=kind)
    if source is not None:
        source_type, source_id = _key(source)
        rows = rows.filter(source_type=source_type, source_id=source_id)
    removed = 0
    for link in rows.select_for_update():
        if actor is not None:
            audit_record(actor=actor, action="link.remove", obj=link, detail={"kind": kind})
        link.delete()
        removed += 1
    return removed


# --- reads ----------------------------------------------------------------------------


def _light(lights: Lights, due_on: dt.date | None) -> str:
    if due_on is None:
        return ""
    return lights(timezone.make_aware(dt.datetime.combine(due_on, END_OF_WORKING_DAY)))


def _visible(user, end: Model, links: list[Link], other: str, objects: bool) -> list[Link]:
    end_type, end_id = _key(end)
    def other_key(row: Link) -> tuple[int, str]:
        return getattr(row, f"{other}_type_id"), getattr(row, f"{other}_id")

    seen = visible_targets(user, {(end_type.pk, end_id)} | {other_key(row) for row in links})
    if (end_type.pk, end_id) not in seen:
        return []
    shown = [row for row in links if other_key(row) in seen]
    if objects and shown:
        prefetch_related_objects(shown, other)  # one query per content type
    lights = Lights() if any(row.due_on for row in shown) else None
    for link in shown:
        link.other = getattr(link, other) if objects else None
        link.light = _light(lights, link.due_on) if lights else ""
    return shown


def links_from(*, user, source: Model, kinds: Iterable[str] | None = None, objects: bool = True) -> list[Link]:
    """Links out of ``source`` whose target ``user`` may see, oldest first.

    Each link carries ``other`` (the target, loaded one query per content type, unless
    ``objects`` is false), ``light`` ("green"/"yellow"/"red", or "" without a due date)
    and ``state_label``.
    """
    source_type, source_id = _key(source)
    rows = Link.objects.filter(source_type=source_type, source_id=source_id)
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    return _visible(user, source, list(rows), "target", objects)


def links_from_each(
    *, user, sources: list[Model], kinds: Iterable[str] | None = None
) -> dict[str, list[Link]]:
    """:func:`links_from` for a page's list of sources of one model at once (a 纪要's decisions): source
    pk (as text) → its links the user may see, each with ``other`` and ``light``. A fixed number of
    queries whatever the number of sources: the links, the policy per content type, the targets."""
    if not sources:
        return {}
    source_type = ContentType.objects.get_for_model(sources[0], for_concrete_model=True)
    rows = Link.objects.filter(source_type=source_type, source_id__in=[str(s.pk) for s in sources])
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    rows = list(rows.order_by("created_at", "id"))
    if not rows:
        return {}
    keys = {(source_type.pk, str(s.pk)) for s in sources} | {(r.target_type_id, r.target_id) for r in rows}
    seen = visible_targets(user, keys)
    shown = [r for r in rows if (source_type.pk, r.source_id) in seen and (r.target_type_id, r.target_id) in seen]
    prefetch_related_objects(shown, "target")
    lights = Lights() if any(r.due_on for r in shown) else None
    found: dict[str, list[Link]] = {}
    for link in shown:
        link.other = link.target
        link.light = _light(lights, link.due_on) if lights else ""
        found.setdefault(link.source_id, []).append(link)
    return found


def links_to(*, user, target: Model, kinds: Iterable[str] | None = None, objects: bool = True) -> list[Link]:
    """Links into ``target`` whose source ``user`` may see, oldest first (as :func:`links_from`)."""
    target_type, target_id = _key(target)
    rows = Link.objects.filter(target_type=target_type, target_id=target_id)
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    return _visible(user, target, list(rows), "source", objects)
