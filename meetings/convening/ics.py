"""The .ics invitation of a meeting (RFC 5545 / iTIP, made with ``icalendar``).

One UID per meeting; each change of time or place sent out again raises SEQUENCE; a cancellation
is METHOD:CANCEL with STATUS:CANCELLED. Only for meetings at 内部 or below: a classified meeting's
time and place never leave the system.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from office.classification import is_classified

PRODID = "-//Sanban//Meetings//ZH"


def allowed(meeting) -> bool:
    return not is_classified(meeting.secret_level)


def uid(meeting) -> str:
    host = settings.SANBAN_BASE_URL.split("//")[-1].split("/")[0].split(":")[0] or "sanban"
    return f"meeting-{meeting.pk}@{host}"


def location(meeting) -> str:
    if meeting.room_id:
        room = meeting.room
        return f"{room.name}（{room.place}）" if room.place else room.name
    return meeting.place


def _address(email: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def invitation(meeting, attendees, *, cancel: bool = False) -> bytes:
    """The calendar file for ``attendees`` (users with an e-mail address)."""
    if not allowed(meeting):
        raise ValueError("no .ics for a classified meeting")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", uid(meeting))
    event.add("sequence", meeting.ics_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(meeting.starts_at))
    event.add("dtend", timezone.localtime(meeting.ends_at))
    event.add("summary", meeting.title)
    event.add("location", location(meeting))
    if meeting.notes:
        event.add("description", meeting.notes)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    organizer_email = meeting.created_by.email or settings.DEFAULT_FROM_EMAIL
    event["organizer"] = _address(organizer_email, meeting.created_by.full_name)
    for user in attendees:
        if user.email:
            event.add("attendee", _address(user.email, user.full_name, ROLE="REQ-PARTICIPANT", RSVP="TRUE"))
    cal.add_component(event)
    return cal.to_ical()
