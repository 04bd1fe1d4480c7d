from supervision.models.items import (
    ItemGroupObjectPermission,
    ItemPart,
    ItemStep,
    ItemUserObjectPermission,
    Milestone,
    SupervisedItem,
)
from supervision.models.plans import Bulletin, Finding, Inspection, KeyTask, PlanImport, WorkPlan
from supervision.models.work import Evaluation, Extension, Instruction, ItemUrge, ProgressReport, SupervisionFile

__all__ = [
    "Bulletin", "Evaluation", "Extension", "Finding", "Inspection", "Instruction", "ItemGroupObjectPermission",
    "ItemPart", "ItemStep", "ItemUrge", "ItemUserObjectPermission", "KeyTask", "Milestone", "PlanImport", "ProgressReport",
    "SupervisedItem", "SupervisionFile", "WorkPlan",
]
