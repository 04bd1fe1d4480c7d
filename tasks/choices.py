"""Kinds and states of 办事 requests."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    RECEPTION = "reception", _("公务接待")
    EXPENSE = "expense", _("财务支出")
    SEAL = "seal", _("用印")
    LOAN = "loan", _("档案借阅")
    VEHICLE = "vehicle", _("用车")


#: The word of each kind's number: 接待〔2026〕3号 (one sequence per kind and year, office.serials).
SERIAL_WORD = {Kind.RECEPTION: "接待", Kind.EXPENSE: "支出", Kind.SEAL: "用印", Kind.LOAN: "借阅", Kind.VEHICLE: "用车"}


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING = "pending", _("审批中")
    RETURNED = "returned", _("已退回")
    WITHDRAWN = "withdrawn", _("已撤回")
    APPROVED = "approved", _("已批准")
    LENT = "lent", _("借出中")
    DISPATCHED = "dispatched", _("已派车")
    DONE = "done", _("已办结")


#: States in which the requester may still edit and (re)submit.
EDITABLE_STATES = (State.DRAFT, State.RETURNED, State.WITHDRAWN)
OPEN_STATES = (State.DRAFT, State.PENDING, State.RETURNED, State.WITHDRAWN, State.APPROVED, State.LENT, State.DISPATCHED)


class FileCategory(models.TextChoices):
    LETTER = "letter", _("公函")
    INVOICE = "invoice", _("发票")
    OTHER = "other", _("其他材料")


class PayMethod(models.TextChoices):
    """公务接待 and 支出 are paid by 公务卡 or bank transfer, never in cash (no cash choice exists)."""

    CARD = "card", _("公务卡")
    TRANSFER = "transfer", _("银行转账")


class LineCategory(models.TextChoices):
    """A line of the 接待清单. There is no line for 香烟 or 高档酒水 (and names naming them are refused)."""

    MEAL = "meal", _("工作餐")
    VENUE = "venue", _("场地")
    TRANSPORT = "transport", _("交通")
    MATERIALS = "materials", _("资料")
    OTHER = "other", _("其他")


class LoanForm(models.TextChoices):
    ORIGINAL = "original", _("原件")
    COPY = "copy", _("复制件")


class VehicleKind(models.TextChoices):
    SEDAN = "sedan", _("轿车")
    MPV = "mpv", _("商务车")
    SUV = "suv", _("越野车")
    BUS = "bus", _("中型客车")


class VehicleState(models.TextChoices):
    """Only a vehicle 在用 can be dispatched; 维修 and 停用 ones are named when chosen."""

    IN_SERVICE = "in_service", _("在用")
    REPAIR = "repair", _("维修中")
    RETIRED = "retired", _("停用")
