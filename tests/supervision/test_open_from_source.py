"""The public door for other apps (issue 13, point 7): ``item_open_from_source`` opens a supervised item
from another app's object (here the test app's Dossier stands for a meeting's 议定事项 or a 政务信息
批示), records the source link through the core's links, once per source; bad input saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from office.models import Link
from supervision.choices import SourceKind
from supervision.items import selectors
from supervision.items.services import item_open_from_source
from supervision.models import SupervisedItem
from tests.helpers import client_for
from tests.policy_app.models import Dossier


def _open(user, dossier, units, **extra):
    return item_open_from_source(
        user,
        source_object=dossier,
        title="落实市政府常务会议关于稳岗返还的议定事项",
        requirement="11月底前完成稳岗返还资金拨付。",
        lead_unit=units["JYCJ"],
        assisting_units=[units["ZCFG"]],
        deadline=timezone.localdate() + dt.timedelta(days=20),
        classification=0,
        **{"source_kind": SourceKind.DECISION, **extra},
    )


def test_an_item_opened_from_another_apps_object_is_linked_both_ways_once(people, units):
    dossier = Dossier.objects.create(title="第12次局长办公会议定事项3", secret_level=1)
    item = _open(people["sunhao"], dossier, units)
    assert (item.state, item.source_kind, item.lead_unit, item.created_by) == (
        "draft",
        "decision",
        units["JYCJ"],
        people["sunhao"],
    )
    assert item.secret_level == 1  # never below its source
    assert list(item.parts.values_list("unit__code", flat=True)) == ["ZCFG"]
    assert item.source_label.endswith("第12次局长办公会议定事项3")
    link = Link.objects.get(target_id=str(item.pk))
    assert (link.kind, link.source_id, link.state) == ("supervise", str(dossier.pk), "draft")
    # The source's page reads the item (state, light) through the core's link.
    shown = selectors.items_for_source(user=people["sunhao"], source=dossier)
    assert [row.other.pk for row in shown] == [item.pk]
    # The item's page opens the source.
    assert selectors.item_source(user=people["sunhao"], item=item) == dossier
    assert client_for(people["sunhao"]).get(item.get_absolute_url()).status_code == 200
    # Once per source: asked again, the same item.
    assert _open(people["sunhao"], dossier, units).pk == item.pk
    assert SupervisedItem.objects.count() == 1 and Link.objects.count() == 1


def test_a_leader_opens_it_only_through_the_system(people, units):
    dossier = Dossier.objects.create(title="政务信息专报第5期 批示")
    leader = people["liminghua"]
    with pytest.raises(PermissionDenied):
        _open(leader, dossier, units, source_kind=SourceKind.INFORMATION)
    assert not SupervisedItem.objects.exists()
    item = _open(leader, dossier, units, source_kind=SourceKind.INFORMATION, by_system=True, instructing_leader=leader)
    assert (item.created_by, item.instructing_leader, item.source_kind) == (leader, leader, "information")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "  "}, "title"),
        ({"deadline": None}, "due_on"),
        ({"source_kind": SourceKind.PLAN}, "source_kind"),
    ],
)
def test_bad_input_says_which_field_and_saves_nothing(people, units, change, field):
    dossier = Dossier.objects.create(title="议定事项")
    args = {
        "source_object": dossier,
        "title": "事项",
        "requirement": "要求",
        "lead_unit": units["JYCJ"],
        "deadline": timezone.localdate() + dt.timedelta(days=5),
        "source_kind": SourceKind.DECISION,
        **change,
    }
    with pytest.raises(ValidationError) as raised:
        item_open_from_source(people["sunhao"], **args)
    assert field in raised.value.message_dict
    assert not SupervisedItem.objects.exists() and not Link.objects.exists()
