"""Who in the organ 办文 turns to — asked of :mod:`office.org`, the one org-chart look-up."""

from __future__ import annotations

from office import org
from office.models import OrgUnit, User


def office_staff(level: int) -> list[User]:
    """Who handles the office's steps: office staff cleared for the document."""
    return org.office_staff(min_clearance=level)


def organ() -> OrgUnit | None:
    return org.organ()


def printer_name() -> str:
    """印发机关: the organ's office, by its full name."""
    the_organ, office = org.organ(), org.office_unit()
    if the_organ and office:
        return f"{the_organ.name}{office.name}" if not office.name.startswith(the_organ.name) else office.name
    return office.name if office else ""
