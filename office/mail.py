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
from django.utils.translation import gettext as _

from office.choices import EmailState
from office.classification import is_classified, target_levels
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
            # The 密级 of what each notification is about, read now (one query per kind of target).
            levels = target_levels((n.target_type_id, n.target_id) for n in batch if n.target_type_id)
            for note in batch:
                tried.add(note.pk)
                classified = bool(note.target_type_id) and is_classified(levels.get((note.target_type_id, note.target_id)))
                sent += _deliver_one(note, classified=classified)
        if len(batch) < batch_size:
            return sent


def email_text(note: Notification, *, classified: bool) -> tuple[str, str]:
    """Subject and body of a notification's e-mail.

    Above 内部 (or when the 密级 cannot be told) the e-mail names nothing: it says that
    something waits and links to it. The notification in the app keeps its title.
    """
    link = f"{settings.SANBAN_BASE_URL.rstrip('/')}{note.url}" if note.url else ""
    if classified:
        notice = _("您有一项待办事项，请登录系统查看")
        return f"[三办] {notice}", "\n\n".join(part for part in (notice + "。", link) if part)
    return f"[三办] {note.title}", "\n\n".join(part for part in (note.body, link) if part)


def _deliver_one(note: Notification, *, classified: bool = True) -> int:
    recipient = note.recipient
    if not recipient.email or not recipient.is_active:
        note.email_state = EmailState.SKIPPED
        note.save(update_fields=["email_state"])
        return 0
    subject, message = email_text(note, classified=classified)
    try:
        send_mail(
            subject=subject,
            message=message,
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
