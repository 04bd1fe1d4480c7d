"""The workbench's rows: to-dos (待办 / 已办 / 待阅) and notifications."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from office.choices import EmailState, TodoKind, TodoState


class Todo(models.Model):
    """A workflow step that waits on one person (待办), or something to read (待阅)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("办理人"), on_delete=models.CASCADE,
        related_name="todos",
    )
    kind = models.CharField(_("类别"), max_length=10, choices=TodoKind.choices, default=TodoKind.ACTION)
    state = models.CharField(_("状态"), max_length=10, choices=TodoState.choices, default=TodoState.OPEN)
    #: Which step of which workflow this is, e.g. ``incoming.instruct``.
    step = models.CharField(_("环节"), max_length=60)
    #: The stage as people name it ("待登记"), its Chinese msgid: shown in the reader's language
    #: beside the title (:mod:`office.stages`). Empty for a to-do without one.
    stage = models.CharField(_("环节名称"), max_length=40, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    url = models.CharField(_("链接"), max_length=300)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=40)
    target = GenericForeignKey("target_type", "target_id")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发送人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    is_urgent = models.BooleanField(_("紧急"), default=False)
    due_at = models.DateTimeField(_("办理时限"), null=True, blank=True)
    created_at = models.DateTimeField(_("到达时间"), auto_now_add=True)
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("待办事项")
        verbose_name_plural = _("待办事项")
        indexes = [
            # 待阅 (filter and order) and its badge; 已办 below.
            models.Index(fields=["user", "kind", "state", "-created_at"], name="todo_tab_idx"),
            # 待办 in its order, open rows only: the tab's page and its badge (counted up to 999).
            models.Index(
                fields=["user", "-is_urgent", "due_at", "-created_at"],
                condition=Q(state=TodoState.OPEN, kind=TodoKind.ACTION), name="todo_open_action_idx",
            ),
            models.Index(fields=["user", "state", "-done_at"], name="todo_done_idx"),
            models.Index(fields=["target_type", "target_id", "state"], name="todo_target_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target_type", "target_id", "step"],
                condition=Q(state=TodoState.OPEN),
                name="todo_one_open_per_step",
            ),
            models.CheckConstraint(
                condition=Q(state=TodoState.OPEN, done_at__isnull=True)
                | Q(state__in=[TodoState.DONE, TodoState.WITHDRAWN], done_at__isnull=False),
                name="todo_done_at_matches_state",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Notification(models.Model):
    """A message to one person: stored first, shown in the inbox, then e-mailed by a worker."""

    #: Not indexed on its own: the inbox indexes (recipient, …) start with it.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE,
        related_name="notifications", db_index=False,
    )
    verb = models.CharField(_("类型"), max_length=60)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.CharField(max_length=40, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    email_state = models.CharField(
        _("邮件"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        indexes = [
            # The unread badge (read_at IS NULL) …
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notif_inbox_idx"),
            # … and the 通知 tab, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notif_list_idx"),
            models.Index(
                fields=["created_at"], condition=Q(email_state=EmailState.PENDING),
                name="notif_email_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title
