from meetings.models.agenda import AgendaCall, AgendaItem, AgendaStep, MeetingFile
from meetings.models.meetings import Attendee, Meeting, MeetingKind, MeetingStep
from meetings.models.minutes import Decision, Minutes
from meetings.models.rooms import BOOKING_OVERLAP_CONSTRAINT, Booking, Room

__all__ = [
    "BOOKING_OVERLAP_CONSTRAINT",
    "AgendaCall",
    "AgendaItem",
    "AgendaStep",
    "Attendee",
    "Booking",
    "Decision",
    "Meeting",
    "MeetingFile",
    "MeetingKind",
    "MeetingStep",
    "Minutes",
    "Room",
]
