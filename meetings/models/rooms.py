"""Rooms and bookings: two bookings of one room never overlap (see office.overlap)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.choices import BookingState

USER = settings.AUTH_USER_MODEL

#: The PostgreSQL exclusion constraint's name (migration 0001; office.overlap).
BOOKING_OVERLAP_CONSTRAINT = "mt_booking_no_overlap"


class Room(models.Model):
    name = models.CharField(_("会议室"), max_length=100, unique=True)
    place = models.CharField(_("位置"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("容纳人数"))
    equipment = models.CharField(_("设备"), max_length=300, blank=True)
    #: 涉密会议 may be held here (shielded, no phones, checked by the security office).
    classified_allowed = models.BooleanField(_("可召开涉密会议"), default=False)
    #: Bookings other than the office's own wait for the office's approval.
    needs_approval = models.BooleanField(_("预订需审批"), default=False)
    active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords(verbose_name=_("会议室变更历史"), verbose_name_plural=_("会议室变更历史"))

    class Meta:
        verbose_name = _("会议室")
        verbose_name_plural = _("会议室")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Booking(models.Model):
    """A room held for a span [starts_at, ends_at), for a meeting or any other purpose."""

    room = models.ForeignKey(Room, verbose_name=_("会议室"), on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    purpose = models.CharField(_("用途"), max_length=200)
    state = models.CharField(_("状态"), max_length=12, choices=BookingState.choices, default=BookingState.CONFIRMED)
    booked_by = models.ForeignKey(USER, verbose_name=_("预订人"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("office.OrgUnit", verbose_name=_("预订部门"), on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(_("预订时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        USER, verbose_name=_("审批人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    reason = models.CharField(_("理由"), max_length=300, blank=True)

    history = HistoricalRecords(verbose_name=_("会议室预订变更历史"), verbose_name_plural=_("会议室预订变更历史"))

    class Meta:
        verbose_name = _("会议室预订")
        verbose_name_plural = _("会议室预订")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["room", "starts_at"], name="mt_booking_room_idx"),
            models.Index(fields=["starts_at"], name="mt_booking_start_idx"),
            models.Index(fields=["booked_by", "starts_at"], name="mt_booking_user_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="mt_booking_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.starts_at:%Y-%m-%d %H:%M}"
