"""政务信息 (issue 16) follow-ups: the demo's year of items shows its 办理过程; 约稿 has its own
reminders (one working day before the 截稿 date and on the day, then no more); the author takes a
file off his draft (audited, only while it is a draft or returned)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents.files.services import attachment_add, attachment_remove
from documents.files.storage import attachment_path
from documents.information import services
from documents.models import InformationItem
from office.deadlines import sweep
from office.models import AuditEvent, Notification, User
from office.workdays import WorkCalendar
from tests.documents.info_helpers import S, item, people, unit
from tests.helpers import client_for

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_demo_years_items_show_their_way_on_the_page(demo):
    decided = InformationItem.objects.filter(state=S.CONDENSED, decided_at__lt=timezone.now() - dt.timedelta(days=60))
    assert decided.exists() and not decided.filter(steps__isnull=True).exists()
    it = decided.select_related("unit").order_by("decided_at").first()
    assert list(it.steps.order_by("at", "id").values_list("action", flat=True)) == [
        "submit", "approve", "office_edit", "condense"
    ]
    page = client_for(demo["office"]).get(it.get_absolute_url()).content.decode()
    for label in ("送审", "审核报送", "择要采用"):
        assert label in page
    assert timezone.localtime(it.decided_at).strftime("%Y-%m-%d %H:%M") in page  # when it was decided, not today
    # Every decided item of the year has its decision on record.
    assert not InformationItem.objects.filter(state__in=(S.ADOPTED, S.REJECTED)).exclude(
        steps__action__in=("adopt", "reject")).exists()


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_约稿_is_reminded_a_working_day_before_and_on_the_day_then_no_more(demo_people):
    p = people()
    cal = WorkCalendar()
    due_on = cal.add_workdays(timezone.localdate(), 4)
    services.request_create(actor=p["wujing"], title="二季度稳就业工作动态", requirement="", due_on=due_on,
                            units=[unit("ZCFG")])

    def told(text):
        return set(Notification.objects.filter(body__contains=text).values_list("recipient__username", flat=True))

    with time_machine.travel(_at(cal.add_workdays(due_on, -2), 10), tick=False):
        sweep()
    assert told("二季度稳就业") == set()
    with time_machine.travel(_at(cal.add_workdays(due_on, -1), 10), tick=False):
        sweep()
    assert told("截稿") == {"zhoujianhua"} and told("将于") == {"zhoujianhua"}
    with time_machine.travel(_at(due_on, 10), tick=False):
        sweep()
    assert told("今日截稿") == {"zhoujianhua"}
    mine = Notification.objects.filter(body__contains="二季度稳就业")
    sent = mine.count()
    with time_machine.travel(_at(cal.add_workdays(due_on, 6), 10), tick=False):
        sweep()
    assert mine.count() == sent == 2  # no 逾期 ladder for a commissioning date


def test_the_author_removes_a_file_from_his_draft_only_while_it_may_be_edited(
    demo_people, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DOCUMENTS_STORAGE_ROOT = tmp_path / "documents"
    p = people()
    draft = item(S.DRAFT)
    kept = attachment_add(actor=p["qianli"], document=draft, upload=SimpleUploadedFile("附表一.pdf", PDF))
    wrong = attachment_add(actor=p["qianli"], document=draft, upload=SimpleUploadedFile("错传.pdf", PDF))
    path = attachment_path(wrong)
    # The head sees the draft but it is not his to take files off.
    with pytest.raises(PermissionDenied):
        attachment_remove(actor=p["zhoujianhua"], attachment=wrong)
    author = client_for(User.objects.get(username="qianli"))
    page = author.get(draft.get_absolute_url()).content.decode()
    assert f"/attachments/{wrong.pk}/remove/" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = author.post(f"{draft.get_absolute_url()}attachments/{wrong.pk}/remove/")
    assert response.status_code == 302
    page = author.get(response["Location"]).content.decode()
    assert "已删除附件：错传.pdf" in page and "附表一.pdf" in page
    assert list(draft.attachments.values_list("pk", flat=True)) == [kept.pk] and not path.exists()
    assert draft.steps.filter(action="detach", text__contains="错传.pdf").exists()
    event = AuditEvent.objects.filter(action="information.detach").get()
    assert event.actor.username == "qianli" and event.detail["removed"] == wrong.pk
    # Sent to the head: the file stays.
    sent = services.item_submit(actor=p["qianli"], item=InformationItem.objects.get(pk=draft.pk))
    with pytest.raises(ValidationError, match="不能办理“删除附件”"):
        attachment_remove(actor=p["qianli"], attachment=kept)
    assert sent.attachments.count() == 1 and attachment_path(kept).exists()
    assert f"/attachments/{kept.pk}/remove/" not in author.get(draft.get_absolute_url()).content.decode()
