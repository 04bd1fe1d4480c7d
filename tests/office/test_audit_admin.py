"""Issue 9, point 17 (audit side): the auditor's and the security administrator's pages speak Chinese.

The audit log: Chinese action names, Beijing time, filters by actor, action, object type
and date range, the filtered log exported as .xlsx and CSV (the export audited). Grants:
传阅/会签/协办 by object type, id, 密级 and grantee — never a title — and revoking one,
audited. Failed logins: a read-only Chinese list.
"""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from documents.models import IncomingDocument, IncomingUserObjectPermission
from office.audit import ACTION_LABELS, action_label, audit_record
from office.models import AuditEvent, User

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def auditor(demo_people, login):
    return login(demo_people["auditor"])


def results(response) -> list[AuditEvent]:
    assert response.status_code == 200
    return list(response.context_data["cl"].queryset)


# --- the audit log ---------------------------------------------------------------------------


def test_actions_have_chinese_names():
    assert action_label("login") == "登录"
    assert action_label("login_failed") == "登录失败"
    assert action_label("denied") == "拒绝访问"
    assert action_label("admin.change") == "管理员修改"
    assert action_label("incoming.register") == "收文·登记"
    assert action_label("outgoing.sign") == "发文·签发"
    assert all(str(label) for label in ACTION_LABELS.values())


def test_the_log_shows_chinese_actions_and_beijing_time(demo_people, auditor):
    page = auditor.get("/admin/office/auditevent/").content.decode()
    assert "登录" in page and "时间（北京时间）" in page
    assert ">login<" not in page
    event = AuditEvent.objects.filter(action="login").latest("id")
    beijing = event.at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    assert beijing in page
    # The detail page too.
    detail = auditor.get(f"/admin/office/auditevent/{event.pk}/change/").content.decode()
    assert beijing in detail and "登录" in detail


def test_the_log_is_filtered_by_actor_action_type_and_dates(demo_people, auditor):
    qianli = User.objects.get(username="qianli")
    old = audit_record(actor=qianli, action="export", obj=qianli)
    assert old.pk in {e.pk for e in results(auditor.get("/admin/office/auditevent/", {"actor": "qianli"}))}
    assert all(e.username == "qianli" for e in results(auditor.get("/admin/office/auditevent/", {"actor": "钱莉"})))
    by_action = results(auditor.get("/admin/office/auditevent/", {"action": "export"}))
    assert by_action and all(e.action == "export" for e in by_action)
    by_type = results(auditor.get("/admin/office/auditevent/", {"object_type": "office.User"}))
    assert old.pk in {e.pk for e in by_type} and all(e.object_type == "office.User" for e in by_type)
    today = timezone.localdate(timezone.now(), SHANGHAI)
    same_day = results(auditor.get("/admin/office/auditevent/", {"from": today.isoformat(), "to": today.isoformat()}))
    assert old.pk in {e.pk for e in same_day}
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert results(auditor.get("/admin/office/auditevent/", {"from": tomorrow})) == []
    assert results(auditor.get("/admin/office/auditevent/", {"to": "2020-01-01"})) == []
    # Nonsense dates are said so in Chinese, never a 500.
    response = auditor.get("/admin/office/auditevent/", {"from": "2026-13-45"}, follow=True)
    assert response.status_code == 200 and "无法识别" in response.content.decode()


def test_the_filtered_log_exports_as_xlsx_and_the_export_is_audited(demo_people, auditor):
    response = auditor.get("/admin/office/auditevent/export/xlsx/", {"action": "login"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "时间（北京时间）" and rows[0][3] == "事件"
    logins = AuditEvent.objects.filter(action="login").order_by("-at", "-id")
    assert len(rows) - 1 == logins.count()
    assert {row[3] for row in rows[1:]} == {"登录"}
    first = logins.first()
    assert rows[1][0] == first.at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    assert rows[1][1] == first.username
    export = AuditEvent.objects.get(action="audit.export")
    assert export.actor == demo_people["auditor"]
    assert export.detail == {"format": "xlsx", "rows": logins.count(), "filters": {"action": "login"}}


def test_the_csv_export_opens_in_excel_and_holds_no_formula(demo_people, auditor):
    Client().post("/accounts/login/", {"username": "=HYPERLINK(\"http://x\")", "password": "x"})
    response = auditor.get("/admin/office/auditevent/export/csv/", {"action": "login_failed"})
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("时间（北京时间）,账号")
    assert "登录失败" in text and "'=HYPERLINK" in text
    assert AuditEvent.objects.filter(action="audit.export", detail__format="csv").exists()
    xlsx = auditor.get("/admin/office/auditevent/export/xlsx/", {"action": "login_failed"})
    cells = [row[1] for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)]
    assert "'=HYPERLINK(\"http://x\")" in cells


def test_only_the_auditor_exports(demo_people, login):
    for role in ("sysadmin", "secadmin"):
        response = login(demo_people[role]).get("/admin/office/auditevent/export/csv/")
        assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="audit.export").exists()
    assert AuditEvent.objects.filter(action="denied", actor=demo_people["secadmin"],
                                     object_type="office.AuditEvent").exists()


def test_history_pages_show_beijing_time_in_chinese(demo_people, auditor):
    page = auditor.get("/admin/office/historicaluser/").content.decode()
    record = User.objects.get(username="qianli").history.latest()
    assert record.history_date.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S") in page
    assert "新增" in page and " as of " not in page


# --- grants and failed logins (安全保密管理员) ----------------------------------------------------


def test_grants_are_shown_in_business_terms_without_titles(demo, login):
    grant = IncomingUserObjectPermission.objects.select_related("user", "content_object").first()
    assert grant is not None, "the demo circulates documents"
    document = grant.content_object
    page = login(demo["secadmin"]).get("/admin/pages/grants/", {"source": "documents.incominguserobjectpermission"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "对象授权" in html and "传阅" in html and "收文" in html
    assert f"<td>{document.pk}</td>" in html and document.get_secret_level_display() in html
    assert grant.user.full_name in html
    for title in IncomingDocument.objects.values_list("title", flat=True):
        assert title not in html
    assert "view_incomingdocument" not in html


def test_the_security_administrator_revokes_a_grant(demo, login):
    grant = IncomingUserObjectPermission.objects.select_related("user").first()
    reader, document = grant.user, IncomingDocument.objects.get(pk=grant.content_object_id)
    secadmin = login(demo["secadmin"])
    response = secadmin.post("/admin/pages/grants/", {"source": "documents.incominguserobjectpermission",
                                                      "grant": grant.pk})
    assert response.status_code == 302
    assert not IncomingUserObjectPermission.objects.filter(pk=grant.pk).exists()
    event = AuditEvent.objects.get(action="grant.revoke")
    assert (event.actor, event.object_type, event.object_id) == (
        demo["secadmin"], "documents.IncomingDocument", str(document.pk))
    assert event.detail["user"] == reader.pk and event.detail["permission"] == "view_incomingdocument"
    assert secadmin.get(response["Location"]).status_code == 200
    # Twice: said in Chinese, nothing more written.
    again = secadmin.post("/admin/pages/grants/", {"source": "documents.incominguserobjectpermission",
                                                   "grant": grant.pk}, follow=True)
    assert "该授权已不存在" in again.content.decode()
    assert AuditEvent.objects.filter(action="grant.revoke").count() == 1


@pytest.mark.parametrize("role", ["sysadmin", "auditor", "staff"])
def test_only_the_security_administrator_sees_grants(demo_people, login, role):
    client = login(demo_people[role])
    for url in ("/admin/pages/grants/", "/admin/pages/lockouts/"):
        response = client.get(url)
        assert response.status_code == 403 or (response.status_code == 302 and "login" in response["Location"])
    assert AuditEvent.objects.filter(action="denied", actor=demo_people[role]).count() == 2


def test_failed_logins_are_listed_in_chinese(demo_people, login, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR="10.4.5.6").post("/accounts/login/", {"username": "qianli", "password": "wrong"})
    secadmin = login(demo_people["secadmin"])
    index = secadmin.get("/admin/").content.decode()
    assert "登录失败记录" in index and "对象授权" in index
    assert "Access attempts" not in index and "Guardian" not in index
    page = secadmin.get("/admin/pages/lockouts/").content.decode()
    assert "登录失败记录" in page and "qianli" in page and "10.4.5.6" in page and "已锁定" in page
    assert f"<td>{settings.AXES_FAILURE_LIMIT}</td>" in page
    assert "解锁" not in page.replace("解锁账号请在账号页面办理", "")
