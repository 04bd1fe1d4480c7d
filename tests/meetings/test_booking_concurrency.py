"""Two bookings of one room never overlap, under many people booking at once on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from meetings.choices import HOLDING_STATES
from meetings.models import Booking
from meetings.rooms import services

from .conftest import at

THREADS, SPANS = 12, 6


@pytest.mark.django_db(transaction=True)
def test_each_span_is_won_once_and_adjacent_spans_both_stand(people, rooms, monkeypatch):
    assert connection.vendor == "postgresql"
    room = rooms["first"]
    bookers = [u for u in people.values() if u.role in ("staff", "dept_head") and u.unit_id][:THREADS]
    spans = [(at(5, 8 + k), at(5, 9 + k)) for k in range(SPANS)]  # 08–09, 09–10 …: each ends where the next starts
    # A half-hour-shifted span for each: overlaps two adjacent spans, so it must lose to them.
    shifted = [(s + dt.timedelta(minutes=30), e + dt.timedelta(minutes=30)) for s, e in spans[:-1]]
    by_constraint = []
    real_check = services.is_overlap_violation

    def counting(exc, name):
        found = real_check(exc, name)
        by_constraint.append(found)
        return found

    monkeypatch.setattr(services, "is_overlap_violation", counting)
    won, refused, errors = [], [], []
    barrier = threading.Barrier(THREADS)

    def work(seed: int):
        rng = random.Random(seed)
        user = bookers[seed]
        try:
            for k, (start, end) in enumerate(spans):
                barrier.wait()
                if seed % 4 == 3 and k < len(shifted):
                    start, end = shifted[k]
                    time.sleep(rng.random() / 200)
                try:
                    booking = services.booking_create(
                        actor=user, room=room, starts_at=start, ends_at=end, purpose=f"并发预订{seed}-{k}"
                    )
                    won.append((k, booking.pk))
                except ValidationError as exc:
                    refused.append((k, " ".join(exc.messages)))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    began = time.monotonic()
    workers = [threading.Thread(target=work, args=(seed,)) for seed in range(THREADS)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.monotonic() - began
    assert not errors, errors
    held = list(Booking.objects.filter(room=room, state__in=HOLDING_STATES).order_by("starts_at"))
    # no two holding bookings overlap
    for a, b in zip(held, held[1:], strict=False):
        assert a.ends_at <= b.starts_at, (a, b)
    # every hour span was won exactly once (a shifted span can only win where its hour lost)
    assert len(won) + len(refused) == THREADS * SPANS
    assert len(held) == len(won)
    per_round = [sum(1 for k, _pk in won if k == r) for r in range(SPANS)]
    assert max(per_round) == 1, per_round  # within a round every attempt overlaps every other
    assert sum(per_round) >= SPANS // 2
    assert all("冲突" in m or "已被他人预订" in m for _k, m in refused)
    named = sum("冲突" in m for _k, m in refused)
    covered = sum((b.ends_at - b.starts_at).total_seconds() for b in held) / 3600
    assert covered <= SPANS + 0.5
    adjacent = sum(1 for a, b in zip(held, held[1:], strict=False) if a.ends_at == b.starts_at)
    print(
        f"bookings: {THREADS} threads x {SPANS} rounds = {THREADS * SPANS} attempts in {elapsed:.2f} s; "
        f"{len(won)} won, {len(refused)} refused ({named} naming the booking in the way, "
        f"{sum(by_constraint)} caught by the exclusion constraint); {adjacent} adjacent pairs both stand"
    )


@pytest.mark.django_db(transaction=True)
def test_adjacent_spans_booked_at_once_both_stand(people, rooms):
    room = rooms["small"]
    users = [people["qianli"], people["sunpeng"]]
    spans = [(at(6, 9), at(6, 10)), (at(6, 10), at(6, 11))]
    barrier = threading.Barrier(2)
    results = []

    def work(i):
        try:
            barrier.wait()
            results.append(
                services.booking_create(
                    actor=users[i], room=room, starts_at=spans[i][0], ends_at=spans[i][1], purpose="处务会"
                ).pk
            )
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert len(results) == 2
    assert Booking.objects.filter(room=room, state__in=HOLDING_STATES).count() == 2
