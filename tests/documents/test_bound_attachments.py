"""附件 bound apart from the 公文 (GB/T 9704 7.3.7): their first page carries the 发文字号 and "附件N"
at the top left — a stamped PDF, an image on a marked A4 page, a spreadsheet's first-page header, a
cover page for what cannot be marked — read back as a clerk's software would show them."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from documents.choices import OutgoingState as O
from documents.files.services import attachment_add
from documents.layout import separate, spec
from office.models import AuditEvent
from tests.documents import libreoffice
from tests.helpers import client_for

MM = 25.4 / 72
NUMBER = "江人社发〔2026〕15号"
EM3 = 16 * MM
FIRST_LINE_TOP = spec.TOP_MM + (spec.LINE_PITCH_MM - EM3) / 2  # the 版心's first line, characters centred


def near(value, expected, tol=1.0) -> bool:
    return abs(value - expected) <= tol


def mark_rows(data: bytes, page: int = 0) -> list[dict]:
    """The words of a PDF page that hold the mark, with their places in mm."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        lines = pdf.pages[page].extract_text_lines()
    return [
        {"text": w["text"], "x0": w["x0"] * MM, "top": w["top"] * MM, "bottom": w["bottom"] * MM}
        for w in lines
        if "附件" in w["text"] and "〔2026〕" in w["text"]
    ]


def a_pdf(*, full: bool = False, pages: int = 2) -> bytes:
    """A4: a heading 60 mm down and a table frame (the first line of the 版心 blank), or a page
    printed edge to edge (a scan), landscape."""
    buffer = io.BytesIO()
    size = landscape(A4) if full else A4
    pdf = canvas.Canvas(buffer, pagesize=size)
    for _page in range(pages):
        if full:
            pdf.setFillGray(0.5)
            pdf.rect(0, 0, size[0], size[1], fill=1, stroke=0)
        else:
            pdf.rect(80, 300, 430, 300)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_a_pdf_gets_the_mark_on_the_first_line_of_its_first_page_only():
    data = separate.stamp_pdf(a_pdf(), doc_number=NUMBER, number=2)
    assert len(PdfReader(io.BytesIO(data)).pages) == 2
    [mark] = mark_rows(data)
    assert mark["text"].replace(" ", "") == f"{NUMBER}附件2"
    assert near(mark["x0"], spec.LEFT_MM) and near(mark["top"], FIRST_LINE_TOP)
    assert mark_rows(data, page=1) == []


def test_the_mark_stands_above_a_title_printed_higher_than_the_first_line():
    from documents.outgoing.demo import _attachment_pdf

    scan = _attachment_pdf("城乡居民基础养老金调整资金测算表").read()  # its title above the first line
    data = separate.stamp_pdf(scan, doc_number=NUMBER, number=1)
    [mark] = mark_rows(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        title = next(line for line in pdf.pages[0].extract_text_lines() if "测算表" in line["text"])
    assert mark["bottom"] + 2 < title["top"] * MM and mark["top"] >= separate.HIGHEST_MM - 0.5
    assert near(mark["x0"], spec.LEFT_MM)


def test_a_page_printed_to_the_top_is_scaled_under_the_mark_not_written_over():
    data = separate.stamp_pdf(a_pdf(full=True, pages=1), doc_number=NUMBER, number=3)
    [mark] = mark_rows(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        grey = max(pdf.pages[0].rects, key=lambda r: r["width"])
        page_w = pdf.pages[0].width
    assert grey["top"] * MM >= mark["bottom"] + 1  # the scan starts below the mark
    assert grey["width"] > 0.9 * page_w  # and keeps nearly its whole width


def test_an_image_becomes_an_a4_page_with_the_mark_and_the_picture_in_the_text_block():
    picture = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 120, 200)).save(picture, "PNG")
    data = separate.image_pdf(picture.getvalue(), doc_number=NUMBER, number=4)
    [mark] = mark_rows(data)
    assert near(mark["x0"], spec.LEFT_MM) and near(mark["top"], FIRST_LINE_TOP)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        [page] = pdf.pages
        assert near(page.width * MM, spec.PAGE_W_MM) and near(page.height * MM, spec.PAGE_H_MM)
        [image] = page.images
    assert image["top"] * MM >= mark["bottom"] + 5  # below the mark, from the third line
    assert near(image["x0"] * MM, spec.LEFT_MM) and near(image["x1"] * MM, spec.LEFT_MM + spec.TEXT_W_MM)


def test_an_unreadable_image_is_refused_for_a_cover_page():
    with pytest.raises(ValueError):
        separate.image_pdf(b"\x89PNG\r\n\x1a\nnot really", doc_number=NUMBER, number=1)


def a_workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "统计表"
    sheet.append(["序号", "单位", "人数"])
    for k in range(1, 120):
        sheet.append([k, f"单位{k}", k * 3])
    sheet["E1"] = "=SUM(C2:C120)"
    sheet.oddHeader.center.text = "内部资料"
    book.create_sheet("说明")["A1"] = "口径说明"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_spreadsheet_prints_the_mark_in_its_first_page_header_and_keeps_its_data():
    data = separate.stamp_xlsx(a_workbook(), doc_number=NUMBER, number=2)
    book = openpyxl.load_workbook(io.BytesIO(data))
    first = book.worksheets[0]
    assert first.HeaderFooter.differentFirst
    assert first.firstHeader.left.text == f"{NUMBER}附件2"
    assert first.firstHeader.left.size == 16  # 3号
    assert first.oddHeader.center.text == "内部资料"  # the other pages' header as it was
    assert first["E1"].value == "=SUM(C2:C120)" and first["B120"].value == "单位119"
    assert book.worksheets[1].firstHeader.left.text is None  # only the first worksheet


def test_what_cannot_be_marked_gets_a_cover_page():
    data = separate.cover_pdf(
        doc_number=NUMBER, number=5, title="2026年全市就业重点项目统计表", kind="OFD", filename="统计表.ofd"
    )
    [mark] = mark_rows(data)
    assert near(mark["x0"], spec.LEFT_MM) and near(mark["top"], FIRST_LINE_TOP)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = pdf.pages[0].extract_text().replace(" ", "")
    assert "2026年全市就业重点项目统计表" in text and "统计表.ofd" in text and "分开装订" in text


@pytest.mark.libreoffice
@pytest.mark.skipif(libreoffice.soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_calc_prints_the_mark_on_the_first_page_only():
    stamped = separate.stamp_xlsx(a_workbook(), doc_number=NUMBER, number=2)
    with tempfile.TemporaryDirectory(prefix="sanban-calc-") as tmp:
        folder = Path(tmp)
        (folder / "a.xlsx").write_bytes(stamped)
        done = subprocess.run(
            [
                libreoffice.soffice(),
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(folder / "a.xlsx"),
            ],
            capture_output=True,
            timeout=120,
            env={"HOME": tmp, "PATH": "/usr/bin:/bin"},
        )
        if not (folder / "a.pdf").exists():
            if b"could not be loaded" in done.stderr or not shutil.which("localc"):
                pytest.skip("LibreOffice Calc is not installed (libreoffice-calc-nogui)")
            raise AssertionError(done.stderr)
        data = (folder / "a.pdf").read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        first = pdf.pages[0].extract_words()
        second = pdf.pages[1].extract_text()
    top_left = min(first, key=lambda w: (round(w["top"]), w["x0"]))
    assert top_left["text"] == f"{NUMBER}附件2"
    assert top_left["bottom"] < min(w["top"] for w in first if w["text"] == "序号")  # above the table
    assert "附件2" not in second and "内部资料" in second


# --- the 发文's page offers them -------------------------------------------------------------


@pytest.fixture
def storage(settings, tmp_path):
    settings.DOCUMENTS_STORAGE_ROOT = tmp_path / "documents"
    return settings.DOCUMENTS_STORAGE_ROOT


def test_the_draft_offers_each_separate_attachment_marked_with_the_placeholder_number(outgoing_walk, people, storage):
    doc = outgoing_walk(O.DRAFTING, attachment_notes="报送要求\n岗位统计表\n分布图")
    drafter = people["qianli"]
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    from tests.documents.test_outgoing_print import docx_attachment

    attachment_add(actor=drafter, document=doc, upload=SimpleUploadedFile("要求.docx", docx_attachment(), docx_type))
    sheet = attachment_add(
        actor=drafter,
        document=doc,
        upload=SimpleUploadedFile(
            "统计表.xlsx", a_workbook(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
    )
    scan = attachment_add(
        actor=drafter, document=doc, upload=SimpleUploadedFile("分布图.pdf", a_pdf(), "application/pdf")
    )
    client = client_for(drafter)
    page = client.get(reverse("documents:outgoing_detail", args=[doc.pk])).content.decode()
    assert page.count("加注版（附件") == 2  # the .docx is laid out in the document itself
    assert "加注版（附件2）" in page and "加注版（附件3）" in page

    response = client.get(reverse("documents:outgoing_attachment_marked", args=[doc.pk, scan.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    [mark] = mark_rows(response.content)
    assert mark["text"].replace(" ", "").replace("\u3000", "") == "人社发〔2026〕号附件3"
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("documents:outgoing_attachment_marked", args=[doc.pk, sheet.pk])).content)
    )
    assert book.worksheets[0].firstHeader.left.text.startswith("人社发〔2026〕")
    assert AuditEvent.objects.filter(action="export", detail__kind="attachment_marked").count() == 2
    # the .docx, laid out in the document: no marked copy; someone who may not see the draft: 404
    docx = doc.attachments.get(original_name="要求.docx")
    assert client.get(reverse("documents:outgoing_attachment_marked", args=[doc.pk, docx.pk])).status_code == 404
    outsider = client_for(people["zhouting"])  # the office sees a draft only once it is submitted
    assert outsider.get(reverse("documents:outgoing_attachment_marked", args=[doc.pk, scan.pk])).status_code == 404


def test_a_numbered_documents_image_attachment_carries_its_number(outgoing_walk, people, storage):
    from documents.outgoing.bound import bound_separately, marked_copy

    doc = outgoing_walk(O.DRAFTING, attachment_notes="见习基地分布图")
    picture = io.BytesIO()
    Image.new("RGB", (800, 1000), (200, 60, 60)).save(picture, "PNG")
    attachment_add(
        actor=people["qianli"], document=doc, upload=SimpleUploadedFile("分布图.png", picture.getvalue(), "image/png")
    )
    doc.year, doc.number = 2026, 15  # as 编号 leaves it (not saved: the mark reads the 文号 only)
    [bound] = bound_separately(doc)
    name, content_type, data = marked_copy(doc, bound, draft=False)
    assert content_type == "application/pdf" and name == "分布图（附件1）.pdf"
    [mark] = mark_rows(data)
    assert mark["text"].replace(" ", "") == "人社发〔2026〕15号附件1"
