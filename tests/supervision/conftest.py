"""Fixtures for 督查督办 tests: the demo organ's people (no demo documents or items), and ``make``,
which opens an item through the services and walks it to a state."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from office.models import OrgUnit, User
from supervision.choices import ItemState, ReportCycle
from supervision.items import progress, services
from supervision.items.services import ItemData

S = ItemState
_n = itertools.count(1)


@pytest.fixture
def people(demo_people) -> dict[str, User]:
    return {u.username: u for u in User.objects.select_related("unit")}


@pytest.fixture
def units(demo_people) -> dict[str, OrgUnit]:
    return {u.code: u for u in OrgUnit.objects.all()}


@pytest.fixture
def make(people, units):
    """``make(to=S.HANDLING, lead="ZCFG", assisting=("RCKF",), days=30, …)`` → an item walked there.

    督查员 孙浩 opens and hands it over; the lead head signs and names his unit's first staff
    member (法规处: 钱莉) as 承办人; each assisting head signs for his part.
    """

    def _make(to=S.HANDLING, *, lead="ZCFG", assisting=("RCKF",), days=30, cycle=ReportCycle.MONTHLY,
              leader="liminghua", instructing=None, level=0, title=None):
        officer = people["sunhao"]
        item = services.item_create(actor=officer, data=ItemData(
            title=title or f"督办事项测试{next(_n)}", requirement="按要求落实。", lead_unit=units[lead],
            assisting_units=[units[c] for c in assisting], responsible_leader=people[leader],
            instructing_leader=people[instructing] if instructing else None,
            due_on=timezone.localdate() + dt.timedelta(days=days), report_cycle=cycle, secret_level=level,
        ))
        if to == S.DRAFT:
            return item
        item = services.item_assign(actor=officer, item=item)
        if to == S.ASSIGNED:
            return item
        head = units[lead].head
        item = services.item_sign(actor=head, item=item)
        for part in item.parts.select_related("unit__head"):
            contact = User.objects.filter(unit=part.unit, role="staff").order_by("id").first()
            services.part_sign(actor=part.unit.head, item=item, contact=contact)
        if to == S.SIGNED:
            return item
        handler = User.objects.filter(unit=units[lead], role="staff").order_by("id").first()
        item = services.item_name_handler(actor=head, item=item, handler=handler)
        if to == S.HANDLING:
            return item
        item = progress.item_complete(actor=handler, item=item, report="已完成。")
        return item

    return _make
