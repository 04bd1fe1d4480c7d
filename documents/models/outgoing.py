"""发文: an outgoing document from 起草 to 归档 (条例 第十八至二十二条, 第二十五条)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.choices import (
    CountersignState,
    Direction,
    DocType,
    FileKind,
    LayoutForm,
    OutgoingState,
    Publicity,
    RecipientKind,
    Retention,
    Urgency,
)
from office.choices import Clearance
from office.models import StepRecordBase
from office.models.workflow import TableOf

USER = settings.AUTH_USER_MODEL


def split_names(text: str) -> list[str]:
    """"人社部、省人社厅，市财政局" or one per line → a list of names."""
    import re

    return [part.strip() for part in re.split(r"[、，,;；\n]+", text or "") if part.strip()]


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class OutgoingDocument(models.Model):
    state = models.CharField(_("状态"), max_length=20, choices=OutgoingState.choices, default=OutgoingState.DRAFTING)
    state_since = models.DateTimeField(_("到达当前环节"))

    doc_type = models.CharField(_("文种"), max_length=20, choices=DocType.choices)
    direction = models.CharField(_("行文方向"), max_length=10, choices=Direction.choices)
    form = models.CharField(_("版式"), max_length=10, choices=LayoutForm.choices, default=LayoutForm.FILE)
    prefix = models.ForeignKey(
        "office.IssuingPrefix", verbose_name=_("机关代字"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=300)
    main_recipients = models.TextField(_("主送机关"), blank=True)
    cc_recipients = models.TextField(_("抄送机关"), blank=True)
    #: The current text; every saved text is an :class:`OutgoingVersion`.
    body = models.TextField(_("正文"))
    attachment_notes = models.TextField(_("附件说明"), blank=True, help_text=_("每行一个附件名称，与上传的附件一一对应"))
    note = models.CharField(_("附注"), max_length=200, blank=True, help_text=_("如：联系人：王芳，电话：0731-12345678"))
    #: 纪要 (GB/T 9704 10.3): who attended, who was excused, who sat in — names joined with 、;
    #: printed on 纪要式 only. Filled by hand until the meetings app fills them from its 会议.
    attendance_present = models.TextField(_("出席"), blank=True)
    attendance_absent = models.TextField(_("请假"), blank=True)
    attendance_observers = models.TextField(_("列席"), blank=True)
    secret_level = models.PositiveSmallIntegerField(_("密级"), choices=Clearance.choices, default=Clearance.PUBLIC)
    secrecy_period = models.CharField(_("保密期限"), max_length=20, blank=True)
    urgency = models.PositiveSmallIntegerField(_("紧急程度"), choices=Urgency.choices, default=Urgency.NORMAL)
    publicity = models.CharField(_("公开属性"), max_length=20, choices=Publicity.choices, default=Publicity.ACTIVE)
    is_important = models.BooleanField(_("重要文件"), default=False, help_text=_("重要文件由主要负责人签发"))
    with_seal = models.BooleanField(_("加盖印章"), default=True)

    drafting_unit = models.ForeignKey(
        "office.OrgUnit", verbose_name=_("拟稿单位"), on_delete=models.PROTECT, related_name="+"
    )
    drafter = models.ForeignKey(USER, verbose_name=_("拟稿人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    #: Since when the office sees it (条例: "from submission to the office on").
    office_received_at = models.DateTimeField(_("送办公室时间"), null=True, blank=True)
    returned_reason = models.TextField(_("退回理由"), blank=True)

    # 签发 (条例 第二十二条): the signer's opinion, name and full date.
    signer = models.ForeignKey(
        USER, verbose_name=_("签发领导"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sign_requested_at = models.DateTimeField(_("呈签时间"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        USER, verbose_name=_("签发人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sign_opinion = models.TextField(_("签发意见"), blank=True)
    signed_version = models.PositiveIntegerField(_("签发稿版本"), null=True, blank=True)
    dated_on = models.DateField(_("成文日期"), null=True, blank=True)

    # 编号: one sequence per (机关代字, year); never at draft.
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    number = models.PositiveIntegerField(_("发文顺序号"), null=True, blank=True)
    numbered_at = models.DateTimeField(_("编号时间"), null=True, blank=True)
    #: A 纪要 is numbered in its meeting kind's own sequence (局长办公会议纪要〔2026〕12号 for the 12th
    #: meeting): the number the draft will get at 编号 (given by the meetings app), never shown before.
    preset_year = models.PositiveSmallIntegerField(_("预定年度"), null=True, blank=True)
    preset_number = models.PositiveIntegerField(_("预定顺序号"), null=True, blank=True)

    # 印发 / 核发
    copies = models.PositiveSmallIntegerField(_("印制份数"), default=0)
    copy_numbers = models.CharField(_("份号"), max_length=100, blank=True)
    printer = models.CharField(_("印发机关"), max_length=100, blank=True)
    printed_on = models.DateField(_("印发日期"), null=True, blank=True)
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        USER, verbose_name=_("印发人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # 归档
    retention = models.CharField(_("保管期限"), max_length=3, choices=Retention.choices, blank=True)
    archive_code = models.CharField(_("档号"), max_length=60, null=True, blank=True, unique=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    archived_by = models.ForeignKey(
        USER, verbose_name=_("归档人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(
        excluded_fields=["body"], verbose_name=_("发文变更历史"), verbose_name_plural=_("发文变更历史")
    )

    class Meta:
        verbose_name = _("发文")
        verbose_name_plural = _("发文")
        indexes = [
            # The desk's boxes, each in its list's order (documents.outgoing.selectors.outgoing_list).
            models.Index(fields=["state", "-urgency", "-state_since", "-id"], name="outgoing_box_idx"),
            models.Index(fields=["state", "-issued_at", "-id"], name="outgoing_issued_box_idx"),
            models.Index(fields=["-urgency", "-state_since", "-id"], name="outgoing_all_box_idx"),
            # The 归档文件目录 (documents.archive.selectors): by year and 档号.
            models.Index(fields=["-year", "archive_code"], name="outgoing_catalogue_idx", condition=Q(state="archived")),
            models.Index(fields=["drafting_unit", "state"], name="outgoing_unit_idx"),
            models.Index(fields=["drafter", "state"], name="outgoing_drafter_idx"),
            models.Index(fields=["signer", "state"], name="outgoing_signer_idx"),
            models.Index(fields=["issued_at"], name="outgoing_issued_idx", condition=Q(issued_at__isnull=False)),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "year", "number"], condition=Q(number__isnull=False), name="outgoing_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(year__isnull=False), name="outgoing_number_has_year"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:outgoing_detail", args=[self.pk])

    @property
    def doc_number(self) -> str:
        """发文字号: 人社发〔2026〕15号 — four-digit year, 六角括号, no padding, no 第."""
        if not self.number:
            return ""
        return f"{self.prefix.code}〔{self.year}〕{self.number}号"

    @property
    def main_list(self) -> list[str]:
        return split_names(self.main_recipients)

    @property
    def cc_list(self) -> list[str]:
        return split_names(self.cc_recipients)

    @property
    def attachment_note_list(self) -> list[str]:
        import re

        return [re.sub(r"^(附件\s*)?\d+\s*[.．、]\s*", "", line) for line in split_lines(self.attachment_notes)]

    @property
    def attendance_lines(self) -> list[tuple[str, str]]:
        """纪要's 出席 / 请假 / 列席 lines as (label, names joined with 、), the empty ones left out."""
        lines = [("出席", self.attendance_present), ("请假", self.attendance_absent),
                 ("列席", self.attendance_observers)]
        return [(label, "、".join(split_names(names))) for label, names in lines if split_names(names)]

    @property
    def is_final(self) -> bool:
        return self.state in (OutgoingState.ISSUED, OutgoingState.ARCHIVED)


class OutgoingVersion(models.Model):
    """A saved text of the draft. Versions are never changed; any two can be compared."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("正文"))
    attachment_notes = models.TextField(_("附件说明"), blank=True)
    saved_by = models.ForeignKey(USER, verbose_name=_("修改人"), on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(_("保存时间"), auto_now_add=True)
    #: Where the draft was when this text was saved (起草中, 待核稿 …).
    state = models.CharField(_("环节"), max_length=20, choices=OutgoingState.choices)
    note = models.CharField(_("修改说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("发文稿本")
        verbose_name_plural = _("发文稿本")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="outgoing_version_unique")]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"


class OutgoingStep(StepRecordBase):
    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="steps")
    state_after = models.CharField(_("办理后状态"), max_length=20, choices=OutgoingState.choices)

    subject_field = "document"
    table = TableOf("documents.outgoing.workflow")

    class Meta(StepRecordBase.Meta):
        verbose_name = _("发文办理记录")
        verbose_name_plural = _("发文办理记录")
        indexes = [models.Index(fields=["document", "at"], name="outgoing_step_doc_idx")]


class OutgoingCountersign(models.Model):
    """会签: another department countersigns or returns the draft with an opinion (in parallel)."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="countersigns")
    unit = models.ForeignKey("office.OrgUnit", verbose_name=_("会签单位"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("状态"), max_length=10, choices=CountersignState.choices, default=CountersignState.PENDING)
    opinion = models.TextField(_("会签意见"), blank=True)
    given_by = models.ForeignKey(
        USER, verbose_name=_("会签人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("送会签时间"), auto_now_add=True)
    given_at = models.DateTimeField(_("会签时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会签")
        verbose_name_plural = _("会签")
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["unit", "state"], name="countersign_unit_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "unit"], condition=Q(state="pending"), name="countersign_one_pending_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.unit_id}:{self.state}"


class OutgoingRecipient(models.Model):
    """The distribution list of an issued document: 主送, 抄送 and internal units, with 份号."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(_("类别"), max_length=10, choices=RecipientKind.choices)
    name = models.CharField(_("单位名称"), max_length=100)
    #: Set for a unit of this organ: its people then see a classified document.
    unit = models.ForeignKey(
        "office.OrgUnit", verbose_name=_("本机关单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    first_copy = models.PositiveIntegerField(_("起始份号"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        verbose_name = _("分送单位")
        verbose_name_plural = _("分送单位")
        ordering = ["order"]
        indexes = [models.Index(fields=["unit", "document"], name="recipient_unit_idx")]
        constraints = [models.UniqueConstraint(fields=["document", "order"], name="recipient_order_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def copy_range(self) -> str:
        """份号 of this recipient's copies: 000003 or 000003—000005."""
        if not self.first_copy:
            return ""
        last = self.first_copy + self.copies - 1
        first = f"{self.first_copy:06d}"
        return first if last == self.first_copy else f"{first}—{last:06d}"


class OutgoingFile(models.Model):
    """The files of the issued document (GB/T 9704 .docx and PDF), made once at 印发 and never changed."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("类型"), max_length=10, choices=FileKind.choices)
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    made_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("版式文件")
        verbose_name_plural = _("版式文件")
        constraints = [models.UniqueConstraint(fields=["document", "kind"], name="outgoing_file_once")]

    def __str__(self) -> str:
        return f"{self.document_id}.{self.kind}"
