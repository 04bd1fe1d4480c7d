"""归档: the 档号 sequence 收文 and 发文 share (the steps themselves are each flow's ``*_archive``)."""

from __future__ import annotations

from office import org
from office.models import OrgUnit
from office.serials import serial_next


def archive_code_next(*, retention: str, unit_id: int | None, year: int) -> str:
    """The next 档号: 全宗号-年度-保管期限-机构代码-件号, one 件号 sequence per fonds, year, period and
    unit, shared by 收文 and 发文 (DA/T 22-2015). Runs inside the caller's transaction, like any serial."""
    organ = org.organ()
    fonds = (organ.fonds_code if organ else "") or "J000"
    unit_code = OrgUnit.objects.filter(pk=unit_id).values_list("code", flat=True).first() or "BGS"
    number = serial_next(kind=f"archive:{fonds}:{retention}:{unit_code}", year=year)
    return f"{fonds}-{year}-{retention}-{unit_code}-{number:04d}"
