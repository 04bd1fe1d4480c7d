"""用印: the seal, the matter, the copies; approvers by seal (rule ``tasks.seal.<code>``, else
``tasks.seal``); stamped by the office — each use a line of the 用印登记簿."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from office import links
from office.models import User
from office.permissions import has_capability, refuse_404
from office.workflow.assignments import rows_for
from office.workflow.choices import AssignmentState
from tasks.choices import Kind
from tasks.models import AffairRequest, Seal, SealUse
from tasks.permissions import APPROVE
from tasks.requests import services as engine
from tasks.requests.kinds import KindHooks, register_kind

#: Copies a single use may name (beyond: a typo).
MAX_COPIES = 500


@dataclass(frozen=True)
class SealData:
    title: str
    seal: Seal
    matter: str
    document_ref: str
    copies: int


def _check(data: SealData) -> None:
    if not data.seal.is_active:
        raise ValidationError({"seal": _("该印章已停用。")})
    if not 1 <= data.copies <= MAX_COPIES:
        raise ValidationError({"copies": _("用印份数应在 1 至 %(max)s 之间。") % {"max": MAX_COPIES}})


FIELDS = ("seal", "matter", "document_ref", "copies")


@transaction.atomic
def seal_use_create(*, actor: User, data: SealData, source=None, http_request=None) -> AffairRequest:
    """A 用印 request; with ``source`` (a 发文 at 印发, read through documents' selectors) it takes the
    document's 密级 and the document —seal→ request core link (the 发文's page shows it)."""
    _check(data)
    level = int(getattr(source, "secret_level", 0) or 0)
    obj = engine.request_create(actor=actor, kind=Kind.SEAL, title=data.title, secret_level=level)
    use = SealUse(request=obj, **{f: getattr(data, f) for f in FIELDS})
    use.full_clean()
    use._change_reason, use._history_user = _("新建申请"), actor
    use.save()
    if source is not None:
        links.link_create(actor=actor, source=source, target=obj, kind=links.LinkKind.SEAL, state=obj.state)
    return obj


@transaction.atomic
def seal_use_edit(*, actor: User, request_obj: AffairRequest, data: SealData, http_request=None) -> AffairRequest:
    return engine.kind_edit(actor=actor, request_obj=request_obj, data=data, model=SealUse, fields=FIELDS,
                            check=_check, http_request=http_request)


def _last_approver(locked: AffairRequest) -> User | None:
    row = (
        rows_for(locked, APPROVE)
        .filter(state=AssignmentState.DONE)
        .select_related("acted_by", "on_behalf_of")
        .order_by("-round", "-order")
        .first()
    )
    return (row.on_behalf_of or row.acted_by) if row else None


@transaction.atomic
def seal_stamp(*, actor: User, request_obj: AffairRequest, http_request=None) -> AffairRequest:
    """用印登记: the office stamps what was approved; the ledger line gets date, approver and stamper."""
    locked = engine.STEPS.begin(actor, request_obj, "stamp", http_request)
    use = SealUse.objects.select_for_update().get(request=locked)
    use.stamped_at, use.stamped_by, use.approver = timezone.now(), actor, _last_approver(locked)
    use._change_reason, use._history_user = _("用印登记"), actor
    use.save(update_fields=["stamped_at", "stamped_by", "approver"])
    engine.step_done(
        locked,
        actor,
        "stamp",
        text=_("%(seal)s %(copies)s 份") % {"seal": use.seal.name, "copies": use.copies},
        http_request=http_request,
    )
    links.link_update_target(target=locked, state=locked.state, due_on=None)
    return locked


def ledger(*, user, year: int | None = None, seal: Seal | None = None) -> QuerySet:
    """用印登记簿: every use stamped, newest first (the office's: others get a 404)."""
    if not has_capability(user, "tasks.office"):
        refuse_404(user, action="tasks.office")
    rows = SealUse.objects.filter(stamped_at__isnull=False).select_related(
        "request", "request__unit", "request__requester", "seal", "approver", "stamped_by"
    )
    if year:
        rows = rows.filter(stamped_at__year=year)
    if seal is not None:
        rows = rows.filter(seal=seal)
    return rows.order_by("-stamped_at", "-id")


def seal_rule_kind(locked: AffairRequest) -> str:
    return f"tasks.seal.{locked.seal_use.seal.code}"


register_kind(Kind.SEAL, KindHooks(rule_kind=seal_rule_kind))


def default_seal() -> Seal | None:
    """The seal a 发文 is stamped with unless the office picks another: the first active one (行政公章)."""
    return Seal.objects.filter(is_active=True).order_by("sort_order", "id").first()
