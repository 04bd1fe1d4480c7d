"""Statuses and kinds of the workflow core."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Duty(models.TextChoices):
    """What an office member does in the office: a step addressed to the office goes to its holders."""

    CLERK = "clerk", _("文书")
    SECRETARY = "secretary", _("秘书")
    SUPERVISOR = "supervisor", _("督查员")
    DIRECTOR = "director", _("主任")


class AssigneeKind(models.TextChoices):
    PERSON = "person", _("个人")
    DUTY = "duty", _("办公室岗位")
    UNIT = "unit", _("单位")


class Post(models.TextChoices):
    """How a person was found for a step, so a vacant post can be filled again."""

    PERSON = "person", _("指定人员")
    HEAD = "head", _("部门负责人")
    IN_CHARGE = "in_charge", _("分管领导")
    PRINCIPAL = "principal", _("主要负责人")
    DUTY = "duty", _("办公室岗位")


class Mode(models.TextChoices):
    SEQUENTIAL = "sequential", _("依次办理")
    ALL = "all", _("全部办理")
    ANY = "any", _("任一办理")


class AssignmentState(models.TextChoices):
    WAITING = "waiting", _("未到")
    OPEN = "open", _("待办")
    DONE = "done", _("已办")
    SKIPPED = "skipped", _("无需办理")
    CANCELLED = "cancelled", _("已取消")


class Outcome(models.TextChoices):
    NONE = "", _("—")
    APPROVED = "approved", _("同意")
    RETURNED = "returned", _("退回")
