"""Events between apps, run once the transaction that fired them has committed.

An app announces that something happened — ``fire("instruction.supervise", ...)`` when a
leader's 批示 asks for supervision, ``fire("document.issued", ...)`` when a 发文 is
issued — and any app that cares subscribes in its ``AppConfig.ready``::

    from office import events
    events.subscribe("instruction.supervise", handlers.item_open_from_instruction)

so ``documents`` opens a supervised item without importing ``supervision``.

- Handlers run on commit (:func:`django.db.transaction.on_commit`): a rolled-back step
  fires nothing. Outside any transaction they run at once.
- Each handler runs in its own transaction. One that fails is rolled back, logged and
  written to the audit log (``event.failed``); the committed step stands and the other
  handlers still run.
- Event names are declared (:data:`EVENTS`, or :func:`declare` for an app's own), so a
  misspelt name fails at start-up instead of never firing.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from functools import partial

from django.db import transaction

log = logging.getLogger(__name__)

Handler = Callable[..., object]

#: The core's events and their payload (keyword arguments of every handler).
EVENTS: dict[str, str] = {
    # An instruction to supervise was given (a 批示 on a 收文 or a 政务信息 item): source (the object
    # the 批示 is on), leader (who gave it), actor (who recorded it: the leader, or a 秘书 代录),
    # text (the 批示), units (lead unit first, then assisting units), due (date or None).
    "instruction.supervise": "source, leader, actor, text, units, due",
    # A document was issued (发文 印发): document, actor, doc_number, units (internal recipients).
    "document.issued": "document, actor, doc_number, units",
}

_handlers: dict[str, list[Handler]] = defaultdict(list)


def declare(event_name: str, payload: str = "") -> None:
    """An app's own event (declared in its ``AppConfig.ready`` before anyone subscribes)."""
    EVENTS.setdefault(event_name, payload)


def _known(event_name: str) -> None:
    if event_name not in EVENTS:
        raise ValueError(f"unknown event {event_name!r}: declare it in office.events.EVENTS or with declare()")


def subscribe(event_name: str, handler: Handler) -> None:
    """Run ``handler(**payload)`` after each commit that fired ``event_name`` (once per handler)."""
    _known(event_name)
    if handler not in _handlers[event_name]:
        _handlers[event_name].append(handler)


def unsubscribe(event_name: str, handler: Handler) -> None:
    if handler in _handlers.get(event_name, []):
        _handlers[event_name].remove(handler)


def subscribers(event_name: str) -> list[Handler]:
    return list(_handlers.get(event_name, []))


def fire(event_name: str, **payload) -> int:
    """Announce ``event_name``: each subscriber runs once the current transaction commits.
    Returns the number of handlers scheduled."""
    _known(event_name)
    handlers = subscribers(event_name)
    for handler in handlers:
        transaction.on_commit(partial(_run, event_name, handler, payload))
    return len(handlers)


def _name(handler: Handler) -> str:
    return f"{getattr(handler, '__module__', '?')}.{getattr(handler, '__qualname__', repr(handler))}"


def _run(event_name: str, handler: Handler, payload: dict) -> None:
    try:
        with transaction.atomic():
            handler(**payload)
    except Exception as exc:  # noqa: BLE001 - a subscriber's failure must not reach the committed step
        log.exception("event %s: handler %s failed", event_name, _name(handler))
        _audit_failure(event_name, handler, payload, exc)


def _audit_failure(event_name: str, handler: Handler, payload: dict, exc: Exception) -> None:
    from office.audit import audit_record

    actor = payload.get("actor")
    about = next(
        (v for k, v in payload.items() if k != "actor" and hasattr(v, "_meta") and getattr(v, "pk", None)), None
    )
    try:
        audit_record(
            actor=actor if hasattr(actor, "pk") else None, action="event.failed",
            obj=about,
            detail={"event": event_name, "handler": _name(handler), "error": f"{exc.__class__.__name__}: {exc}"[:500]},
        )
    except Exception:  # noqa: BLE001 - the audit log itself unreachable: the log line above remains
        log.exception("event %s: could not audit the failure of %s", event_name, _name(handler))
