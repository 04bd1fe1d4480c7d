"""The platform's defences (issue 9, points 9, 14, 15 and 19), the way a user or an attacker meets them.

- 9: odd input at the login form is a Chinese form error (200), never a 500, and still a
  failed login for the audit log and the lockout;
- 14: a Content-Security-Policy on every page, no inline script or style in the templates,
  no caching of what a logged-in user sees, and a production profile that ``check --deploy``
  finds clean;
- 15: five wrong passwords lock an account from that address only;
- 19: an idle login ends after 30 minutes, any login after 8 hours, and both say why.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from office.demo import DEMO_PASSWORD
from office.models import AuditEvent

ROOT = Path(__file__).resolve().parents[2]
TOO_LONG = "用户名不能超过 150 个字符"
BAD_CHARACTERS = "用户名中含有不允许的字符"
LOGIN_ERROR = "请输入一个正确的用户名和密码"
START = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def demo(demo_people):
    return demo_people


def post_login(client: Client, username: str, password: str = DEMO_PASSWORD, ip: str = "127.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


# --- 9: odd input at the login form -------------------------------------------------------------


@pytest.mark.parametrize("length", [151, 256, 1000, 100_000])
def test_an_over_long_username_is_a_form_error_audited_and_counted(demo, length):
    client = Client(raise_request_exception=True)
    username = "w" * length
    response = post_login(client, username, "wrong-password")
    assert response.status_code == 200
    html = response.content.decode()
    assert TOO_LONG in html
    assert username not in html  # not echoed back into the form
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.filter(action="login_failed").latest("id")
    assert event.actor is None and event.ip == "127.0.0.1"
    assert len(event.username) <= 150 and event.username.startswith("wwww") and event.username.endswith("…")
    # The lockout counted it, under a name it can store.
    attempt = AccessAttempt.objects.get()
    assert attempt.username == event.username and attempt.failures_since_start == 1


def test_five_over_long_usernames_from_one_address_lock_it_like_any_wrong_password(demo, settings):
    client = Client(raise_request_exception=True)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post_login(client, "x" * 300, "wrong").status_code == 200
    response = post_login(client, "x" * 300, "wrong")
    assert response.status_code == 429 and "账号已临时锁定" in response.content.decode()


@pytest.mark.parametrize("username", [
    "qian\x00li", "\x00", "qianli\x1b[31m", "qian\x07li", "qian\u200bli", "qianli\r\nSet-Cookie: x=1", "\x7f" * 3,
])
def test_control_characters_in_the_username_are_refused_in_chinese(demo, username):
    client = Client(raise_request_exception=True)
    response = post_login(client, username, DEMO_PASSWORD)
    assert response.status_code == 200
    html = response.content.decode()
    assert BAD_CHARACTERS in html
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.filter(action="login_failed").latest("id")
    assert "\x00" not in event.username and ("\\x" in event.username or "\\u" in event.username)


@pytest.mark.parametrize("password", ["\x00", "abc\x00def", DEMO_PASSWORD + "\x00"])
def test_nul_in_the_password_is_refused_in_chinese_and_counts_as_a_failure(demo, password):
    client = Client(raise_request_exception=True)
    response = post_login(client, "qianli", password)
    assert response.status_code == 200
    assert "密码中含有不允许的字符" in response.content.decode()
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.filter(action="login_failed").latest("id")
    assert event.username == "qianli"
    assert AccessAttempt.objects.get(username="qianli").failures_since_start == 1


@pytest.mark.parametrize("password", ["\x01\x02\x1b", "a" * 100_000, "密码\t\x0b\x0c"])
def test_other_odd_passwords_are_just_wrong_passwords(demo, password):
    client = Client(raise_request_exception=True)
    response = post_login(client, "qianli", password)
    assert response.status_code == 200
    assert LOGIN_ERROR in response.content.decode()
    assert AuditEvent.objects.filter(action="login_failed", username="qianli").count() == 1


def test_a_150_character_username_is_an_ordinary_wrong_login(demo):
    response = post_login(Client(raise_request_exception=True), "q" * 150, "wrong")
    assert response.status_code == 200
    html = response.content.decode()
    assert LOGIN_ERROR in html and TOO_LONG not in html
    assert AuditEvent.objects.get(action="login_failed").username == "q" * 150


# --- 14: headers, templates and the production profile -----------------------------------------

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


def test_the_login_page_and_the_workbench_carry_the_content_security_policy(demo, login):
    anonymous = Client().get("/accounts/login/")
    workbench = login(demo["staff"]).get("/")
    for response in (anonymous, workbench):
        assert response.status_code == 200
        policy = csp(response)
        for directive, value in EXPECTED_CSP.items():
            assert policy[directive] == value, (directive, policy)
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert "unsafe-eval" not in response["Content-Security-Policy"]
    # htmx is told not to inject its indicator <style> (the policy would block it).
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles":false}\'>' in workbench.content.decode()


def test_admin_pages_carry_the_policy_too(demo, login):
    response = login(demo["sysadmin"]).get("/admin/")
    assert response.status_code == 200
    assert csp(response)["script-src"] == "'self'"
    assert "<style" not in response.content.decode()


def test_pages_of_a_logged_in_user_are_not_cached_and_the_login_page_is_not_either(demo, login):
    client = login(demo["staff"])
    for url in ("/", "/profile/", "/session/keepalive/"):
        response = client.get(url)
        assert response.status_code == 200, url
        cache = response["Cache-Control"]
        assert "no-store" in cache and "private" in cache, (url, cache)
    assert "no-store" in Client().get("/accounts/login/")["Cache-Control"]


def test_a_document_page_is_not_cached(db, login):
    from tests import demo_db

    demo_db.load("all")  # the whole demo (this module's ``demo`` is the people only)
    from documents.models import IncomingDocument
    from office.models import User

    document = IncomingDocument.objects.order_by("pk").first()
    response = login(User.objects.get(username="zhouting")).get(document.get_absolute_url())
    assert response.status_code == 200
    assert document.title in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert csp(response)["default-src"] == "'self'"


TEMPLATE_OFFENCES = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "inline event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "inline <style>": re.compile(r"<style[\s>]", re.IGNORECASE),
    "htmx hx-on (needs eval)": re.compile(r"\shx-on", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_no_template_holds_inline_script_or_style():
    """What the policy would block in the browser, caught here first (the browser test looks too)."""
    offences = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = re.sub(r"\{#.*?#\}", "", path.read_text())  # template comments are not sent
        for what, pattern in TEMPLATE_OFFENCES.items():
            for match in pattern.finditer(text):
                if what == "inline <script>" and 'type="application/json"' in match.group(0):
                    continue  # data for a script (json_script), not executed
                offences.append(f"{path.relative_to(ROOT)}: {what}: {match.group(0)!r}")
    assert not offences, "\n".join(offences)


def test_file_downloads_keep_their_sandbox_policy():
    from documents.files.views import FILE_HEADERS

    assert FILE_HEADERS["Content-Security-Policy"].startswith("sandbox")


def test_behind_a_tls_proxy_the_site_sends_hsts(demo, settings, login):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = Client().get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in Client().get("/accounts/login/")  # plain HTTP: never


def _run(code_or_args: list[str], **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    # Set by the browser tests of the same worker (Playwright beside the ORM); never in a deployment.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    environment.update(env)
    return subprocess.run([sys.executable, *code_or_args], check=False, cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_the_production_profile_passes_check_deploy_without_a_warning():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                  DJANGO_SETTINGS_MODULE="office.settings_production", SECRET_KEY=secrets.token_urlsafe(50)[:50],
                  ALLOWED_HOSTS="oa.example.gov.cn", DEBUG="true")
    output = result.stdout + result.stderr
    if _system_fonts_missing():
        # A machine without Debian's CJK fonts (and no organ fonts configured): the one warning
        # is that the PDFs use the bundled stand-ins, which the administrator should be told.
        assert set(re.findall(r"\((\w+\.[EW]\d+)\)", output)) == {"office.W001"}, output
        return
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNINGS" not in output and "security.W" not in output, output


def _system_fonts_missing() -> bool:
    from office import fonts

    return any(fonts.locate(role).source == fonts.BUNDLED for role in fonts.ROLES)


def test_the_development_settings_are_what_check_deploy_complains_about():
    """The oracle: the same check on the plain settings does report the four warnings."""
    result = _run(["manage.py", "check", "--deploy"], DJANGO_SETTINGS_MODULE="office.settings",
                  SECRET_KEY=secrets.token_urlsafe(50)[:50], ALLOWED_HOSTS="oa.example.gov.cn")
    output = result.stdout + result.stderr
    for code in ("W004", "W008", "W012", "W016"):
        assert f"security.{code}" in output, output


# --- 15: lockout by account and address ---------------------------------------------------------


def test_five_wrong_passwords_lock_the_principal_from_that_address_only(demo, settings):
    attacker = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post_login(attacker, "wangjianguo", "guess", ip="10.0.0.1").status_code == 200
    assert post_login(attacker, "wangjianguo", "guess", ip="10.0.0.1").status_code == 429
    # From 10.0.0.1 even the right password is refused …
    assert post_login(Client(), "wangjianguo", ip="10.0.0.1").status_code == 429
    assert AuditEvent.objects.filter(action="login_locked", username="wangjianguo", ip="10.0.0.1").exists()
    # … but the principal at his own desk logs in.
    principal = Client()
    response = post_login(principal, "wangjianguo", ip="10.0.0.2")
    assert response.status_code == 302 and response["Location"] == "/"
    assert principal.get("/", REMOTE_ADDR="10.0.0.2").status_code == 200
    assert AuditEvent.objects.filter(action="login", actor=demo["principal"], ip="10.0.0.2").exists()
    # His login did not unlock the attacker's address.
    assert post_login(Client(), "wangjianguo", ip="10.0.0.1").status_code == 429


def test_the_silenced_axes_check_is_gone_with_the_address_in_the_lockout(settings):
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert "axes.W006" not in settings.SILENCED_SYSTEM_CHECKS


@pytest.mark.parametrize("choice, parameters, silenced", [
    ("username+ip", [["username", "ip_address"]], []),
    ("username", ["username"], ["axes.W006"]),
    ("ip", ["ip_address"], []),
])
def test_an_organ_chooses_what_is_locked(choice, parameters, silenced):
    code = "from office import settings as s; print(repr((s.AXES_LOCKOUT_PARAMETERS, s.SILENCED_SYSTEM_CHECKS)))"
    result = _run(["-c", code], SANBAN_LOCKOUT_BY=choice)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr((parameters, silenced))


def test_a_wrong_lockout_choice_stops_start_up_with_a_clear_message():
    result = _run(["-c", "import office.settings"], SANBAN_LOCKOUT_BY="everyone")
    assert result.returncode != 0 and "SANBAN_LOCKOUT_BY must be one of" in result.stderr


def test_a_wrong_trusted_proxy_stops_start_up_with_a_clear_message():
    result = _run(["-c", "import office.settings"], SANBAN_TRUSTED_PROXIES="10.1.0.5,proxy.example")
    assert result.returncode != 0 and "'proxy.example' is not an address or network" in result.stderr


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(demo, settings):
    settings.SANBAN_TRUSTED_PROXIES = ["10.9.0.0/24"]
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/accounts/login/", {"username": "wangjianguo", "password": "guess"},
                      REMOTE_ADDR="10.9.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.1")
    assert AuditEvent.objects.filter(action="login_failed", ip="10.0.0.1").count() == settings.AXES_FAILURE_LIMIT
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.1"}
    # Another desk behind the same proxy is not locked out.
    response = Client().post("/accounts/login/", {"username": "wangjianguo", "password": DEMO_PASSWORD},
                             REMOTE_ADDR="10.9.0.5", HTTP_X_FORWARDED_FOR="10.0.0.2")
    assert response.status_code == 302


@pytest.mark.parametrize("remote, forwarded, client", [
    ("10.0.0.3", "", "10.0.0.3"),
    ("10.0.0.3", "10.0.0.99", "10.0.0.3"),  # not from a proxy of ours: the header is ignored
    ("10.9.0.5", "1.2.3.4, 10.0.0.1", "10.0.0.1"),  # what the client wrote on the left is not believed
    ("10.9.0.5", "10.0.0.1, 10.9.0.4", "10.0.0.1"),  # two proxies of ours in a row
    ("10.9.0.5", "", "10.9.0.5"),
    ("10.9.0.5", "not-an-address", "10.9.0.5"),
    ("10.9.0.5", "[2001:db8::1]:4711", "2001:db8::1"),
    ("10.9.0.5", "10.0.0.1:5123", "10.0.0.1"),
])
def test_the_client_address_behind_trusted_proxies(settings, rf, remote, forwarded, client):
    from office.clientip import client_ip

    settings.SANBAN_TRUSTED_PROXIES = ["10.9.0.0/24"]
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == client


def test_a_forwarded_header_from_anyone_else_is_not_believed(demo, settings):
    settings.SANBAN_TRUSTED_PROXIES = ["10.9.0.0/24"]
    Client().post("/accounts/login/", {"username": "qianli", "password": "guess"},
                  REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert AuditEvent.objects.get(action="login_failed").ip == "10.0.0.3"


# --- 19: idle and absolute session limits ---------------------------------------------------------


def test_after_31_idle_minutes_the_next_request_goes_to_the_login_page(demo, login):
    with time_machine.travel(START, tick=False) as traveller:
        client = login(demo["staff"])
        assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get("/deadlines/?page=2")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/deadlines/%3Fpage%3D2"
        page = client.get(response["Location"]).content.decode()
        assert "由于长时间未操作，您已自动退出" in page
        assert "_auth_user_id" not in client.session
        assert client.get("/").status_code == 302  # still logged out
    event = AuditEvent.objects.get(action="logout.idle")
    assert event.actor == demo["staff"] and event.detail["after_seconds"] == 31 * 60
    assert not AuditEvent.objects.filter(action="logout").exists()  # one row, saying why


def test_after_29_idle_minutes_the_user_carries_on(demo, login):
    with time_machine.travel(START, tick=False) as traveller:
        client = login(demo["staff"])
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=29))  # 58 minutes after login, 29 after the last request
        response = client.get("/")
        assert response.status_code == 200 and "钱莉" in response.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="logout").exists()


def test_eight_hours_of_constant_activity_end_the_login_all_the_same(demo, login):
    with time_machine.travel(START, tick=False) as traveller:
        client = login(demo["staff"])
        session_key = client.session.session_key
        expiry = Session.objects.get(pk=session_key).expire_date
        for _step in range(23):  # a request every 20 minutes up to 7 h 40
            traveller.shift(dt.timedelta(minutes=20))
            assert client.get("/").status_code == 200
        # Activity wrote the session but never moved its expiry.
        assert Session.objects.get(pk=client.session.session_key).expire_date == expiry
        traveller.shift(dt.timedelta(minutes=20))  # 8 hours after login
        response = client.get("/")
        assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/"
        assert "本次登录已达 8 小时上限" in client.get(response["Location"]).content.decode()
    assert AuditEvent.objects.get(action="logout.expired").actor == demo["staff"]


def test_the_last_activity_is_written_at_most_once_a_minute(demo, login):
    with time_machine.travel(START, tick=False) as traveller:
        client = login(demo["staff"])
        traveller.shift(dt.timedelta(seconds=30))
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/profile/").status_code == 200
        assert not [q for q in queries if "django_session" in q["sql"] and q["sql"].startswith("UPDATE")]
        traveller.shift(dt.timedelta(seconds=40))
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/profile/").status_code == 200
        assert [q for q in queries if "django_session" in q["sql"] and q["sql"].startswith("UPDATE")]


def test_a_look_at_the_time_left_is_not_activity_but_carrying_on_is(demo, login):
    with time_machine.travel(START, tick=False) as traveller:
        client = login(demo["staff"])
        traveller.shift(dt.timedelta(minutes=20))
        look = client.get("/session/keepalive/")
        assert look.json() == {"idle_left": 10 * 60, "absolute_left": 8 * 3600 - 20 * 60}
        traveller.shift(dt.timedelta(minutes=9))
        carry_on = client.post("/session/keepalive/")
        assert carry_on.json()["idle_left"] == 30 * 60
        assert carry_on["X-Sanban-Session"] == f"idle=1800; absolute={8 * 3600 - 29 * 60}"
        traveller.shift(dt.timedelta(minutes=25))
        assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=29))
        client.get("/session/keepalive/")
        traveller.shift(dt.timedelta(minutes=2))  # 31 minutes after the last real request
        expired = client.get("/session/keepalive/")
        assert expired.status_code == 401 and expired.json()["expired"] is True
    assert AuditEvent.objects.filter(action="logout.idle").count() == 1


def test_an_htmx_request_after_the_idle_time_is_sent_to_the_login_page(demo, login):
    with time_machine.travel(START, tick=False) as traveller:
        client = login(demo["staff"])
        traveller.shift(dt.timedelta(minutes=45))
        response = client.get("/?tab=done", HTTP_HX_REQUEST="true")
        assert response.status_code == 200 and response["HX-Redirect"] == "/accounts/login/"
        assert "由于长时间未操作" in client.get("/accounts/login/").content.decode()


def test_an_anonymous_look_at_the_keepalive_url_is_a_401_not_a_login_page():
    response = Client().get("/session/keepalive/")
    assert response.status_code == 401 and response.json() == {"expired": True}


def test_the_page_tells_the_browser_when_to_warn(demo, login, settings):
    settings.SANBAN_IDLE_WARNING_SECONDS = 90
    with time_machine.travel(START, tick=False):
        html = login(demo["staff"]).get("/").content.decode()
    assert 'id="sb-session"' in html and 'data-idle-left="1800"' in html and 'data-warning="90"' in html
    assert "/static/js/session.js" in html and "继续使用" in html
    assert 'id="sb-session"' not in Client().get("/accounts/login/").content.decode()


def test_no_idle_limit_when_the_organ_sets_zero(demo, login, settings):
    settings.SANBAN_IDLE_TIMEOUT_MINUTES = 0
    with time_machine.travel(START, tick=False) as traveller:
        client = login(demo["staff"])
        traveller.shift(dt.timedelta(hours=3))
        assert client.get("/").status_code == 200
        assert client.get("/session/keepalive/").json()["idle_left"] is None
