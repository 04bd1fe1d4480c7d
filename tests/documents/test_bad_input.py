"""Bad input to 办文 (issue 9, points 11 and 12): characters XML cannot hold, texts too long,
dates out of range — a Chinese message on the field, nothing saved, never a 500; and a
failed 印发 that leaves the document 待印发 with its 文号, to be issued again."""

from __future__ import annotations

import datetime as dt
import inspect
import io
import zipfile

import pytest
from django import forms as django_forms
from django.utils import timezone

from documents import limits
from documents.archive.filters import ArchiveFilterSet
from documents.choices import IncomingState as S
from documents.choices import OutgoingState as O
from documents.common import forms as common_forms
from documents.incoming import forms
from documents.incoming.filters import IncomingFilterSet
from documents.models import IncomingDocument, OutgoingDocument, OutgoingFile, OutgoingRecipient
from documents.outgoing import forms as forms_outgoing
from documents.outgoing import issue
from documents.outgoing.filters import OutgoingFilterSet
from office.choices import TodoState
from office.models import AuditEvent, Todo
from office.textinput import INVALID_XML, SafeTextMixin, xml_safe
from tests.documents.test_outgoing_views import draft_post
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

#: Every C0 control character but TAB, LF and CR, and the two non-characters XML forbids.
CONTROL = [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + ["\ufffe", "\uffff"]
#: …plus a lone surrogate (a form can be handed one; PostgreSQL can hold neither it nor NUL).
FORBIDDEN = [*CONTROL, "\ud800"]
#: What an old row may hold: all but NUL and the surrogate, which never reached the database.
STORABLE = [ch for ch in CONTROL if ch != "\x00"]
NOTE = "无法保存和打印的控制字符"


def ids(chars):
    return [f"U+{ord(ch):04X}" for ch in chars]





def register_post(**overrides) -> dict:
    data = {
        "sender_org": "省人力资源和社会保障厅", "sender_ref": "人社厅函〔2026〕88号",
        "title": "关于报送人才引进政策执行情况的函", "doc_type": "letter", "secret_level": "0",
        "secrecy_period": "", "urgency": "0", "copies": "1", "copy_numbers": "",
        "received_on": timezone.localdate().isoformat(), "due_on": "", "workdays": "5", "summary": "",
    }
    data.update(overrides)
    return data


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode()


# --- point 11 (a): every text field strips what XML cannot hold, with a note -----------------


def test_every_input_form_of_incoming_and_outgoing_strips_control_characters():
    """One rule for all: each form of the flows' modules, and each desk's filter form, derives from the stripping base."""
    classes = [
        cls for module in (forms, forms_outgoing, common_forms)
        for _name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, django_forms.BaseForm) and cls.__module__ == module.__name__
    ]
    classes += [filterset().form.__class__ for filterset in (IncomingFilterSet, OutgoingFilterSet, ArchiveFilterSet)]
    assert len(classes) > 20
    without = [cls.__name__ for cls in classes if not issubclass(cls, SafeTextMixin)]
    assert without == []


@pytest.mark.parametrize("ch", FORBIDDEN, ids=ids(FORBIDDEN))
def test_a_draft_with_a_control_character_is_shown_back_cleaned_with_a_note(people, ch):
    title = f"江城市人力资源和社会保障局关于开展{ch}人社政策宣传月活动的通知"
    body = f"一、活动时间{ch}\n2027年3月。{ch}{ch}\n二、活动要求\n各地要精心组织。"
    form = forms_outgoing.DraftForm(draft_post(title=title, body=body), user=people["qianli"])
    assert not form.is_valid()
    assert "已删除1个" in form.errors["title"][0] and NOTE in form.errors["title"][0]
    assert "已删除3个" in form.errors["body"][0]
    # What the page shows again is the cleaned text; sent once more, it is accepted.
    assert form["title"].value() == title.replace(ch, "") and ch not in form["body"].value()
    again = forms_outgoing.DraftForm(draft_post(title=form["title"].value(), body=form["body"].value()),
                                     user=people["qianli"])
    assert again.is_valid(), again.errors


@pytest.mark.parametrize("ch", FORBIDDEN, ids=ids(FORBIDDEN))
def test_a_registration_with_a_control_character_is_shown_back_cleaned_with_a_note(people, ch):
    data = register_post(title=f"关于报送{ch}人才工作的函", summary=f"摘要{ch}第一段\n第二段", sender_org=f"省{ch}人社厅")
    form = forms.RegisterForm(data, user=people["zhouting"])
    assert not form.is_valid()
    assert set(form.errors) == {"title", "summary", "sender_org"}
    assert all(NOTE in form.errors[name][0] for name in form.errors)
    assert form["summary"].value() == "摘要第一段\n第二段"


def test_tab_lf_and_cr_are_kept():
    text = "第一段\t续\r\n第二段\n第三段"
    assert xml_safe(text) == text and not INVALID_XML.search(text)
    form = common_forms.OpinionForm({"opinion": text})
    assert form.is_valid() and form.cleaned_data["opinion"] == text


@pytest.mark.parametrize(("form_class", "field"), [
    (common_forms.OpinionForm, "opinion"), (common_forms.ReasonForm, "reason"), (forms.AssistForm, "text"),
    (forms.ReportForm, "result"), (forms.ReadForm, "comment"), (forms_outgoing.SignForm, "opinion"),
    (forms_outgoing.CountersignForm, "opinion"),
])
def test_opinion_forms_strip_with_a_note(form_class, field):
    form = form_class({field: "同意\x0b\x1b。", "verdict": "agree"})
    assert not form.is_valid()
    assert "已删除2个" in form.errors[field][0]
    assert form[field].value() == "同意。"


def test_the_draft_page_shows_the_note_saves_nothing_then_saves_the_cleaned_text(people):
    client = client_for(people["qianli"])
    before = OutgoingDocument.objects.count()
    response = client.post("/documents/outgoing/new/", draft_post(body="一、活动时间\x0c\n2027年3月\x1b。"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "已删除2个无法保存和打印的控制字符" in page
    assert "\x0c" not in page and "\x1b" not in page
    assert OutgoingDocument.objects.count() == before
    response = client.post("/documents/outgoing/new/", draft_post(body="一、活动时间\n2027年3月。"))
    assert response.status_code == 302
    assert OutgoingDocument.objects.count() == before + 1


# --- point 11 (b): old rows with such characters: previews and 印发 never answer 500 ----------


def inject(doc: OutgoingDocument, ch: str) -> None:
    """What an older version let in: the characters in the stored title and body."""
    OutgoingDocument.objects.filter(pk=doc.pk).update(
        title=doc.title.replace("关于", f"关于{ch}"), body=doc.body.replace("\n", f"{ch}\n", 1) + ch,
    )


@pytest.mark.parametrize("ch", STORABLE, ids=ids(STORABLE))
def test_previews_of_a_stored_text_with_a_control_character_are_served(outgoing_walk, people, ch):
    doc = outgoing_walk(to=O.DRAFTING)
    inject(doc, ch)
    client = client_for(people["qianli"])
    docx = client.get(f"/documents/outgoing/{doc.pk}/file.docx")
    assert docx.status_code == 200
    xml = docx_text(docx.content)
    assert "各区县人力资源和社会保障部门要把高校毕业生就业作为重中之重" in xml  # the body is there …
    assert not INVALID_XML.search(xml)  # … without the character
    pdf = client.get(f"/documents/outgoing/{doc.pk}/file.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_issuing_a_stored_text_with_every_control_character_succeeds(outgoing_walk, people, settings, tmp_path):
    settings.DOCUMENTS_STORAGE_ROOT = tmp_path / "documents"
    doc = outgoing_walk(to=O.ISSUING)
    number = doc.doc_number
    inject(doc, "".join(STORABLE))
    response = client_for(people["zhouting"]).post(f"/documents/outgoing/{doc.pk}/do/issue/", {
        "copies": "6", "printer": "江城市人力资源和社会保障局办公室", "printed_on": timezone.localdate().isoformat(),
    })
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.state == O.ISSUED and doc.doc_number == number
    from documents.files.storage import stored_path

    issued = stored_path(doc.files.get(kind="docx").stored_name).read_bytes()
    assert not INVALID_XML.search(docx_text(issued))


def the_old_renderer(monkeypatch):
    """The renderers as they were before they stripped: lxml refuses the text with a ValueError."""
    import documents.layout

    monkeypatch.setattr(documents.layout, "xml_safe", lambda text: text)


@pytest.mark.parametrize("ch", STORABLE, ids=ids(STORABLE))
def test_a_failed_issue_keeps_the_document_waiting_with_its_number_and_can_be_retried(
    outgoing_walk, people, monkeypatch, settings, tmp_path, ch,
):
    settings.DOCUMENTS_STORAGE_ROOT = tmp_path / "documents"
    doc = outgoing_walk(to=O.ISSUING)
    number, steps = doc.doc_number, doc.steps.count()
    inject(doc, ch)
    the_old_renderer(monkeypatch)
    client = client_for(people["zhouting"])
    post = {"copies": "6", "printer": "江城市人力资源和社会保障局办公室", "printed_on": timezone.localdate().isoformat()}

    response = client.post(f"/documents/outgoing/{doc.pk}/do/issue/", post)
    assert response.status_code == 400
    assert "印发未完成：生成或保存印发文件时出错。文件仍为待印发，文号不变，可重新印发" in response.content.decode()
    doc.refresh_from_db()
    assert doc.state == O.ISSUING and doc.doc_number == number and doc.issued_at is None and doc.copies == 0
    assert doc.steps.count() == steps
    assert not OutgoingFile.objects.filter(document=doc).exists()
    assert not OutgoingRecipient.objects.filter(document=doc).exists()
    assert not [p for p in (tmp_path / "documents").rglob("*") if p.is_file()]  # no file left behind
    event = AuditEvent.objects.get(action="outgoing.issue_failed")
    assert event.actor == people["zhouting"] and event.object_id == str(doc.pk)
    assert event.detail == {"error": "ValueError"}
    assert Todo.objects.filter(target_id=str(doc.pk), step="outgoing.issue", state=TodoState.OPEN).exists()

    monkeypatch.undo()  # the fix is in: the renderers strip what XML cannot hold
    response = client.post(f"/documents/outgoing/{doc.pk}/do/issue/", post)
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.state == O.ISSUED and doc.doc_number == number
    assert OutgoingRecipient.objects.filter(document=doc).count() == 3


def test_a_storage_failure_at_issue_is_reported_and_retryable(outgoing_walk, people, monkeypatch):
    from documents.files import storage as attachments

    doc = outgoing_walk(to=O.ISSUING)
    number = doc.doc_number

    def disk_full(content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(attachments, "store_bytes", disk_full)
    with pytest.raises(django_forms.ValidationError, match="印发未完成"):
        issue.outgoing_issue(actor=people["zhouting"], document=doc, copies=6)
    doc.refresh_from_db()
    assert doc.state == O.ISSUING and doc.doc_number == number
    assert AuditEvent.objects.filter(action="outgoing.issue_failed", detail__error="OSError").count() == 1
    monkeypatch.undo()
    issue.outgoing_issue(actor=people["zhouting"], document=doc, copies=6)
    doc.refresh_from_db()
    assert doc.state == O.ISSUED and doc.doc_number == number


# --- point 12: texts too long, dates out of range ---------------------------------------------


def test_a_summary_of_100000_characters_is_refused_at_registration(walk, people):
    doc = walk(to=S.SIGNED)
    response = client_for(people["zhouting"]).post(
        f"/documents/incoming/{doc.pk}/register/", register_post(summary="摘" * 100_000))
    assert response.status_code == 400
    assert "不超过 2000 字符" in response.content.decode()
    doc.refresh_from_db()
    assert doc.state == S.SIGNED and doc.serial is None and doc.summary == ""


@pytest.mark.parametrize(("field", "value", "message"), [
    ("due_on", "9999-12-31", "办理时限不能超过3年"),
    ("due_on", (timezone.localdate() - dt.timedelta(days=1)).isoformat(), "办理时限不能早于今天。"),
    ("received_on", "1999-12-31", "收文日期应在2000年1月1日至"),
    ("received_on", "0001-01-01", "收文日期应在2000年1月1日至"),
])
def test_registration_dates_out_of_range_are_refused(walk, people, field, value, message):
    doc = walk(to=S.SIGNED)
    overrides = {field: value} | ({"workdays": ""} if field == "due_on" else {})
    response = client_for(people["zhouting"]).post(f"/documents/incoming/{doc.pk}/register/", register_post(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    doc.refresh_from_db()
    assert doc.state == S.SIGNED and doc.serial is None


def test_an_instruction_with_a_time_limit_of_9999_12_31_is_refused(walk, people):
    doc = walk(to=S.INSTRUCTING)
    steps, due = doc.steps.count(), doc.due_at
    response = client_for(people["liminghua"]).post(
        f"/documents/incoming/{doc.pk}/do/instruct/", {"text": "请政策法规处牵头办理。", "due_on": "9999-12-31"})
    assert response.status_code == 400
    assert "办理时限不能超过3年" in response.content.decode()
    doc.refresh_from_db()
    assert doc.state == S.INSTRUCTING and doc.steps.count() == steps and doc.due_at == due


def test_the_instruction_service_refuses_a_time_limit_far_ahead_too(walk, people):
    from documents.incoming import services

    doc = walk(to=S.INSTRUCTING)
    far = timezone.make_aware(dt.datetime(9999, 12, 31, 17, 0))
    with pytest.raises(django_forms.ValidationError) as refused:
        services.incoming_instruct(actor=people["liminghua"], document=doc, text="请办理。", due_at=far)
    assert "due_on" in refused.value.message_dict
    assert IncomingDocument.objects.get(pk=doc.pk).state == S.INSTRUCTING


@pytest.mark.parametrize("printed_on", ["0001-01-01", "yesterday"])
def test_a_printing_date_before_the_signing_date_is_refused(outgoing_walk, people, printed_on):
    doc = outgoing_walk(to=O.ISSUING)
    if printed_on == "yesterday":
        printed_on = (doc.dated_on - dt.timedelta(days=1)).isoformat()
    response = client_for(people["zhouting"]).post(f"/documents/outgoing/{doc.pk}/do/issue/", {
        "copies": "6", "printer": "江城市人力资源和社会保障局办公室", "printed_on": printed_on,
    })
    assert response.status_code == 400
    assert "印发日期不能早于成文日期" in response.content.decode()
    doc.refresh_from_db()
    assert doc.state == O.ISSUING and doc.printed_on is None


def test_the_issue_service_refuses_a_printing_date_before_signing(outgoing_walk, people):

    doc = outgoing_walk(to=O.ISSUING)
    with pytest.raises(django_forms.ValidationError) as refused:
        issue.outgoing_issue(actor=people["zhouting"], document=doc, copies=6,
                                         printed_on=dt.date(1, 1, 1))
    assert "printed_on" in refused.value.message_dict
    assert OutgoingDocument.objects.get(pk=doc.pk).state == O.ISSUING


@pytest.mark.parametrize(("field", "value", "message"), [
    ("body", "正" * (limits.BODY + 1), "不超过 100000 字符"),
    ("title", "关于" + "很" * limits.TITLE + "的通知", "不超过 300 字符"),
    ("main_recipients", "各区县人力资源和社会保障局、" + "市" * 101 + "局", "每个机关名称不能超过100个字"),
    ("cc_recipients", "省" * 101 + "厅", "每个机关名称不能超过100个字"),
])
def test_a_draft_with_a_text_too_long_is_refused(people, field, value, message):
    before = OutgoingDocument.objects.count()
    response = client_for(people["qianli"]).post("/documents/outgoing/new/", draft_post(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert OutgoingDocument.objects.count() == before


def test_every_text_field_of_the_two_modules_has_a_maximum():
    unbounded = [
        f"{cls.__name__}.{name}"
        for module in (forms, forms_outgoing) for _n, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, django_forms.BaseForm) and cls.__module__ == module.__name__
        for name, field in cls.base_fields.items()
        if isinstance(field, django_forms.CharField) and field.max_length is None
    ]
    assert unbounded == []
