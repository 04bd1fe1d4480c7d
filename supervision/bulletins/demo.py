"""The demo's 督查通报 (last month's, and the year's so far) and the demo inspections' reports,
made through the services after :mod:`supervision.demo` has made the items."""

from __future__ import annotations

from django.utils import timezone

from office.models import User
from supervision.choices import BulletinPeriod
from supervision.models import Bulletin, Inspection

OFFICER = "sunhao"


def load() -> int:
    """Create what is not there yet; returns how many bulletins were made."""
    from supervision.bulletins import services
    from supervision.inspections import services as inspections

    officer = User.objects.get(username=OFFICER)
    for inspection in Inspection.objects.filter(report="").order_by("id"):
        inspections.inspection_report_save(actor=officer, inspection=inspection,
                                           report=inspections.report_draft(inspection))
    today = timezone.localdate()
    last = today.replace(day=1) - timezone.timedelta(days=1)
    made = 0
    for period, year, index in ((BulletinPeriod.MONTH, last.year, last.month), (BulletinPeriod.YEAR, today.year, 0)):
        if not Bulletin.objects.filter(period=period, year=year, index=index).exists():
            services.bulletin_generate(actor=officer, period=period, year=year, index=index)
            made += 1
    return made
