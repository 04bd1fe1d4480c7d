"""Attachments of 收文: what is accepted, what is refused, where it lies, who gets it back.

Attacks covered: a web page or an SVG renamed .pdf, an executable or an archive renamed
to a document, a PDF/HTML polyglot named .html, macros, an over-size file, a path or a
right-to-left override in the file name, and reading a file out of scope.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from django.urls import reverse

from documents.choices import IncomingState as S
from documents.files.checks import KINDS, display_name, sniff
from documents.files.services import attachment_add
from documents.files.storage import attachment_path, storage_root
from documents.incoming import services
from documents.models import Attachment, IncomingStep
from office.models import AuditEvent

PDF = (b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
       b"trailer <</Root 1 0 R>>\n%%EOF\n")
HTML = b"<!DOCTYPE html><html><body><script>fetch('/admin/')</script></body></html>"
SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
       b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)">'
       b"<script>alert(1)</script></svg>")
POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32
TIFF = b"II*\x00\x08\x00\x00\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64


def zip_of(*names: str, content_types: bytes = b"<Types/>") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, content_types if name == "[Content_Types].xml" else b"<x/>")
    return buffer.getvalue()


def ole_of(*entries: tuple[str, str]) -> bytes:
    """A minimal OLE2 compound file (CFB v3) with the given streams and storages."""
    end, free, fat_mark, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat, data, rows, sector = [fat_mark, end], b"", [], 2
    for i, (name, kind) in enumerate(entries):
        right = i + 2 if i + 1 < len(entries) else none
        if kind == "stream":  # 4096 bytes: past the mini-stream cutoff, in ordinary sectors
            fat += [sector + k + 1 for k in range(7)] + [end]
            rows.append((name, 2, right, sector, 4096))
            data += (name.encode() * 4096)[:4096]
            sector += 8
        else:
            rows.append((name, 1, right, 0, 0))

    def entry(name, kind, right, child, start, size):
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, none, right, child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))

    directory = entry("Root Entry", 5, none, 1, end, 0)
    directory += b"".join(entry(name, kind, right, none, start, size) for name, kind, right, start, size in rows)
    directory = directory.ljust(512, b"\0")
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<9I", 0, 1, 1, 0, 4096, end, 0, end, 0) + struct.pack("<I", 0)
              + struct.pack("<I", free) * 108)
    return header + b"".join(struct.pack("<I", v) for v in fat).ljust(512, b"\xff") + directory + data


DOCX = zip_of("[Content_Types].xml", "_rels/.rels", "word/document.xml")
DOCM = zip_of("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/vbaProject.bin")
XLSX = zip_of("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml")
PPTX = zip_of("[Content_Types].xml", "_rels/.rels", "ppt/presentation.xml")
OFD = zip_of("OFD.xml", "Doc_0/Document.xml", "Doc_0/Pages/Page_0/Content.xml")
ZIP = zip_of("readme.txt", "payload.exe")
DOC = ole_of(("WordDocument", "stream"), ("1Table", "stream"))
XLS = ole_of(("Workbook", "stream"))
DOC_WITH_MACROS = ole_of(("WordDocument", "stream"), ("Macros", "storage"))
ENCRYPTED = ole_of(("EncryptionInfo", "stream"), ("EncryptedPackage", "stream"))
MSI_LIKE = ole_of(("SummaryInformation", "stream"), ("Property", "stream"))


@pytest.fixture
def storage(settings, tmp_path) -> Path:
    settings.DOCUMENTS_STORAGE_ROOT = tmp_path / "documents"
    return tmp_path / "documents"


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- the allowlist, by content ------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "code"),
    [(PDF, "pdf"), (OFD, "ofd"), (DOCX, "docx"), (XLSX, "xlsx"), (PPTX, "pptx"), (DOC, "doc"), (XLS, "xls"),
     (JPEG, "jpeg"), (PNG, "png"), (TIFF, "tiff"), (POLYGLOT, "pdf")],
)
def test_accepted_kinds_are_found_by_content_whatever_the_name(content, code):
    assert sniff(io.BytesIO(content), "whatever.txt").code == code


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (HTML, "不是允许上传的文件类型"), (SVG, "不是允许上传的文件类型"), (EXE, "不是允许上传的文件类型"),
        (ELF, "不是允许上传的文件类型"), (ZIP, "不是允许上传的文件类型"), (MSI_LIKE, "不是允许上传的文件类型"),
        ("通知正文".encode("gbk"), "不是允许上传的文件类型"), (b"#!/bin/sh\nrm -rf /\n", "不是允许上传的文件类型"),
        (DOCM, "含有宏"), (DOC_WITH_MACROS, "含有宏"), (ENCRYPTED, "已加密"), (b"", "空文件"),
        (b"PK\x03\x04broken", "不是允许上传的文件类型"), (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100, "不是允许上传的文件类型"),
    ],
    ids=["html", "svg", "exe", "elf", "zip", "msi", "text", "script", "docm", "doc-macros", "encrypted", "empty",
         "broken-zip", "broken-ole"],
)
def test_refused_kinds_say_why_in_chinese(content, why):
    with pytest.raises(ValidationError) as caught:
        sniff(io.BytesIO(content), "通知.pdf")
    assert why in caught.value.messages[0]


def test_display_name_keeps_no_path_no_control_characters_and_the_true_extension():
    pdf, docx = KINDS["pdf"], KINDS["docx"]
    assert display_name("../../etc/passwd.pdf", pdf) == "passwd.pdf"
    assert display_name("C:\\x\\y.pdf", pdf) == "y.pdf"
    assert display_name("关于报送材料的通知.PDF", pdf) == "关于报送材料的通知.pdf"
    assert display_name("evil.html", pdf) == "evil.html.pdf"
    assert display_name("invoice\u202efdp.exe", pdf) == "invoicefdp.exe.pdf"  # the right-to-left override is gone
    assert display_name("a<b>:c|d?.docx", docx) == "a_b__c_d_.docx"
    assert display_name("..", pdf) == "附件.pdf"
    assert display_name("", docx) == "附件.docx"
    assert display_name("长" * 300 + ".pdf", pdf) == "长" * 120 + ".pdf"
    assert display_name("签报.wps", KINDS["doc"]) == "签报.wps"


# --- the service ----------------------------------------------------------------------------


def test_a_pdf_is_stored_under_a_random_name_with_its_hash_and_size(walk, people, storage):
    document = walk(S.REGISTERED)
    attachment = attachment_add(actor=people["zhouting"], document=document, upload=upload("来文.pdf", PDF))

    assert attachment.original_name == "来文.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert re.fullmatch(r"\d{4}/[0-9a-f]{32}", attachment.stored_name)
    path = attachment_path(attachment)
    assert path.read_bytes() == PDF
    assert path.parent.parent == storage.resolve() and path.suffix == ""
    assert oct(path.stat().st_mode & 0o777) == oct(0o640)
    assert stored_files(storage) == [path]  # no partial file left behind
    step = IncomingStep.objects.get(document=document, action="attach")
    assert step.text == "来文.pdf" and step.actor == people["zhouting"]
    event = AuditEvent.objects.get(action="incoming.attach")
    assert event.detail["sha256"] == attachment.sha256 and event.object_id == str(document.pk)


@pytest.mark.parametrize(
    ("name", "content"),
    [("通知.pdf", HTML), ("图.pdf", SVG), ("setup.doc", EXE), ("材料.docx", ZIP), ("安装.doc", MSI_LIKE),
     ("宏.docx", DOCM)],
    ids=["html-as-pdf", "svg-as-pdf", "exe-as-doc", "zip-as-docx", "msi-as-doc", "docm-as-docx"],
)
def test_a_refused_file_changes_nothing(walk, people, storage, name, content):
    document = walk(S.REGISTERED)
    steps = IncomingStep.objects.filter(document=document).count()
    with pytest.raises(ValidationError):
        attachment_add(actor=people["zhouting"], document=document, upload=upload(name, content))
    assert not Attachment.objects.exists()
    assert IncomingStep.objects.filter(document=document).count() == steps
    assert not AuditEvent.objects.filter(action="incoming.attach").exists()
    assert stored_files(storage) == []


def test_an_over_size_file_is_refused_with_the_limit(walk, people, storage, settings):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    document = walk(S.REGISTERED)
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        attachment_add(actor=people["zhouting"], document=document, upload=upload("大文件.pdf", big))
    assert caught.value.messages == ["文件超过大小限制：单个附件不能超过 1 MB。"]
    assert not Attachment.objects.exists() and stored_files(storage) == []


def test_a_path_in_the_name_is_stripped_and_the_file_stays_under_the_root(walk, people, storage):
    document = walk(S.REGISTERED)
    file = upload("x.pdf", PDF)
    names = (("../../etc/passwd.pdf", "passwd.pdf"), ("C:\\x\\y.pdf", "y.pdf"), ("/tmp/../../z.pdf", "z.pdf"))
    for raw, shown in names:
        file._name = raw  # past Django's own basename(), as another caller of the service might pass it
        attachment = attachment_add(actor=people["zhouting"], document=document, upload=file)
        assert attachment.original_name == shown
        assert storage.resolve() in attachment_path(attachment).parents
    assert not Path("/etc/passwd.pdf").exists()
    assert len(stored_files(storage)) == 3


def test_a_database_failure_leaves_no_file(walk, people, storage, monkeypatch):
    document = walk(S.REGISTERED)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Attachment, "save", broken)
    with pytest.raises(RuntimeError):
        attachment_add(actor=people["zhouting"], document=document, upload=upload("来文.pdf", PDF))
    assert stored_files(storage) == []


def test_only_those_the_workflow_names_may_attach(walk, people, storage):
    document = walk(S.HANDLING, handler="qianli")
    # In scope, not theirs to do: the principal leader reads it but attaches nothing.
    with pytest.raises(PermissionDenied):
        attachment_add(actor=people["wangjianguo"], document=document, upload=upload("a.pdf", PDF))
    # Out of scope: another department's staff do not learn it exists.
    with pytest.raises(Http404):
        attachment_add(actor=people["zhengyan"], document=document, upload=upload("a.pdf", PDF))
    # The handler and the lead department's head may, while it is being handled.
    attachment_add(actor=people["qianli"], document=document, upload=upload("办理情况.pdf", PDF))
    attachment_add(actor=people["zhoujianhua"], document=document, upload=upload("处室意见.docx", DOCX))
    assert Attachment.objects.filter(incoming=document).count() == 2
    assert AuditEvent.objects.filter(action="denied", object_id=str(document.pk)).count() == 2


def test_nothing_is_attached_to_an_archived_document(walk, people, storage):
    document = walk(S.ARCHIVED)
    with pytest.raises(PermissionDenied):
        attachment_add(actor=people["zhouting"], document=document, upload=upload("a.pdf", PDF))
    assert stored_files(storage) == []


def test_the_storage_root_may_not_be_served_as_static_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.DOCUMENTS_STORAGE_ROOT = tmp_path / "static" / "documents"
    with pytest.raises(ImproperlyConfigured):
        storage_root()


# --- the views ------------------------------------------------------------------------------


def post_file(client, document, name: str, content: bytes):
    return client.post(
        reverse("documents:attachment_upload", args=[document.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_a_pdf_uploaded_by_the_office_is_downloaded_by_the_principal_with_safe_headers(walk, people, login, storage):
    document = walk(S.REGISTERED)
    response = post_file(login(people["zhouting"]), document, "关于报送2026年人才工作要点的通知.pdf", PDF)
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:incoming_detail", args=[document.pk]) + "#attachments"
    assert messages_of(response) == ["已上传附件：关于报送2026年人才工作要点的通知.pdf。"]
    attachment = Attachment.objects.get()

    client = login(people["wangjianguo"])
    response = client.get(reverse("documents:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E5%85%B3%E4%BA%8E" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="export")
    assert event.actor == people["wangjianguo"]
    assert event.object_id == str(document.pk)
    # Ids and a digest only: the file's name is business content (issue 9, point 5).
    assert event.detail == {"kind": "attachment", "attachment": attachment.pk, "sha256": attachment.sha256}


def test_a_pdf_html_polyglot_named_html_is_offered_back_as_a_pdf_download(walk, people, login, storage):
    document = walk(S.REGISTERED)
    post_file(login(people["zhouting"]), document, "page.html", POLYGLOT)
    attachment = Attachment.objects.get()
    assert attachment.original_name == "page.html.pdf"
    response = login(people["zhouting"]).get(reverse("documents:attachment_download", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="page.html.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.parametrize(("name", "content"), [("通知.pdf", HTML), ("logo.pdf", SVG)], ids=["html", "svg"])
def test_the_upload_page_refuses_a_renamed_web_page_with_a_message(walk, people, login, storage, name, content):
    document = walk(S.REGISTERED)
    response = post_file(login(people["zhouting"]), document, name, content)
    assert response.status_code == 302
    [message] = messages_of(response)
    assert f"“{name}”不是允许上传的文件类型（按文件内容识别，与扩展名无关）" in message
    assert not Attachment.objects.exists() and stored_files(storage) == []


def test_the_upload_page_refuses_an_over_size_file_while_it_streams_in(walk, people, login, storage, settings):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    document = walk(S.REGISTERED)
    response = post_file(login(people["zhouting"]), document, "大文件.pdf", PDF + b"0" * (3 * 1024 * 1024))
    assert response.status_code == 302
    assert response.wsgi_request.upload_too_large  # skipped by the upload handler, not read to the end
    assert messages_of(response) == ["文件超过大小限制：单个附件不能超过 1 MB。"]
    assert not Attachment.objects.exists() and stored_files(storage) == []


def test_the_upload_page_strips_a_path_sent_in_the_multipart_file_name(walk, people, login, storage):
    document = walk(S.REGISTERED)
    boundary = "sanbanboundary"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd.pdf\"\r\n"
        f"Content-Type: application/pdf\r\n\r\n"
    ).encode() + PDF + f"\r\n--{boundary}--\r\n".encode()
    response = login(people["zhouting"]).post(
        reverse("documents:attachment_upload", args=[document.pk]), data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "passwd.pdf"
    assert [p.name for p in stored_files(storage)] == [attachment.stored_name.split("/")[1]]


def test_the_upload_page_is_404_out_of_scope_and_403_for_who_may_not_attach(walk, people, login, storage):
    document = walk(S.REGISTERED)
    assert post_file(login(people["qianli"]), document, "a.pdf", PDF).status_code == 404
    assert post_file(login(people["auditor"]), document, "a.pdf", PDF).status_code == 404
    assert post_file(login(people["wangjianguo"]), document, "a.pdf", PDF).status_code == 403
    assert not Attachment.objects.exists() and stored_files(storage) == []


def test_a_download_out_of_scope_is_404_for_staff_and_for_the_auditor(walk, people, login, storage):
    document = walk(S.REGISTERED)
    attachment = attachment_add(actor=people["zhouting"], document=document, upload=upload("来文.pdf", PDF))
    url = reverse("documents:attachment_download", args=[attachment.pk])
    for username in ("zhoujianhua", "qianli", "liminghua", "auditor", "sysadmin", "secadmin"):
        assert login(people[username]).get(url).status_code == 404, username
    assert login(people["zhouting"]).get(url).status_code == 200
    assert AuditEvent.objects.filter(action="export").count() == 1
    response = Client().get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_download_opens_for_the_lead_department_once_it_is_theirs(walk, people, login, storage):
    document = walk(S.REGISTERED)
    attachment = attachment_add(actor=people["zhouting"], document=document, upload=upload("来文.pdf", PDF))
    url = reverse("documents:attachment_download", args=[attachment.pk])
    assert login(people["zhoujianhua"]).get(url).status_code == 404
    document = services.incoming_review(actor=people["zhouting"], document=document)
    document = services.incoming_propose(
        actor=people["liuxiaodong"], document=document, proposal="拟请政策法规处主办。", leaders=[people["liminghua"]],
        lead_unit=people["zhoujianhua"].unit,
    )
    assert login(people["liminghua"]).get(url).status_code == 200  # routed to him for 批示
    services.incoming_instruct(actor=people["liminghua"], document=document, text="请政策法规处办理。")
    assert login(people["zhoujianhua"]).get(url).status_code == 200


def test_a_missing_file_is_404_not_a_crash(walk, people, login, storage):
    document = walk(S.REGISTERED)
    attachment = attachment_add(actor=people["zhouting"], document=document, upload=upload("来文.pdf", PDF))
    attachment_path(attachment).unlink()
    response = login(people["zhouting"]).get(reverse("documents:attachment_download", args=[attachment.pk]))
    assert response.status_code == 404
