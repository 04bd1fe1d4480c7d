"""我的委托 (/profile/delegations/): a leader or head hands his steps to a named person for a period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from office.models import AuditEvent, Delegation, User

pytestmark = pytest.mark.django_db
URL = "/profile/delegations/"
LOCAL = "%Y-%m-%dT%H:%M"


def tomorrow(hour: int) -> str:
    day = timezone.localdate() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour)).strftime(LOCAL)


def people(*usernames: str) -> list[User]:
    return [User.objects.get(username=name) for name in usernames]


def test_a_deputy_leader_delegates_to_the_secretary_for_tomorrow_and_ends_it(demo_people, login):
    deputy, secretary = people("liminghua", "wujing")
    client = login(deputy)
    page = client.get(URL)
    assert page.status_code == 200 and "登记委托" in page.content.decode()
    assert f'value="{secretary.pk}"' in page.content.decode()  # the office is among those he may name

    response = client.post(URL, {"to_user": secretary.pk, "starts_at": tomorrow(8), "ends_at": tomorrow(18),
                                 "reason": "赴省厅参加会议"}, follow=True)
    assert response.status_code == 200
    row = Delegation.objects.get(from_user=deputy)
    assert (row.to_user, row.reason, timezone.localtime(row.starts_at).hour) == (secretary, "赴省厅参加会议", 8)
    html = response.content.decode()
    assert "吴静" in html and "赴省厅参加会议" in html and "未开始" in html and "结束委托" in html
    assert AuditEvent.objects.filter(action="delegation.create", actor=deputy).exists()
    # The secretary sees it among those given to her.
    assert "李明华" in login(secretary).get(URL).content.decode()

    response = client.post(URL, {"end": row.pk}, follow=True)
    assert response.status_code == 200 and "委托已结束。" in response.content.decode()
    row.refresh_from_db()
    assert row.ended_at is not None
    assert "已结束" in response.content.decode()


def test_an_end_before_the_start_is_a_chinese_error_and_saves_nothing(demo_people, login):
    deputy, secretary = people("liminghua", "wujing")
    response = login(deputy).post(URL, {"to_user": secretary.pk, "starts_at": tomorrow(18), "ends_at": tomorrow(8),
                                        "reason": "出差"})
    assert response.status_code == 200
    assert "结束时间必须晚于开始时间。" in response.content.decode()
    assert not Delegation.objects.exists()


def test_bad_input_is_a_form_error_not_a_500(demo_people, login):
    deputy, = people("liminghua")
    response = login(deputy).post(URL, {"to_user": "x", "starts_at": "明天", "ends_at": "", "reason": ""})
    assert response.status_code == 200 and not Delegation.objects.exists()
    assert "invalid-feedback" in response.content.decode()


def test_a_staff_member_may_not_delegate(demo_people, login):
    staff, colleague = people("qianli", "sunpeng")
    response = login(staff).post(URL, {"to_user": colleague.pk, "starts_at": tomorrow(8), "ends_at": tomorrow(18),
                                       "reason": "休假"})
    assert response.status_code == 200
    assert "只有局领导和处室负责人可以委托他人办理。" in response.content.decode()
    assert not Delegation.objects.exists()


def test_one_may_end_only_ones_own_delegation(demo_people, login):
    deputy, secretary, head = people("liminghua", "wujing", "zhoujianhua")
    client = login(deputy)
    client.post(URL, {"to_user": secretary.pk, "starts_at": tomorrow(8), "ends_at": tomorrow(18), "reason": "出差"})
    row = Delegation.objects.get()
    assert login(head).post(URL, {"end": row.pk}).status_code == 404
    assert login(secretary).post(URL, {"end": row.pk}).status_code == 404
    row.refresh_from_db()
    assert row.ended_at is None


def test_the_profile_links_to_the_page(demo_people, login):
    deputy, = people("liminghua")
    assert URL in login(deputy).get("/profile/").content.decode()
