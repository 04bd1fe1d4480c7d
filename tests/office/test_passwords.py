"""Passwords (issue 9, points 1 and 16): a reset never gives an administrator a working
password; the person sets it with a one-time link or a two-half sealed slip; a new or reset
account changes its password first; the policy (classes, no reuse of the last 5, expiry).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from office import passwords, services
from office.choices import ProposalKind, Role
from office.demo import DEMO_PASSWORD
from office.mail import deliver_pending
from office.models import AuditEvent, PasswordResetToken, User
from office.proposals import proposal_approve, proposal_raise


@pytest.fixture
def demo(demo_people):
    return demo_people


def logs_in(username: str, password: str) -> bool:
    response = Client().post("/accounts/login/", {"username": username, "password": password})
    return "_auth_user_id" in response.wsgi_request.session


def action(client: Client, url: str, name: str, *users: User):
    return client.post(url, {"action": name, "_selected_action": [u.pk for u in users], "index": 0})


def mailed_link() -> str:
    deliver_pending()
    match = re.search(r"https?://[^/\s]+(/accounts/reset/[^\s]+/)", mail.outbox[-1].body)
    return match.group(1)


def candidates(*pages: str) -> set[str]:
    """Every word an administrator saw on the pages of a reset: none may be a password."""
    words = set()
    for page in pages:
        words.update(re.findall(r"[A-Za-z0-9@#$%^&*_+=!.\-]{6,}", page))
    return words


# --- point 1: the reset puts no working password in the administrator's hands ---------------------


def test_a_reset_gives_the_sysadmin_no_working_password(demo, login):
    principal = demo["principal"]
    client = login(demo["sysadmin"])
    listing = client.get("/admin/office/user/").content.decode()
    assert "重置密码" in listing
    response = action(client, "/admin/office/user/", "reset_password", principal)
    pages = [client.get(response["Location"]).content.decode(), client.get(f"/admin/office/user/{principal.pk}/change/").content.decode()]
    principal.refresh_from_db()
    assert not principal.has_usable_password()
    assert not logs_in("wangjianguo", DEMO_PASSWORD)
    assert not any(principal.check_password(word) for word in candidates(*pages))
    # Django's "set a password" page for an account is gone.
    assert client.get(f"/admin/office/user/{principal.pk}/password/").status_code == 403
    event = AuditEvent.objects.get(action="account.password_reset", object_id=str(principal.pk))
    assert event.actor == demo["sysadmin"] and event.detail == {"delivery": "email"}


def test_the_link_reaches_the_user_works_once_and_he_is_told_at_next_login(demo, login):
    principal = demo["principal"]
    action(login(demo["sysadmin"]), "/admin/office/user/", "reset_password", principal)
    link = mailed_link()
    assert mail.outbox[-1].to == [principal.email]
    assert "请设置您的登录密码" in mail.outbox[-1].subject
    form = Client().get(link)
    assert form.status_code == 200 and "设置新密码" in form.content.decode()
    weak = Client().post(link, {"new_password1": "abcdefgh", "new_password2": "abcdefgh"})
    assert weak.status_code == 400 and "至少 3 类" in weak.content.decode()
    done = Client().post(link, {"new_password1": "Wang#Own2026", "new_password2": "Wang#Own2026"}, follow=True)
    assert "新密码已设置" in done.content.decode()
    again = Client().post(link, {"new_password1": "Wang#Two2026", "new_password2": "Wang#Two2026"})
    assert again.status_code == 404 and "链接已失效" in again.content.decode()
    client = login(principal, password="Wang#Own2026")
    page = client.get("/").content.decode()
    assert "您的账号密码已于" in page and "由系统管理员郑伟重置" in page
    # Told once: not at the login after.
    assert "您的账号密码已于" not in login(principal, password="Wang#Own2026").get("/").content.decode()
    assert not logs_in("wangjianguo", "Wang#Two2026")
    assert AuditEvent.objects.filter(action="password.reset_complete", actor=principal).exists()


def test_the_link_expires(demo, login):
    action(login(demo["sysadmin"]), "/admin/office/user/", "reset_password", demo["staff"])
    link = mailed_link()
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)):
        assert Client().get(link).status_code == 404
    assert Client().get("/accounts/reset/not-a-token/").status_code == 404


def test_the_sysadmin_cannot_point_the_mail_elsewhere(demo, login):
    """The takeover: change the address, then reset. The address is its owner's alone."""
    staff = demo["staff"]
    client = login(demo["sysadmin"])
    page = client.get(f"/admin/office/user/{staff.pk}/change/").content.decode()
    assert 'name="email"' not in page
    client.post(f"/admin/office/user/{staff.pk}/change/", {
        "username": staff.username, "full_name": staff.full_name, "unit": staff.unit_id, "title": staff.title,
        "phone": staff.phone, "email": "sysadmin@evil.example.com", "is_active": "on",
    })
    assert User.objects.get(pk=staff.pk).email == staff.email
    with pytest.raises(ValidationError):
        services.user_update_contact(actor=demo["sysadmin"], user=staff, phone=staff.phone, email="x@evil.example.com")
    assert User.objects.get(pk=staff.pk).email == staff.email


def test_a_sealed_slip_needs_both_halves_from_two_administrators(demo, login):
    staff = demo["staff"]
    services.user_update_contact(actor=staff, user=staff, phone=staff.phone, email="")
    sysadmin = login(demo["sysadmin"])
    slip = action(sysadmin, "/admin/office/user/", "reset_password", staff)
    page = slip.content.decode()
    assert slip.status_code == 200 and "密码密封单" in page and "上联" in page
    first = re.search(r'<span class="code">([A-Z0-9]+)</span>', page).group(1)
    assert not logs_in("qianli", first) and not logs_in("qianli", DEMO_PASSWORD)
    # The sysadmin cannot print the second half himself.
    with pytest.raises(ValidationError, match="另一类管理员"):
        passwords.password_slip_release(actor=demo["sysadmin"], user=staff)
    # The first half alone does nothing.
    refused = Client().post("/accounts/reset/slip/", {"username": "qianli", "first": first, "second": first,
                                                      "new_password1": "Kx#9vtm2026", "new_password2": "Kx#9vtm2026"})
    assert refused.status_code == 400 and "凭证码不正确" in refused.content.decode()
    released = action(login(demo["secadmin"]), "/admin/office/usersecurity/", "release_slip", staff)
    second_page = released.content.decode()
    assert "下联" in second_page and first not in second_page
    second = re.search(r'<span class="code">([A-Z0-9]+)</span>', second_page).group(1)
    assert not logs_in("qianli", second)
    done = Client().post("/accounts/reset/slip/", {"username": "qianli", "first": first.lower(), "second": second,
                                                   "new_password1": "Kx#9vtm2026", "new_password2": "Kx#9vtm2026"})
    assert done.status_code == 302
    assert logs_in("qianli", "Kx#9vtm2026")
    assert PasswordResetToken.objects.get(user=staff).used_at is not None
    assert AuditEvent.objects.filter(action="account.password_slip_release", actor=demo["secadmin"]).exists()


def test_an_administrators_reset_goes_through_a_proposal(demo, login):
    auditor = demo["auditor"]
    response = action(login(demo["sysadmin"]), "/admin/office/user/", "reset_password", auditor)
    assert logs_in("auditor", DEMO_PASSWORD)
    assert not AuditEvent.objects.filter(action="account.password_reset").exists()
    assert response.status_code == 302
    proposal = proposal_raise(actor=demo["sysadmin"], kind=ProposalKind.PASSWORD_RESET, target=auditor, reason="遗忘密码")
    proposal_approve(actor=demo["secadmin"], proposal=proposal)
    assert not logs_in("auditor", DEMO_PASSWORD)
    assert mail.outbox == [] and mailed_link()
    assert mail.outbox[-1].to == [auditor.email]
    assert AuditEvent.objects.get(action="account.password_reset").actor == demo["secadmin"]


# --- point 16: first login, policy, history, expiry ----------------------------------------------


def test_a_new_account_changes_its_password_at_first_login(demo, login):
    staff = demo["staff"]
    user = services.user_save(actor=demo["sysadmin"], username="xinren", full_name="辛仁", unit=staff.unit,
                              role=Role.STAFF, password="Xinren@2026!")
    client = login(user, password="Xinren@2026!")
    for url in ("/", "/profile/", "/deadlines/", "/documents/incoming/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/profile/password/", url
    page = client.get("/profile/password/").content.decode()
    assert "您的账号须先修改密码才能继续使用" in page
    response = client.post("/profile/password/", {
        "old_password": "Xinren@2026!", "new_password1": "Xinren#Mine26", "new_password2": "Xinren#Mine26"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert login(user, password="Xinren#Mine26").get("/").status_code == 200


def test_logout_works_while_the_password_must_change(demo, login):
    user = services.user_save(actor=demo["sysadmin"], username="xinren", full_name="辛仁", unit=demo["staff"].unit,
                              role=Role.STAFF, password="Xinren@2026!")
    client = login(user, password="Xinren@2026!")
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"


@pytest.mark.parametrize("role", ["principal", "staff", "sysadmin", "secadmin", "auditor"])
def test_demo_accounts_log_in_without_a_forced_change(demo, login, role):
    assert login(demo[role]).get("/").status_code == 200


def test_the_demo_password_satisfies_the_policy(demo):
    validate_password(DEMO_PASSWORD)


@pytest.mark.parametrize("password, ok", [
    ("abcdefgh", False), ("abcdefg1", False), ("ABCDEFG1", False), ("Kxqvbtm7", True),
    ("abcdef1!", True), ("Ab1!", False), ("Zq#longer", True),
])
def test_character_classes(demo, password, ok):
    user = demo["staff"]
    if ok:
        validate_password(password, user)
    else:
        with pytest.raises(ValidationError):
            validate_password(password, user)


def test_none_of_the_last_five_again(demo, login):
    user = demo["staff"]
    used = [DEMO_PASSWORD, *(f"Mq{n}#tz8vk" for n in range(1, 7))]
    for current, new in itertools.pairwise(used):
        client = login(user, password=current)
        assert client.post("/profile/password/", {
            "old_password": current, "new_password1": new, "new_password2": new}).status_code == 302
    client = login(user, password=used[-1])
    for old in used[2:]:
        response = client.post("/profile/password/", {
            "old_password": used[-1], "new_password1": old, "new_password2": old})
        assert response.status_code == 200 and "不能使用最近 5 次用过的密码" in response.content.decode(), old
    # The sixth back is allowed again.
    validate_password(used[1], User.objects.get(pk=user.pk))


def test_an_expired_password_must_be_changed(demo, login):
    user = demo["staff"]
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=91)):
        client = login(user)
        response = client.get("/")
        assert response.status_code == 302 and response["Location"] == "/profile/password/"
        assert "您的密码已过期" in client.get("/profile/password/").content.decode()
        with override_settings(SANBAN_PASSWORD_MAX_AGE_DAYS=0):
            assert login(user).get("/").status_code == 200
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=89)):
        assert login(user).get("/").status_code == 200
