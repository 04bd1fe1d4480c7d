"""Issue 9, points 5 and 7: the audit log holds no business content, and every refusal is in it.

Point 5: an event names the object by type and id — never its title, text, a file's name or a
number such as a 文号 or 收文编号 — and the auditor's search finds nothing by title.
Point 7: a 404 for an object outside the user's scope, an admin page refused, a failed login
and an account lockout each leave a row (actor, target type and id, action, outcome, address);
a login adds no row to the account's history.
"""

from __future__ import annotations

import json

from django.db import connection
from django.test import Client

from documents.models import Attachment, IncomingDocument, OutgoingDocument
from office.choices import Clearance
from office.demo import DEMO_PASSWORD
from office.models import AuditEvent, User
from office.permissions import restrict


def business_texts() -> set[str]:
    """Every title, 文号 and 收文编号 and file name of the demo's documents."""
    texts = set()
    for document in IncomingDocument.objects.all():
        texts |= {document.title, document.serial_display, document.sender_ref}
    for document in OutgoingDocument.objects.all():
        texts |= {document.title, document.doc_number}
    texts |= set(Attachment.objects.values_list("original_name", flat=True))
    return {text for text in texts if text and len(text) >= 4}


# --- point 5: no business content ------------------------------------------------------------


def test_the_audit_table_has_no_object_title_column(db):
    with connection.cursor() as cursor:
        columns = {column.name for column in connection.introspection.get_table_description(cursor, "office_auditevent")}
    assert "object_repr" not in columns
    assert {"actor_id", "username", "action", "object_type", "object_id", "ip", "at"} <= columns


def test_no_audit_event_carries_a_title_or_number(demo, login):
    # Exports and refusals as well as the workflow the demo ran through the services.
    office = login(demo["office"])
    for attachment in Attachment.objects.all():
        office.get(f"/documents/attachments/{attachment.pk}/download/")
    assert AuditEvent.objects.filter(action="export", detail__kind="attachment").exists()
    secret = IncomingDocument.objects.filter(secret_level__gte=Clearance.SECRET).first()
    login(demo["staff"]).get(f"/documents/incoming/{secret.pk}/")
    texts = business_texts()
    assert texts, "the demo holds documents"
    events = list(AuditEvent.objects.values("username", "action", "object_type", "object_id", "detail"))
    assert len(events) > 20
    dumped = json.dumps(events, ensure_ascii=False)
    leaked = sorted(text for text in texts if text in dumped)
    assert not leaked, leaked


def test_the_auditor_cannot_find_events_by_title(demo, login):
    document = IncomingDocument.objects.filter(secret_level__gte=Clearance.SECRET).exclude(serial=None).first()
    assert AuditEvent.objects.filter(object_type="documents.IncomingDocument", object_id=str(document.pk)).exists()
    auditor = login(demo["auditor"])
    response = auditor.get("/admin/office/auditevent/", {"q": document.title[:8]})
    assert response.status_code == 200 and response.context_data["cl"].result_count == 0
    assert document.title not in response.content.decode()
    # The object's id is what is searched.
    response = auditor.get("/admin/office/auditevent/", {"q": str(document.pk)})
    assert response.context_data["cl"].result_count > 0


# --- point 7: every refusal ------------------------------------------------------------------


def test_a_404_outside_the_users_scope_is_audited(demo):
    staff = demo["staff"]
    hidden = restrict(IncomingDocument.objects.all(), staff).values("pk")
    document = IncomingDocument.objects.filter(secret_level=Clearance.SECRET).exclude(pk__in=hidden).first()
    assert document is not None
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.force_login(staff)
    before = AuditEvent.objects.filter(action="denied").count()
    assert client.get(f"/documents/incoming/{document.pk}/").status_code == 404
    denial = AuditEvent.objects.filter(action="denied").latest("id")
    assert (denial.actor, denial.object_type, denial.object_id, denial.ip) == (
        staff, "documents.IncomingDocument", str(document.pk), "10.1.2.3")
    assert denial.detail == {"action": "view", "reason": "scope"}
    # A document that does not exist is no refusal: nothing written.
    assert client.get("/documents/incoming/99999999/").status_code == 404
    assert AuditEvent.objects.filter(action="denied").count() == before + 1


def test_an_admin_page_refused_is_audited(demo_people, login):
    sysadmin = login(demo_people["sysadmin"])
    assert sysadmin.get("/admin/office/auditevent/").status_code == 403
    denial = AuditEvent.objects.filter(action="denied").latest("id")
    assert (denial.actor, denial.object_type, denial.ip) == (demo_people["sysadmin"], "office.AuditEvent", "127.0.0.1")
    assert denial.detail["reason"] == "forbidden"

    # The wrong administrator opening one account's security page: the account's id is named.
    qianli = User.objects.get(username="qianli")
    sysadmin.get(f"/admin/office/usersecurity/{qianli.pk}/change/")
    denial = AuditEvent.objects.filter(action="denied").latest("id")
    assert (denial.actor, denial.object_type, denial.object_id) == (
        demo_people["sysadmin"], "office.UserSecurity", str(qianli.pk))

    # A business user opening admin at all.
    staff = login(demo_people["staff"])
    response = staff.get("/admin/office/user/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    denial = AuditEvent.objects.filter(action="denied").latest("id")
    assert denial.actor == demo_people["staff"] and denial.object_type == "office.User"
    assert denial.detail["reason"] == "no_admin"


def test_one_refusal_is_one_row(demo_people, login):
    """A refusal the policy already wrote is not written a second time by the admin site."""
    secadmin = login(demo_people["secadmin"])
    before = AuditEvent.objects.filter(action="denied").count()
    response = secadmin.post("/admin/office/orgunit/add/", {"name": "新单位", "short_name": "新", "kind": "dept",
                                                             "code": "XDW", "sort_order": 1})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="denied").count() == before + 1


def test_a_failed_login_is_audited(demo_people):
    client = Client(REMOTE_ADDR="10.9.8.7")
    response = client.post("/accounts/login/", {"username": "qianli", "password": "wrong-password"})
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="login_failed").latest("id")
    assert (event.username, event.ip, event.actor) == ("qianli", "10.9.8.7", None)


def test_an_account_lockout_is_audited_once(demo_people, settings):
    client = Client(REMOTE_ADDR="10.9.8.7")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "qianli", "password": "wrong-password"})
    locked = AuditEvent.objects.filter(action="account.locked")
    assert locked.count() == 1
    assert (locked.get().username, locked.get().ip) == ("qianli", "10.9.8.7")
    assert locked.get().detail == {"failures": settings.AXES_FAILURE_LIMIT}
    # Tries while locked are refused and written as such, but are not a second lockout.
    assert client.post("/accounts/login/", {"username": "qianli", "password": DEMO_PASSWORD}).status_code == 429
    assert client.post("/accounts/login/", {"username": "qianli", "password": "wrong"}).status_code == 429
    assert AuditEvent.objects.filter(action="account.locked").count() == 1
    assert AuditEvent.objects.filter(action="login_locked", username="qianli").exists()


def test_logins_are_in_the_audit_log_not_in_the_accounts_history(demo_people, login):
    qianli = User.objects.get(username="qianli")
    history = qianli.history.count()
    logins = AuditEvent.objects.filter(action="login", actor=qianli).count()
    login(qianli)
    login(qianli)
    assert qianli.history.count() == history
    assert AuditEvent.objects.filter(action="login", actor=qianli).count() == logins + 2
    qianli.refresh_from_db()
    assert qianli.last_login is not None


def test_a_clearance_change_is_its_own_history_row_by_the_administrator(demo_people, login):
    qianli = User.objects.get(username="qianli")
    secadmin = login(demo_people["secadmin"])
    response = secadmin.post(f"/admin/office/usersecurity/{qianli.pk}/change/", {
        "role": qianli.role, "clearance": Clearance.INTERNAL, "in_charge_of": [],
    })
    assert response.status_code == 302
    login(qianli)
    record = qianli.history.latest()
    assert record.history_user == demo_people["secadmin"]
    assert record.clearance == Clearance.INTERNAL
    assert record.history_change_reason.startswith("管理员修改")


def test_a_404_for_a_right_the_user_lacks_is_audited(demo_people, login):
    # An administrator on a business page, a 科员 on the office's 到件 page: 404 and a row each.
    auditor = login(demo_people["auditor"])
    assert auditor.get("/documents/incoming/").status_code == 404
    denial = AuditEvent.objects.filter(action="denied").latest("id")
    assert denial.actor == demo_people["auditor"]
    assert denial.detail == {"action": "business.use", "reason": "capability", "path": "/documents/incoming/"}
    staff = login(demo_people["staff"])
    assert staff.get("/documents/incoming/new/").status_code == 404
    denial = AuditEvent.objects.filter(action="denied").latest("id")
    assert (denial.actor, denial.detail["action"]) == (demo_people["staff"], "documents.receive")
