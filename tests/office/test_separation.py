"""三员分立 (issue 9, points 2, 3 and 10): no administrator alone changes himself, another
administrator, or the line between business users and administrators; two of the three do it
through a proposal; there is always one of each kind.

Each refusal is checked the way the administrator meets it (the admin page, in Chinese, status
200 and nothing changed) and the way the services enforce it (a ValidationError); each success
by the rows in the database and the audit log.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from office import proposals, services
from office.choices import Clearance, ProposalKind, ProposalState, Role
from office.demo import DEMO_PASSWORD
from office.models import AdminProposal, AuditEvent, User

ADMINS = ("sysadmin", "secadmin", "auditor")
PAIRS = [(a, b) for a in ADMINS for b in ADMINS if a != b]


@pytest.fixture
def demo(demo_people):
    return demo_people


@pytest.fixture
def qianli(demo):
    return User.objects.get(username="qianli")


def account_form(user: User, **changes) -> dict:
    data = {"username": user.username, "full_name": user.full_name, "unit": user.unit_id or "",
            "title": user.title, "phone": user.phone, "is_active": "on" if user.is_active else None}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def security_form(user: User, **changes) -> dict:
    data = {"role": user.role, "clearance": user.clearance,
            "in_charge_of": list(user.in_charge_of.values_list("pk", flat=True))}
    if user.is_principal:
        data["is_principal"] = "on"
    data.update(changes)
    return data


def state(user: User) -> tuple:
    user.refresh_from_db()
    return (user.role, user.clearance, user.unit_id, user.is_active, user.is_principal,
            sorted(user.in_charge_of.values_list("pk", flat=True)))


def second(role: str, username: str) -> User:
    """A second administrator of a kind, as the system (not an administrator) would create it."""
    return services.user_save(actor=None, username=username, full_name=f"{username}同志", unit=None, role=role,
                              email=f"{username}@example.gov.cn", password=DEMO_PASSWORD)


# --- no administrator changes his own account -----------------------------------------------


def test_sysadmin_cannot_deactivate_or_move_himself(demo, login):
    me = demo["sysadmin"]
    client, before = login(me), state(me)
    for form in (account_form(me, is_active=None), account_form(me, unit=demo["staff"].unit_id)):
        response = client.post(f"/admin/office/user/{me.pk}/change/", form)
        assert response.status_code == 200
        assert "不能修改本人账号的角色、密级、单位、分管、权限或启用状态" in response.content.decode()
    assert state(me) == before
    assert not AuditEvent.objects.filter(action="admin.change", object_id=str(me.pk)).exists()


def test_secadmin_cannot_raise_his_own_role_or_clearance(demo, login):
    me = demo["secadmin"]
    client, before = login(me), state(me)
    for change in ({"clearance": Clearance.CONFIDENTIAL}, {"role": Role.OFFICE}, {"role": Role.SYSADMIN}):
        response = client.post(f"/admin/office/usersecurity/{me.pk}/change/", security_form(me, **change))
        assert response.status_code == 200, change
        assert "不能修改本人账号" in response.content.decode()
    assert state(me) == before
    # The service refuses it too, whatever page or script calls it.
    me.clearance = Clearance.CONFIDENTIAL
    with pytest.raises(ValidationError):
        services.admin_save(actor=me, obj=me, capability="admin.security", changed=["clearance"], created=False)
    assert state(me) == before


@pytest.mark.parametrize("role", ADMINS)
def test_no_administrator_proposes_about_himself(demo, role):
    me = demo[role]
    with pytest.raises(ValidationError, match="不能就本人账号提出申请"):
        proposals.proposal_raise(actor=me, kind=ProposalKind.DEACTIVATE, target=me, reason="测试")
    assert not AdminProposal.objects.exists()


# --- no administrator changes another administrator's account alone ---------------------------


@pytest.mark.parametrize("target", ["secadmin", "auditor"])
def test_sysadmin_cannot_deactivate_another_administrator(demo, login, target):
    other = demo[target]
    before = state(other)
    response = login(demo["sysadmin"]).post(f"/admin/office/user/{other.pk}/change/", account_form(other, is_active=None))
    assert response.status_code == 200
    assert "管理员账号不能由一名管理员单独修改" in response.content.decode()
    assert state(other) == before
    # And the auditor keeps logging in.
    assert Client().post("/accounts/login/", {"username": other.username, "password": DEMO_PASSWORD}).status_code == 302


@pytest.mark.parametrize("target, change", [
    ("sysadmin", {"role": Role.SECADMIN}),
    ("auditor", {"role": Role.SECADMIN}),
    ("auditor", {"clearance": Clearance.SECRET}),
])
def test_secadmin_cannot_rewrite_another_administrator(demo, login, target, change):
    other = demo[target]
    before = state(other)
    response = login(demo["secadmin"]).post(f"/admin/office/usersecurity/{other.pk}/change/", security_form(other, **change))
    assert response.status_code == 200
    assert "管理员账号不能由一名管理员单独修改" in response.content.decode()
    assert state(other) == before
    assert User.objects.filter(role=Role.AUDITOR, is_active=True).exists()


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR])
def test_secadmin_cannot_make_a_business_user_an_administrator_alone(demo, login, qianli, role):
    before = state(qianli)
    response = login(demo["secadmin"]).post(f"/admin/office/usersecurity/{qianli.pk}/change/",
                                            security_form(qianli, role=role))
    assert response.status_code == 200
    assert "须在“管理员审批事项”中提交申请" in response.content.decode()
    assert state(qianli) == before
    qianli.role = role
    with pytest.raises(ValidationError):
        services.admin_save(actor=demo["secadmin"], obj=qianli, capability="admin.security", changed=["role"], created=False)
    assert state(qianli) == before


def test_user_save_by_an_administrator_follows_the_same_rules(demo, qianli):
    with pytest.raises(ValidationError):
        services.user_save(actor=demo["secadmin"], username="qianli", full_name="钱莉", unit=qianli.unit,
                           role=Role.AUDITOR, clearance=qianli.clearance, email=qianli.email)
    with pytest.raises(ValidationError):
        services.user_save(actor=demo["sysadmin"], username="newadmin", full_name="新管理员", unit=None,
                           role=Role.SECADMIN)
    assert User.objects.get(pk=qianli.pk).role == Role.STAFF
    assert not User.objects.filter(username="newadmin").exists()


# --- point 10: a business role for an account without a unit is a form error, not a 500 ------


def test_business_role_for_an_account_without_unit_is_a_chinese_form_error(demo, login):
    auditor = demo["auditor"]
    before = state(auditor)
    response = login(demo["secadmin"]).post(f"/admin/office/usersecurity/{auditor.pk}/change/",
                                            security_form(auditor, role=Role.STAFF))
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert state(auditor) == before


def test_security_form_says_the_unit_is_missing(demo):
    """The form alone (no acting administrator): the model's unit error no longer raises ValueError."""
    from office.admin.security import UserSecurityForm
    from office.models import UserSecurity

    auditor = UserSecurity.objects.get(pk=demo["auditor"].pk)
    form = UserSecurityForm(instance=auditor, data={"role": Role.STAFF, "clearance": Clearance.INTERNAL})
    assert not form.is_valid()
    assert "该账号没有所在单位，不能设为业务角色" in str(form.errors)


# --- the two-of-three procedure --------------------------------------------------------------


@pytest.mark.parametrize("proposer, approver", PAIRS)
def test_a_proposal_of_one_kind_approved_by_another_executes(demo, login, qianli, proposer, approver):
    """Through the pages: propose making 钱莉 an auditor, approve by another kind, done and audited."""
    response = login(demo[proposer]).post("/admin/office/adminproposal/add/", {
        "kind": ProposalKind.CHANGE, "target": qianli.pk, "role": Role.AUDITOR,
        "clearance": Clearance.INTERNAL, "reason": "审计岗位调整",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal = AdminProposal.objects.get()
    assert (proposal.state, proposal.proposer) == (ProposalState.PENDING, demo[proposer])
    assert User.objects.get(pk=qianli.pk).role == Role.STAFF  # nothing happens before approval
    client = login(demo[approver])
    page = client.get(f"/admin/office/adminproposal/{proposal.pk}/change/").content.decode()
    assert "批准并执行" in page and "审计岗位调整" in page
    response = client.post(f"/admin/office/adminproposal/{proposal.pk}/approve/", {"decision_note": "同意"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decider) == (ProposalState.APPROVED, demo[approver])
    qianli.refresh_from_db()
    assert (qianli.role, qianli.unit_id, qianli.is_staff) == (Role.AUDITOR, None, True)
    assert not qianli.groups.filter(org_unit__isnull=False).exists()
    for action, actor in (("proposal.raise", proposer), ("proposal.approve", approver), ("account.role_change", approver)):
        assert AuditEvent.objects.filter(action=action, actor=demo[actor]).exists(), action
    record = qianli.history.latest()
    assert record.history_user == demo[approver] and record.history_change_reason.startswith("经审批")


def test_the_proposer_cannot_approve_and_neither_can_his_own_kind(demo, login):
    other_sysadmin = second(Role.SYSADMIN, "sysadmin2")
    proposal = proposals.proposal_raise(actor=demo["secadmin"], kind=ProposalKind.DEACTIVATE,
                                         target=other_sysadmin, reason="调离")
    for actor, message in ((demo["secadmin"], "不能审批本人提出的申请"),
                           (other_sysadmin, "不能审批涉及本人账号的申请")):
        with pytest.raises(ValidationError, match=message):
            proposals.proposal_approve(actor=actor, proposal=proposal)
    other_secadmin = second(Role.SECADMIN, "secadmin2")
    response = login(other_secadmin).post(f"/admin/office/adminproposal/{proposal.pk}/approve/", follow=True)
    assert "须由另一类管理员审批" in response.content.decode()
    proposal.refresh_from_db()
    other_sysadmin.refresh_from_db()
    assert proposal.state == ProposalState.PENDING and other_sysadmin.is_active
    # A business user gets no admin at all.
    assert Client().post(f"/admin/office/adminproposal/{proposal.pk}/approve/").status_code == 302
    proposals.proposal_approve(actor=demo["auditor"], proposal=proposal)
    other_sysadmin.refresh_from_db()
    assert not other_sysadmin.is_active
    assert AuditEvent.objects.filter(action="account.deactivate", actor=demo["auditor"],
                                     object_id=str(other_sysadmin.pk)).exists()


def test_same_kind_approval_is_refused_on_the_page(demo, login):
    other_secadmin = second(Role.SECADMIN, "secadmin2")
    target = second(Role.AUDITOR, "auditor2")
    proposal = proposals.proposal_raise(actor=demo["secadmin"], kind=ProposalKind.DEACTIVATE, target=target, reason="调离")
    client = login(other_secadmin)
    page = client.get(f"/admin/office/adminproposal/{proposal.pk}/change/").content.decode()
    assert "批准并执行" not in page and "须由另一类管理员审批" in page
    response = client.post(f"/admin/office/adminproposal/{proposal.pk}/approve/", follow=True)
    assert "须由另一类管理员审批：申请人是安全保密管理员" in response.content.decode()
    assert User.objects.get(pk=target.pk).is_active
    assert not AuditEvent.objects.filter(action="proposal.approve").exists()


def test_decisions_are_post_only_and_need_the_csrf_token(demo, login):
    target = second(Role.AUDITOR, "auditor2")
    proposal = proposals.proposal_raise(actor=demo["secadmin"], kind=ProposalKind.DEACTIVATE, target=target, reason="调离")
    assert login(demo["sysadmin"]).get(f"/admin/office/adminproposal/{proposal.pk}/approve/").status_code == 405
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo["sysadmin"])
    assert client.post(f"/admin/office/adminproposal/{proposal.pk}/approve/").status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING


def test_reject_and_withdraw(demo, login):
    target = second(Role.AUDITOR, "auditor2")
    first = proposals.proposal_raise(actor=demo["secadmin"], kind=ProposalKind.DEACTIVATE, target=target, reason="调离")
    login(demo["sysadmin"]).post(f"/admin/office/adminproposal/{first.pk}/reject/", {"decision_note": "不同意"})
    first.refresh_from_db()
    assert (first.state, first.decision_note) == (ProposalState.REJECTED, "不同意")
    again = proposals.proposal_raise(actor=demo["secadmin"], kind=ProposalKind.DEACTIVATE, target=target, reason="调离")
    with pytest.raises(ValidationError, match="只有申请人可以撤回"):
        proposals.proposal_withdraw(actor=demo["sysadmin"], proposal=again)
    login(demo["secadmin"]).post(f"/admin/office/adminproposal/{again.pk}/withdraw/")
    again.refresh_from_db()
    assert again.state == ProposalState.WITHDRAWN
    with pytest.raises(ValidationError, match="已经处理"):
        proposals.proposal_approve(actor=demo["sysadmin"], proposal=again)
    assert User.objects.get(pk=target.pk).is_active
    assert AuditEvent.objects.filter(action="proposal.reject", actor=demo["sysadmin"]).exists()
    assert AuditEvent.objects.filter(action="proposal.withdraw", actor=demo["secadmin"]).exists()


def test_business_changes_need_no_proposal(demo, qianli):
    with pytest.raises(ValidationError, match="无需审批"):
        proposals.proposal_raise(actor=demo["secadmin"], kind=ProposalKind.CHANGE, target=qianli,
                                  change={"role": Role.DEPT_HEAD}, reason="提拔")
    with pytest.raises(ValidationError, match="无需审批"):
        proposals.proposal_raise(actor=demo["sysadmin"], kind=ProposalKind.DEACTIVATE, target=qianli, reason="离职")


def test_an_administrator_becomes_a_business_user_only_with_a_unit(demo, qianli):
    target = second(Role.AUDITOR, "auditor2")
    with pytest.raises(ValidationError):
        proposals.proposal_raise(actor=demo["sysadmin"], kind=ProposalKind.CHANGE, target=target,
                                  change={"role": Role.STAFF}, reason="转岗")
    proposal = proposals.proposal_raise(actor=demo["sysadmin"], kind=ProposalKind.CHANGE, target=target,
                                         change={"role": Role.STAFF, "unit": qianli.unit_id}, reason="转岗")
    proposals.proposal_approve(actor=demo["secadmin"], proposal=proposal)
    target.refresh_from_db()
    assert (target.role, target.unit_id, target.is_staff) == (Role.STAFF, qianli.unit_id, False)
    assert target.groups.filter(pk=qianli.unit.group_id).exists()


# --- always one of each kind ------------------------------------------------------------------


@pytest.mark.parametrize("role", ADMINS)
def test_the_last_of_a_kind_can_be_neither_deactivated_nor_changed(demo, role):
    proposer = demo["sysadmin"] if role != "sysadmin" else demo["secadmin"]
    last = demo[role]
    with pytest.raises(ValidationError, match="只剩这一个有效账号"):
        proposals.proposal_raise(actor=proposer, kind=ProposalKind.DEACTIVATE, target=last, reason="调离")
    other_role = Role.AUDITOR if role != "auditor" else Role.SECADMIN
    with pytest.raises(ValidationError, match="只剩这一个有效账号"):
        proposals.proposal_raise(actor=proposer, kind=ProposalKind.CHANGE, target=last,
                                  change={"role": other_role}, reason="调整")
    assert User.objects.get(pk=last.pk).is_active and User.objects.get(pk=last.pk).role == role


def test_the_last_of_a_kind_is_checked_again_when_approved(demo, login):
    """Two pending proposals each leave one auditor; approving both would leave none."""
    auditor2 = second(Role.AUDITOR, "auditor2")
    one = proposals.proposal_raise(actor=demo["sysadmin"], kind=ProposalKind.DEACTIVATE, target=demo["auditor"], reason="调离")
    two = proposals.proposal_raise(actor=demo["sysadmin"], kind=ProposalKind.DEACTIVATE, target=auditor2, reason="调离")
    proposals.proposal_approve(actor=demo["secadmin"], proposal=one)
    response = login(demo["secadmin"]).post(f"/admin/office/adminproposal/{two.pk}/approve/", follow=True)
    assert "安全审计员只剩这一个有效账号" in response.content.decode()
    two.refresh_from_db()
    assert two.state == ProposalState.PENDING
    assert User.objects.filter(role=Role.AUDITOR, is_active=True).count() == 1


def test_the_proposal_pages_speak_chinese(demo, login):
    for role in ADMINS:
        client = login(demo[role])
        listing = client.get("/admin/office/adminproposal/")
        assert listing.status_code == 200 and "管理员审批事项" in listing.content.decode()
        form = client.get("/admin/office/adminproposal/add/").content.decode()
        assert "变更角色、密级或单位" in form and "重置密码" in form and "解锁账号" in form
    for role in ("principal", "staff"):
        assert login(demo[role]).get("/admin/office/adminproposal/").status_code == 302


def test_the_proposal_form_shows_refusals_as_form_errors(demo, login):
    me = demo["sysadmin"]
    response = login(me).post("/admin/office/adminproposal/add/", {
        "kind": ProposalKind.DEACTIVATE, "target": demo["auditor"].pk, "reason": "调离",
    })
    assert response.status_code == 200
    assert "安全审计员只剩这一个有效账号" in response.content.decode()
    assert not AdminProposal.objects.exists()


# --- account history (point 7, the account side) ----------------------------------------------


def test_a_clearance_change_is_its_own_history_row_by_the_security_administrator(demo, login):
    deputy = User.objects.get(username="zhaozhigang")
    records = deputy.history.count()
    response = login(demo["secadmin"]).post(f"/admin/office/usersecurity/{deputy.pk}/change/",
                                            security_form(deputy, clearance=Clearance.SECRET))
    assert response.status_code == 302
    assert deputy.history.count() == records + 1
    record = deputy.history.latest()
    assert (record.clearance, record.history_user) == (Clearance.SECRET, demo["secadmin"])
    assert record.history_change_reason == "管理员修改：涉密等级"


# --- unlocking ---------------------------------------------------------------------------------


def lock_out(username: str) -> None:
    for _attempt in range(5):
        Client().post("/accounts/login/", {"username": username, "password": "wrong-password"})
    assert not logs_in(username)


def logs_in(username: str) -> bool:
    response = Client().post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    return "_auth_user_id" in response.wsgi_request.session


def test_the_security_administrator_unlocks_a_business_account(demo, login, qianli):
    lock_out("qianli")
    client = login(demo["secadmin"])
    assert "解锁账号" in client.get("/admin/office/usersecurity/").content.decode()
    response = client.post("/admin/office/usersecurity/", {
        "action": "unlock", "_selected_action": [qianli.pk], "index": 0}, follow=True)
    assert "已解锁：钱莉" in response.content.decode()
    assert logs_in("qianli")
    event = AuditEvent.objects.get(action="account.unlock", object_id=str(qianli.pk))
    assert event.actor == demo["secadmin"] and event.detail["attempts"] >= 1


def test_an_administrators_unlock_goes_through_a_proposal(demo, login):
    auditor = demo["auditor"]
    lock_out("auditor")
    response = login(demo["secadmin"]).post("/admin/office/usersecurity/", {
        "action": "unlock", "_selected_action": [auditor.pk], "index": 0}, follow=True)
    assert "解锁管理员账号须提交审批申请" in response.content.decode()
    assert not logs_in("auditor")
    proposal = proposals.proposal_raise(actor=demo["secadmin"], kind=ProposalKind.UNLOCK, target=auditor, reason="输错密码")
    proposals.proposal_approve(actor=demo["sysadmin"], proposal=proposal)
    assert logs_in("auditor")
    assert AuditEvent.objects.get(action="account.unlock", object_id=str(auditor.pk)).actor == demo["sysadmin"]


def test_the_sysadmin_cannot_unlock(demo, login, qianli):
    lock_out("qianli")
    with pytest.raises(PermissionDenied):
        proposals.account_unlock(actor=demo["sysadmin"], user=qianli)
    assert not logs_in("qianli")
