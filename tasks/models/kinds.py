"""What each kind of request records beyond the common row: 接待, 支出 (with budget lines), 用印
(with seals), 借阅 (of an archived document)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from office.choices import Clearance
from tasks.choices import LineCategory, LoanForm, PayMethod

USER = settings.AUTH_USER_MODEL
REQUEST = "tasks.AffairRequest"


# --- 公务接待 ------------------------------------------------------------------------------


class ReceptionStandard(models.Model):
    """The organ's 工作餐 standard (元/人/餐), from a date on; kept by the system administrator in admin."""

    effective_from = models.DateField(_("生效日期"), unique=True)
    meal_per_person = models.DecimalField(_("工作餐标准（元/人/餐）"), max_digits=8, decimal_places=2)
    note = models.CharField(_("依据"), max_length=200, blank=True)

    history = HistoricalRecords(verbose_name=_("接待标准变更历史"), verbose_name_plural=_("接待标准变更历史"))

    class Meta:
        verbose_name = _("公务接待标准")
        verbose_name_plural = _("公务接待标准")
        ordering = ["-effective_from"]
        constraints = [models.CheckConstraint(condition=Q(meal_per_person__gt=0), name="tasks_standard_positive")]

    def __str__(self) -> str:
        return f"{self.effective_from:%Y-%m-%d} {self.meal_per_person}"


class Reception(models.Model):
    """公务接待: the visitors, the activity, the meals; after the visit the 接待清单 (its lines)."""

    request = models.OneToOneField(REQUEST, on_delete=models.CASCADE, related_name="reception")
    visitor_organ = models.CharField(_("来访单位"), max_length=200)
    visitor_names = models.TextField(_("接待对象（姓名、职务）"))
    visitor_rank = models.CharField(_("带队人职级"), max_length=50)
    visitors = models.PositiveIntegerField(_("来访人数"))
    companions = models.PositiveIntegerField(_("陪餐人数"), default=0)
    activity = models.TextField(_("公务活动"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    places = models.CharField(_("活动场所"), max_length=200)
    meals = models.PositiveIntegerField(_("工作餐次数"), default=0)
    meal_cost = models.DecimalField(_("工作餐预计费用（元）"), max_digits=12, decimal_places=2, default=0)
    lodging_by_visitors = models.BooleanField(
        _("住宿由来访单位自行安排并支付"),
        default=True,
        help_text=_("按规定，住宿应来访单位要求协助安排，费用由其自行支付，不列入本次接待费用。"),
    )
    pay_method = models.CharField(_("结算方式"), max_length=10, choices=PayMethod.choices)
    list_done_at = models.DateTimeField(_("接待清单填写时间"), null=True, blank=True)
    actual_cost = models.DecimalField(_("实际费用（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    paid_at = models.DateTimeField(_("支付时间"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("公务接待变更历史"), verbose_name_plural=_("公务接待变更历史"))

    class Meta:
        verbose_name = _("公务接待")
        verbose_name_plural = _("公务接待")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="tasks_reception_dates_ordered"),
            models.CheckConstraint(condition=Q(visitors__gte=1), name="tasks_reception_has_visitors"),
        ]

    def __str__(self) -> str:
        return self.visitor_organ


class ReceptionLine(models.Model):
    """One line of the 接待清单: 时间, 场所, item and its cost."""

    reception = models.ForeignKey(Reception, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("费用类别"), max_length=12, choices=LineCategory.choices)
    item = models.CharField(_("费用项目"), max_length=100)
    on = models.DateField(_("日期"))
    place = models.CharField(_("场所"), max_length=100)
    persons = models.PositiveIntegerField(_("人数"), default=0)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("接待清单明细")
        verbose_name_plural = _("接待清单明细")
        ordering = ["on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="tasks_line_amount_positive")]

    def __str__(self) -> str:
        return self.item


# --- 财务支出 ------------------------------------------------------------------------------


class BudgetLine(models.Model):
    """预算科目 of one year: its budget, what requests have reserved (committed) and what was paid (spent).

    ``committed + spent <= amount`` is a database constraint: whatever happens above it, a line is
    never over-committed. Changed only by the services (locked row, history).
    """

    year = models.PositiveIntegerField(_("年度"))
    code = models.CharField(_("科目编码"), max_length=30)
    name = models.CharField(_("科目名称"), max_length=100)
    unit = models.ForeignKey(
        "office.OrgUnit", verbose_name=_("归口部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("年度预算（元）"), max_digits=14, decimal_places=2)
    committed = models.DecimalField(_("已占用（元）"), max_digits=14, decimal_places=2, default=0, editable=False)
    spent = models.DecimalField(_("已支出（元）"), max_digits=14, decimal_places=2, default=0, editable=False)

    history = HistoricalRecords(verbose_name=_("预算科目变更历史"), verbose_name_plural=_("预算科目变更历史"))

    class Meta:
        verbose_name = _("预算科目")
        verbose_name_plural = _("预算科目")
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="tasks_budget_code_once"),
            models.CheckConstraint(condition=Q(committed__gte=0, spent__gte=0), name="tasks_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(amount__gte=F("committed") + F("spent")), name="tasks_budget_never_over"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.code} {self.name}"

    def clean(self) -> None:
        if self.amount is not None and self.amount < (self.committed or 0) + (self.spent or 0):
            raise ValidationError({"amount": _("预算不能低于已占用与已支出之和。")})

    @property
    def remaining(self):
        return self.amount - self.committed - self.spent


class DecisionThreshold(models.Model):
    """三重一大: from this amount (元, inclusive) a 财务支出 must cite the collective decision — a 议定事项 of a
    meeting of ``meeting_kind`` (the 党组会议's code in 办会). Kept by the system administrator in admin."""

    effective_from = models.DateField(_("生效日期"), unique=True)
    amount = models.DecimalField(_("大额资金标准（元，含）"), max_digits=12, decimal_places=2)
    meeting_kind = models.SlugField(
        _("决策会议类型代码"), max_length=30, default="dzh", help_text=_("办会中会议类型的代码，如党组会议 dzh")
    )
    note = models.CharField(_("依据"), max_length=200, blank=True)

    history = HistoricalRecords(verbose_name=_("三重一大标准变更历史"), verbose_name_plural=_("三重一大标准变更历史"))

    class Meta:
        verbose_name = _("三重一大标准")
        verbose_name_plural = _("三重一大标准")
        ordering = ["-effective_from"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="tasks_threshold_positive")]

    def __str__(self) -> str:
        return f"{self.effective_from:%Y-%m-%d} {self.amount}"


class Expense(models.Model):
    """财务支出: budget line, payee, purpose; the amount is the request's (reserved at submission)."""

    request = models.OneToOneField(REQUEST, on_delete=models.CASCADE, related_name="expense")
    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("预算科目"), on_delete=models.PROTECT, related_name="expenses"
    )
    payee = models.CharField(_("收款单位（人）"), max_length=200)
    payee_account = models.CharField(_("收款账号"), max_length=60, blank=True)
    purpose = models.TextField(_("支出用途"))
    pay_method = models.CharField(_("结算方式"), max_length=10, choices=PayMethod.choices)
    #: What is reserved on the budget line now (the amount while pending or approved; 0 otherwise).
    reserved = models.DecimalField(_("占用预算（元）"), max_digits=12, decimal_places=2, default=0, editable=False)
    paid_amount = models.DecimalField(_("实付金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    paid_at = models.DateTimeField(_("支付时间"), null=True, blank=True)
    #: 三重一大: the 议定事项 cited (办会's id; the core link decision —decision→ request holds the relation).
    decision_id = models.PositiveBigIntegerField(_("集体决策（议定事项）"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("财务支出变更历史"), verbose_name_plural=_("财务支出变更历史"))

    class Meta:
        verbose_name = _("财务支出")
        verbose_name_plural = _("财务支出")
        indexes = [models.Index(fields=["budget_line"], name="tasks_expense_line_idx")]

    def __str__(self) -> str:
        return self.payee


# --- 用印 ---------------------------------------------------------------------------------


class Seal(models.Model):
    """A seal (公章, 党组章, 钢印, 法人章 …), kept by the system administrator in admin.

    Its approvers are the approval rule of kind ``tasks.seal.<code>`` (else ``tasks.seal``)."""

    code = models.SlugField(_("印章代码"), max_length=30, unique=True)
    name = models.CharField(_("印章名称"), max_length=100)
    keeper = models.ForeignKey(
        USER, verbose_name=_("保管人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("在用"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    history = HistoricalRecords(verbose_name=_("印章变更历史"), verbose_name_plural=_("印章变更历史"))

    class Meta:
        verbose_name = _("印章")
        verbose_name_plural = _("印章")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class SealUse(models.Model):
    """用印: which seal, on what, how many copies; stamped by the keeper (a line of the 用印登记簿)."""

    request = models.OneToOneField(REQUEST, on_delete=models.CASCADE, related_name="seal_use")
    seal = models.ForeignKey(Seal, verbose_name=_("印章"), on_delete=models.PROTECT, related_name="uses")
    matter = models.CharField(_("用印文件或事项"), max_length=200)
    document_ref = models.CharField(_("文号"), max_length=60, blank=True)
    copies = models.PositiveIntegerField(_("份数"))
    stamped_at = models.DateTimeField(_("用印时间"), null=True, blank=True)
    stamped_by = models.ForeignKey(
        USER, verbose_name=_("监印人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approver = models.ForeignKey(
        USER, verbose_name=_("批准人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(verbose_name=_("用印变更历史"), verbose_name_plural=_("用印变更历史"))

    class Meta:
        verbose_name = _("用印")
        verbose_name_plural = _("用印")
        indexes = [models.Index(fields=["stamped_at"], name="tasks_seal_ledger_idx")]
        constraints = [models.CheckConstraint(condition=Q(copies__gte=1), name="tasks_seal_copies_positive")]

    def __str__(self) -> str:
        return self.matter


# --- 档案借阅 ------------------------------------------------------------------------------


class Loan(models.Model):
    """档案借阅 of one archived document (收文 or 发文, from the 归档文件目录; documents is not
    imported: the document is named by content type and id, with what the catalogue showed)."""

    request = models.OneToOneField(REQUEST, on_delete=models.CASCADE, related_name="loan")
    doc_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    doc_id = models.PositiveBigIntegerField()
    archive_code = models.CharField(_("档号"), max_length=60)
    doc_title = models.CharField(_("档案题名"), max_length=300)
    doc_secret_level = models.PositiveSmallIntegerField(_("档案密级"), choices=Clearance.choices, default=0)
    form = models.CharField(_("借阅形式"), max_length=10, choices=LoanForm.choices)
    purpose = models.TextField(_("借阅用途"))
    due_on = models.DateField(_("归还日期"))
    out = models.BooleanField(_("借出中"), default=False, editable=False)
    lent_at = models.DateTimeField(_("借出时间"), null=True, blank=True)
    lent_by = models.ForeignKey(
        USER, verbose_name=_("经办人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    back_at = models.DateTimeField(_("归还时间"), null=True, blank=True)
    received_by = models.ForeignKey(
        USER, verbose_name=_("接收人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(verbose_name=_("档案借阅变更历史"), verbose_name_plural=_("档案借阅变更历史"))

    class Meta:
        verbose_name = _("档案借阅")
        verbose_name_plural = _("档案借阅")
        indexes = [models.Index(fields=["doc_type", "doc_id"], name="tasks_loan_doc_idx")]
        constraints = [
            # An original is with one borrower at a time.
            models.UniqueConstraint(
                fields=["doc_type", "doc_id"],
                condition=Q(out=True, form=LoanForm.ORIGINAL),
                name="tasks_loan_original_once",
            ),
        ]

    def __str__(self) -> str:
        return self.doc_title
