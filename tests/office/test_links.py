"""Links between objects of different apps (office.links): made once, the target's state
and due date kept current, listed only where the user may see the other end — with a
query count that does not grow with the number of links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from office import deadlines, links
from office.audit import flush_denials
from office.choices import Clearance, Role, UnitKind
from office.models import AuditEvent, Deadline, DeadlineState, Link
from tests.factories import UnitFactory, UserFactory
from tests.helpers import assert_num_queries
from tests.policy_app.models import Dossier


@pytest.fixture
def org(db):
    organ = UnitFactory(code="ORG", kind=UnitKind.ORGAN)
    office = UnitFactory(code="OFF", name="办公室", kind=UnitKind.OFFICE, parent=organ)
    a = UnitFactory(code="A", name="就业处", parent=organ)
    b = UnitFactory(code="B", name="人才处", parent=organ)
    return {
        "a": a,
        "b": b,
        "office": UserFactory(username="wenshu", role=Role.OFFICE, unit=office, clearance=Clearance.SECRET),
        "head_a": UserFactory(username="chu_a", role=Role.DEPT_HEAD, unit=a, clearance=Clearance.SECRET),
        "head_b": UserFactory(username="chu_b", role=Role.DEPT_HEAD, unit=b, clearance=Clearance.SECRET),
    }


def dossier(unit, title="关于稳就业的请示", level=Clearance.INTERNAL) -> Dossier:
    return Dossier.objects.create(title=title, lead_unit=unit, secret_level=level)


def item(org, unit, title="督办事项", days=10) -> Deadline:
    """A target of another app (office's time limit) with a state field and a due date."""
    return deadlines.deadline_set(
        actor=org["office"], title=title, responsible_unit=unit, due_at=timezone.now() + dt.timedelta(days=days),
    )


def test_a_link_is_made_once_and_audited(org):
    source, target = dossier(org["a"]), item(org, org["a"])
    first = links.link_create(actor=org["office"], source=source, target=target, kind="supervise",
                              state=DeadlineState.OPEN, due_on=dt.date(2026, 12, 31))
    again = links.link_create(actor=org["office"], source=source, target=target, kind="supervise",
                              state=DeadlineState.DONE, due_on=dt.date(2026, 12, 31))
    assert again.pk == first.pk and Link.objects.count() == 1
    assert again.state == DeadlineState.DONE  # brought up to date, not duplicated
    assert first.created_by == org["office"]
    audit = AuditEvent.objects.get(action="link.create")
    assert audit.actor == org["office"] and audit.detail["kind"] == "supervise"
    # Another kind between the same two is another link; the database keeps the triple unique.
    links.link_create(actor=None, source=source, target=target, kind="reply")
    assert Link.objects.count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Link.objects.create(source_type=first.source_type, source_id=first.source_id,
                            target_type=first.target_type, target_id=first.target_id, kind="supervise")


def test_bad_links_are_refused_with_a_clear_message(org):
    source = dossier(org["a"])
    with pytest.raises(Exception, match="未知的关联类型"):
        links.link_create(actor=None, source=source, target=item(org, org["a"]), kind="friend")
    with pytest.raises(Exception, match="不能与自身关联"):
        links.link_create(actor=None, source=source, target=source, kind="reply")
    # A person may only link what they can see (404 and a denial in the audit log).
    with pytest.raises(Http404):
        links.link_create(actor=org["head_b"], source=source, target=item(org, org["b"]), kind="supervise")
    assert not Link.objects.exists()
    flush_denials()  # what the end of the request does once the refused transaction is over
    assert AuditEvent.objects.filter(action="denied", actor=org["head_b"]).exists()


def test_the_target_state_and_due_date_follow_the_target(org):
    source, target = dossier(org["a"]), item(org, org["a"])
    links.link_create(actor=None, source=source, target=target, kind="supervise", state=DeadlineState.OPEN,
                      due_on=timezone.localdate() + dt.timedelta(days=30))
    [link] = links.links_from(user=org["head_a"], source=source)
    assert (link.state_label, link.light) == ("办理中", "green")
    assert links.link_update_target(target=target, state=DeadlineState.DONE,
                                    due_on=timezone.localdate() - dt.timedelta(days=2)) == 1
    assert links.link_update_target(target=target, state=DeadlineState.DONE,
                                    due_on=timezone.localdate() - dt.timedelta(days=2)) == 0
    [link] = links.links_from(user=org["head_a"], source=source)
    assert (link.state, link.state_label, link.light) == ("done", "已办结", "red")


def test_only_links_whose_other_end_the_user_sees(org):
    source = dossier(org["a"])
    mine, theirs = dossier(org["a"], "本处承办事项"), dossier(org["b"], "他处承办事项")
    for target in (mine, theirs):
        links.link_create(actor=None, source=source, target=target, kind="supervise")
    assert [link.other for link in links.links_from(user=org["office"], source=source)] == [mine, theirs]
    assert [link.other for link in links.links_from(user=org["head_a"], source=source)] == [mine]
    # The other way round: from the item back to its source.
    assert [link.other for link in links.links_to(user=org["head_a"], target=mine)] == [source]
    assert links.links_to(user=org["head_b"], target=theirs) == []  # the source is out of their sight
    # Nothing at all about an object the user may not see.
    assert links.links_from(user=org["head_b"], source=source) == []


def test_a_secret_target_is_hidden_from_a_user_not_cleared(org):
    source = dossier(org["a"])
    secret = dossier(org["a"], "涉密督办事项", level=Clearance.CONFIDENTIAL)
    links.link_create(actor=None, source=source, target=secret, kind="supervise")
    assert links.links_from(user=org["head_a"], source=source) == []
    assert len(links.links_from(user=org["office"], source=source)) == 0  # 秘密 clearance < 机密


@pytest.mark.parametrize("count", [2, 8])
def test_one_query_per_content_type_never_per_row(org, count):
    source = dossier(org["a"])
    for i in range(count):
        links.link_create(actor=None, source=source, target=dossier(org["a"], f"事项{i}"), kind="supervise")
        links.link_create(actor=None, source=source, target=item(org, org["a"], f"时限{i}"), kind="supervise",
                          due_on=timezone.localdate() + dt.timedelta(days=1))
    # links; visibility of the dossiers (with the source) and of the time limits; each kind of
    # object loaded; the calendar for the lights (overrides) — the same for 2 or 8 of each.
    with assert_num_queries(6):
        shown = links.links_from(user=org["head_a"], source=source)
    assert len(shown) == 2 * count
    assert {link.light for link in shown if isinstance(link.other, Deadline)} == {"yellow"}
