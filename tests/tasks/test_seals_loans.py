"""用印 (approvers by seal, the 用印登记簿 and its .xlsx) and 档案借阅 (from the catalogue, lending, the
document's link, return, overdue reminders)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from openpyxl import load_workbook

from office.links import LinkKind, links_from
from office.models import Deadline
from office.workflow.chains import chain_rows
from tasks.choices import LoanForm
from tasks.loans import services as loans
from tasks.models import AffairRequest
from tasks.permissions import APPROVE
from tasks.requests import services as engine
from tasks.seals import services as seal_services
from tests.documents.conftest import organ, walk  # noqa: F401  (an archived 收文 through documents' services)
from tests.helpers import client_for
from tests.tasks.conftest import approve_all

pytestmark = pytest.mark.django_db


def _seal_use(people, seal, requester="qianli", copies=5, matter="征求意见函"):
    return seal_services.seal_use_create(
        actor=people[requester],
        data=seal_services.SealData(
            title=f"用印：{matter}", seal=seal, matter=matter, document_ref="人社函〔2026〕12号", copies=copies
        ),
    )


def test_the_approvers_depend_on_the_seal(people, rules, seals):
    admin_use, party_use = _seal_use(people, seals["admin"]), _seal_use(people, seals["party"])
    for obj in (admin_use, party_use):
        engine.request_submit(actor=people["qianli"], request_obj=obj)
    assert len(chain_rows(admin_use, APPROVE)) == 2  # 处长, 主任
    assert [r.user.username for r in chain_rows(party_use, APPROVE) if r.user] == ["zhoujianhua", "wangjianguo"]


def test_copies_out_of_range_are_refused(people, rules, seals):
    with pytest.raises(ValidationError, match="用印份数"):
        _seal_use(people, seals["admin"], copies=0)
    assert not AffairRequest.objects.exists()


def test_a_stamped_use_is_a_line_of_the_ledger_and_of_its_xlsx(people, rules, seals):
    obj = _seal_use(people, seals["admin"], copies=15)
    engine.request_submit(actor=people["qianli"], request_obj=obj)
    approve_all(obj, "zhoujianhua", "liuxiaodong", people=people)
    obj = seal_services.seal_stamp(actor=people["zhouting"], request_obj=obj)
    assert obj.state == "done"
    rows = seal_services.ledger(user=people["zhouting"])
    use = rows.get()
    assert (use.approver, use.stamped_by, use.copies) == (people["liuxiaodong"], people["zhouting"], 15)
    response = client_for(people["zhouting"]).get("/tasks/seals/ledger.xlsx")
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''%E7%94%A8%E5%8D%B0")  # 用印登记簿
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 3  # the 密级 line, the headings, the one use
    assert [c.value for c in sheet[2]][:6] == ["序号", "用印日期", "印章", "用印文件或事项", "文号", "份数"]
    line = [c.value for c in sheet[3]]
    assert line[2:6] == ["局行政公章", "征求意见函", "人社函〔2026〕12号", 15]
    assert line[8:10] == ["刘晓东", "周婷"]


def test_the_ledger_is_the_office_s(people, rules, seals):
    with pytest.raises(Http404):
        seal_services.ledger(user=people["qianli"])


# --- 档案借阅 --------------------------------------------------------------------------------


def _loan(people, doc, requester="qianli", form=LoanForm.ORIGINAL, days=10):
    return loans.loan_create(
        actor=people[requester],
        data=loans.LoanData(
            doc=f"incoming:{doc.pk}",
            form=form,
            purpose="起草年度总结需查阅原文",
            due_on=timezone.localdate() + dt.timedelta(days=days),
        ),
    )


def test_a_loan_from_the_catalogue_to_its_return(people, rules, walk):  # noqa: F811
    doc = walk(to="archived", lead="ZCFG", handler="qianli")
    obj = _loan(people, doc)
    assert obj.loan.archive_code == doc.archive_code and obj.title.startswith("借阅《")
    engine.request_submit(actor=people["qianli"], request_obj=obj)
    approve_all(obj, "zhoujianhua", "zhouting", people=people)
    obj = loans.loan_lend(actor=people["zhouting"], request_obj=obj)
    assert obj.state == "lent"
    deadline = Deadline.objects.get(target_id=str(obj.pk), kind=loans.LOAN_DEADLINE, state="open")
    assert deadline.responsible_user == people["qianli"]
    # The document's page reads the loan through the core's link: lent, to whom, until when.
    (link,) = links_from(user=people["zhouting"], source=doc, kinds=[LinkKind.LOAN])
    assert link.other == obj and link.state == "lent" and link.due_on == obj.loan.due_on
    page = client_for(people["zhouting"]).get(f"/documents/incoming/{doc.pk}/").content.decode()
    assert 'data-card="loans"' in page and "钱莉" in page
    second = _loan(people, doc, requester="zhoujianhua")
    engine.request_submit(actor=people["zhoujianhua"], request_obj=second)
    approve_all(second, "zhouting", people=people)
    with pytest.raises(ValidationError, match="原件已借出"):
        loans.loan_lend(actor=people["zhouting"], request_obj=second)
    obj = loans.loan_take_back(actor=people["zhouting"], request_obj=obj)
    assert obj.state == "done"
    assert (
        'data-card="loans"' not in client_for(people["zhouting"]).get(f"/documents/incoming/{doc.pk}/").content.decode()
    )
    assert not Deadline.objects.filter(target_id=str(obj.pk), state="open").exists()
    assert loans.loan_lend(actor=people["zhouting"], request_obj=second).state == "lent"


def test_a_document_outside_the_borrower_s_catalogue_is_refused(people, rules, walk):  # noqa: F811
    doc = walk(to="archived", lead="ZCFG", handler="qianli")
    with pytest.raises(ValidationError, match="请从归档文件目录中选择"):
        _loan(people, doc, requester="zhengyan")  # 就业处: not his
    with pytest.raises(ValidationError, match="归还日期不能早于今天"):
        _loan(people, doc, days=-1)
    assert not AffairRequest.objects.exists()


def test_a_classified_document_needs_the_office_director(people, rules, walk):  # noqa: F811
    doc = walk(to="archived", lead="ZCFG", handler="qianli", secret_level=2)
    obj = _loan(people, doc)
    assert obj.secret_level == 2
    engine.request_submit(actor=people["qianli"], request_obj=obj)
    assert [r.duty or r.user.username for r in chain_rows(obj, APPROVE)] == ["zhoujianhua", "director"]
