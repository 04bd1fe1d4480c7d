"""Who in the organ 办文 turns to: the office staff cleared for a document, the organ, its office by name."""

from __future__ import annotations

from office.choices import Role, UnitKind
from office.models import OrgUnit, User


def office_staff(level: int) -> list[User]:
    """Who handles the office's steps: office staff cleared for the document."""
    return list(
        User.objects.filter(role=Role.OFFICE, is_active=True, unit__kind=UnitKind.OFFICE, clearance__gte=level)
        .order_by("id")
    )


def organ() -> OrgUnit | None:
    return OrgUnit.objects.filter(kind=UnitKind.ORGAN).first()


def printer_name() -> str:
    """印发机关: the organ's office, by its full name."""
    the_organ = organ()
    office = OrgUnit.objects.filter(kind=UnitKind.OFFICE, is_active=True).order_by("sort_order", "id").first()
    if the_organ and office:
        return f"{the_organ.name}{office.name}" if not office.name.startswith(the_organ.name) else office.name
    return office.name if office else ""
