"""What every workflow step of 办文 does first and last, for 收文 and 发文 alike.

``begin`` locks the document's row, checks the transition table for its state and the
policy for the person (out of scope: 404, not a hint at its state); ``finish`` records
the step with its opinion, moves the state, saves with ``update_fields``, versions the
row under the step's name and writes the audit row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.common.transitions import Table
from office.audit import audit_record
from office.choices import Role
from office.permissions import require


def actor_title(user) -> str:
    """办公室主任, 政策法规处处长, 副局长 — the unit only where the title does not say it."""
    title = user.display_title
    if user.role == Role.LEADER or not user.unit_id:
        return title
    unit = user.unit.display_name
    return title if title.startswith(unit) else f"{unit}{title}"


#: Each flow's steps by its document model, filled as the flows' services are imported
#: (``DocumentsConfig.ready`` imports them): what both flows share (附件) finds a document's
#: steps here without importing the flow.
_BY_MODEL: dict[type[models.Model], Steps] = {}


def steps_for(document: models.Model) -> Steps:
    """The steps of the flow ``document`` belongs to."""
    return _BY_MODEL[type(document)]


@dataclass(frozen=True)
class Steps:
    model: type[models.Model]
    step_model: type[models.Model]
    table: Table
    #: The audit action's prefix: "incoming" → "incoming.sign".
    audit_prefix: str
    #: Joined when locking (the row lock stays on the document's own row).
    related: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _BY_MODEL[self.model] = self

    def begin(self, actor, document, action: str, request=None) -> Any:
        """Lock, check the policy and the table; return the locked row."""
        locked = (
            self.model.objects.select_for_update(of=("self",)).select_related(*self.related).get(pk=document.pk)
        )
        transition = self.table.get(action)
        if locked.state not in transition.sources:
            require(actor, "view", locked, request=request)
            raise ValidationError(
                _("该文件当前状态为“%(state)s”，不能办理“%(action)s”。")
                % {"state": locked.get_state_display(), "action": transition.label}
            )
        require(actor, action, locked, request=request)
        # Whatever the step saves before finish() is versioned under its name too.
        locked._change_reason, locked._history_user = str(transition.label), actor
        return locked

    def finish(
        self, actor, document, action: str, *, text: str = "", fields: Iterable[str] = (), target: str | None = None,
        request=None, detail: dict | None = None,
    ) -> Any:
        """Record the step, move the state, save, history, audit."""
        transition = self.table.get(action)
        new_state = target or transition.target or document.state
        update = set(fields)
        if new_state != document.state:
            document.state, document.state_since = new_state, timezone.now()
            update |= {"state", "state_since"}
        document._change_reason, document._history_user = str(transition.label), actor
        if update:
            document.save(update_fields=sorted(update))
        step = self.step_model.objects.create(
            document=document, action=action, actor=actor, actor_title=actor_title(actor), text=text,
            state_after=document.state,
        )
        audit_record(actor=actor, action=f"{self.audit_prefix}.{action}", obj=document, detail=detail or {},
                     request=request)
        return step
