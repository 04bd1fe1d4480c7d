"""What the services did but the UI lacked (issue 13, point 2): 修改 a draft before 交办, 节点 marked
done, a key task of the 年度工作要点 decomposed into an item — each reached from a page."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from office.models import User
from supervision.items import services
from supervision.items.services import ItemData
from supervision.models import Milestone, SupervisedItem
from supervision.plans import services as plans
from tests.helpers import client_for


def _with_milestones(people, units, **extra):
    today = timezone.localdate()
    return services.item_create(
        actor=people["sunhao"],
        data=ItemData(
            title="修订工伤认定办事指南",
            requirement="年底前完成修订。",
            lead_unit=units["ZCFG"],
            responsible_leader=people["liminghua"],
            due_on=today + dt.timedelta(days=40),
            milestones=[("形成初稿", today + dt.timedelta(days=10)), ("征求意见", today + dt.timedelta(days=20))],
            **extra,
        ),
    )


def test_the_office_edits_a_draft_from_its_page_and_no_longer_once_handed_over(people, units):
    item = _with_milestones(people, units)
    office = client_for(people["sunhao"])
    page = office.get(item.get_absolute_url()).content.decode()
    assert f'href="/supervision/items/{item.pk}/edit/" data-edit' in page
    form = office.get(f"/supervision/items/{item.pk}/edit/").content.decode()
    assert "修订工伤认定办事指南" in form and "形成初稿" in form
    due = (timezone.localdate() + dt.timedelta(days=50)).isoformat()
    first = (timezone.localdate() + dt.timedelta(days=15)).isoformat()
    data = {
        "title": "修订工伤认定和劳动能力鉴定办事指南",
        "requirement": "12月底前完成修订并公开。",
        "lead_unit": units["GSBX"].pk,
        "assisting_units": [units["ZCFG"].pk],
        "responsible_leader": "",
        "due_on": due,
        "importance": "key",
        "secret_level": "0",
        "report_cycle": "monthly",
        "milestone_1": "形成修订稿",
        "milestone_1_on": first,
    }
    assert office.post(f"/supervision/items/{item.pk}/edit/", {**data, "title": ""}).status_code == 400
    response = office.post(f"/supervision/items/{item.pk}/edit/", data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.lead_unit, item.importance, item.due_on.isoformat()) == (
        "修订工伤认定和劳动能力鉴定办事指南",
        units["GSBX"],
        "key",
        due,
    )
    assert list(item.parts.values_list("unit__code", flat=True)) == ["ZCFG"]
    assert list(item.milestones.values_list("name", flat=True)) == ["形成修订稿"]
    assert item.serial == SupervisedItem.objects.get(pk=item.pk).serial  # the number stays
    services.item_assign(actor=people["sunhao"], item=item)
    assert "data-edit" not in office.get(item.get_absolute_url()).content.decode()
    assert office.get(f"/supervision/items/{item.pk}/edit/").status_code == 404
    assert office.post(f"/supervision/items/{item.pk}/edit/", data).status_code == 404


def test_the_handler_marks_a_milestone_done_from_the_item_page(people, units):
    item = _with_milestones(people, units)
    item = services.item_assign(actor=people["sunhao"], item=item)
    head = units["ZCFG"].head
    item = services.item_sign(actor=head, item=item)
    handler = User.objects.filter(unit=units["ZCFG"], role="staff").order_by("id").first()
    item = services.item_name_handler(actor=head, item=item, handler=handler)
    client = client_for(handler)
    page = client.get(item.get_absolute_url()).content.decode()
    assert page.count("data-milestone-done") == 2
    first = Milestone.objects.get(item=item, order=1)
    # The office sees the item but reports no progress: no button, and a refusal if posted.
    assert "data-milestone-done" not in client_for(people["sunhao"]).get(item.get_absolute_url()).content.decode()
    assert (
        client_for(people["sunhao"]).post(f"/supervision/items/{item.pk}/milestones/{first.pk}/done/").status_code
        == 403
    )
    response = client.post(f"/supervision/items/{item.pk}/milestones/{first.pk}/done/")
    assert response.status_code == 302 and response["Location"].endswith("#milestones")
    first.refresh_from_db()
    assert first.done_on == timezone.localdate()
    page = client.get(item.get_absolute_url()).content.decode()
    assert page.count("data-milestone-done") == 1 and "节点“形成初稿”已完成" in page
    again = client.post(f"/supervision/items/{item.pk}/milestones/{first.pk}/done/", follow=True)
    assert "该节点已完成" in again.content.decode()


def test_a_key_task_is_decomposed_into_an_item_from_the_plan(people, units):
    officer = people["sunhao"]
    year = timezone.localdate().year
    plan = plans.plan_get_or_create(actor=officer, year=year)
    task = plans.key_task_add(
        actor=officer,
        plan=plan,
        title="推进社保卡居民服务“一卡通”",
        lead_unit=units["ZCFG"],
        responsible_leader=people["liminghua"],
    )
    office = client_for(officer)
    page = office.get(f"/supervision/plans/{year}/").content.decode()
    url = re.search(r'href="(/supervision/items/new/\?key_task=\d+)" data-decompose', page).group(1)
    form = office.get(url).content.decode()
    assert "分解重点任务" in form and f'name="key_task" value="{task.pk}"' in form
    due = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    response = office.post(
        "/supervision/items/new/",
        {
            "key_task": task.pk,
            "title": "完成社保卡线下服务网点布设",
            "requirement": "每个街道至少一个网点。",
            "lead_unit": units["ZCFG"].pk,
            "due_on": due,
            "importance": "normal",
            "secret_level": "0",
            "report_cycle": "monthly",
        },
    )
    assert response.status_code == 302
    item = SupervisedItem.objects.get(title="完成社保卡线下服务网点布设")
    assert (item.key_task, item.source_kind) == (task, "plan")
    assert "完成社保卡线下服务网点布设" in office.get(f"/supervision/plans/{year}/").content.decode()
    assert office.get("/supervision/items/new/?key_task=abc").status_code == 404
    assert office.get("/supervision/items/new/?key_task=999999").status_code == 404
