"""What every workflow step does first and last, for any model with ``state`` and ``state_since``.

``begin`` locks the object's row, checks the transition table for its state and the
policy for the person (out of scope: 404, not a hint at its state); ``finish`` records
the step with its opinion, moves the state, saves with ``update_fields``, versions the
row under the step's name and writes the audit row (no business text in it).

Two people may stand behind a step:

- 代录 (``on_behalf_of``): a 秘书 records a leader's 批示 or approval given on paper.
  The policy is asked about the leader for the action and about the 秘书 for seeing it.
- 委托 (``delegated_from``): the delegate acts while a delegation runs. The policy is
  asked about the delegate for seeing it and, for the action, about him or a person
  who delegated to him.

Both names are kept on the step record and in the audit row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from office.audit import audit_denial, audit_record
from office.choices import Role
from office.permissions import VIEW, policy_for, require
from office.workflow.choices import Duty
from office.workflow.duties import holds_duty
from office.workflow.table import Table


def actor_title(user) -> str:
    """办公室主任, 政策法规处处长, 副局长 — the unit only where the title does not say it."""
    title = user.display_title
    if user.role == Role.LEADER or not user.unit_id:
        return title
    unit = user.unit.display_name
    return title if title.startswith(unit) else f"{unit}{title}"


def state_refusal(obj: models.Model, label: Any) -> ValidationError:
    return ValidationError(
        _("该%(kind)s当前状态为“%(state)s”，不能办理“%(action)s”。")
        % {"kind": obj._meta.verbose_name, "state": obj.get_state_display(), "action": label}
    )


#: Every step engine made (each writes ``<audit_prefix>.<action>`` codes to the audit log).
ALL_STEPS: list[Steps] = []


@dataclass(frozen=True)
class Steps:
    """The step engine of one model. ``step_model`` subclasses ``StepRecordBase``."""

    model: type[models.Model]
    step_model: type[models.Model]
    table: Table
    #: The audit action's prefix: "incoming" → "incoming.sign".
    audit_prefix: str
    #: Joined when locking (the row lock stays on the object's own row).
    related: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        ALL_STEPS.append(self)

    def lock(self, obj: models.Model) -> Any:
        return self.model.objects.select_for_update(of=("self",)).select_related(*self.related).get(pk=obj.pk)

    def begin(self, actor, obj, action: str, request=None, *, on_behalf_of=None) -> Any:
        """Lock, check the policy and the table; return the locked row."""
        locked = self.lock(obj)
        transition = self.table.get(action)
        if locked.state not in transition.sources:
            require(actor, VIEW, locked, request=request)
            raise state_refusal(locked, transition.label)
        self.authorize(actor, action, locked, request=request, on_behalf_of=on_behalf_of)
        # Whatever the step saves before finish() is versioned under its name too.
        locked._change_reason, locked._history_user = str(transition.label), actor
        return locked

    def authorize(self, actor, action: str, obj, *, request=None, on_behalf_of=None) -> None:
        """The policy: the actor sees it; he (or whom he records for / stands in for) may act."""
        if on_behalf_of is None:
            require(actor, VIEW, obj, request=request)
            policy = policy_for(self.model)
            if policy.can_act(actor, action, obj):
                return
            from office.workflow.delegation import delegators_now

            if any(policy.can_act(d, action, obj) for d in delegators_now(actor)):
                return
            require(actor, action, obj, request=request)  # refuses, audited
            return
        if not holds_duty(actor, Duty.SECRETARY):
            audit_denial(actor=actor, obj=obj, detail={"action": action, "reason": "proxy"}, request=request)
            raise PermissionDenied(_("只有办公室秘书可以代录领导意见。"))
        if on_behalf_of.role != Role.LEADER:
            raise ValidationError({"on_behalf_of": _("只能代录局领导的意见。")})
        require(actor, VIEW, obj, request=request)
        require(on_behalf_of, action, obj, request=request)

    def finish(
        self, actor, obj, action: str, *, text: str = "", fields: Iterable[str] = (), target: str | None = None,
        request=None, detail: dict | None = None, on_behalf_of=None, delegated_from=None,
    ) -> Any:
        """Record the step, move the state, save, history, audit."""
        transition = self.table.get(action)
        new_state = target or transition.target or obj.state
        update = set(fields)
        if new_state != obj.state:
            obj.state, obj.state_since = new_state, timezone.now()
            update |= {"state", "state_since"}
        reason = str(transition.label)
        if on_behalf_of is not None:
            reason = _("%(action)s（%(clerk)s代录）") % {"action": reason, "clerk": actor.full_name}
        obj._change_reason, obj._history_user = reason, actor
        if update:
            obj.save(update_fields=sorted(update))
        step = self.step_model.objects.create(
            **{self.step_model.subject_field: obj}, action=action, actor=actor, actor_title=actor_title(actor),
            on_behalf_of=on_behalf_of, delegated_from=delegated_from, text=text, state_after=obj.state,
        )
        names = {}
        if on_behalf_of is not None:
            names["on_behalf_of"] = on_behalf_of.pk
        if delegated_from is not None:
            names["delegated_from"] = delegated_from.pk
        audit_record(
            actor=actor, action=f"{self.audit_prefix}.{action}", obj=obj, detail={**(detail or {}), **names},
            request=request,
        )
        return step
