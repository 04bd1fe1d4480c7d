"""Serial numbers under concurrency on PostgreSQL: no repeats, no gaps, rollbacks give back."""

from __future__ import annotations

import time

import pytest
from django.db import connection, transaction

from office.models import SerialCounter
from office.serials import serial_next
from tests.helpers import PER_THREAD, THREADS, hammer


def _run(allocate) -> list[int]:
    """The numbers committed when 32 threads × 50 transactions allocate at once, 10 % rolled back."""
    committed, _rolled_back, _elapsed = hammer(lambda rng: allocate())
    return committed


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocation_has_no_repeats_and_no_gaps():
    assert connection.vendor == "postgresql"
    started = time.monotonic()
    committed = _run(lambda: serial_next(kind="人社发", year=2026))
    elapsed = time.monotonic() - started
    assert len(committed) > THREADS * PER_THREAD * 0.8  # about 10 % rolled back
    assert len(set(committed)) == len(committed), "a number was given twice"
    assert sorted(committed) == list(range(1, len(committed) + 1)), "a number was skipped"
    assert SerialCounter.objects.get(kind="人社发", year=2026).last == len(committed)
    print(f"{len(committed)} numbers committed by {THREADS} threads in {elapsed:.2f} s")


def _naive_next() -> int:
    """The classic mistake: read the counter, add one, write it back — without a lock."""
    counter, _created = SerialCounter.objects.get_or_create(kind="naive", year=2026)
    number = counter.last + 1
    time.sleep(0.001)  # the window every real request has between its read and its write
    SerialCounter.objects.filter(pk=counter.pk).update(last=number)
    return number


@pytest.mark.django_db(transaction=True)
def test_the_naive_allocator_repeats_numbers():
    """The same harness catches the bug it is there to catch."""
    SerialCounter.objects.create(kind="naive", year=2026)
    committed = _run(_naive_next)
    assert len(set(committed)) < len(committed)


@pytest.mark.django_db
def test_years_and_kinds_count_separately():
    with transaction.atomic():
        assert [serial_next(kind="人社发", year=2026) for _ in range(3)] == [1, 2, 3]
        assert serial_next(kind="人社函", year=2026) == 1
        assert serial_next(kind="人社发", year=2027) == 1


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        serial_next(kind="x", year=2026)
