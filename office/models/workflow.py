"""The workflow core's rows: step records (abstract), assignments, office duties,
delegations (委托) and approval rules."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from office.choices import AssigneeKind, AssignmentState, Duty, Mode, Outcome, Post, Role


class TableOf:
    """``table = TableOf("supervision.items.workflow")`` on a step-record model: that module's
    ``TABLE`` (or another name), read on first use, so a model does not import its workflow module."""

    def __init__(self, module: str, name: str = "TABLE"):
        self.module, self.name = module, name

    def __get__(self, obj, owner=None):
        from importlib import import_module

        return getattr(import_module(self.module), self.name)


class StepRecordBase(models.Model):
    """One step of an object's way, with the opinion given there (who, role, text, when).

    A subclass adds the foreign key to its subject, names it in ``subject_field`` and
    holds its transition table in ``table`` (labels come from there)::

        class RequestStep(StepRecordBase):
            subject_field = "request"
            table = workflow.TABLE
            request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="steps")

    ``actor`` is who took the step; ``on_behalf_of`` the leader whose paper 批示 a 秘书
    recorded (代录); ``delegated_from`` the person who handed the step to the actor (委托).
    """

    action = models.CharField(_("环节"), max_length=30)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("办理人"), on_delete=models.PROTECT, related_name="+")
    actor_title = models.CharField(_("职务"), max_length=100, blank=True)
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("代录对象"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    delegated_from = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("委托人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    state_after = models.CharField(_("办理后状态"), max_length=30)

    #: The name of the foreign key to the subject (e.g. "request").
    subject_field: str = ""
    #: The subject's transition table (an ``office.workflow.table.Table``).
    table = None

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.actor_id}"

    @property
    def action_label(self) -> str:
        return self.table.label(self.action) if self.table is not None else self.action

    @property
    def state_after_label(self) -> str:
        subject = self._meta.get_field(self.subject_field).related_model
        return str(dict(subject._meta.get_field("state").flatchoices).get(self.state_after, self.state_after))


class OfficeDuty(models.Model):
    """An office member's duty (文书, 秘书, 督查员, 主任), set by the security administrator."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="office_duties",
        limit_choices_to={"role": Role.OFFICE},
    )
    duty = models.CharField(_("岗位"), max_length=20, choices=Duty.choices)

    history = HistoricalRecords(verbose_name=_("办公室岗位变更历史"), verbose_name_plural=_("办公室岗位变更历史"))

    class Meta:
        verbose_name = _("办公室岗位")
        verbose_name_plural = _("办公室岗位")
        ordering = ["duty", "user_id"]
        constraints = [models.UniqueConstraint(fields=["user", "duty"], name="officeduty_once_per_user")]
        indexes = [models.Index(fields=["duty", "user"], name="officeduty_duty_idx")]

    def __str__(self) -> str:
        return f"{self.get_duty_display()} {self.user}"

    def clean(self) -> None:
        if self.user_id and self.user.role != Role.OFFICE:
            raise ValidationError({"user": _("办公室岗位只能授予办公室人员。")})


class Delegation(models.Model):
    """委托: a leader or head hands his steps to a named person for a period."""

    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("委托人"), on_delete=models.PROTECT, related_name="delegations_given"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("受托人"), on_delete=models.PROTECT, related_name="delegations_taken"
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    reason = models.CharField(_("事由"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    #: Set when ended early; the routing back then happens at once.
    ended_at = models.DateTimeField(_("提前结束时间"), null=True, blank=True)
    #: Whether the engine has moved open to-dos to the delegate (start) and back (end).
    routed = models.BooleanField(default=False, editable=False)
    returned = models.BooleanField(default=False, editable=False)

    history = HistoricalRecords(verbose_name=_("委托变更历史"), verbose_name_plural=_("委托变更历史"))

    class Meta:
        verbose_name = _("委托")
        verbose_name_plural = _("委托")
        ordering = ["-starts_at", "id"]
        indexes = [models.Index(fields=["from_user", "starts_at", "ends_at"], name="delegation_from_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="delegation_ends_after_start"),
            models.CheckConstraint(condition=~Q(from_user=models.F("to_user")), name="delegation_not_to_self"),
        ]

    def __str__(self) -> str:
        return f"{self.from_user} → {self.to_user}"


class Assignment(models.Model):
    """Who must act on one step of one object: a person, the holders of an office duty, or a unit.

    Rows of one call share a ``round``; rows with the same ``order`` form a parallel group
    (``mode`` all / any), the next ``order`` opens when the group is complete (sequential).
    ``holders`` are the people whose to-do is open for it now (the person, a duty's
    holders, a unit's head — or their delegates).
    """

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=40)
    target = GenericForeignKey("target_type", "target_id")
    #: The step key, e.g. ``incoming.instruct``: the UI labels it (in any language) from here.
    step = models.CharField(_("环节"), max_length=60)
    round = models.PositiveIntegerField(_("轮次"), default=1)
    order = models.PositiveIntegerField(_("顺序"), default=1)
    mode = models.CharField(_("方式"), max_length=12, choices=Mode.choices, default=Mode.SEQUENTIAL)
    kind = models.CharField(_("对象类型"), max_length=10, choices=AssigneeKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("办理人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    duty = models.CharField(_("岗位"), max_length=20, choices=Duty.choices, blank=True)
    unit = models.ForeignKey(
        "office.OrgUnit", verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: How ``user`` was found (for a post that falls vacant) and the unit it was found from.
    post = models.CharField(_("岗位来源"), max_length=12, choices=Post.choices, blank=True)
    post_unit = models.ForeignKey(
        "office.OrgUnit", verbose_name=_("所据单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("状态"), max_length=10, choices=AssignmentState.choices, default=AssignmentState.WAITING)
    holders = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="assignments_held")
    opened_at = models.DateTimeField(_("到达时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("实际办理人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("代录对象"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    delegated_from = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("委托人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices, blank=True)
    text = models.TextField(_("意见"), blank=True)
    # What the to-do shows (title as today, e.g. 【待批示】…; its stage is ``step``).
    todo_title = models.CharField(max_length=200)
    todo_url = models.CharField(max_length=300)
    todo_summary = models.CharField(max_length=300, blank=True)
    todo_due_at = models.DateTimeField(null=True, blank=True)
    todo_urgent = models.BooleanField(default=False)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The approval rule a chain came from (None outside chains).
    rule = models.ForeignKey(
        "office.ApprovalRule", verbose_name=_("审批规则"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("办理分派")
        verbose_name_plural = _("办理分派")
        ordering = ["round", "order", "id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "step", "state"], name="assignment_target_idx"),
            models.Index(fields=["kind", "duty", "state"], name="assignment_duty_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=AssigneeKind.PERSON, user__isnull=False)
                | Q(kind=AssigneeKind.DUTY) & ~Q(duty="")
                | Q(kind=AssigneeKind.UNIT, unit__isnull=False),
                name="assignment_names_its_assignee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step} #{self.order} {self.get_state_display()}"

    @property
    def assignee_label(self) -> str:
        if self.kind == AssigneeKind.PERSON:
            return str(self.user)
        if self.kind == AssigneeKind.DUTY:
            return str(_("办公室%(duty)s") % {"duty": self.get_duty_display()})
        return str(self.unit)


class ApprovalRule(models.Model):
    """Which approvers a kind of request needs, for an amount band and (optionally) a department.

    Edited by the system administrator; applies only once the 办公室主任 has confirmed it
    (any change clears the confirmation) and only within its effective dates.
    """

    kind = models.CharField(_("事项类型"), max_length=40, help_text=_("如 expense、vehicle、reception"))
    name = models.CharField(_("规则名称"), max_length=100)
    amount_min = models.DecimalField(_("金额下限（含）"), max_digits=14, decimal_places=2, null=True, blank=True)
    amount_max = models.DecimalField(_("金额上限（不含）"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.ForeignKey(
        "office.OrgUnit", verbose_name=_("申请部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("留空：适用于所有部门"),
    )
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期（不含）"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="+",
    )

    history = HistoricalRecords(verbose_name=_("审批规则变更历史"), verbose_name_plural=_("审批规则变更历史"))

    class Meta:
        verbose_name = _("审批规则")
        verbose_name_plural = _("审批规则")
        ordering = ["kind", "amount_min", "id"]
        indexes = [models.Index(fields=["kind", "effective_from"], name="approvalrule_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True) | Q(amount_max__isnull=True) | Q(amount_max__gt=models.F("amount_min")),
                name="approvalrule_band_ordered",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gt=models.F("effective_from")),
                name="approvalrule_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.amount_min is not None and self.amount_max is not None and self.amount_max <= self.amount_min:
            raise ValidationError({"amount_max": _("金额上限必须大于下限。")})
        if self.effective_to is not None and self.effective_from and self.effective_to <= self.effective_from:
            raise ValidationError({"effective_to": _("失效日期必须晚于生效日期。")})

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ApprovalRuleStep(models.Model):
    """One approver of a rule, in order: a post resolved at submission, an office duty or a person."""

    rule = models.ForeignKey(ApprovalRule, verbose_name=_("审批规则"), on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(_("顺序"))
    post = models.CharField(_("审批人"), max_length=12, choices=Post.choices)
    duty = models.CharField(_("岗位"), max_length=20, choices=Duty.choices, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("指定人员"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords(verbose_name=_("审批环节变更历史"), verbose_name_plural=_("审批环节变更历史"))

    class Meta:
        verbose_name = _("审批环节")
        verbose_name_plural = _("审批环节")
        ordering = ["rule_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["rule", "order"], name="approvalrulestep_order_once")]

    def __str__(self) -> str:
        return f"{self.order}. {self.get_post_display()}"

    def clean(self) -> None:
        if self.post == Post.DUTY and not self.duty:
            raise ValidationError({"duty": _("请选择办公室岗位。")})
        if self.post == Post.PERSON and self.person_id is None:
            raise ValidationError({"person": _("请选择指定人员。")})
