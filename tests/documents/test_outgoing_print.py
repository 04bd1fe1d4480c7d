"""What an outgoing draft prints beyond its text: a 纪要's 出席 / 请假 / 列席 lines, kept on the
draft and edited on its form, and the uploaded attachments laid out as 附件 pages — read back
from the preview the drafter downloads."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from pypdf import PdfReader, PdfWriter

from documents.choices import Direction, DocType, LayoutForm
from documents.choices import OutgoingState as O
from documents.files.services import attachment_add
from documents.models import OutgoingDocument
from documents.outgoing.files import outgoing_file_export
from office.models import IssuingPrefix
from tests.helpers import client_for

MM = 25.4 / 72

ATTENDANCE = {
    "attendance_present": "王建国、李明华、周建华",
    "attendance_absent": "张卫东（出差）",
    "attendance_observers": "刘晓东、周婷",
}


@pytest.fixture
def storage(settings, tmp_path):
    settings.DOCUMENTS_STORAGE_ROOT = tmp_path / "documents"
    return settings.DOCUMENTS_STORAGE_ROOT


def preview(document, actor, kind="pdf") -> bytes:
    export = outgoing_file_export(actor=actor, document=OutgoingDocument.objects.get(pk=document.pk), kind=kind)
    return export.data


def page_texts(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


MINUTES = {"doc_type": DocType.MINUTES, "direction": Direction.LEVEL, "form": LayoutForm.MINUTES,
           "title": "江城市人力资源和社会保障局局长办公会议纪要", "main_recipients": "", "with_seal": False}


def test_minutes_print_their_attendance_lines_in_the_pdf_and_the_docx(outgoing_walk, people):
    doc = outgoing_walk(O.DRAFTING, **MINUTES, **ATTENDANCE)
    drafter = people["qianli"]
    text = "".join(page_texts(preview(doc, drafter)))
    for line in ("出席：王建国、李明华、周建华", "请假：张卫东（出差）", "列席：刘晓东、周婷"):
        assert line in text.replace(" ", "").replace("\n", ""), line
    paragraphs = [p.text for p in Document(io.BytesIO(preview(doc, drafter, "docx"))).paragraphs]
    assert "出席：王建国、李明华、周建华" in paragraphs and "列席：刘晓东、周婷" in paragraphs


def test_attendance_is_printed_on_minutes_only(outgoing_walk, people):
    doc = outgoing_walk(O.DRAFTING, **ATTENDANCE)  # a 通知 (文件式)
    text = "".join(page_texts(preview(doc, people["qianli"])))
    assert "出席" not in text and "列席" not in text


def test_the_draft_form_edits_the_attendance_of_a_minutes(outgoing_walk, people):
    doc = outgoing_walk(O.DRAFTING, **MINUTES)
    client = client_for(people["qianli"])
    page = client.get(reverse("documents:outgoing_edit", args=[doc.pk])).content.decode()
    assert 'id="attendance-fields"' in page and 'name="attendance_present"' in page
    data = {
        "doc_type": DocType.MINUTES, "direction": Direction.LEVEL, "form": LayoutForm.MINUTES,
        "prefix": IssuingPrefix.objects.get(code="人社发").pk, "title": doc.title, "body": doc.body,
        "secret_level": 0, "urgency": 0, "publicity": doc.publicity, "version_note": "补出席人员",
        **ATTENDANCE,
    }
    response = client.post(reverse("documents:outgoing_edit", args=[doc.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    doc.refresh_from_db()
    assert doc.attendance_present == ATTENDANCE["attendance_present"]
    assert doc.attendance_lines == [("出席", "王建国、李明华、周建华"), ("请假", "张卫东（出差）"), ("列席", "刘晓东、周婷")]


def docx_attachment() -> bytes:
    doc = Document()
    doc.add_paragraph("一、各区县于12月10日前报送就业见习岗位。")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "江城区", "王芳"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def pdf_attachment(pages: int = 2) -> bytes:
    """A scanned-looking PDF: A4 pages without any font of their own."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_attachments_are_laid_out_as_annex_pages_after_the_signature(outgoing_walk, people, storage):
    notes = "就业见习岗位报送要求\n见习基地分布图\n岗位统计表"
    doc = outgoing_walk(O.DRAFTING, attachment_notes=notes)
    drafter = people["qianli"]
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    attachment_add(actor=drafter, document=doc, upload=SimpleUploadedFile("要求.docx", docx_attachment(), docx_type))
    attachment_add(actor=drafter, document=doc, upload=SimpleUploadedFile("分布图.pdf", pdf_attachment(), "application/pdf"))
    data = preview(doc, drafter)
    texts = [t.replace(" ", "") for t in page_texts(data)]
    signed = next(i for i, t in enumerate(texts) if "联系人" in t)
    first = next(i for i, t in enumerate(texts) if t.startswith("附件1"))
    second = next(i for i, t in enumerate(texts) if t.startswith("附件2"))
    assert signed < first < second
    assert "就业见习岗位报送要求" in texts[first] and "各区县于12月10日前报送就业见习岗位" in texts[first]
    assert "江城区王芳" in texts[first]  # a table row: its cells on one line
    assert "见习基地分布图" in texts[second]
    # The PDF's two pages follow its 附件 page, numbered on; the 版记 comes last.
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= second + 3
    for number in (second + 2, second + 3):
        assert f"—{number}—" in texts[number - 1], (number, texts[number - 1])
    assert "抄送" in texts[-1]
    # Every font of the file is embedded (pdffonts' "emb yes").
    assert unembedded_fonts(data) == []
    # The .docx has the 附件 pages too (a PDF's pages: a note where they stand).
    paragraphs = Document(io.BytesIO(preview(doc, drafter, "docx"))).paragraphs
    labels = [p for p in paragraphs if p.text in ("附件1", "附件2")]
    assert [p.text for p in labels] == ["附件1", "附件2"]
    assert all(p.paragraph_format.page_break_before for p in labels)


def unembedded_fonts(data: bytes) -> list[str]:
    missing = []
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {}) if "/Resources" in page else {}
        for font in fonts.values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
    return missing


def test_a_requests_preview_prints_page_one_as_issued_with_placeholders(outgoing_walk, people):
    """A 请示 before 编号 and 签发: page 1 shows the 文号's line with the placeholder 文号 and 签发人,
    the red line under it, and the text fills the 版心 down to its last line before page 2."""
    paragraph = ("根据省人力资源和社会保障厅、省财政厅有关通知精神，结合我市实际，拟自2027年1月1日起将城乡居民基础养老金"
                 "最低标准由每人每月183元提高至198元。所需资金由市、区两级财政按现行体制分担。")
    doc = outgoing_walk(O.OFFICE_REVIEW, doc_type=DocType.REQUEST, direction=Direction.UP,
                        prefix=IssuingPrefix.objects.get(code="人社呈"), main_recipients="江城市人民政府",
                        title="江城市人力资源和社会保障局关于调整城乡居民基础养老金标准的请示",
                        body="\n".join([paragraph] * 6 + ["妥否，请批示。"]))
    data = preview(doc, people["liuxiaodong"])
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        first = pdf.pages[0]
        lines = first.extract_text_lines()
        red = [r for r in first.rects if r["non_stroking_color"] and r["non_stroking_color"][0] > 0.8
               and r["width"] * MM > 150]
    number = next(line for line in lines if "签发人" in line["text"])
    text = number["text"].replace(" ", "")
    assert text.startswith("人社呈〔2026〕") and text.endswith("号签发人：（待签发）"), text
    assert abs(number["x0"] * MM - (28 + 156 / 28)) < 1  # 居左空一字, as the issued 上行文
    assert abs(red[0]["top"] * MM - number["bottom"] * MM - 4) < 1.5  # the red line under it
    body = [line for line in lines if 36 < line["top"] * MM < 262 and line["top"] > number["bottom"]]
    # the 版心 used to its last line: no part of page 1 left blank before the text runs on
    assert max(line["bottom"] for line in body) * MM > 262 - 10.3, [line["text"][:8] for line in body]
    assert "妥否，请批示。" not in "".join(line["text"] for line in lines)  # it runs on to page 2
