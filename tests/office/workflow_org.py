"""A small organ for the workflow core's tests (no ``documents``, no demo)."""

from __future__ import annotations

import pytest

from office import services
from office.audit import discard_denials
from office.choices import Clearance, Role, UnitKind
from office.workflow.choices import Duty
from office.workflow.duties import duty_grant
from tests.factories import UnitFactory, UserFactory
from tests.policy_app.models import Request


@pytest.fixture(name="org")
def org_fixture(db):
    organ = UnitFactory(code="ORG", name="测试局", kind=UnitKind.ORGAN)
    office = UnitFactory(code="OFF", name="办公室", kind=UnitKind.OFFICE, parent=organ)
    a = UnitFactory(code="A", name="甲处", parent=organ)
    b = UnitFactory(code="B", name="乙处", parent=organ)
    leaders = UnitFactory(code="L", name="局领导", kind=UnitKind.LEADERSHIP, parent=organ)
    p = {
        "principal": UserFactory(role=Role.LEADER, unit=leaders, is_principal=True, full_name="王局长", title="局长",
                                 clearance=Clearance.CONFIDENTIAL),
        "deputy_a": UserFactory(role=Role.LEADER, unit=leaders, in_charge_of=[a], full_name="李副局长", title="副局长",
                                clearance=Clearance.CONFIDENTIAL),
        "deputy_b": UserFactory(role=Role.LEADER, unit=leaders, in_charge_of=[b], full_name="赵副局长", title="副局长",
                                clearance=Clearance.CONFIDENTIAL),
        "head_a": UserFactory(role=Role.DEPT_HEAD, unit=a, full_name="甲处长", title="处长", clearance=Clearance.SECRET),
        "head_b": UserFactory(role=Role.DEPT_HEAD, unit=b, full_name="乙处长", title="处长", clearance=Clearance.SECRET),
        "deputy_head_a": UserFactory(role=Role.DEPT_HEAD, unit=a, full_name="甲副处长", title="副处长"),
        "staff_a": UserFactory(role=Role.STAFF, unit=a, full_name="甲科员"),
        "staff_b": UserFactory(role=Role.STAFF, unit=b, full_name="乙科员"),
        "director": UserFactory(role=Role.OFFICE, unit=office, full_name="周主任", title="办公室主任",
                                clearance=Clearance.CONFIDENTIAL),
        "clerk1": UserFactory(role=Role.OFFICE, unit=office, full_name="文书一", title="文书", clearance=Clearance.SECRET),
        "clerk2": UserFactory(role=Role.OFFICE, unit=office, full_name="文书二", title="文书"),
        "secretary": UserFactory(role=Role.OFFICE, unit=office, full_name="秘书甲", title="秘书",
                                 clearance=Clearance.CONFIDENTIAL),
        "inspector": UserFactory(role=Role.OFFICE, unit=office, full_name="督查员甲", title="督查员"),
        "sysadmin": UserFactory(role=Role.SYSADMIN, username="sys"),
        "secadmin": UserFactory(role=Role.SECADMIN, username="sec"),
    }
    services.unit_set_head(actor=None, unit=a, head=p["head_a"])
    services.unit_set_head(actor=None, unit=b, head=p["head_b"])
    services.unit_set_head(actor=None, unit=office, head=p["director"])
    for user, duty in [("director", Duty.DIRECTOR), ("clerk1", Duty.CLERK), ("clerk2", Duty.CLERK),
                       ("secretary", Duty.SECRETARY), ("inspector", Duty.SUPERVISOR)]:
        duty_grant(actor=None, user=p[user], duty=duty)
    yield {"units": {"organ": organ, "office": office, "a": a, "b": b, "leaders": leaders}, "people": p}
    # A refusal inside a service's transaction keeps its denial until a request or job ends; the test
    # database is rolled back, so none may leak into the next test.
    discard_denials()


def make_request(org, *, amount=100, requester="staff_a", unit="a", level=0, kind="expense", title="购置办公用品") -> Request:
    return Request.objects.create(
        title=title, kind=kind, amount=amount, requester=org["people"][requester], unit=org["units"][unit],
        secret_level=level,
    )
