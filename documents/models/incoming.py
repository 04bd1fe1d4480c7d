"""收文: an incoming document from 签收 to 归档 (条例 第二十四条, 第二十七条)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from documents.choices import Channel, DocType, IncomingState, Retention, RoutingState, Urgency
from office.choices import Clearance
from office.models import StepRecordBase
from office.models.workflow import TableOf

USER = settings.AUTH_USER_MODEL


class IncomingDocument(models.Model):
    state = models.CharField(_("状态"), max_length=20, choices=IncomingState.choices, default=IncomingState.ARRIVED)
    #: Since when it has been where it is (the 办理进度's "since").
    state_since = models.DateTimeField(_("到达当前环节"))

    # 收文编号: assigned at 登记, one sequence per year, no repeats, no gaps.
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    serial = models.PositiveIntegerField(_("收文编号"), null=True, blank=True)

    channel = models.CharField(_("来文方式"), max_length=20, choices=Channel.choices, default=Channel.EXCHANGE)
    sender_org = models.CharField(_("来文单位"), max_length=100)
    sender_ref = models.CharField(_("来文字号"), max_length=60, blank=True)
    title = models.CharField(_("标题"), max_length=300)
    doc_type = models.CharField(_("文种"), max_length=20, choices=DocType.choices, blank=True)
    secret_level = models.PositiveSmallIntegerField(_("密级"), choices=Clearance.choices, default=Clearance.PUBLIC)
    secrecy_period = models.CharField(_("保密期限"), max_length=20, blank=True)
    urgency = models.PositiveSmallIntegerField(_("紧急程度"), choices=Urgency.choices, default=Urgency.NORMAL)
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    copy_numbers = models.CharField(_("份号"), max_length=100, blank=True)
    received_on = models.DateField(_("收文日期"), null=True, blank=True)
    due_at = models.DateTimeField(_("办理时限"), null=True, blank=True)
    summary = models.TextField(_("内容摘要"), blank=True)

    arrived_at = models.DateTimeField(_("到件时间"), auto_now_add=True)
    arrived_by = models.ForeignKey(USER, verbose_name=_("到件登记人"), on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    signed_by = models.ForeignKey(USER, verbose_name=_("签收人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("登记时间"), null=True, blank=True)
    registered_by = models.ForeignKey(USER, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    proposal = models.TextField(_("拟办意见"), blank=True)
    lead_unit = models.ForeignKey(
        "office.OrgUnit", verbose_name=_("主办单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assisting_units = models.ManyToManyField(
        "office.OrgUnit", verbose_name=_("协办单位"), blank=True, related_name="+"
    )
    handler = models.ForeignKey(USER, verbose_name=_("承办人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    result = models.TextField(_("办理结果"), blank=True)
    reply = models.TextField(_("答复来文单位情况"), blank=True)
    returned_reason = models.TextField(_("退回理由"), blank=True)
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    # 归档 (条例 第二十七条; 档号 per DA/T 22-2015: 全宗号-年度-保管期限-机构-件号)
    retention = models.CharField(_("保管期限"), max_length=3, choices=Retention.choices, blank=True)
    archive_code = models.CharField(_("档号"), max_length=60, null=True, blank=True, unique=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    archived_by = models.ForeignKey(USER, verbose_name=_("归档人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(
        m2m_fields=[assisting_units], verbose_name=_("收文变更历史"), verbose_name_plural=_("收文变更历史")
    )

    class Meta:
        verbose_name = _("收文")
        verbose_name_plural = _("收文")
        permissions = [("circulate_incomingdocument", _("可阅收文（传阅）"))]
        indexes = [
            # The desk's boxes, each in its list's order (documents.incoming.selectors.incoming_list):
            # a page reads its 20 rows off the index, the last page as cheaply as the first.
            models.Index(fields=["state", "-urgency", "due_at", "-id"], name="incoming_box_idx"),
            models.Index(fields=["state", "-done_at", "-id"], name="incoming_done_box_idx"),
            models.Index(fields=["-urgency", "due_at", "-id"], name="incoming_all_box_idx"),
            # The 归档文件目录 (documents.archive.selectors): by year and 档号.
            models.Index(fields=["-year", "archive_code"], name="incoming_catalogue_idx", condition=Q(state="archived")),
            models.Index(fields=["lead_unit", "state"], name="incoming_lead_idx"),
            models.Index(fields=["handler", "state"], name="incoming_handler_idx"),
            models.Index(fields=["sender_org", "sender_ref"], name="incoming_sender_ref_idx"),
            models.Index(fields=["year", "serial"], name="incoming_serial_idx"),
            models.Index(fields=["archived_at"], name="incoming_archived_idx", condition=Q(state="archived")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "serial"], condition=Q(serial__isnull=False), name="incoming_serial_unique"
            ),
            models.CheckConstraint(
                condition=Q(serial__isnull=True) | Q(year__isnull=False), name="incoming_serial_has_year"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:incoming_detail", args=[self.pk])

    @property
    def serial_display(self) -> str:
        """收文编号 as printed on the slip: 收〔2026〕15号."""
        return f"收〔{self.year}〕{self.serial}号" if self.serial else ""


class IncomingStep(StepRecordBase):
    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="steps")
    state_after = models.CharField(_("办理后状态"), max_length=20, choices=IncomingState.choices)

    subject_field = "document"
    table = TableOf("documents.incoming.workflow")

    class Meta(StepRecordBase.Meta):
        verbose_name = _("收文办理记录")
        verbose_name_plural = _("收文办理记录")
        indexes = [models.Index(fields=["document", "at"], name="incoming_step_doc_idx")]


class IncomingRouting(models.Model):
    """A leader asked for a 批示, in order: 拟办 routes to them, a leader may pass it on for 圈阅."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="routings")
    leader = models.ForeignKey(USER, verbose_name=_("批示领导"), on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("顺序"))
    state = models.CharField(_("状态"), max_length=10, choices=RoutingState.choices, default=RoutingState.PENDING)
    done_at = models.DateTimeField(_("批示时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("呈批领导")
        verbose_name_plural = _("呈批领导")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="routing_order_unique"),
            models.UniqueConstraint(
                fields=["document", "leader"], condition=Q(state="pending"), name="routing_one_pending_per_leader"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.order}:{self.leader_id}"


class IncomingAssist(models.Model):
    """The input of an assisting department (协办意见)."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="assists")
    unit = models.ForeignKey("office.OrgUnit", verbose_name=_("协办单位"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("协办意见"))
    given_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("协办意见")
        verbose_name_plural = _("协办意见")
        constraints = [models.UniqueConstraint(fields=["document", "unit"], name="assist_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.unit_id}"



class Circulation(models.Model):
    """传阅: the office sends the document to a reader, who marks it 已阅 with an optional comment."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="circulations")
    reader = models.ForeignKey(USER, verbose_name=_("传阅对象"), on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(USER, verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("送阅时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅毕时间"), null=True, blank=True)
    comment = models.CharField(_("阅示意见"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("传阅")
        verbose_name_plural = _("传阅")
        ordering = ["sent_at", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "reader"], name="circulation_once_per_reader")]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.reader_id}"


class IncomingUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE)


class IncomingGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE)
