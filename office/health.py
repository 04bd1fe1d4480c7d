"""Health of the parts: database, broker, worker, the PDFs' fonts. (Reads only: the heartbeat is
written by :func:`office.services.heartbeat_record`, which the Celery app calls — no circle with it.)"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django.utils import timezone

from office.models import Heartbeat


def check_database() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def check_broker() -> dict:
    """Connect to the broker with the short timeouts from settings; never hang."""
    from office.celery import app

    transport = settings.CELERY_BROKER_URL.split(":", 1)[0]
    started = time.monotonic()
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=settings.REDIS_SOCKET_TIMEOUT * 2)
            if transport.startswith("redis"):
                conn.default_channel.client.ping()
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "transport": transport, "error": exc.__class__.__name__}
    return {"ok": True, "transport": transport, "ms": round((time.monotonic() - started) * 1000, 1)}


def check_worker() -> dict:
    beat = Heartbeat.objects.filter(name="worker").first()
    if beat is None:
        return {"ok": False, "last_heartbeat": None}
    age = (timezone.now() - beat.beat_at).total_seconds()
    return {
        "ok": age <= settings.WORKER_HEARTBEAT_MAX_AGE,
        "last_heartbeat": beat.beat_at.isoformat(),
        "age_seconds": round(age),
        "hostname": beat.hostname,
    }


def check_fonts() -> dict:
    """Where the PDFs' fonts come from: ``configured`` (the organ's), ``system`` (Debian's),
    ``bundled`` (the fallback: install the proper faces) or ``mixed``; file checks only."""
    from office.fonts import font_status

    return font_status()


def report() -> dict:
    database = check_database()
    result = {"database": database, "broker": check_broker()}
    result["worker"] = check_worker() if database["ok"] else {"ok": False, "last_heartbeat": None}
    result["fonts"] = check_fonts()
    result["status"] = "ok" if all(part["ok"] for part in result.values()) else ("degraded" if database["ok"] else "down")
    return result
