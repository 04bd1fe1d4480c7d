"""Working days on China's official 2026 calendar (国务院办公厅 2026 年部分节假日安排).

Spring Festival: 2月15日–23日 off; Saturdays 2月14日 and 2月28日 are make-up working days.
National Day and Mid-Autumn: 9月25日–27日 and 10月1日–7日 off; Sunday 9月20日 and
Saturday 10月10日 are make-up working days.
"""

import datetime as dt

import pytest
from django.utils import timezone

from office.workdays import WorkCalendar

D = dt.date
cal = WorkCalendar(overrides={})


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        (D(2026, 2, 13), True),  # Friday before the holiday
        (D(2026, 2, 14), True),  # Saturday, 调休 make-up day
        (D(2026, 2, 15), False),
        (D(2026, 2, 18), False),  # 大年初二, a Wednesday
        (D(2026, 2, 23), False),  # Monday, last day off
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),  # Saturday, 调休 make-up day
        (D(2026, 3, 1), False),  # an ordinary Sunday
        (D(2026, 9, 20), True),  # Sunday, 调休 make-up day
        (D(2026, 9, 25), False),  # 中秋, a Friday
        (D(2026, 10, 1), False),
        (D(2026, 10, 7), False),
        (D(2026, 10, 8), True),
        (D(2026, 10, 10), True),  # Saturday, 调休 make-up day
        (D(2026, 10, 11), False),
    ],
)
def test_2026_official_calendar(day, workday):
    assert cal.is_workday(day) is workday


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # into the make-up Saturday
        (D(2026, 2, 14), 1, D(2026, 2, 24)),  # across the whole Spring Festival
        (D(2026, 2, 12), 3, D(2026, 2, 24)),  # 13th, 14th, 24th
        (D(2026, 2, 27), 1, D(2026, 2, 28)),  # Friday → make-up Saturday
        (D(2026, 2, 24), -2, D(2026, 2, 13)),  # backwards over the holiday
        (D(2026, 9, 18), 1, D(2026, 9, 20)),  # Friday → make-up Sunday
        (D(2026, 9, 24), 1, D(2026, 9, 28)),  # over 中秋
        (D(2026, 9, 30), 1, D(2026, 10, 8)),  # over National Day
        (D(2026, 10, 9), 1, D(2026, 10, 10)),  # → make-up Saturday
        (D(2026, 9, 30), 5, D(2026, 10, 13)),  # 8, 9, 10 (Saturday), 12, 13
        (D(2026, 10, 3), 0, D(2026, 10, 8)),  # 0 → the next working day when on a holiday
    ],
)
def test_add_workdays_across_holidays(start, n, expected):
    assert cal.add_workdays(start, n) == expected


def test_workdays_between_counts_make_up_days():
    assert cal.workdays_between(D(2026, 2, 12), D(2026, 2, 24)) == 3
    assert cal.workdays_between(D(2026, 2, 24), D(2026, 2, 12)) == -3
    assert cal.workdays_between(D(2026, 9, 30), D(2026, 10, 10)) == 3  # 8, 9, 10


def test_n_working_days_ends_at_close_of_business():
    start = timezone.make_aware(dt.datetime(2026, 9, 30, 10, 0))
    due = WorkCalendar(overrides={}).due_after_workdays(start, 1)
    assert timezone.localtime(due) == timezone.make_aware(dt.datetime(2026, 10, 8, 18, 0))


@pytest.mark.django_db
def test_admin_overrides_win_over_the_library(django_user_model):
    from office.models import CalendarOverride

    # A year the library may not know yet: the override decides; otherwise weekends rule.
    CalendarOverride.objects.create(day=D(2027, 2, 6), is_workday=True, note="2027年春节调休上班")
    CalendarOverride.objects.create(day=D(2027, 2, 10), is_workday=False, note="2027年春节")
    loaded = WorkCalendar()
    assert loaded.is_workday(D(2027, 2, 6)) is True  # a Saturday
    assert loaded.is_workday(D(2027, 2, 10)) is False  # a Wednesday
    # And a known day can be overridden too (a local decision).
    CalendarOverride.objects.create(day=D(2026, 3, 2), is_workday=False, note="防汛抢险停工一天")
    assert WorkCalendar().add_workdays(D(2026, 2, 27), 2) == D(2026, 3, 3)
