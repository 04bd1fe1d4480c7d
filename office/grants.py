"""Object grants (传阅, 会签, 协办 to a person or a unit) as the security administrator reads them.

A grant is a django-guardian row: a permission on one object for one user, or for the
auth group of one unit. The apps keep them in direct-FK tables (one per granted model);
this module finds every such table, names each row in business terms — what kind of grant,
on which type of object and which id, at which 密级, to whom — and revokes one, audited.
It never reads an object's title or text: no administrator reads business content.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from office.audit import audit_record
from office.choices import Clearance
from office.models import OrgUnit, User
from office.permissions import policy_for, require
from office.services import todos_withdraw_unseeable

#: The verb of a permission codename (``view_incomingdocument`` → ``view``) → the business term.
#: A read grant is what 传阅 gives today; an app that grants 会签 or 协办 through guardian
#: under its own codename shows up under that name.
GRANT_KINDS: dict[str, Any] = {
    "view": _("传阅"),
    "circulate": _("传阅"),
    "countersign": _("会签"),
    "assist": _("协办"),
}


def grant_kind(codename: str) -> str:
    verb = codename.split("_", 1)[0]
    return str(GRANT_KINDS.get(verb, codename))


@dataclass(frozen=True)
class GrantSource:
    """One direct-FK grant table: to users or to units (groups), on one model."""

    model: type[models.Model]
    to_unit: bool

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def target(self) -> type[models.Model]:
        return self.model._meta.get_field("content_object").related_model

    @property
    def label(self) -> str:
        grantee = _("单位") if self.to_unit else _("个人")
        return f"{self.target._meta.verbose_name} · {grantee}"


def grant_sources() -> list[GrantSource]:
    """Every direct-FK object-permission table of the installed apps."""
    sources = []
    for model in apps.get_models():
        if model._meta.abstract or model._meta.app_label == "guardian":
            continue
        if issubclass(model, UserObjectPermissionBase):
            sources.append(GrantSource(model, to_unit=False))
        elif issubclass(model, GroupObjectPermissionBase):
            sources.append(GrantSource(model, to_unit=True))
    return sorted(sources, key=lambda source: (source.target._meta.verbose_name, source.to_unit))


def grant_source(key: str) -> GrantSource:
    for source in grant_sources():
        if source.key == key:
            return source
    raise LookupError(key)


def _clearance_field(model: type[models.Model]) -> str | None:
    try:
        return policy_for(model).clearance_field
    except LookupError:
        return None


@dataclass
class GrantRow:
    pk: int
    kind: str
    object_type: str
    object_id: int
    secret_level: str
    grantee: str


def grant_list(*, actor: User, source: GrantSource, object_id: str = "", grantee: str = "") -> models.QuerySet:
    """The grants of one table, newest first, optionally for one object id or one grantee (账号 or 单位)."""
    require(actor, "admin.security")
    rows = source.model.objects.order_by("-pk")
    if object_id:
        rows = rows.filter(content_object_id=object_id) if object_id.isdigit() else rows.none()
    if grantee and source.to_unit:
        rows = rows.filter(group__in=OrgUnit.objects.filter(name__icontains=grantee).values("group"))
    elif grantee:
        rows = rows.filter(models.Q(user__username=grantee) | models.Q(user__full_name=grantee))
    return rows


def grant_rows(*, source: GrantSource, page: list | models.QuerySet) -> list[GrantRow]:
    """One page of grants in business terms: no field of the object but its id and 密级."""
    level_field = _clearance_field(source.target)
    fields = ["pk", "permission__codename", "content_object_id"]
    fields += ["group__org_unit__name", "group__name"] if source.to_unit else ["user__full_name", "user__username"]
    if level_field:
        fields.append(f"content_object__{level_field}")
    pks = [row.pk for row in page]
    values = source.model.objects.filter(pk__in=pks).order_by("-pk").values(*fields)
    levels = dict(Clearance.choices)
    result = []
    for value in values:
        if source.to_unit:
            grantee = value["group__org_unit__name"] or value["group__name"]
        else:
            grantee = f"{value['user__full_name']}（{value['user__username']}）"
        level = value.get(f"content_object__{level_field}") if level_field else None
        result.append(GrantRow(
            pk=value["pk"], kind=grant_kind(value["permission__codename"]),
            object_type=str(source.target._meta.verbose_name), object_id=value["content_object_id"],
            secret_level=str(levels.get(level, "—")), grantee=grantee,
        ))
    return result


@transaction.atomic
def grant_revoke(*, actor: User, source: GrantSource, pk: int, request=None) -> None:
    """Withdraw one grant: the person or unit no longer reads the object through it. Audited."""
    require(actor, "admin.security", request=request)
    grant = source.model.objects.select_for_update().filter(pk=pk).first()
    if grant is None:
        raise ValidationError(_("该授权已不存在（可能已被撤销）。"))
    grantee = {"group": grant.group_id} if source.to_unit else {"user": grant.user_id}
    audit_record(
        actor=actor, action="grant.revoke", obj=source.target(pk=grant.content_object_id), request=request,
        detail={"grant": grant.pk, "permission": grant.permission.codename, **grantee},
    )
    grant.delete()
    # What waits on the grantees about the object and they can no longer open (a 待阅 of the
    # 传阅 just withdrawn) leaves their workbench now, not as a dead link.
    people = [grant.user] if not source.to_unit else User.objects.filter(groups=grant.group_id, is_active=True)
    for person in people:
        todos_withdraw_unseeable(user=person)
