"""Rooms and meeting kinds: settings the system administrator keeps (admin.system)."""

from __future__ import annotations

from django.contrib import admin

from meetings.models import MeetingKind, Room
from office.admin.base import CapabilityAdmin, admin_site


@admin.register(Room, site=admin_site)
class RoomAdmin(CapabilityAdmin):
    capability = "admin.system"
    list_display = ["name", "place", "capacity", "classified_allowed", "needs_approval", "active", "order"]
    list_filter = ["active", "classified_allowed", "needs_approval"]
    search_fields = ["name", "place"]
    fields = ["name", "place", "capacity", "equipment", "classified_allowed", "needs_approval", "active", "order"]


@admin.register(MeetingKind, site=admin_site)
class MeetingKindAdmin(CapabilityAdmin):
    capability = "admin.system"
    list_display = ["name", "code", "quorum", "substitute_allowed", "substitute_required", "collects_agenda", "active"]
    list_filter = ["active"]
    fields = [
        "name",
        "code",
        "minutes_title",
        "members",
        "default_chair",
        "substitute_allowed",
        "substitute_required",
        "quorum",
        "collects_agenda",
        "active",
        "order",
    ]
    filter_horizontal = ["members"]
    raw_id_fields = ["default_chair"]
