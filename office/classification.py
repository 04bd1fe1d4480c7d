"""密级 of what leaves the system, and of what is made from other objects.

Two rules (design.md, "Notifications" and "Links and events between apps"):

- Nothing above 内部 leaves the system in clear text: an e-mail about a classified
  object names no title, and every export says the 密级 of what it holds.
- An object made from others takes the highest 密级 of its sources, unless the office
  sets it explicitly (the only way to lower it).

Everything here reads an object's 密级 through its model's policy
(``policy_for(model).clearance_field``), so an app gets the rules by registering its
policy, with no code of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Max, Model, QuerySet
from django.utils.translation import gettext as _

from office.choices import Clearance
from office.permissions import policy_for

#: Levels that may leave the system in clear text (e-mail subjects and bodies, file names).
PLAIN_MAX = Clearance.INTERNAL


def clearance_field(model: type[Model]) -> str | None:
    """The field holding a model's 密级, from its policy (None: the model has none)."""
    try:
        return policy_for(model).clearance_field
    except LookupError:  # a model outside the policy: its own 密级 field, if it has one
        return "secret_level" if any(f.name == "secret_level" for f in model._meta.get_fields()) else None


def level_of(source: Any) -> int:
    """The 密级 of an object (or a level given as a number); 公开 for objects without one."""
    if source is None:
        return Clearance.PUBLIC
    if isinstance(source, int):
        return int(source)
    name = clearance_field(type(source))
    return int(getattr(source, name) or Clearance.PUBLIC) if name else Clearance.PUBLIC


def highest_level(*sources: Any) -> int:
    """The highest 密级 among objects and levels (公开 when there are none)."""
    return max((level_of(s) for s in sources), default=Clearance.PUBLIC)


def derived_level(*sources: Any, explicit: int | None = None) -> int:
    """The 密级 of an object made from ``sources``: the highest of theirs.

    ``explicit``: what the office set by hand. It wins either way; it is the only way to
    lower a derived 密级, and callers record who set it.
    """
    if explicit is not None:
        if explicit not in Clearance.values:
            raise ValidationError({"secret_level": _("请选择正确的密级。")})
        return int(explicit)
    return highest_level(*sources)


def is_classified(level: int | None) -> bool:
    """Above 内部: may not leave the system in clear text."""
    return level is None or level > PLAIN_MAX


def target_levels(keys: Iterable[tuple[int, str]]) -> dict[tuple[int, str], int | None]:
    """The 密级 of objects named by (content type id, object id): one query per content type.

    A target that is gone or of an unknown model maps to None (treat it as classified).
    """
    by_type: dict[int, set[str]] = {}
    for type_id, object_id in keys:
        by_type.setdefault(type_id, set()).add(str(object_id))
    levels: dict[tuple[int, str], int | None] = {}
    for type_id, ids in by_type.items():
        for object_id in ids:
            levels[(type_id, object_id)] = None
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        name = clearance_field(model)
        try:
            if name is None:
                found = ((pk, Clearance.PUBLIC) for pk in model._default_manager.filter(pk__in=list(ids)).values_list("pk", flat=True))
            else:
                found = model._default_manager.filter(pk__in=list(ids)).values_list("pk", name)
            for pk, level in found:
                levels[(type_id, str(pk))] = int(level or Clearance.PUBLIC)
        except (ValueError, TypeError, ValidationError):
            continue
    return levels


# --- exports ------------------------------------------------------------------------


def highest_level_in(rows: QuerySet) -> int:
    """The highest 密级 among the rows an export holds: one aggregate query."""
    name = clearance_field(rows.model)
    if name is None:
        return Clearance.PUBLIC
    return int(rows.aggregate(level=Max(name))["level"] or Clearance.PUBLIC)


def marking(level: int) -> str:
    """The header line every export carries, e.g. "密级：秘密"."""
    return _("密级：%(level)s") % {"level": Clearance(level).label}


def export_filename(name: str, level: int) -> str:
    """A file name that says its 密级 when it is classified: "【秘密】收文处理笺-2026-0015.pdf"."""
    if level > PLAIN_MAX:
        return f"【{Clearance(level).label}】{name}"
    return name
