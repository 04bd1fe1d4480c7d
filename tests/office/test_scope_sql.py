"""The policy's scope predicates have a shape PostgreSQL can drive from the outer row.

A multi-valued rule (routed to him, 协办 by a unit, an assignment, a 传阅 grant, 会签, the
distribution list) is a correlated ``EXISTS`` over the related table, matched on the
outer row's id — never ``pk IN (SELECT …)``, which collects every id the user was ever
given (a deputy's 102,000 routings) before the first row can be returned. Test tables are
too small for real plans, so the SQL's shape is what is asserted here; the benchmark
checks the plans at scale. The rows each role sees are tests/test_role_matrix.py's and
tests/office/test_permissions.py's business, unchanged.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import IncomingDocument, OutgoingDocument
from office.models import Deadline, User
from office.permissions import restrict, visible_pairs
from tests.policy_app.models import Dossier

INCOMING, OUTGOING, DEADLINE = "documents_incomingdocument", "documents_outgoingdocument", "office_deadline"


def sql(model, user) -> str:
    return str(restrict(model.objects.all(), user).query)


def correlated(text: str, table: str, column: str, outer: str, cast: str = "") -> bool:
    """An ``EXISTS`` over ``table`` whose ``column`` is matched on the outer row's id."""
    pattern = (
        rf'EXISTS\(SELECT 1 AS "a" FROM "{table}" U0 .*?U0\."{column}" = \("{outer}"\."id"\){re.escape(cast)}'
    )
    return re.search(pattern, text) is not None


def assert_no_id_lists(text: str) -> None:
    assert "IN (SELECT" not in text, text
    assert not re.search(r'"id" IN \(SELECT', text), text


#: role → (related table, its column matched on the document's id, cast) that must each be an EXISTS
INCOMING_SHAPES = {
    "office": [],
    "principal": [
        ("documents_incominguserobjectpermission", "content_object_id", ""),
        ("documents_incominggroupobjectpermission", "content_object_id", ""),
    ],
    "deputy": [
        ("documents_incomingrouting", "document_id", ""),
        ("documents_incomingdocument_assisting_units", "incomingdocument_id", ""),
        ("office_assignment", "target_id", "::varchar"),
        ("documents_incominguserobjectpermission", "content_object_id", ""),
        ("documents_incominggroupobjectpermission", "content_object_id", ""),
    ],
    "dept_head": [
        ("documents_incomingdocument_assisting_units", "incomingdocument_id", ""),
        ("office_assignment", "target_id", "::varchar"),
        ("documents_incominguserobjectpermission", "content_object_id", ""),
        ("documents_incominggroupobjectpermission", "content_object_id", ""),
    ],
    "staff": [
        ("office_assignment", "target_id", "::varchar"),
        ("documents_incominguserobjectpermission", "content_object_id", ""),
        ("documents_incominggroupobjectpermission", "content_object_id", ""),
    ],
}
OUTGOING_SHAPES = {
    "office": [],
    "principal": [],
    "deputy": [],
    "dept_head": [("documents_outgoingcountersign", "document_id", ""), ("documents_outgoingrecipient", "document_id", "")],
    "staff": [("documents_outgoingrecipient", "document_id", "")],
}


@pytest.mark.parametrize("role", list(INCOMING_SHAPES))
def test_incoming_scope_is_correlated_exists(demo_people, role):
    text = sql(IncomingDocument, demo_people[role])
    assert_no_id_lists(text)
    for table, column, cast in INCOMING_SHAPES[role]:
        assert correlated(text, table, column, INCOMING, cast), (role, table, text)
    assert text.count("EXISTS(") == len(INCOMING_SHAPES[role])
    assert f'"{INCOMING}"."secret_level" <=' in text  # clearance, on every role


@pytest.mark.parametrize("role", list(OUTGOING_SHAPES))
def test_outgoing_scope_is_correlated_exists(demo_people, role):
    text = sql(OutgoingDocument, demo_people[role])
    assert_no_id_lists(text)
    for table, column, cast in OUTGOING_SHAPES[role]:
        assert correlated(text, table, column, OUTGOING, cast), (role, table, text)
    assert text.count("EXISTS(") == len(OUTGOING_SHAPES[role])


@pytest.mark.parametrize("role", ["office", "principal", "deputy", "dept_head", "staff"])
def test_deadline_scope_is_plain_columns(demo_people, role):
    text = sql(Deadline, demo_people[role])
    assert "SELECT" not in text.split(" WHERE ", 1)[1], text  # no subquery at all: indexed columns


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditor"])
def test_administrators_scope_is_no_query(demo_people, role):
    assert not restrict(IncomingDocument.objects.all(), demo_people[role]).exists()
    assert restrict(IncomingDocument.objects.all(), demo_people[role]).query.is_empty()


@pytest.mark.parametrize("role", ["deputy", "dept_head", "staff"])
def test_the_generic_policy_turns_m2m_paths_into_exists(demo_people, role):
    """tests/policy_app's Dossier: routed_to, assisting_units and circulated_to are M2M paths."""
    text = sql(Dossier, demo_people[role])
    assert_no_id_lists(text)
    expected = {
        "deputy": ["policy_app_dossier_routed_to", "policy_app_dossier_assisting_units",
                   "policy_app_dossier_circulated_to"],
        "dept_head": ["policy_app_dossier_assisting_units", "policy_app_dossier_circulated_to"],
        "staff": ["policy_app_dossier_circulated_to"],
    }[role]
    for table in expected:
        assert correlated(text, table, "dossier_id", "policy_app_dossier"), (table, text)


def test_one_document_for_a_deputy_is_an_exists_per_rule(demo):
    """The fetch of one document: the id, then each rule probed for that row."""
    deputy = User.objects.get(username="liminghua")
    doc = restrict(IncomingDocument.objects.all(), deputy).order_by("pk").first()
    text = str(restrict(IncomingDocument.objects.filter(pk=doc.pk), deputy).query)
    assert f'"{INCOMING}"."id" = {doc.pk}' in text and "IN (SELECT" not in text


# --- many users at once (the reminder sweep) --------------------------------------------------


def test_visible_pairs_is_each_users_restrict_in_one_statement(demo):
    users = list(User.objects.filter(is_active=True, role__in=["office", "leader", "dept_head", "staff"]))
    ids = list(IncomingDocument.objects.values_list("pk", flat=True))
    expected = {
        (pk, user.pk) for user in users
        for pk in restrict(IncomingDocument.objects.filter(pk__in=ids), user).values_list("pk", flat=True)
    }
    assert expected  # the demo routes documents to every kind of user
    fresh = list(User.objects.filter(pk__in=[u.pk for u in users]))
    with CaptureQueriesContext(connection) as ctx:
        found = visible_pairs(IncomingDocument, [(user, ids) for user in fresh])
    assert found == expected
    statements = [q["sql"] for q in ctx.captured_queries]
    # the leaders' 分管 units (cached on each user) and then one statement for everyone
    assert len([s for s in statements if "UNION ALL" in s]) == 1
    assert len(statements) <= 1 + sum(u.role == "leader" for u in fresh)


def test_visible_pairs_skips_keys_that_are_no_keys(demo):
    office = User.objects.get(username="zhouting")
    doc = restrict(IncomingDocument.objects.all(), office).first()
    assert visible_pairs(IncomingDocument, [(office, [str(doc.pk), "abc", None])]) == {(doc.pk, office.pk)}
    assert visible_pairs(IncomingDocument, []) == set()
