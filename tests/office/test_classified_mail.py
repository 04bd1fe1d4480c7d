"""Nothing above 内部 leaves the system in clear text (issue 9, point 18).

Reminder and notification e-mails about a classified object name no title; objects made
from others take the highest 密级 of their sources; every export says its 密级.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from documents.choices import IncomingState as S
from documents.models import IncomingDocument
from office import classification, deadlines, services
from office.choices import Clearance
from office.mail import deliver_pending
from office.models import Deadline, DeadlineSchedule, Notification
from tests.documents.conftest import organ, people, units, walk  # noqa: F401 - fixtures

NOTICE = "您有一项待办事项，请登录系统查看"


def every_kind_of_email(document, people) -> list:
    """A reminder from the sweep, a 催办 and a plain notification about ``document``, e-mailed."""
    deadline = Deadline.objects.get(target_id=str(document.pk), state="open")
    # Only this document's mail: the demo's other time limits and notifications stay out of it.
    DeadlineSchedule.objects.exclude(deadline=deadline).delete()
    Notification.objects.update(email_state="skipped")
    result = deadlines.sweep(now=deadline.due_at + dt.timedelta(days=10))
    assert result.notified >= 1
    deadlines.deadline_urge(actor=people["liuxiaodong"], deadline=deadline, message="请于本周内办结。")
    services.notification_send(
        recipient=people["zhoujianhua"], verb="test", title=f"请阅：{document.title}", body=f"“{document.title}”已送达。",
        url=document.get_absolute_url(), target=document,
    )
    mail.outbox.clear()
    assert deliver_pending() >= 3
    verbs = set(Notification.objects.values_list("verb", flat=True))
    assert {"deadline.reminder", "deadline.urge", "test"} <= verbs
    return list(mail.outbox)


def test_a_secret_documents_emails_name_no_title(people, walk):
    document = walk(S.HANDLING, secret_level=Clearance.SECRET)
    emails = every_kind_of_email(document, people)
    assert len(emails) >= 3
    for message in emails:
        assert document.title not in message.subject and document.title not in message.body
        assert message.subject == f"[三办] {NOTICE}"
        assert NOTICE in message.body
    # Each links to where it waits (the document or its time limit), nothing more.
    assert any(document.get_absolute_url() in m.body for m in emails)
    # In the app, behind the login and the policy, the notification keeps its title.
    assert Notification.objects.filter(verb="test", title__contains=document.title).exists()


def test_an_internal_documents_emails_keep_the_title(people, walk):
    document = walk(S.HANDLING, secret_level=Clearance.INTERNAL)
    emails = every_kind_of_email(document, people)
    assert all(document.title in m.subject for m in emails)
    assert not any(NOTICE in m.subject for m in emails)


def test_a_notification_whose_object_is_gone_names_nothing(people, walk):
    document = walk(S.REGISTERED, secret_level=Clearance.PUBLIC)
    note = services.notification_send(recipient=people["zhouting"], verb="test", title=f"请阅：{document.title}",
                                      url="/", target=document)
    Notification.objects.filter(pk=note.pk).update(target_id="999999")
    mail.outbox.clear()
    deliver_pending()
    assert [m.subject for m in mail.outbox] == [f"[三办] {NOTICE}"]


# --- objects made from others --------------------------------------------------------------


def test_highest_level_and_the_explicit_override(people, walk):
    secret = walk(S.REGISTERED, secret_level=Clearance.SECRET)
    public = walk(S.REGISTERED, secret_level=Clearance.PUBLIC)
    assert classification.highest_level() == Clearance.PUBLIC
    assert classification.highest_level(public) == Clearance.PUBLIC
    assert classification.highest_level(public, secret) == Clearance.SECRET
    assert classification.highest_level(public, Clearance.CONFIDENTIAL, None) == Clearance.CONFIDENTIAL
    assert classification.derived_level(public, secret) == Clearance.SECRET
    assert classification.derived_level(public, secret, explicit=Clearance.INTERNAL) == Clearance.INTERNAL
    with pytest.raises(ValidationError):
        classification.derived_level(secret, explicit=7)
    # Read through the policy's clearance field: a model without 密级 is 公开.
    assert classification.level_of(people["zhouting"]) == Clearance.PUBLIC
    assert not classification.is_classified(Clearance.INTERNAL)
    assert classification.is_classified(Clearance.SECRET) and classification.is_classified(None)


def test_a_time_limit_takes_its_items_level_unless_set(people, units, walk):
    document = walk(S.REGISTERED, secret_level=Clearance.SECRET)
    inherited = deadlines.deadline_set(
        actor=None, title="核对", responsible_unit=units["ZCFG"], workdays=3, target=document, kind="check",
    )
    assert inherited.secret_level == Clearance.SECRET
    lowered = deadlines.deadline_set(
        actor=None, title="核对", responsible_unit=units["ZCFG"], workdays=3, target=document, kind="check2",
        secret_level=Clearance.INTERNAL,
    )
    assert lowered.secret_level == Clearance.INTERNAL
    # The item is classified higher later: its time limit follows when it is set again.
    IncomingDocument.objects.filter(pk=document.pk).update(secret_level=Clearance.CONFIDENTIAL)
    document.refresh_from_db()
    again = deadlines.deadline_set(
        actor=None, title="核对", responsible_unit=units["ZCFG"], workdays=4, target=document, kind="check",
    )
    assert again.pk == inherited.pk
    assert Deadline.objects.get(pk=inherited.pk).secret_level == Clearance.CONFIDENTIAL


def test_target_levels_one_query_per_kind(people, walk, django_assert_num_queries):
    docs = [walk(S.REGISTERED, secret_level=level) for level in (Clearance.PUBLIC, Clearance.SECRET)]
    ctype = ContentType.objects.get_for_model(IncomingDocument)
    keys = [(ctype.pk, str(d.pk)) for d in docs] + [(ctype.pk, "999999")]
    with django_assert_num_queries(1):
        levels = classification.target_levels(keys)
    assert levels == {keys[0]: Clearance.PUBLIC, keys[1]: Clearance.SECRET, keys[2]: None}


# --- exports -----------------------------------------------------------------------------


def test_marking_and_file_names():
    assert classification.marking(Clearance.SECRET) == "密级：秘密"
    assert classification.marking(Clearance.INTERNAL) == "密级：内部"
    assert classification.export_filename("目录.xlsx", Clearance.CONFIDENTIAL) == "【机密】目录.xlsx"
    assert classification.export_filename("目录.xlsx", Clearance.INTERNAL) == "目录.xlsx"


def test_highest_level_among_exported_rows(people, walk):
    docs = [walk(S.REGISTERED, secret_level=level) for level in (Clearance.PUBLIC, Clearance.SECRET)]
    rows = IncomingDocument.objects.filter(pk__in=[d.pk for d in docs])
    assert classification.highest_level_in(rows) == Clearance.SECRET
    assert classification.highest_level_in(rows.filter(secret_level=Clearance.PUBLIC)) == Clearance.PUBLIC
    assert classification.highest_level_in(rows.none()) == Clearance.PUBLIC


def _download_name(response) -> str:
    disposition = response["Content-Disposition"]
    return unquote(disposition.split("filename*=utf-8''", 1)[1]) if "filename*=" in disposition else disposition


@pytest.mark.parametrize(("level", "marked"), [(Clearance.SECRET, "【秘密】"), (Clearance.PUBLIC, "")])
def test_the_processing_slip_pdf_says_its_level(people, walk, level, marked):
    document = walk(S.HANDLING, secret_level=level)
    client = Client()
    client.force_login(people["zhouting"])
    response = client.get(f"/documents/incoming/{document.pk}/slip.pdf")
    assert response.status_code == 200
    name = _download_name(response)
    assert name.startswith(f"{marked}收文处理笺-"), name
