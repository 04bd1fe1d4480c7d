"""The .ics e-mail: the meeting's notice with its calendar file attached (内部 or below only)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.convening import ics
from meetings.models import Attendee, Meeting
from office.models import User
from office.org import unit_head


def invitations_send(
    *, meeting_id: int, attendee_ids: list[int], cancel: bool = False, user_ids: list[int] | None = None
) -> int:
    meeting = Meeting.objects.select_related("room", "created_by", "chair").filter(pk=meeting_id).first()
    if meeting is None or not ics.allowed(meeting):
        return 0
    people = list(User.objects.filter(pk__in=user_ids, is_active=True).exclude(email="")) if user_ids else []
    for row in Attendee.objects.filter(meeting=meeting, pk__in=attendee_ids).select_related("user"):
        person = row.user if row.user_id else unit_head(row.unit_id)
        if person is not None and person.email and person.is_active:
            people.append(person)
    if not people:
        return 0
    data = ics.invitation(meeting, people, cancel=cancel)
    method = "CANCEL" if cancel else "REQUEST"
    label = _("会议取消") if cancel else (_("会议变更") if meeting.ics_sequence else _("会议通知"))
    link = f"{settings.SANBAN_BASE_URL.rstrip('/')}{meeting.get_absolute_url()}"
    sent = 0
    for person in people:
        message = EmailMessage(
            subject=f"[三办] 【{label}】{meeting.title}",
            body=_("时间：%(when)s\n地点：%(where)s\n\n%(link)s")
            % {
                "when": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
                "where": ics.location(meeting),
                "link": link,
            },
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[person.email],
        )
        message.attach("invite.ics", data, f"text/calendar; charset=utf-8; method={method}")
        sent += message.send()
    return sent
