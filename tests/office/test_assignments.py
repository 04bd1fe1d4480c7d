"""Assignments: who must act on a step, sequential and parallel, and the to-dos the engine keeps."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office.choices import TodoState
from office.models import Assignment, AuditEvent, Todo
from office.workflow.assignments import (
    Assignee,
    Notice,
    answer,
    assign,
    assignments_cancel,
    assignments_refresh,
    may_answer,
    round_rows,
)
from office.workflow.choices import AssignmentState as A
from office.workflow.choices import Duty, Mode
from office.workflow.duties import duty_grant, duty_holders, duty_revoke
from tests.factories import UnitFactory, UserFactory
from tests.office.workflow_org import make_request, org_fixture  # noqa: F401  (the org fixture)
from tests.policy_app.models import Request

STEP = "test.step"


def notice(obj) -> Notice:
    return Notice(title=f"【待办理】{obj.title}", url=obj.get_absolute_url())


def open_todos(obj, step=STEP):
    return sorted(
        Todo.objects.filter(target_id=str(obj.pk), step=step, state=TodoState.OPEN).values_list("user__full_name", flat=True)
    )


@pytest.fixture
def req(org):
    return make_request(org)


# --- sequential ------------------------------------------------------------------------


def test_sequential_chain_opens_one_after_another(org, req):
    p = org["people"]
    rows = assign(target=req, step=STEP, assignees=[Assignee.person(p["deputy_a"]), Assignee.principal()], notice=notice(req))
    assert [r.state for r in Assignment.objects.order_by("order")] == [A.OPEN, A.WAITING]
    assert [r.user for r in rows] == [p["deputy_a"], p["principal"]]
    assert open_todos(req) == ["李副局长"]
    todo = Todo.objects.get(user=p["deputy_a"])
    # The stage is kept apart from the title (shown in the reader's language).
    assert (todo.stage, todo.title, todo.step, todo.url) == ("待办理", "购置办公用品", STEP, req.get_absolute_url())

    with pytest.raises(ValidationError, match="尚未轮到您办理"):
        answer(target=req, step=STEP, actor=p["principal"], text="同意")
    result = answer(target=req, step=STEP, actor=p["deputy_a"], text="拟同意，请王局长阅示。")
    assert not result.complete
    assert open_todos(req) == ["王局长"]
    assert Todo.objects.get(user=p["deputy_a"]).state == TodoState.DONE
    with pytest.raises(ValidationError, match="您已办理过此环节，不能重复提交"):
        answer(target=req, step=STEP, actor=p["deputy_a"], text="再次同意")
    result = answer(target=req, step=STEP, actor=p["principal"], text="同意")
    assert result.complete
    assert open_todos(req) == []
    done = Assignment.objects.order_by("order")
    assert [(r.state, r.acted_by, r.text) for r in done] == [
        (A.DONE, p["deputy_a"], "拟同意，请王局长阅示。"), (A.DONE, p["principal"], "同意"),
    ]
    assert all(r.done_at and r.opened_at for r in done)


def test_a_stranger_is_refused_and_nothing_changes(org, req):
    p = org["people"]
    assign(target=req, step=STEP, assignees=[Assignee.person(p["deputy_a"])], notice=notice(req))
    with pytest.raises(PermissionDenied, match="当前环节不由您办理"):
        answer(target=req, step=STEP, actor=p["deputy_b"], text="同意")
    assert Assignment.objects.get().state == A.OPEN
    assert open_todos(req) == ["李副局长"]


def test_a_vacant_post_cannot_be_assigned(org, req):
    from office import services

    services.unit_set_head(actor=None, unit=org["units"]["b"], head=None)
    with pytest.raises(ValidationError, match="部门负责人空缺"):
        assign(target=req, step=STEP, assignees=[Assignee.head_of(org["units"]["b"])], notice=notice(req))
    assert not Assignment.objects.exists()
    with pytest.raises(ValidationError, match="请指定办理人"):
        assign(target=req, step=STEP, assignees=[], notice=notice(req))


def test_posts_resolve_to_their_holders(org, req):
    p, u = org["people"], org["units"]
    rows = assign(
        target=req, step=STEP, notice=notice(req), mode=Mode.ALL,
        assignees=[Assignee.head_of(u["a"]), Assignee.leader_in_charge_of(u["b"]), Assignee.principal()],
    )
    assert [r.user for r in rows] == [p["head_a"], p["deputy_b"], p["principal"]]
    assert [r.post for r in rows] == ["head", "in_charge", "principal"]


def test_a_head_leaving_his_post_hands_the_open_step_to_the_new_head(org, req):
    from office import services

    p, u = org["people"], org["units"]
    assign(target=req, step=STEP, assignees=[Assignee.head_of(u["a"])], notice=notice(req))
    services.unit_set_head(actor=None, unit=u["a"], head=p["deputy_head_a"])
    # The new head acts: the engine sees the post changed hands and lets him.
    answer(target=req, step=STEP, actor=p["deputy_head_a"], text="同意")
    row = Assignment.objects.get()
    assert (row.user, row.acted_by, row.state) == (p["deputy_head_a"], p["deputy_head_a"], A.DONE)
    assert Todo.objects.get(user=p["head_a"]).state == TodoState.WITHDRAWN


def test_refresh_moves_the_to_do_of_a_disabled_leader(org, req):
    from office import services
    from office.choices import Role

    p, u = org["people"], org["units"]
    assign(target=req, step=STEP, assignees=[Assignee.leader_in_charge_of(u["a"])], notice=notice(req))
    services.user_save(actor=None, username=p["deputy_b"].username, full_name="赵副局长", unit=u["leaders"],
                       role=Role.LEADER, in_charge_of=[u["a"], u["b"]], clearance=3)
    p["deputy_a"].is_active = False
    p["deputy_a"].save(update_fields=["is_active"])
    assert assignments_refresh(target=req, step=STEP) == 1
    assert open_todos(req) == ["赵副局长"]


# --- parallel --------------------------------------------------------------------------


def test_parallel_all_needs_every_unit(org, req):
    p, u = org["people"], org["units"]
    assign(target=req, step=STEP, assignees=[Assignee.of_unit(u["a"]), Assignee.of_unit(u["b"])], notice=notice(req),
           mode=Mode.ALL)
    assert open_todos(req) == ["乙处长", "甲处长"]
    assert may_answer(req, STEP, p["head_a"]) and not may_answer(req, STEP, p["staff_a"])
    first = answer(target=req, step=STEP, actor=p["head_b"], text="无意见")
    assert not first.complete
    assert open_todos(req) == ["甲处长"]  # only 乙处's to-do closed
    with pytest.raises(ValidationError, match="不能重复提交"):
        answer(target=req, step=STEP, actor=p["head_b"], text="无意见")
    assert answer(target=req, step=STEP, actor=p["head_a"], text="同意").complete
    assert [r.state for r in round_rows(req, STEP)] == [A.DONE, A.DONE]


def test_parallel_any_closes_the_others_at_the_first_answer(org, req):
    p, u = org["people"], org["units"]
    assign(target=req, step=STEP, assignees=[Assignee.of_unit(u["a"]), Assignee.of_unit(u["b"])], notice=notice(req),
           mode=Mode.ANY)
    assert answer(target=req, step=STEP, actor=p["head_a"], text="由我处办理").complete
    assert [r.state for r in round_rows(req, STEP)] == [A.DONE, A.SKIPPED]
    assert open_todos(req) == []
    with pytest.raises(ValidationError, match="此环节已由他人办理完毕"):
        answer(target=req, step=STEP, actor=p["head_b"], text="晚了")


def test_a_unit_without_head_goes_to_its_department_heads(org, req):
    p = org["people"]
    c = UnitFactory(code="C", name="丙处")
    c_head = UserFactory(role="dept_head", unit=c, full_name="丙副处长")
    assign(target=req, step=STEP, assignees=[Assignee.of_unit(c)], notice=notice(req))
    assert open_todos(req) == ["丙副处长"]
    answer(target=req, step=STEP, actor=c_head, text="同意")
    assert Assignment.objects.get().acted_by == c_head
    assert p  # the org fixture is there for the organ


def test_cancel_withdraws_every_open_to_do(org, req):
    p, u = org["people"], org["units"]
    assign(target=req, step=STEP, assignees=[Assignee.of_unit(u["a"]), Assignee.of_unit(u["b"])], notice=notice(req),
           mode=Mode.ALL)
    assert assignments_cancel(target=req, step=STEP) == 2
    assert set(Todo.objects.values_list("state", flat=True)) == {TodoState.WITHDRAWN}
    assert set(Assignment.objects.values_list("state", flat=True)) == {A.CANCELLED}
    with pytest.raises(PermissionDenied):
        answer(target=req, step=STEP, actor=p["head_a"], text="同意")


def test_a_new_round_after_a_finished_one(org, req):
    p = org["people"]
    assign(target=req, step=STEP, assignees=[Assignee.person(p["head_a"])], notice=notice(req))
    answer(target=req, step=STEP, actor=p["head_a"], text="同意")
    rows = assign(target=req, step=STEP, assignees=[Assignee.person(p["head_a"])], notice=notice(req))
    assert rows[0].round == 2
    assert answer(target=req, step=STEP, actor=p["head_a"], text="再次同意").complete


def test_chains_of_parallel_groups_are_kept_apart_per_object(org):
    p = org["people"]
    one, two = make_request(org, title="一"), make_request(org, title="二")
    assign(target=one, step=STEP, assignees=[Assignee.person(p["head_a"])], notice=notice(one))
    assign(target=two, step=STEP, assignees=[Assignee.person(p["head_a"])], notice=notice(two))
    answer(target=one, step=STEP, actor=p["head_a"], text="同意")
    assert open_todos(two) == ["甲处长"] and open_todos(one) == []


# --- query counts --------------------------------------------------------------------


def _units(n):
    units = []
    for i in range(n):
        unit = UnitFactory(code=f"Q{i}", name=f"第{i}会签处")
        head = UserFactory(role="dept_head", unit=unit)
        from office import services

        services.unit_set_head(actor=None, unit=unit, head=head)
        units.append(unit)
    return units


@pytest.mark.parametrize("n", [1, 3, 6])
def test_opening_a_parallel_assignment_of_n_units_costs_8_plus_5_per_unit(org, req, n):
    """Constant part (8): savepoint, round, bulk insert, heads, delegations, bulk update, holders, release;
    each to-do through ``todo_open`` is 5 (two savepoints around its INSERT)."""
    units = _units(n)
    with CaptureQueriesContext(connection) as ctx:
        assign(target=req, step=STEP, assignees=[Assignee.of_unit(x) for x in units], notice=notice(req), mode=Mode.ALL)
    assert Todo.objects.filter(state=TodoState.OPEN).count() == n
    assert len(ctx.captured_queries) == 8 + 5 * n, "\n".join(q["sql"] for q in ctx.captured_queries)


# --- office duties ---------------------------------------------------------------------


def test_a_step_for_the_office_goes_to_the_holders_of_its_duty_only(org, req):
    p = org["people"]
    assign(target=req, step=STEP, assignees=[Assignee.office_duty(Duty.CLERK)], notice=notice(req))
    assert open_todos(req) == ["文书一", "文书二"]  # not the 主任, the 秘书 or the 督查员
    with pytest.raises(PermissionDenied):
        answer(target=req, step=STEP, actor=p["director"], text="签收")
    answer(target=req, step=STEP, actor=p["clerk2"], text="已签收")
    assert open_todos(req) == []
    with pytest.raises(ValidationError, match="此环节已由他人办理完毕"):
        answer(target=req, step=STEP, actor=p["clerk1"], text="已签收")
    assert Todo.objects.get(user=p["clerk1"]).state == TodoState.DONE


def test_duty_holders_must_be_cleared_for_the_object(org):
    secret = make_request(org, level=2)
    assign(target=secret, step=STEP, assignees=[Assignee.office_duty(Duty.CLERK)], notice=notice(secret))
    assert open_todos(secret) == ["文书一"]  # 文书二 holds 内部 only


def test_a_step_nobody_is_cleared_for_is_refused_not_lost(org):
    """A 机密 object's step for the 文书 when no 文书 holds 机密: refused with what to do, nothing
    assigned — not a step that sits on no one's workbench. Once a cleared person holds the duty, it goes."""
    p = org["people"]
    confidential = make_request(org, level=3)
    with pytest.raises(ValidationError, match="办公室没有密级达到“机密”的文书岗位人员"):
        assign(target=confidential, step=STEP, assignees=[Assignee.office_duty(Duty.CLERK)], notice=notice(confidential))
    assert not Assignment.objects.filter(target_id=str(confidential.pk)).exists()
    duty_grant(actor=p["secadmin"], user=p["secretary"], duty=Duty.CLERK)
    assign(target=confidential, step=STEP, assignees=[Assignee.office_duty(Duty.CLERK)], notice=notice(confidential))
    assert open_todos(confidential) == ["秘书甲"]


def test_granting_and_revoking_a_duty_moves_the_open_steps(org, req):
    p = org["people"]
    assign(target=req, step=STEP, assignees=[Assignee.office_duty(Duty.SUPERVISOR)], notice=notice(req))
    assert open_todos(req) == ["督查员甲"]
    duty_grant(actor=p["secadmin"], user=p["clerk1"], duty=Duty.SUPERVISOR)
    assert open_todos(req) == ["文书一", "督查员甲"]
    duty_revoke(actor=p["secadmin"], user=p["inspector"], duty=Duty.SUPERVISOR)
    assert open_todos(req) == ["文书一"]
    assert Todo.objects.get(user=p["inspector"]).state == TodoState.WITHDRAWN
    assert [u.full_name for u in duty_holders(Duty.SUPERVISOR)] == ["文书一"]
    assert AuditEvent.objects.filter(action__in=["duty.grant", "duty.revoke"], actor=p["secadmin"]).count() == 2


def test_only_the_security_administrator_sets_duties_and_only_on_office_staff(org):
    p = org["people"]
    with pytest.raises(PermissionDenied):
        duty_grant(actor=p["sysadmin"], user=p["clerk1"], duty=Duty.SECRETARY)
    with pytest.raises(ValidationError, match="只能授予办公室人员"):
        duty_grant(actor=p["secadmin"], user=p["staff_a"], duty=Duty.CLERK)


def test_duties_in_admin_are_the_security_administrators(org, client):
    from office.models import OfficeDuty

    p = org["people"]
    client.force_login(p["sysadmin"])
    assert client.get("/admin/office/officeduty/").status_code == 403
    client.force_login(p["secadmin"])
    assert client.get("/admin/office/officeduty/").status_code == 200
    response = client.post("/admin/office/officeduty/add/", {"user": p["staff_b"].pk, "duty": Duty.CLERK})
    assert response.status_code == 200  # the form again: a 科员 is no choice
    assert not OfficeDuty.objects.filter(user=p["staff_b"]).exists()
    req = make_request(org)
    assign(target=req, step=STEP, assignees=[Assignee.office_duty(Duty.SECRETARY)], notice=notice(req))
    response = client.post("/admin/office/officeduty/add/", {"user": p["clerk2"].pk, "duty": Duty.SECRETARY})
    assert response.status_code == 302
    assert open_todos(req) == ["文书二", "秘书甲"]
    assert AuditEvent.objects.filter(action="admin.add", actor=p["secadmin"], object_type="office.OfficeDuty").exists()
    row = OfficeDuty.objects.get(user=p["clerk2"], duty=Duty.SECRETARY)
    response = client.post(f"/admin/office/officeduty/{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert open_todos(req) == ["秘书甲"]
    assert Request.objects.count() == 1


def test_assign_more_appends_to_a_running_chain_or_starts_a_new_round(org, req):
    from office.workflow.assignments import assign_more

    p = org["people"]
    assign(target=req, step=STEP, assignees=[Assignee.person(p["deputy_a"])], notice=notice(req))
    # 转批: the deputy passes it on to the principal (and naming someone already waiting adds nobody).
    assign_more(target=req, step=STEP, assignees=[Assignee.principal()], notice=notice(req))
    assign_more(target=req, step=STEP, assignees=[Assignee.principal()], notice=notice(req))
    assert [(r.user, r.state) for r in round_rows(req, STEP)] == [(p["deputy_a"], A.OPEN), (p["principal"], A.WAITING)]
    assert not answer(target=req, step=STEP, actor=p["deputy_a"], text="请王局长阅示").complete
    assert answer(target=req, step=STEP, actor=p["principal"], text="同意").complete
    rows = assign_more(target=req, step=STEP, assignees=[Assignee.person(p["deputy_b"])], notice=notice(req))
    assert (rows[0].round, rows[0].state) == (2, A.OPEN)
    assert open_todos(req) == ["赵副局长"]
