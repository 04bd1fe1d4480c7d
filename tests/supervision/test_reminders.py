"""Reminders of an item with the clock moved: a missed progress report is overdue and climbs the ladder."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from office.deadlines import sweep
from office.models import Notification
from supervision.choices import ItemState, ReportCycle
from supervision.items import progress
from supervision.lights import Horizon
from supervision.models import SupervisedItem


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_a_missed_progress_report_is_reminded_then_escalated(make, people):
    item = make(ItemState.HANDLING, days=90, cycle=ReportCycle.WEEKLY)
    report_on = item.next_report_on
    assert report_on is not None
    # The day after the report was due: the handler and the head are told it is overdue.
    with time_machine.travel(_at(report_on + dt.timedelta(days=1)), tick=False):
        assert Horizon.now().light(SupervisedItem.objects.get(pk=item.pk)) == "red"
        result = sweep()
    assert result.notified >= 1
    told = set(Notification.objects.filter(body__contains="进展反馈").values_list("recipient__username", flat=True))
    assert "zhoujianhua" in told  # the head hears of an overdue report
    # A week later nothing came: the leader in charge hears of it (the ladder climbed).
    with time_machine.travel(_at(report_on + dt.timedelta(days=8)), tick=False):
        sweep()
    leaders = set(Notification.objects.filter(body__contains="进展反馈").values_list("recipient__username", flat=True))
    assert "liminghua" in leaders
    # The report comes: late, counted as missed, and the next one is scheduled.
    with time_machine.travel(_at(report_on + dt.timedelta(days=9)), tick=False):
        report = progress.report_submit(actor=people["qianli"], item=SupervisedItem.objects.get(pk=item.pk),
                                        text="补报进展。", percent=20)
        fresh = SupervisedItem.objects.get(pk=item.pk)
        assert report.is_late and fresh.missed_reports >= 1
        assert fresh.next_report_on > timezone.localdate()
        assert Horizon.now().light(fresh) == "green"
