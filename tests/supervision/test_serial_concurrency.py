"""督办编号 under many 立项 at once on PostgreSQL: no repeats, no gaps, rolled-back numbers given back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from office.models import SerialCounter
from supervision.items.services import ItemData, item_create
from supervision.models import SupervisedItem
from tests.helpers import hammer

THREADS, PER_THREAD, ROLLBACK_RATE = 16, 8, 0.15


@pytest.mark.django_db(transaction=True)
def test_concurrent_立项_have_no_repeats_and_no_gaps(people, units):
    assert connection.vendor == "postgresql"
    officer, lead = people["sunhao"], units["ZCFG"]
    due = timezone.localdate() + dt.timedelta(days=30)

    def allocate(rng):
        item = item_create(actor=officer, data=ItemData(
            title=f"并发立项{rng.random()}", requirement="按要求落实。", lead_unit=lead, due_on=due))
        return item.serial

    committed, rolled_back, elapsed = hammer(allocate, threads=THREADS, per_thread=PER_THREAD,
                                             rollback_rate=ROLLBACK_RATE)
    year = timezone.localdate().year
    serials = sorted(SupervisedItem.objects.filter(year=year).values_list("serial", flat=True))
    assert rolled_back, "the run must roll some back"
    assert serials == list(range(1, len(committed) + 1)), "a 督办编号 was repeated or skipped"
    assert sorted(committed) == serials
    assert SerialCounter.objects.get(kind="督", year=year).last == len(committed)
    print(f"督办编号: {len(committed)} committed, {len(rolled_back)} rolled back, 0 repeats, 0 gaps, "
          f"{THREADS} threads in {elapsed:.2f} s")
