"""政务信息: 约稿 to departments, the items they submit, the office's edits and decisions, 上级采用."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.choices import InfoCategory, InfoRequestState, InfoState, IssueState, Publication, ScoreOutcome
from office.choices import Clearance
from office.models import StepRecordBase
from office.models.workflow import TableOf

USER = settings.AUTH_USER_MODEL


class InformationRequest(models.Model):
    """约稿: the office asks departments for information on a topic by a date."""

    title = models.CharField(_("约稿主题"), max_length=200)
    requirement = models.TextField(_("约稿要求"), blank=True)
    due_on = models.DateField(_("报送截止日期"))
    state = models.CharField(_("状态"), max_length=10, choices=InfoRequestState.choices, default=InfoRequestState.OPEN)
    units = models.ManyToManyField(
        "office.OrgUnit", verbose_name=_("约稿处室"), through="InformationRequestPart", related_name="+"
    )
    created_by = models.ForeignKey(USER, verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("约稿变更历史"), verbose_name_plural=_("约稿变更历史"))

    class Meta:
        verbose_name = _("信息约稿")
        verbose_name_plural = _("信息约稿")
        indexes = [models.Index(fields=["-due_on", "-id"], name="info_request_list_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:info_request_detail", args=[self.pk])


class InformationRequestPart(models.Model):
    """One asked department: answered when its head sends the first item on the topic to the office."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="parts")
    unit = models.ForeignKey("office.OrgUnit", verbose_name=_("处室"), on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("报送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("约稿处室")
        verbose_name_plural = _("约稿处室")
        indexes = [models.Index(fields=["unit", "request"], name="info_part_unit_idx")]
        constraints = [models.UniqueConstraint(fields=["request", "unit"], name="info_part_once")]

    def __str__(self) -> str:
        return f"{self.request_id}/{self.unit_id}"

    def get_absolute_url(self) -> str:
        return reverse("documents:info_request_detail", args=[self.request_id])


class InformationItem(models.Model):
    """A piece of information a department submits (信息稿); the office edits and decides on it."""

    state = models.CharField(_("状态"), max_length=12, choices=InfoState.choices, default=InfoState.DRAFT)
    state_since = models.DateTimeField(_("到达当前环节"))
    request = models.ForeignKey(
        InformationRequest,
        verbose_name=_("约稿"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    unit = models.ForeignKey("office.OrgUnit", verbose_name=_("报送处室"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(USER, verbose_name=_("撰稿人"), on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("信息类别"), max_length=10, choices=InfoCategory.choices)
    title = models.CharField(_("标题"), max_length=200)
    #: The current text; every saved text is an :class:`InformationVersion`. After 择要采用 it is
    #: the office's condensed text, the one published.
    body = models.TextField(_("正文"))
    secret_level = models.PositiveSmallIntegerField(_("密级"), choices=Clearance.choices, default=Clearance.PUBLIC)
    created_at = models.DateTimeField(_("撰稿时间"), default=timezone.now, editable=False)

    # 处室审核 with its 保密审查
    approved_by = models.ForeignKey(
        USER, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    secrecy_checked_at = models.DateTimeField(_("保密审查时间"), null=True, blank=True)
    secrecy_note = models.CharField(_("保密审查意见"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    #: Sent after its 约稿's date: allowed, marked.
    is_late = models.BooleanField(_("逾期报送"), default=False)

    # 采编
    decided_by = models.ForeignKey(
        USER, verbose_name=_("采编人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("采编时间"), null=True, blank=True)
    #: 不采用: the reason the department reads; 采用: an optional note.
    decision_note = models.TextField(_("采编意见"), blank=True)
    versions_count = models.PositiveIntegerField(_("稿本数"), default=0)

    history = HistoricalRecords(
        excluded_fields=["body"], verbose_name=_("政务信息变更历史"), verbose_name_plural=_("政务信息变更历史")
    )

    class Meta:
        verbose_name = _("政务信息")
        verbose_name_plural = _("政务信息")
        indexes = [
            models.Index(fields=["state", "-state_since", "-id"], name="info_box_idx"),
            models.Index(fields=["-state_since", "-id"], name="info_all_idx"),
            models.Index(fields=["unit", "state", "-state_since"], name="info_unit_idx"),
            models.Index(fields=["author", "state"], name="info_author_idx"),
            models.Index(fields=["decided_at"], name="info_decided_idx", condition=Q(decided_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:info_item_detail", args=[self.pk])

    @property
    def is_used(self) -> bool:
        return self.state in (InfoState.ADOPTED, InfoState.CONDENSED)


class InformationVersion(models.Model):
    """A saved text of an item (the department's, then each of the office's edits). Never changed."""

    item = models.ForeignKey(InformationItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    saved_by = models.ForeignKey(USER, verbose_name=_("修改人"), on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(_("保存时间"), auto_now_add=True)
    state = models.CharField(_("环节"), max_length=12, choices=InfoState.choices)
    note = models.CharField(_("修改说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("政务信息稿本")
        verbose_name_plural = _("政务信息稿本")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="info_version_unique")]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number}"


class InformationStep(StepRecordBase):
    item = models.ForeignKey(InformationItem, on_delete=models.CASCADE, related_name="steps")
    state_after = models.CharField(_("办理后状态"), max_length=12, choices=InfoState.choices)

    subject_field = "item"
    table = TableOf("documents.information.workflow")

    class Meta(StepRecordBase.Meta):
        verbose_name = _("政务信息办理记录")
        verbose_name_plural = _("政务信息办理记录")
        indexes = [models.Index(fields=["item", "at"], name="info_step_item_idx")]


class HigherLevel(models.TextChoices):
    PROVINCE = "province", _("省厅")
    CITY_COMMITTEE = "committee", _("市委")
    CITY_GOVERNMENT = "government", _("市政府")


class HigherAdoption(models.Model):
    """上级采用: a higher organ used the item (recorded by the office, later)."""

    item = models.ForeignKey(InformationItem, on_delete=models.CASCADE, related_name="higher_adoptions")
    level = models.CharField(_("采用单位"), max_length=12, choices=HigherLevel.choices)
    publication = models.CharField(_("刊物及期号"), max_length=100)
    adopted_on = models.DateField(_("采用日期"))
    recorded_by = models.ForeignKey(USER, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("上级采用")
        verbose_name_plural = _("上级采用")
        ordering = ["adopted_on", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "level"], name="info_higher_once")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.publication}"


class InformationIssue(models.Model):
    """信息专报 / 工作简报: adopted items compiled in order, numbered when sent to the leaders."""

    publication = models.CharField(_("刊物"), max_length=10, choices=Publication.choices, default=Publication.SPECIAL)
    year = models.PositiveIntegerField(_("年度"))
    #: 期号: one sequence per publication per year, given at 报送 (no repeats, no gaps).
    number = models.PositiveIntegerField(_("期号"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=IssueState.choices, default=IssueState.DRAFT)
    printer = models.CharField(_("编印单位"), max_length=100)
    #: 报送 list at the foot: who receives it, besides the leaders it is sent to.
    distribution = models.TextField(_("报送范围"), blank=True)
    secret_level = models.PositiveSmallIntegerField(_("密级"), choices=Clearance.choices, default=Clearance.PUBLIC)
    compiled_by = models.ForeignKey(USER, verbose_name=_("编辑人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    sent_by = models.ForeignKey(
        USER, verbose_name=_("报送人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(verbose_name=_("信息专报变更历史"), verbose_name_plural=_("信息专报变更历史"))

    class Meta:
        verbose_name = _("信息专报")
        verbose_name_plural = _("信息专报")
        indexes = [models.Index(fields=["-year", "-created_at", "-id"], name="info_issue_list_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "year", "number"],
                condition=Q(number__isnull=False),
                name="info_issue_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.display_number or str(_("%(name)s（编辑中）") % {"name": self.get_publication_display()})

    def get_absolute_url(self) -> str:
        return reverse("documents:info_issue_detail", args=[self.pk])

    @property
    def display_number(self) -> str:
        """信息专报 2026年第15期."""
        if not self.number:
            return ""
        return _("%(name)s %(year)s年第%(number)s期") % {
            "name": self.get_publication_display(),
            "year": self.year,
            "number": self.number,
        }


class IssueEntry(models.Model):
    issue = models.ForeignKey(InformationIssue, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(InformationItem, on_delete=models.PROTECT, related_name="entries")
    order = models.PositiveIntegerField(_("顺序"))

    class Meta:
        verbose_name = _("专报条目")
        verbose_name_plural = _("专报条目")
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["item", "issue"], name="info_entry_item_idx")]
        constraints = [models.UniqueConstraint(fields=["issue", "item"], name="info_entry_once")]

    def __str__(self) -> str:
        return f"{self.issue_id}/{self.order}"


class IssueReader(models.Model):
    """A leader the issue was sent to (待阅); ``read_at`` once he has read it."""

    issue = models.ForeignKey(InformationIssue, on_delete=models.CASCADE, related_name="readers")
    leader = models.ForeignKey(USER, verbose_name=_("领导"), on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("专报阅件领导")
        verbose_name_plural = _("专报阅件领导")
        indexes = [models.Index(fields=["leader", "issue"], name="info_reader_leader_idx")]
        constraints = [models.UniqueConstraint(fields=["issue", "leader"], name="info_reader_once")]

    def __str__(self) -> str:
        return f"{self.issue_id}/{self.leader_id}"


class InformationInstruction(models.Model):
    """领导批示 on one item, fed back to its department; 转督办 opens a supervised item (core event)."""

    item = models.ForeignKey(InformationItem, on_delete=models.CASCADE, related_name="instructions")
    issue = models.ForeignKey(
        InformationIssue, verbose_name=_("信息专报"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(USER, verbose_name=_("批示领导"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("批示内容"))
    supervise = models.BooleanField(_("转督办"), default=False)
    given_at = models.DateTimeField(_("批示时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["given_at", "id"]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.leader_id}"


class ScoreRule(models.Model):
    """Points per outcome, set by the office; the rule in force at a decision scores it."""

    effective_from = models.DateField(_("生效日期"), unique=True)
    adopted = models.PositiveSmallIntegerField(_("采用"), default=3)
    condensed = models.PositiveSmallIntegerField(_("择要采用"), default=2)
    province = models.PositiveSmallIntegerField(_("省厅采用"), default=5)
    committee = models.PositiveSmallIntegerField(_("市委采用"), default=8)
    government = models.PositiveSmallIntegerField(_("市政府采用"), default=8)
    instruction = models.PositiveSmallIntegerField(_("领导批示"), default=10)
    created_by = models.ForeignKey(USER, verbose_name=_("设置人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("设置时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("计分规则")
        verbose_name_plural = _("计分规则")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return str(self.effective_from)

    def points(self, outcome: str) -> int:
        return getattr(self, outcome)


class Score(models.Model):
    """One scored outcome of an item, with the points of the rule then in force (never rewritten)."""

    item = models.ForeignKey(InformationItem, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey("office.OrgUnit", verbose_name=_("处室"), on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("计分事项"), max_length=12, choices=ScoreOutcome.choices)
    points = models.PositiveSmallIntegerField(_("分值"))
    rule = models.ForeignKey(
        ScoreRule, verbose_name=_("计分规则"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    scored_on = models.DateField(_("计分日期"))
    #: The 上级采用 or 批示 it scores (several per item), else blank.
    ref = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("信息得分")
        verbose_name_plural = _("信息得分")
        indexes = [models.Index(fields=["scored_on", "unit"], name="info_score_period_idx")]
        constraints = [models.UniqueConstraint(fields=["item", "outcome", "ref"], name="info_score_once")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.outcome} {self.points}"
