"""The permission policy, case by case: every role × scope × clearance of the table.

The model is ``tests.policy_app.Dossier``, registered with the incoming
document's row of design.md's table:

    office: all · principal: all · deputy: routed to him, or 主办/协办 by a
    department he is in charge of · head of D: D is 主办 or 协办 · staff of D:
    assigned or circulated to them · 三员: none; every row also needs
    clearance ≥ 密级; explicit grants (user or unit) add one object.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from guardian.shortcuts import assign_perm

from office.choices import Clearance, Role, UnitKind
from office.models import AuditEvent
from office.permissions import can, require, restrict
from tests.factories import UnitFactory, UserFactory
from tests.policy_app.models import Dossier

LEVELS = list(Clearance)


@pytest.fixture
def org(db):
    organ = UnitFactory(code="ORG", name="测试局", kind=UnitKind.ORGAN)
    office = UnitFactory(code="OFF", name="办公室", kind=UnitKind.OFFICE, parent=organ)
    lead = UnitFactory(code="A", name="甲处", parent=organ)
    other = UnitFactory(code="B", name="乙处", parent=organ)
    assist = UnitFactory(code="C", name="丙处", parent=organ)
    leaders = UnitFactory(code="L", name="局领导", kind=UnitKind.LEADERSHIP, parent=organ)
    people = {
        "office": UserFactory(role=Role.OFFICE, unit=office),
        "principal": UserFactory(role=Role.LEADER, unit=leaders, is_principal=True),
        "deputy_in_charge": UserFactory(role=Role.LEADER, unit=leaders, in_charge_of=[lead]),
        "deputy_in_charge_assist": UserFactory(role=Role.LEADER, unit=leaders, in_charge_of=[assist]),
        "deputy_other": UserFactory(role=Role.LEADER, unit=leaders, in_charge_of=[other]),
        "deputy_routed": UserFactory(role=Role.LEADER, unit=leaders, in_charge_of=[other]),
        "head_lead": UserFactory(role=Role.DEPT_HEAD, unit=lead),
        "head_assist": UserFactory(role=Role.DEPT_HEAD, unit=assist),
        "head_other": UserFactory(role=Role.DEPT_HEAD, unit=other),
        "staff_assignee": UserFactory(role=Role.STAFF, unit=lead),
        "staff_circulated": UserFactory(role=Role.STAFF, unit=other),
        "staff_same_dept": UserFactory(role=Role.STAFF, unit=lead),
        "staff_other": UserFactory(role=Role.STAFF, unit=other),
        "staff_granted": UserFactory(role=Role.STAFF, unit=other),
        "staff_unit_granted": UserFactory(role=Role.STAFF, unit=assist),
        "sysadmin": UserFactory(role=Role.SYSADMIN),
        "secadmin": UserFactory(role=Role.SECADMIN),
        "auditor": UserFactory(role=Role.AUDITOR),
    }
    return {"units": {"lead": lead, "other": other, "assist": assist, "office": office}, "people": people}


def make_dossier(org, level: int) -> Dossier:
    units, people = org["units"], org["people"]
    dossier = Dossier.objects.create(
        title=f"密级{level}", secret_level=level, lead_unit=units["lead"], assignee=people["staff_assignee"]
    )
    dossier.assisting_units.add(units["assist"])
    dossier.circulated_to.add(people["staff_circulated"])
    dossier.routed_to.add(people["deputy_routed"])
    assign_perm("view_dossier", people["staff_granted"], dossier)
    # A unit grant reaches everyone in the unit's group — here 甲处's, and the staff of 丙处 via its group.
    return dossier


#: viewer → does the scope rule (ignoring clearance) let them see the dossier?
IN_SCOPE = {
    "office": True,
    "principal": True,
    "deputy_in_charge": True,  # 主办 is a department he is in charge of
    "deputy_in_charge_assist": True,  # 协办 is a department he is in charge of
    "deputy_other": False,
    "deputy_routed": True,  # routed to him for 批示
    "head_lead": True,  # D is 主办
    "head_assist": True,  # D is 协办
    "head_other": False,
    "staff_assignee": True,
    "staff_circulated": True,
    "staff_same_dept": False,  # same department, but not assigned: staff see only their own
    "staff_other": False,
    "staff_granted": True,  # explicit guardian grant
    "staff_unit_granted": False,  # until the unit is granted (see below)
    "sysadmin": False,
    "secadmin": False,
    "auditor": False,
}


@pytest.mark.parametrize("level", LEVELS, ids=[c.name for c in LEVELS])
@pytest.mark.parametrize("clearance", LEVELS, ids=[c.name for c in LEVELS])
@pytest.mark.parametrize("viewer", list(IN_SCOPE))
def test_visibility_role_scope_clearance(org, viewer, clearance, level):
    user = org["people"][viewer]
    user.clearance = clearance
    user.save(update_fields=["clearance"])
    dossier = make_dossier(org, level)

    expected = IN_SCOPE[viewer] and clearance >= level
    visible = restrict(Dossier.objects.all(), user)
    assert list(visible) == ([dossier] if expected else [])
    assert can(user, "view", dossier) is expected
    if not expected:
        with pytest.raises(Http404):
            require(user, "view", dossier)
        assert AuditEvent.objects.filter(actor=user, action="denied", object_id=str(dossier.pk)).exists()


def test_unit_grant_reaches_every_member_and_respects_clearance(org):
    people = org["people"]
    dossier = make_dossier(org, Clearance.SECRET)
    member = people["staff_unit_granted"]
    member.clearance = Clearance.SECRET
    member.save(update_fields=["clearance"])
    assert not can(member, "view", dossier)

    assign_perm("view_dossier", org["units"]["assist"].group, dossier)
    assert can(member, "view", dossier)

    member.clearance = Clearance.INTERNAL
    member.save(update_fields=["clearance"])
    assert not can(member, "view", dossier)


def test_grant_never_reaches_the_three_administrators(org):
    dossier = make_dossier(org, Clearance.PUBLIC)
    for key in ("sysadmin", "secadmin", "auditor"):
        admin = org["people"][key]
        assign_perm("view_dossier", admin, dossier)
        assert not can(admin, "view", dossier)


def test_global_permission_does_not_widen_scope(org):
    """accept_global_perms=False in effect: a model-level permission grants no object."""
    from django.contrib.auth.models import Permission

    dossier = make_dossier(org, Clearance.PUBLIC)
    outsider = org["people"]["staff_other"]
    outsider.user_permissions.add(Permission.objects.get(codename="view_dossier"))
    assert not can(outsider, "view", dossier)


def test_acting_is_narrower_than_seeing(org):
    people = org["people"]
    dossier = make_dossier(org, Clearance.PUBLIC)
    # The office sees it and may register; a leader who sees it may instruct, not register.
    require(people["office"], "register", dossier)
    require(people["principal"], "instruct", dossier)
    with pytest.raises(PermissionDenied):
        require(people["principal"], "register", dossier)
    with pytest.raises(PermissionDenied):
        require(people["head_lead"], "instruct", dossier)
    # Out of scope stays a 404 whatever the action.
    with pytest.raises(Http404):
        require(people["head_other"], "register", dossier)


def test_inactive_user_sees_nothing(org):
    office = org["people"]["office"]
    dossier = make_dossier(org, Clearance.PUBLIC)
    office.is_active = False
    office.save(update_fields=["is_active"])
    assert not can(office, "view", dossier)
    assert not restrict(Dossier.objects.all(), office).exists()


def test_list_of_many_rows_has_no_duplicates(org):
    """M2M scope paths join: a dossier matching two rules is listed once."""
    people = org["people"]
    dossier = make_dossier(org, Clearance.PUBLIC)
    dossier.circulated_to.add(people["staff_assignee"])
    assert list(restrict(Dossier.objects.all(), people["staff_assignee"])) == [dossier]


@pytest.mark.parametrize(
    ("role", "capability", "allowed"),
    [
        (role, capability, role == owner)
        for capability, owner in (
            ("admin.accounts", Role.SYSADMIN),
            ("admin.security", Role.SECADMIN),
            ("admin.audit", Role.AUDITOR),
        )
        for role in Role
    ],
)
def test_each_administrator_holds_only_their_capability(db, role, capability, allowed):
    user = UserFactory(role=role, is_principal=False)
    assert can(user, capability) is allowed


@pytest.mark.parametrize("role", list(Role))
def test_apps_declare_their_capabilities_in_the_policy(db, role):
    """办文's own rights, declared by documents' AppConfig: 到件 for the office, 起草 for departments and office."""
    user = UserFactory(role=role, is_principal=False)
    assert can(user, "documents.receive") is (role == Role.OFFICE)
    assert can(user, "documents.draft") is (role in (Role.OFFICE, Role.DEPT_HEAD, Role.STAFF))


def test_a_capability_cannot_be_registered_twice_with_other_roles():
    from office.permissions import register_capability

    register_capability("documents.receive", {Role.OFFICE})  # the same again: fine
    with pytest.raises(ValueError):
        register_capability("documents.receive", {Role.STAFF})
