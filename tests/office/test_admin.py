"""Django admin for the three administrators (三员): each one their own part, nothing more.

- 系统管理员: accounts (without roles or clearances) and the org chart.
- 安全保密管理员: roles, clearances, 分管, object grants.
- 安全审计员: reads the audit log and the history; changes nothing.

Every change leaves an audit event and a history record with a change reason; a refused
page changes nothing. None of them reads business content, business users get no admin,
and nobody is a superuser.
"""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from office.choices import Clearance, Role, UnitKind
from office.demo import DEMO_PASSWORD
from office.models import AuditEvent, Notification, OrgUnit, Todo, User
from office.permissions import restrict
from tests.factories import NotificationFactory, TodoFactory
from tests.policy_app.models import Dossier

#: Fields that belong to the security administrator, never to the account form.
SECURITY_FIELDS = ("role", "clearance", "is_principal", "in_charge_of", "is_superuser", "is_staff",
                   "groups", "user_permissions")


@pytest.fixture
def demo(demo_people):
    """Accounts, logins and admin need the organ's people, not its documents."""
    return demo_people


def field_names(html: str) -> set[str]:
    return set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', html))


def refused(response) -> bool:
    """How Django admin refuses: 403, or a redirect to a login page, or 404."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and "login" in response["Location"]


def snapshot(user: User) -> tuple:
    user.refresh_from_db()
    return (user.role, user.clearance, user.title, user.is_active, user.unit_id,
            sorted(user.in_charge_of.values_list("pk", flat=True)))


@pytest.fixture
def qianli(demo):
    return User.objects.get(username="qianli")


@pytest.fixture
def units(demo):
    return {unit.code: unit for unit in OrgUnit.objects.all()}


@pytest.fixture
def admin_client(demo, login):
    return lambda role: login(demo[role])


def account_form(user: User, **changes) -> dict:
    data = {
        "username": user.username, "full_name": user.full_name, "unit": user.unit_id or "",
        "title": user.title, "phone": user.phone, "email": user.email, "is_active": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def security_form(user: User, **changes) -> dict:
    data = {
        "role": user.role, "clearance": user.clearance,
        "in_charge_of": list(user.in_charge_of.values_list("pk", flat=True)),
    }
    if user.is_principal:
        data["is_principal"] = "on"
    data.update(changes)
    return data


# --- 系统管理员 -----------------------------------------------------------------


def test_sysadmin_lists_accounts_and_units(admin_client):
    client = admin_client("sysadmin")
    users = client.get("/admin/office/user/")
    assert users.status_code == 200
    assert "钱莉" in users.content.decode() and "周建华" in users.content.decode()
    units = client.get("/admin/office/orgunit/")
    assert units.status_code == 200
    assert "劳动保障监察处" in units.content.decode()


def test_account_forms_hold_no_role_or_clearance(admin_client, qianli):
    client = admin_client("sysadmin")
    for url in ("/admin/office/user/add/", f"/admin/office/user/{qianli.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 200
        names = field_names(response.content.decode())
        assert "username" in names and "full_name" in names
        assert not names & set(SECURITY_FIELDS), f"{url} offers {names & set(SECURITY_FIELDS)}"


def test_sysadmin_creates_an_account(admin_client, demo, units):
    """Behaviour changed (issue 9, points 1 and 16): the administrator types no password; the
    newcomer gets a one-time link at their own e-mail and sets their password themselves."""
    from django.core import mail
    from django.test import Client

    from office.mail import deliver_pending

    client = admin_client("sysadmin")
    response = client.post("/admin/office/user/add/", {
        "username": "xinren", "full_name": "辛仁", "unit": units["ZCFG"].pk, "title": "科员",
        "email": "xinren@example.gov.cn",
        # A password typed by the administrator and a forged field of the security administrator are ignored.
        "password1": "Xinren@2026!", "password2": "Xinren@2026!",
        "role": Role.LEADER, "clearance": Clearance.CONFIDENTIAL,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="xinren")
    assert (user.role, user.clearance, user.is_superuser, user.is_staff) == (Role.STAFF, Clearance.INTERNAL, False, False)
    assert not user.has_usable_password()
    # The unit's group, so that grants to 政策法规处 reach the newcomer.
    assert user.groups.filter(pk=units["ZCFG"].group_id).exists()
    event = AuditEvent.objects.get(action="admin.add", object_id=str(user.pk))
    assert event.actor == demo["sysadmin"] and event.object_type == "office.User"
    record = user.history.earliest()
    assert record.history_change_reason == "管理员新增"
    assert record.history_user == demo["sysadmin"]
    # The administrator cannot log in as the newcomer with what he typed.
    assert "_auth_user_id" not in Client().post(
        "/accounts/login/", {"username": "xinren", "password": "Xinren@2026!"}).wsgi_request.session
    # The newcomer sets a password through the link in their own mailbox, and logs in.
    deliver_pending()
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[-1].body).group(0)
    assert mail.outbox[-1].to == ["xinren@example.gov.cn"]
    path = link.split("://", 1)[1].split("/", 1)[1]
    Client().post(f"/{path}", {"new_password1": "Xinren#Own2026", "new_password2": "Xinren#Own2026"})
    assert Client().post("/accounts/login/", {"username": "xinren", "password": "Xinren#Own2026"}).status_code == 302


def test_sysadmin_changes_an_account_but_not_its_role(admin_client, demo, qianli):
    client = admin_client("sysadmin")
    before_history = qianli.history.count()
    response = client.post(
        f"/admin/office/user/{qianli.pk}/change/",
        account_form(qianli, title="二级主任科员", role=Role.LEADER, clearance=Clearance.CONFIDENTIAL),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    qianli.refresh_from_db()
    assert qianli.title == "二级主任科员"
    assert (qianli.role, qianli.clearance) == (Role.STAFF, Clearance.SECRET)
    event = AuditEvent.objects.get(action="admin.change", object_id=str(qianli.pk))
    assert event.actor == demo["sysadmin"] and event.detail["fields"] == ["title"]
    assert qianli.history.count() == before_history + 1
    record = qianli.history.latest()
    assert record.history_change_reason.startswith("管理员修改")
    assert record.history_user == demo["sysadmin"]


def test_sysadmin_deactivates_an_account_and_it_can_no_longer_log_in(admin_client, qianli):
    client = admin_client("sysadmin")
    data = account_form(qianli)
    del data["is_active"]
    assert client.post(f"/admin/office/user/{qianli.pk}/change/", data).status_code == 302
    from django.test import Client

    response = Client().post("/accounts/login/", {"username": "qianli", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session


def test_sysadmin_cannot_delete_an_account(admin_client, qianli):
    client = admin_client("sysadmin")
    assert refused(client.post(f"/admin/office/user/{qianli.pk}/delete/", {"post": "yes"}))
    assert User.objects.filter(pk=qianli.pk).exists()


def test_sysadmin_adds_an_org_unit(admin_client, demo, units):
    client = admin_client("sysadmin")
    response = client.post("/admin/office/orgunit/add/", {
        "name": "信息化处", "short_name": "信息处", "kind": UnitKind.DEPARTMENT, "parent": units["RSJ"].pk,
        "code": "XXH", "sort_order": 30, "is_active": "on",
        "prefixes-TOTAL_FORMS": "0", "prefixes-INITIAL_FORMS": "0",
        "prefixes-MIN_NUM_FORMS": "0", "prefixes-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = OrgUnit.objects.get(code="XXH")
    assert unit.name == "信息化处" and unit.parent == units["RSJ"]
    event = AuditEvent.objects.get(action="admin.add", object_id=str(unit.pk), object_type="office.OrgUnit")
    assert event.actor == demo["sysadmin"]
    record = unit.history.latest()
    assert record.history_change_reason == "管理员新增" and record.history_user == demo["sysadmin"]
    # Grants go to units through their group: a unit made in admin has one, like any other.
    assert unit.group is not None


def test_sysadmin_changes_an_org_unit(admin_client, demo, units):
    client = admin_client("sysadmin")
    unit = units["ZCFG"]
    response = client.post(f"/admin/office/orgunit/{unit.pk}/change/", {
        "name": "政策法规处", "short_name": "政法处", "kind": unit.kind, "parent": unit.parent_id,
        "code": unit.code, "sort_order": unit.sort_order, "is_active": "on",
        "prefixes-TOTAL_FORMS": "0", "prefixes-INITIAL_FORMS": "0",
        "prefixes-MIN_NUM_FORMS": "0", "prefixes-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    unit.refresh_from_db()
    assert unit.short_name == "政法处"
    assert AuditEvent.objects.filter(action="admin.change", object_id=str(unit.pk), actor=demo["sysadmin"]).exists()
    assert unit.history.latest().history_change_reason.startswith("管理员修改")


def test_an_org_unit_cannot_be_its_own_parent(admin_client, units):
    client = admin_client("sysadmin")
    unit = units["ZCFG"]
    before = AuditEvent.objects.count()
    response = client.post(f"/admin/office/orgunit/{unit.pk}/change/", {
        "name": unit.name, "short_name": unit.short_name, "kind": unit.kind, "parent": unit.pk,
        "code": unit.code, "sort_order": unit.sort_order, "is_active": "on",
        "prefixes-TOTAL_FORMS": "0", "prefixes-INITIAL_FORMS": "0",
        "prefixes-MIN_NUM_FORMS": "0", "prefixes-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 200
    assert "上级单位不能是本单位或其下级单位" in response.content.decode()
    unit.refresh_from_db()
    assert unit.parent == units["RSJ"]
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("url", [
    "/admin/office/usersecurity/",
    "/admin/guardian/userobjectpermission/",
    "/admin/guardian/groupobjectpermission/",
    "/admin/office/auditevent/",
    "/admin/office/historicaluser/",
    "/admin/office/historicalorgunit/",
])
def test_sysadmin_is_refused_the_other_administrators_pages(admin_client, url):
    assert refused(admin_client("sysadmin").get(url))


def test_sysadmin_cannot_change_a_role(admin_client, qianli):
    client = admin_client("sysadmin")
    before, events = snapshot(qianli), AuditEvent.objects.filter(action__startswith="admin.").count()
    response = client.post(f"/admin/office/usersecurity/{qianli.pk}/change/",
                           security_form(qianli, role=Role.LEADER, clearance=Clearance.CONFIDENTIAL))
    assert refused(response)
    assert snapshot(qianli) == before
    assert AuditEvent.objects.filter(action__startswith="admin.").count() == events


# --- 安全保密管理员 ---------------------------------------------------------------


def test_secadmin_sets_role_clearance_and_in_charge_of(admin_client, demo, units, login):
    client = admin_client("secadmin")
    deputy = User.objects.get(username="zhaozhigang")
    assert client.get("/admin/office/usersecurity/").status_code == 200
    form = client.get(f"/admin/office/usersecurity/{deputy.pk}/change/")
    assert form.status_code == 200
    # The account itself is shown but not editable here.
    assert not field_names(form.content.decode()) & {"username", "full_name", "unit", "password"}

    in_charge = [*deputy.in_charge_of.values_list("pk", flat=True), units["ZCFG"].pk]
    response = client.post(f"/admin/office/usersecurity/{deputy.pk}/change/",
                           security_form(deputy, clearance=Clearance.SECRET, in_charge_of=in_charge))
    assert response.status_code == 302, response.content.decode()[:2000]
    deputy.refresh_from_db()
    assert deputy.clearance == Clearance.SECRET
    assert set(deputy.in_charge_of.values_list("pk", flat=True)) == set(in_charge)
    event = AuditEvent.objects.get(action="admin.change", object_id=str(deputy.pk))
    assert event.actor == demo["secadmin"]
    assert set(event.detail["fields"]) == {"clearance", "in_charge_of"}
    record = deputy.history.latest()
    assert record.history_change_reason.startswith("管理员修改") and record.history_user == demo["secadmin"]
    # The deputy notices: 政策法规处 is now on his workbench's 分管处室 panel.
    assert "政策法规处" in login(deputy).get("/").content.decode()


def test_secadmin_promotes_staff_to_department_head(admin_client, demo, qianli):
    client = admin_client("secadmin")
    response = client.post(f"/admin/office/usersecurity/{qianli.pk}/change/",
                           security_form(qianli, role=Role.DEPT_HEAD))
    assert response.status_code == 302, response.content.decode()[:2000]
    qianli.refresh_from_db()
    assert qianli.role == Role.DEPT_HEAD and not qianli.is_staff and not qianli.is_superuser
    assert AuditEvent.objects.filter(action="admin.change", object_id=str(qianli.pk), actor=demo["secadmin"]).exists()


def test_secadmin_cannot_make_a_second_principal(admin_client, demo):
    client = admin_client("secadmin")
    deputy = demo["deputy"]
    before = snapshot(deputy)
    response = client.post(f"/admin/office/usersecurity/{deputy.pk}/change/",
                           security_form(deputy, is_principal="on"))
    assert response.status_code in (200, 302)
    deputy.refresh_from_db()
    assert not deputy.is_principal
    assert snapshot(deputy) == before
    assert User.objects.filter(is_principal=True).count() == 1


def test_secadmin_cannot_add_accounts_through_the_security_page(admin_client):
    assert refused(admin_client("secadmin").get("/admin/office/usersecurity/add/"))


@pytest.mark.parametrize("url", [
    "/admin/office/user/",
    "/admin/office/user/add/",
    "/admin/office/orgunit/",
    "/admin/office/orgunit/add/",
    "/admin/office/auditevent/",
    "/admin/office/historicaluser/",
])
def test_secadmin_is_refused_accounts_units_and_audit(admin_client, url):
    assert refused(admin_client("secadmin").get(url))


def test_secadmin_cannot_create_an_account_or_unit_by_post(admin_client, units):
    client = admin_client("secadmin")
    users, orgunits = User.objects.count(), OrgUnit.objects.count()
    assert refused(client.post("/admin/office/user/add/", {
        "username": "intruder", "full_name": "某人", "unit": units["ZCFG"].pk,
        "password1": "Intruder@2026!", "password2": "Intruder@2026!",
    }))
    assert refused(client.post("/admin/office/orgunit/add/", {
        "name": "某处", "kind": UnitKind.DEPARTMENT, "parent": units["RSJ"].pk, "code": "MC",
        "prefixes-TOTAL_FORMS": "0", "prefixes-INITIAL_FORMS": "0",
    }))
    assert (User.objects.count(), OrgUnit.objects.count()) == (users, orgunits)


def test_secadmin_sees_object_grants(admin_client):
    # 对象授权 in business terms replaces guardian's raw pages (tests/office/test_audit_admin.py).
    client = admin_client("secadmin")
    assert client.get("/admin/pages/grants/").status_code == 200
    assert client.get("/admin/pages/lockouts/").status_code == 200
    assert client.get("/admin/guardian/userobjectpermission/").status_code == 404


# --- 安全审计员 -----------------------------------------------------------------


def test_auditor_reads_the_audit_log_and_history(admin_client, demo):
    client = admin_client("auditor")
    log = client.get("/admin/office/auditevent/")
    assert log.status_code == 200
    # Every demo login through the form is there, by account name.
    assert "auditor" in log.content.decode() and "login" in log.content.decode()
    event = AuditEvent.objects.filter(action="login").first()
    detail = client.get(f"/admin/office/auditevent/{event.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    history = client.get("/admin/office/historicaluser/")
    assert history.status_code == 200
    assert "新建账号" in history.content.decode()
    assert client.get("/admin/office/historicalorgunit/").status_code == 200


def test_auditor_changes_nothing(admin_client, demo, qianli):
    client = admin_client("auditor")
    event = AuditEvent.objects.filter(action="login").first()
    events = AuditEvent.objects.count()
    record = qianli.history.latest()
    records = qianli.history.count()
    for response in (
        client.post(f"/admin/office/auditevent/{event.pk}/change/", {"action": "nothing", "username": "x"}),
        client.post(f"/admin/office/auditevent/{event.pk}/delete/", {"post": "yes"}),
        client.post("/admin/office/auditevent/add/", {"action": "forged", "username": "x"}),
        client.post(f"/admin/office/historicaluser/{record.pk}/change/",
                    {"history_change_reason": "篡改", "full_name": "篡改"}),
        client.post(f"/admin/office/historicaluser/{record.pk}/delete/", {"post": "yes"}),
    ):
        assert refused(response), response.status_code
    event.refresh_from_db()
    assert event.action == "login"
    # Nothing changed, and each refused request is itself in the log (issue 9, point 7).
    assert AuditEvent.objects.count() == events + 5
    assert AuditEvent.objects.filter(action="denied", actor=demo["auditor"]).count() == 5
    assert qianli.history.count() == records
    assert qianli.history.latest().history_change_reason == record.history_change_reason


@pytest.mark.parametrize("url", [
    "/admin/office/user/",
    "/admin/office/orgunit/",
    "/admin/office/usersecurity/",
    "/admin/guardian/userobjectpermission/",
])
def test_auditor_is_refused_accounts_and_security(admin_client, url):
    assert refused(admin_client("auditor").get(url))


def test_audit_log_is_append_only_even_in_code(demo):
    event = AuditEvent.objects.first()
    with pytest.raises(PermissionError):
        event.delete()
    event.action = "changed"
    with pytest.raises(PermissionError):
        event.save()


# --- nobody else, and no business content for 三员 --------------------------------


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditor"])
def test_administrators_see_no_business_content(role, demo):
    admin = demo[role]
    dossier = Dossier.objects.create(title="公开件", secret_level=Clearance.PUBLIC,
                                     lead_unit=demo["staff"].unit, assignee=demo["staff"])
    TodoFactory(user=demo["staff"], target=dossier)
    NotificationFactory(recipient=demo["office"])
    assert not restrict(Dossier.objects.all(), admin).exists()
    assert not restrict(Todo.objects.all(), admin).exists()
    assert not restrict(Notification.objects.all(), admin).exists()
    assert not restrict(User.objects.all(), admin).exists()
    # While the business side sees them.
    assert restrict(Dossier.objects.all(), demo["office"]).filter(pk=dossier.pk).exists()


@pytest.mark.parametrize("role", ["principal", "office", "dept_head", "staff"])
def test_business_users_get_no_admin(role, demo, login, qianli):
    client = login(demo[role])
    for url in ("/admin/", "/admin/office/user/", "/admin/office/auditevent/", "/admin/office/usersecurity/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url
    before = snapshot(qianli)
    response = client.post(f"/admin/office/usersecurity/{qianli.pk}/change/",
                           security_form(qianli, role=Role.LEADER, clearance=Clearance.CONFIDENTIAL))
    assert refused(response)
    assert snapshot(qianli) == before
    # And the navigation bar offers no 管理后台.
    assert "管理后台" not in client.get("/").content.decode()


def test_there_is_no_superuser(demo):
    assert not User.objects.filter(is_superuser=True).exists()
    with pytest.raises(ValidationError):
        User.objects.create_superuser(username="root", email="root@example.gov.cn", password="Root@2026!",
                                      full_name="超级用户")
    assert not User.objects.filter(username="root").exists()


def test_the_database_refuses_a_superuser(demo):
    user = demo["sysadmin"]
    user.is_superuser = True
    with pytest.raises(IntegrityError), transaction.atomic():
        user.save(update_fields=["is_superuser"])
