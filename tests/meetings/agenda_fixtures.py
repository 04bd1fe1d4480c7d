"""Building 议题 through the services, for the agenda tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings.agenda import services
from meetings.agenda.services import AgendaData

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "汇报材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def open_call(people, kinds, units):
    """``open_call(meeting=None, units=("ZCFG", "JYCJ"), hours=24)``: the office's call."""

    def _open(meeting=None, unit_codes=("ZCFG", "JYCJ"), hours=24, kind="office"):
        return services.call_open(
            actor=people["zhouting"],
            kind=kinds[kind],
            meeting=meeting,
            title="征集下次会议议题",
            cutoff_at=timezone.now() + dt.timedelta(hours=hours),
            units=[units[c] for c in unit_codes],
        )

    return _open


@pytest.fixture
def draft(people):
    """``draft(call, by="qianli", presenter="zhoujianhua", **data)``: a department's draft 议题."""

    def _draft(
        call,
        by="qianli",
        presenter="zhoujianhua",
        title="关于修订人力资源市场管理办法的议题",
        level=1,
        observers=(),
        personnel=False,
    ):
        data = AgendaData(
            title=title,
            presenter=people[presenter],
            proposal="建议会议审议通过。",
            secret_level=level,
            observers=[people[u] for u in observers],
            is_personnel=personnel,
        )
        return services.agenda_create(actor=people[by], call=call, data=data)

    return _draft


@pytest.fixture
def accepted(people, draft):
    """``accepted(call, meeting, **draft)``: submitted, approved by the leader in charge, accepted."""

    def _accepted(call, meeting, **kwargs):
        item = draft(call, **kwargs)
        item = services.agenda_submit(actor=item.submitted_by, item=item)
        if item.leader_id:
            item = services.agenda_leader_approve(actor=item.leader, item=item, opinion="同意上会。")
        return services.agenda_accept(actor=people["zhouting"], item=item, meeting=meeting)

    return _accepted
