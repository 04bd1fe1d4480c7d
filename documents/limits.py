"""How long a text and how far a date may go in 办文 — every form's limits in one place.

The forms apply them (a Chinese message on the field); the services check the dates
and the longest texts again. CharFields of the models hold the same lengths as their
columns; the texts kept in TextFields get theirs here.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# --- texts (characters) ---------------------------------------------------------------

TITLE = 300  # 标题 (the model's column)
ORG_NAME = 100  # 来文单位, 印发机关, one 主送/抄送 name (OutgoingRecipient.name)
REF = 60  # 来文字号
SECRECY_PERIOD = 20  # 保密期限
COPY_NUMBERS = 100  # 份号
NOTE = 200  # 附注, 修改说明
SUMMARY = 2_000  # 内容摘要
BODY = 100_000  # 发文正文
RECIPIENTS = 2_000  # 主送机关, 抄送机关 (names joined with 、)
ATTACHMENT_NOTES = 2_000  # 附件说明
ATTENDANCE = 2_000  # 纪要: 出席, 请假, 列席 (names joined with 、)
OPINION = 2_000  # 意见, 理由, 拟办意见, 批示, 协办意见, 答复, 核稿/会签/签发/复核意见
RESULT = 4_000  # 办理结果
SHORT_NOTE = 500  # 附言, 阅示意见
SEARCH = 100  # a list's search box

# --- dates --------------------------------------------------------------------------------

#: No date of 办文 lies before this one (the system's records start after it).
EARLIEST = dt.date(2000, 1, 1)
#: Nor more than this many years ahead.
FUTURE_YEARS = 5
#: A time limit (办理时限) is at most this many years ahead.
DUE_YEARS = 3


def years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def date_words(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def check_plausible(day: dt.date | None, label: str) -> None:
    """``day`` lies between :data:`EARLIEST` and :data:`FUTURE_YEARS` years ahead; else ValidationError."""
    if day is None:
        return
    latest = years_after(timezone.localdate(), FUTURE_YEARS)
    if not EARLIEST <= day <= latest:
        raise ValidationError(_("%(label)s应在%(first)s至%(last)s之间。") % {
            "label": label, "first": date_words(EARLIEST), "last": date_words(latest)})


def check_due(day: dt.date | None) -> None:
    """A time limit: from today to :data:`DUE_YEARS` years ahead."""
    if day is None:
        return
    today = timezone.localdate()
    if day < today:
        raise ValidationError(_("办理时限不能早于今天。"))
    if day > years_after(today, DUE_YEARS):
        raise ValidationError(_("办理时限不能超过%(years)s年（最迟%(last)s）。") % {
            "years": DUE_YEARS, "last": date_words(years_after(today, DUE_YEARS))})


def check_printed_on(day: dt.date | None, dated_on: dt.date | None) -> None:
    """印发日期: not before 成文日期 (the signing date), not after today."""
    if day is None:
        return
    if day > timezone.localdate():
        raise ValidationError(_("印发日期不能晚于今天。"))
    if dated_on is not None and day < dated_on:
        raise ValidationError(_("印发日期不能早于成文日期（%(dated)s）。") % {"dated": date_words(dated_on)})
    check_plausible(day, _("印发日期"))
