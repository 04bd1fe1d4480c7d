"""办会's Celery jobs: fetch by id, call one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(
    name="meetings.convening.jobs.send_invitations",
    ignore_result=True,
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def send_invitations(
    meeting_id: int, attendee_ids: list[int], cancel: bool = False, user_ids: list[int] | None = None
) -> int:
    """E-mail the .ics (REQUEST at the meeting's SEQUENCE, or CANCEL) to these attendees (or, for
    people no longer asked, whose rows are gone, to these users)."""
    from meetings.convening.invitations import invitations_send

    return invitations_send(meeting_id=meeting_id, attendee_ids=attendee_ids, cancel=cancel, user_ids=user_ids)
