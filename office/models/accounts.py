"""Accounts beyond the org chart: two-of-three proposals, password state, history and reset tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from office.choices import ProposalKind, ProposalState, ResetDelivery


class AdminProposal(models.Model):
    """A change one administrator proposes and an administrator of another kind decides (三员分立)."""

    kind = models.CharField(_("事项"), max_length=20, choices=ProposalKind.choices)
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.PROTECT, related_name="+",
    )
    #: The proposed values, e.g. {"role": "secadmin", "clearance": 1, "unit": null}.
    change = models.JSONField(_("拟变更内容"), default=dict, blank=True)
    reason = models.CharField(_("理由"), max_length=500)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+",
    )
    proposed_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=ProposalState.choices, default=ProposalState.PENDING, db_index=True,
    )
    decider = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("管理员审批事项")
        verbose_name_plural = _("管理员审批事项")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(decider=models.F("proposer")), name="proposal_decider_not_proposer"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class PasswordState(models.Model):
    """Where an account's password stands: must it be changed, since when, who reset it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), primary_key=True,
        on_delete=models.CASCADE, related_name="password_state",
    )
    must_change = models.BooleanField(_("须修改密码"), default=False)
    changed_at = models.DateTimeField(_("密码设定时间"), null=True, blank=True)
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("重置人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    reset_at = models.DateTimeField(_("重置时间"), null=True, blank=True)
    #: The user has not yet been told of the last reset (shown once, at the next login).
    reset_notice = models.BooleanField(_("待告知重置"), default=False)

    class Meta:
        verbose_name = _("密码状态")
        verbose_name_plural = _("密码状态")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class PasswordHistory(models.Model):
    """The hashes of an account's past passwords, so the last few are not used again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="+",
    )
    password = models.CharField(_("密码摘要"), max_length=128)
    created_at = models.DateTimeField(_("设定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="pwhistory_user_idx")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class PasswordResetToken(models.Model):
    """A one-time way for a user to set a password after a reset. Only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="+",
    )
    token_hash = models.CharField(_("凭证摘要"), max_length=64, unique=True)
    delivery = models.CharField(_("送达方式"), max_length=10, choices=ResetDelivery.choices)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("重置人"), null=True, on_delete=models.PROTECT, related_name="+",
    )
    issued_at = models.DateTimeField(_("重置时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("失效时间"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    #: A sealed slip's second half: its hash, and who released (printed) it.
    second_hash = models.CharField(_("下联摘要"), max_length=64, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("下联打印人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    released_at = models.DateTimeField(_("下联打印时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("密码重置凭证")
        verbose_name_plural = _("密码重置凭证")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"
