"""A vehicle's 年检到期日 and 保险到期日 as core deadlines of the office (office.deadlines): opened
or moved when the date is saved, closed when it is cleared or the vehicle is retired. The sweep
reminds the office's 文书 (the duty that keeps the fleet, as 派车 does) and, up the ladder, the
office's head (主任)."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from office.deadlines import deadline_close, deadline_set
from office.models import Deadline, DeadlineState
from office.org import office_unit
from office.workdays import END_OF_WORKING_DAY
from office.workflow.choices import Duty
from office.workflow.holders import duty_holders
from tasks.choices import VehicleState
from tasks.models import Vehicle

INSPECTION_DEADLINE = "tasks.vehicle_inspection"
INSURANCE_DEADLINE = "tasks.vehicle_insurance"
#: (field, deadline kind)
DATES = (("inspection_due", INSPECTION_DEADLINE), ("insurance_due", INSURANCE_DEADLINE))
#: The fleet page shows a date this near in amber (past: red).
SOON_DAYS = 30


def _title(vehicle: Vehicle, kind: str) -> str:
    if kind == INSPECTION_DEADLINE:
        return _("车辆%(plate)s年检到期") % {"plate": vehicle.plate}
    return _("车辆%(plate)s保险到期") % {"plate": vehicle.plate}


def _close(vehicle: Vehicle, kind: str) -> None:
    rows = Deadline.objects.filter(
        target_type=ContentType.objects.get_for_model(Vehicle), target_id=str(vehicle.pk), kind=kind,
        state=DeadlineState.OPEN,
    )
    for row in rows:
        deadline_close(actor=None, deadline=row, state=DeadlineState.CANCELLED)


def sync(vehicle: Vehicle) -> None:
    """Each date a deadline of the office's (set or moved), none for a cleared date or a retired vehicle."""
    unit = office_unit()
    clerks = duty_holders(Duty.CLERK)
    for field, kind in DATES:
        day = getattr(vehicle, field)
        if day is None or vehicle.state == VehicleState.RETIRED or unit is None:
            _close(vehicle, kind)
            continue
        deadline_set(
            actor=None,
            title=_title(vehicle, kind),
            responsible_unit=unit,
            responsible_user=clerks[0] if clerks else None,
            due_at=timezone.make_aware(dt.datetime.combine(day, END_OF_WORKING_DAY)),
            target=vehicle,
            url=reverse("tasks:fleet_vehicle_edit", args=[vehicle.pk]),
            kind=kind,
        )


def light(day: dt.date | None, today: dt.date) -> str:
    """``past`` (red), ``soon`` (within SOON_DAYS, amber) or ``""``."""
    if day is None:
        return ""
    if day < today:
        return "past"
    return "soon" if (day - today).days <= SOON_DAYS else ""
