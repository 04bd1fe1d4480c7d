"""Serial numbers (文号, 收文编号, meeting and bulletin numbers): no repeats, no gaps.

:func:`serial_next` must run inside the transaction that saves the numbered
object. It locks the (kind, year) counter row until that transaction ends:
concurrent callers queue on the lock, and a transaction that rolls back gives
its number back because its increment rolls back with it. The numbered model's
own unique constraint on (kind, year, number) is the backstop.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from office.models import SerialCounter


def serial_next(*, kind: str, year: int) -> int:
    """The next number of ``kind`` in ``year``; the caller's transaction holds it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("serial_next() must run inside the transaction that saves the numbered object")
    counter = SerialCounter.objects.select_for_update().filter(kind=kind, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():  # a savepoint: losing the race to create is fine
                SerialCounter.objects.create(kind=kind, year=year, last=0)
        except IntegrityError:
            pass
        counter = SerialCounter.objects.select_for_update().get(kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def serial_block(*, kind: str, year: int, count: int) -> int:
    """``count`` consecutive numbers of ``kind`` in ``year`` at once (a bulk load: the demo's past year);
    returns the first. Same lock and same rules as :func:`serial_next`."""
    if count < 1:
        raise ValueError("count must be at least 1")
    first = serial_next(kind=kind, year=year)
    if count > 1:
        counter = SerialCounter.objects.select_for_update().get(kind=kind, year=year)
        counter.last += count - 1
        counter.save(update_fields=["last"])
    return first
