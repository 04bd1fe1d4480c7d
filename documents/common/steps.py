"""办文's steps on the workflow core (:class:`office.workflow.engine.Steps`).

What stays here is document-shaped: the refusal for a wrong state says "该文件…", and
each flow's steps are found by its document model (``steps_for``: 附件 serves both
flows without importing them). 发文 imports ``Steps`` and ``actor_title`` from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from office.permissions import VIEW, require
from office.workflow import engine
from office.workflow.engine import actor_title

__all__ = ["Steps", "actor_title", "steps_for"]

#: Each flow's steps by its document model, filled as the flows' services are imported
#: (``DocumentsConfig.ready`` imports them).
_BY_MODEL: dict[type[models.Model], Steps] = {}


def steps_for(document: models.Model) -> Steps:
    """The steps of the flow ``document`` belongs to."""
    return _BY_MODEL[type(document)]


@dataclass(frozen=True)
class Steps(engine.Steps):
    def __post_init__(self) -> None:
        super().__post_init__()
        _BY_MODEL[self.model] = self

    def begin(self, actor, document, action: str, request=None, *, on_behalf_of=None) -> Any:
        """Lock, check the table (a document's wording) and the policy; return the locked row."""
        locked = self.lock(document)
        transition = self.table.get(action)
        if locked.state not in transition.sources:
            require(actor, VIEW, locked, request=request)
            raise ValidationError(
                _("该文件当前状态为“%(state)s”，不能办理“%(action)s”。")
                % {"state": locked.get_state_display(), "action": transition.label}
            )
        self.authorize(actor, action, locked, request=request, on_behalf_of=on_behalf_of)
        locked._change_reason, locked._history_user = str(transition.label), actor
        return locked
