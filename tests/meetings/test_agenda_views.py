"""议题 pages: what each person sees and can do, refusals that change nothing, downloads audited,
and the lists' query counts pinned (they do not grow with the rows)."""

from __future__ import annotations

import pytest
from django.test import Client

from meetings.agenda import files, services
from meetings.choices import AgendaState
from meetings.models import AgendaItem
from office.models import AuditEvent
from tests.helpers import assert_num_queries

from .agenda_fixtures import pdf

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_department_submits_through_the_pages(people, make_meeting, open_call):
    call = open_call(make_meeting("office", days=5))
    client = client_for(people["qianli"])
    page = client.get(f"/meetings/agenda/calls/{call.pk}/")
    assert page.status_code == 200 and "报送议题" in page.content.decode()
    response = client.post(
        f"/meetings/agenda/new/?call={call.pk}",
        {
            "title": "关于调整就业补贴标准的议题",
            "presenter": people["zhoujianhua"].pk,
            "proposal": "建议同意。",
            "minutes_needed": "15",
            "secret_level": "1",
        },
    )
    item = AgendaItem.objects.get(title="关于调整就业补贴标准的议题")
    assert response.status_code == 302 and response["Location"] == f"/meetings/agenda/{item.pk}/"
    upload = client.post(f"/meetings/agenda/{item.pk}/materials/", {"file": pdf(), "secret_level": "1"})
    assert upload.status_code == 302 and item.files.count() == 1
    response = client.post(f"/meetings/agenda/{item.pk}/do/submit/", {"opinion": ""})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == AgendaState.LEADER_REVIEW
    page = client_for(people["liminghua"]).get("/meetings/agenda/?box=waiting").content.decode()
    assert item.title in page


def test_bad_input_changes_nothing_and_says_why(people, make_meeting, open_call, draft):
    call = open_call(make_meeting("office", days=6))
    client = client_for(people["qianli"])
    response = client.post(f"/meetings/agenda/new/?call={call.pk}", {"title": "", "proposal": ""})
    assert response.status_code == 400 and not AgendaItem.objects.filter(call=call).exists()
    item = services.agenda_submit(actor=people["qianli"], item=draft(call))
    leader = client_for(people["liminghua"])
    response = leader.post(f"/meetings/agenda/{item.pk}/do/leader_return/", {"reason": ""})
    assert response.status_code == 400 and 'data-action="leader_return"' in response.content.decode()
    item.refresh_from_db()
    assert item.state == AgendaState.LEADER_REVIEW
    stranger = client_for(people["sunpeng"])  # another of 法规处's staff: not his 议题
    assert (
        stranger.post(f"/meetings/agenda/{item.pk}/materials/", {"file": pdf(), "secret_level": "1"}).status_code == 404
    )
    bad = client.post(f"/meetings/agenda/{item.pk}/materials/", {"file": pdf("x.pdf"), "secret_level": "3"})
    assert bad.status_code == 400 and not item.files.exists()  # 机密 is above 钱莉's clearance


def test_the_download_goes_through_the_policy_and_is_audited(people, make_meeting, open_call, draft):
    item = draft(open_call(make_meeting("office", days=7)))
    material = files.material_add(actor=people["qianli"], item=item, upload=pdf())
    response = client_for(people["zhoujianhua"]).get(f"/meetings/agenda/materials/{material.pk}/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", actor=people["zhoujianhua"], object_id=str(material.pk)).exists()
    assert client_for(people["sunpeng"]).get(f"/meetings/agenda/materials/{material.pk}/").status_code == 404


def test_the_meeting_agenda_page_and_its_approval(people, make_meeting, open_call, accepted):
    meeting = make_meeting("office", days=8)
    call = open_call(meeting)
    first = accepted(call, meeting, title="议题甲")
    accepted(call, meeting, by="zhengyan", presenter="wuguoqiang", title="议题乙")
    office = client_for(people["zhouting"])
    page = office.get(f"/meetings/agenda/meeting/{meeting.pk}/").content.decode()
    assert page.index("议题甲") < page.index("议题乙") and "送主持人审定议程" in page
    assert office.post(f"/meetings/agenda/meeting/{meeting.pk}/do/submit/").status_code == 302
    chair = client_for(people["wangjianguo"])
    assert "审定上会" in chair.get(f"/meetings/agenda/meeting/{meeting.pk}/").content.decode()
    assert chair.post(f"/meetings/agenda/meeting/{meeting.pk}/do/approve/").status_code == 302
    first.refresh_from_db()
    assert first.state == AgendaState.APPROVED


def _many(people, call, meeting, accepted, n):
    for i in range(n):
        accepted(call, meeting, title=f"批量议题{i}")


@pytest.mark.parametrize("rows", [1, 4])
def test_query_counts_do_not_grow(people, make_meeting, open_call, accepted, rows):
    meeting = make_meeting("office", days=9)
    call = open_call(meeting)
    _many(people, call, meeting, accepted, rows)
    leader = client_for(people["liminghua"])
    office = client_for(people["zhouting"])
    leader.get("/meetings/agenda/")  # warm the session and the content types
    office.get(f"/meetings/agenda/meeting/{meeting.pk}/")
    with assert_num_queries(LIST_QUERIES):
        assert leader.get("/meetings/agenda/?box=all").status_code == 200
    with assert_num_queries(AGENDA_QUERIES):
        assert office.get(f"/meetings/agenda/meeting/{meeting.pk}/").status_code == 200


LIST_QUERIES = 6
AGENDA_QUERIES = 7
