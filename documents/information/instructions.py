"""领导批示 on a 政务信息 item: fed back to its department; 转督办 through the core's event.

``documents`` never imports ``supervision``: it fires ``instruction.supervise`` and the
supervision app opens the item (source: the information item), once per source.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.information import scoring
from documents.information.services import STEPS, _tell_department
from documents.models import InformationInstruction, InformationIssue, InformationItem
from office import events, org
from office.audit import audit_record
from office.models import User
from office.permissions import require


def _supervise(instruction: InformationInstruction, item: InformationItem, actor: User) -> None:
    events.fire(
        "instruction.supervise",
        source=item,
        leader=instruction.leader,
        actor=actor,
        text=instruction.text,
        units=[item.unit],
        due=None,
    )


@transaction.atomic
def instruction_give(
    *,
    actor: User,
    item: InformationItem,
    text: str,
    supervise: bool = False,
    request=None,
) -> InformationInstruction:
    """A leader's 批示 on an item sent to him (non-leaders are refused by the table)."""
    locked = STEPS.begin(actor, item, "instruct", request)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("请填写批示内容。")})
    issue = InformationIssue.objects.filter(entries__item=locked, readers__leader=actor).order_by("-sent_at").first()
    instruction = InformationInstruction.objects.create(
        item=locked, issue=issue, leader=actor, text=text, supervise=supervise
    )
    STEPS.finish(
        actor,
        locked,
        "instruct",
        text=text,
        request=request,
        detail={"instruction": instruction.pk, "supervise": supervise},
    )
    scoring.score_record(item=locked, outcome="instruction", on=timezone.localdate(), ref=f"i{instruction.pk}")
    head = org.unit_head(locked.unit_id)
    _tell_department(locked, _("%(leader)s对信息作出批示") % {"leader": actor.full_name}, text, also=head)
    if supervise:
        _supervise(instruction, locked, actor)
    return instruction


@transaction.atomic
def instruction_supervise(*, actor: User, instruction: InformationInstruction, request=None) -> InformationInstruction:
    """转督办 by the office for a 批示 the leader did not mark so."""
    require(actor, "documents.info_manage", request=request)
    locked = InformationInstruction.objects.select_for_update().select_related("item", "leader").get(pk=instruction.pk)
    require(actor, "view", locked.item, request=request)
    if locked.supervise:
        raise ValidationError(_("该批示已转督办。"))
    locked.supervise = True
    locked.save(update_fields=["supervise"])
    audit_record(
        actor=actor, action="information.supervise", obj=locked.item, detail={"instruction": locked.pk}, request=request
    )
    _supervise(locked, locked.item, actor)
    return locked
