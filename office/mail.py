"""E-mail delivery of stored notifications, from a worker.

Each notification is claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` and marked
sent in the same transaction as the send: two workers never send the same one,
and a crash before commit leaves it pending for the next run.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from office.choices import EmailState
from office.models import Notification

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def _claim(batch_size: int, tried: set[int]):
    rows = Notification.objects.filter(email_state=EmailState.PENDING).exclude(pk__in=tried).order_by("created_at")
    if transaction.get_connection().features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True)
    return rows.select_related("recipient")[:batch_size]


def deliver_pending(*, batch_size: int = 200) -> int:
    sent, tried = 0, set()
    while True:
        with transaction.atomic():
            batch = list(_claim(batch_size, tried))
            for note in batch:
                tried.add(note.pk)
                sent += _deliver_one(note)
        if len(batch) < batch_size:
            return sent


def _deliver_one(note: Notification) -> int:
    recipient = note.recipient
    if not recipient.email or not recipient.is_active:
        note.email_state = EmailState.SKIPPED
        note.save(update_fields=["email_state"])
        return 0
    link = f"{settings.SANBAN_BASE_URL.rstrip('/')}{note.url}" if note.url else ""
    try:
        send_mail(
            subject=f"[三办] {note.title}",
            message="\n\n".join(part for part in (note.body, link) if part),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[recipient.email],
        )
    except Exception:  # noqa: BLE001 - a bad address must not stop the batch
        log.exception("e-mail of notification %s failed", note.pk)
        note.email_attempts += 1
        note.email_state = EmailState.FAILED if note.email_attempts >= MAX_ATTEMPTS else EmailState.PENDING
        note.save(update_fields=["email_attempts", "email_state"])
        return 0
    note.email_state, note.email_sent_at = EmailState.SENT, timezone.now()
    note.email_attempts += 1
    note.save(update_fields=["email_state", "email_sent_at", "email_attempts"])
    return 1
