"""Who sees the work plan, the inspections and the bulletins (design.md: the office runs them).

- the plan and its key tasks: every business user (the items under them go through the item policy);
- inspections and their findings: the office (clearance first); others 404;
- bulletins: the office; they reach everyone else as the 发文 they become.
"""

from __future__ import annotations

from django.db.models import Q

from office import permissions
from office.choices import Role
from office.permissions import EVERYTHING, NOTHING, ObjectPolicy

#: Plans, inspections and bulletins are the office's to manage (its 督查员).
MANAGE = "supervision.manage"


class BusinessPolicy(ObjectPolicy):
    """Not secret: every business user sees it."""

    def scope(self, user, model):
        return EVERYTHING


class OfficePolicy(ObjectPolicy):
    def __init__(self, clearance_field: str | None = None):
        self.clearance_field = clearance_field

    def scope(self, user, model):
        return EVERYTHING if user.role == Role.OFFICE else NOTHING


class FindingPolicy(ObjectPolicy):
    """A finding is seen with its inspection."""

    def scope(self, user, model):
        from supervision.models import Inspection

        if user.role != Role.OFFICE:
            return NOTHING
        return Q(inspection__in=permissions.restrict(Inspection.objects.all(), user).values("pk"))


class UploaderPolicy(ObjectPolicy):
    """A plan import (the sheet on its way in): its uploader only, while he is office staff."""

    def scope(self, user, model):
        return Q(created_by=user) if user.role == Role.OFFICE else NOTHING


def register() -> None:
    """Called from ``SupervisionConfig.ready``."""
    from supervision.models import Bulletin, Finding, Inspection, KeyTask, PlanImport, WorkPlan

    permissions.register(WorkPlan, BusinessPolicy())
    permissions.register(KeyTask, BusinessPolicy())
    permissions.register(Inspection, OfficePolicy("secret_level"))
    permissions.register(Finding, FindingPolicy())
    permissions.register(Bulletin, OfficePolicy())
    permissions.register(PlanImport, UploaderPolicy())
    permissions.register_capability(MANAGE, {Role.OFFICE})
