"""Logging in and out, one's own account, and bad input: never a 500, always Chinese.

Each failure is checked the way a person meets it (the page and its message) and the
way the auditor does (the audit event), and nothing changes behind a refusal.
"""

from __future__ import annotations

import pytest
from django.test import Client

from office.demo import DEMO_PASSWORD
from office.models import AuditEvent, User

LOGIN_ERROR = "请输入一个正确的用户名和密码"


@pytest.fixture
def demo(demo_people):
    """Accounts, logins and admin need the organ's people, not its documents."""
    return demo_people


def test_login_page_is_chinese():
    response = Client().get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "用户名" in html and "密码" in html and "登录" in html


@pytest.mark.parametrize("username, password", [
    ("qianli", "wrong-password"),
    ("nobody", DEMO_PASSWORD),
    ("", ""),
])
def test_failed_login_says_so_in_chinese_and_is_audited(demo, username, password):
    client = Client()
    before = AuditEvent.objects.filter(action="login_failed").count()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 200
    html = response.content.decode()
    if username:
        assert LOGIN_ERROR in html
        event = AuditEvent.objects.filter(action="login_failed").latest("id")
        assert event.username == username and event.actor is None and event.ip == "127.0.0.1"
        assert AuditEvent.objects.filter(action="login_failed").count() == before + 1
    else:
        # Both fields are marked invalid (the page shows no text for an empty field).
        assert html.count("form-control is-invalid") == 2
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_successful_login_is_audited_and_lands_on_the_workbench(demo):
    client = Client()
    response = client.post("/accounts/login/", {"username": "qianli", "password": DEMO_PASSWORD}, follow=True)
    assert response.redirect_chain[-1] == ("/", 302)
    assert "钱莉" in response.content.decode()
    event = AuditEvent.objects.filter(action="login").latest("id")
    assert event.actor == demo["staff"]


def test_login_follows_next_but_not_off_site(demo):
    client = Client()
    response = client.post("/accounts/login/?next=/profile/",
                           {"username": "qianli", "password": DEMO_PASSWORD, "next": "/profile/"})
    assert response["Location"] == "/profile/"
    client = Client()
    response = client.post("/accounts/login/", {
        "username": "qianli", "password": DEMO_PASSWORD, "next": "https://evil.example.com/",
    })
    assert response["Location"] == "/"


def test_a_post_without_csrf_token_is_refused_not_crashed(demo):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "qianli", "password": DEMO_PASSWORD})
    assert response.status_code == 403
    page = response.content.decode()
    assert "页面已过期" in page and "请刷新页面后重新提交" in page  # the house-style page, in Chinese
    assert "_auth_user_id" not in client.session


def test_a_logged_in_post_without_csrf_token_changes_nothing(demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo["staff"])
    response = client.post("/profile/", {"phone": "110", "email": "x@example.com"})
    assert response.status_code == 403
    demo["staff"].refresh_from_db()
    assert demo["staff"].phone != "110"


@pytest.mark.parametrize("method, url", [
    ("post", "/notifications/999999999/open/"),
    ("post", "/notifications/abc/open/"),
    ("post", "/notifications/-1/open/"),
    ("get", "/no-such-page/"),
    ("get", "/profile/password/extra/"),
])
def test_a_wrong_id_or_address_is_a_chinese_404(demo, login, method, url):
    response = getattr(login(demo["staff"]), method)(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and "返回工作台" in html


@pytest.mark.parametrize("query", [
    "?page=99999999999999999999999",
    "?page=-3",
    "?page=abc",
    "?tab=bogus",
    "?tab=bogus&page=2",
    "?tab=%00",
    "?tab=notifications&page=1e9",
])
def test_odd_workbench_queries_still_answer(demo, login, query):
    response = login(demo["staff"]).get(f"/{query}")
    assert response.status_code == 200
    assert "钱莉" in response.content.decode()


def test_logout_is_post_only_and_works(demo, login):
    client = login(demo["staff"])
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/").status_code == 200  # still logged in
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert AuditEvent.objects.filter(action="logout", actor=demo["staff"]).exists()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_password_change_with_a_wrong_old_password(demo, login):
    client = login(demo["staff"])
    response = client.post("/profile/password/", {
        "old_password": "not-my-password", "new_password1": "Qianli@2026new", "new_password2": "Qianli@2026new",
    })
    assert response.status_code == 200
    assert "你的旧密码不正确" in response.content.decode()
    assert User.objects.get(pk=demo["staff"].pk).check_password(DEMO_PASSWORD)
    assert not AuditEvent.objects.filter(action="password.change").exists()


def test_password_change_rejects_a_weak_new_password(demo, login):
    client = login(demo["staff"])
    response = client.post("/profile/password/", {
        "old_password": DEMO_PASSWORD, "new_password1": "12345678", "new_password2": "12345678",
    })
    assert response.status_code == 200
    assert "这个密码太常见了" in response.content.decode()
    assert User.objects.get(pk=demo["staff"].pk).check_password(DEMO_PASSWORD)


def test_password_change_then_log_in_with_the_new_one(demo, login):
    client = login(demo["staff"])
    response = client.post("/profile/password/", {
        "old_password": DEMO_PASSWORD, "new_password1": "Qianli@2026new", "new_password2": "Qianli@2026new",
    }, follow=True)
    assert response.redirect_chain[-1] == ("/profile/", 302)
    assert "密码已修改。" in response.content.decode()
    # The session that changed it stays logged in.
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="password.change", actor=demo["staff"]).exists()
    assert Client().post("/accounts/login/", {"username": "qianli", "password": DEMO_PASSWORD}).status_code == 200
    login(demo["staff"], password="Qianli@2026new")


def test_profile_contact_with_a_bad_email_changes_nothing(demo, login):
    client = login(demo["staff"])
    before = User.objects.get(pk=demo["staff"].pk)
    response = client.post("/profile/", {"phone": "0710-88620000", "email": "not-an-email"})
    assert response.status_code == 200
    assert "输入一个有效的 Email 地址" in response.content.decode()
    after = User.objects.get(pk=demo["staff"].pk)
    assert (after.phone, after.email) == (before.phone, before.email)


def test_profile_contact_update(demo, login):
    client = login(demo["staff"])
    records = demo["staff"].history.count()
    response = client.post("/profile/", {"phone": "0710-88620000", "email": "qianli@example.gov.cn"}, follow=True)
    assert "联系方式已保存。" in response.content.decode()
    user = User.objects.get(pk=demo["staff"].pk)
    assert (user.phone, user.email) == ("0710-88620000", "qianli@example.gov.cn")
    assert user.history.count() == records + 1
    assert user.history.latest().history_change_reason == "修改联系方式"


def test_profile_ignores_fields_a_person_may_not_change(demo, login):
    client = login(demo["staff"])
    client.post("/profile/", {"phone": "1", "email": "", "role": "leader", "clearance": "3", "full_name": "冒名"})
    user = User.objects.get(pk=demo["staff"].pk)
    assert (user.role, user.clearance, user.full_name) == ("staff", demo["staff"].clearance, "钱莉")


def test_english_switch(demo, login):
    client = login(demo["staff"])
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Workbench" in html
    assert "工作台" not in html
    # And back.
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    html = client.get("/").content.decode()
    assert "工作台" in html and "Workbench" not in html


def test_the_browser_language_does_not_switch_to_english(demo, login):
    """An intranet system speaks Chinese whatever the browser asks for."""
    client = login(demo["staff"])
    html = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert "工作台" in html


def test_an_empty_login_form_says_what_is_missing(db):
    response = Client().post("/accounts/login/", {"username": "", "password": ""})
    assert response.status_code == 200
    assert response.content.decode().count("这个字段是必填项") == 2


def test_admin_greets_the_administrator_by_name(demo):
    client = Client()
    client.force_login(demo["auditor"])
    page = client.get("/admin/").content.decode()
    assert demo["auditor"].full_name in page
    assert "Historical" not in page and "账号变更历史" in page


def test_five_wrong_passwords_lock_the_account(demo, settings):
    """登录失败处理: the sixth try is refused even with the right password; audited."""
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/accounts/login/", {"username": "qianli", "password": "wrong-password"})
        assert response.status_code == 200 and "请输入一个正确的" in response.content.decode()
    # The fifth wrong password locks the account …
    assert client.post("/accounts/login/", {"username": "qianli", "password": "again-wrong"}).status_code == 429
    # … and then even the right one is refused.
    response = client.post("/accounts/login/", {"username": "qianli", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    page = response.content.decode()
    assert "账号已临时锁定" in page and "30 分钟" in page
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_locked", username="qianli").exists()
    # Another account is not affected.
    assert Client().post("/accounts/login/", {"username": "zhouting", "password": DEMO_PASSWORD}).status_code == 302


def test_the_security_administrator_unlocks_an_account(demo, settings):
    """解锁账号 is an action on the user (the raw axes page is gone); the sysadmin has none."""
    from axes.models import AccessAttempt

    qianli = demo["staff"]
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/accounts/login/", {"username": "qianli", "password": "wrong-password"})
    assert AccessAttempt.objects.filter(username="qianli").exists()
    assert Client().post("/accounts/login/", {"username": "qianli", "password": DEMO_PASSWORD}).status_code != 302
    secadmin = Client()
    secadmin.force_login(demo["secadmin"])
    # The locked account is listed on the security administrator's read-only 登录失败记录 page.
    assert "qianli" in secadmin.get("/admin/pages/lockouts/").content.decode()
    # The system administrator may not unlock.
    sysadmin = Client()
    sysadmin.force_login(demo["sysadmin"])
    assert sysadmin.get("/admin/office/usersecurity/").status_code in (302, 403)
    response = secadmin.post("/admin/office/usersecurity/", {
        "action": "unlock", "_selected_action": [qianli.pk], "index": 0}, follow=True)
    assert response.status_code == 200
    assert not AccessAttempt.objects.filter(username="qianli").exists()
    assert AuditEvent.objects.filter(action="account.unlock", actor=demo["secadmin"]).exists()
    assert Client().post("/accounts/login/", {"username": "qianli", "password": DEMO_PASSWORD}).status_code == 302