"""A 发文 and 办事 through the core's links: at 印发 its page offers the 用印 form prefilled from it
(tasks reads it through documents' selectors), then shows the seal use; its page shows the archive
loans out the way the 收文 page does (one partial, one read)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from documents.choices import OutgoingState as O
from tasks.choices import LoanForm
from tasks.loans import services as loans
from tasks.models import AffairRequest
from tasks.requests import services as engine
from tests.documents.conftest import organ, outgoing_walk  # noqa: F401
from tests.helpers import client_for
from tests.tasks.conftest import approve_all

pytestmark = pytest.mark.django_db


def test_at_issue_the_page_offers_the_seal_use_prefilled_and_then_shows_it(people, rules, seals, outgoing_walk):  # noqa: F811
    doc = outgoing_walk(to=O.ISSUED, secret_level=1)
    clerk = client_for(people["zhouting"])
    page = clerk.get(f"/documents/outgoing/{doc.pk}/").content.decode()
    offer = f"/tasks/seal/new/?outgoing={doc.pk}"
    assert f'href="{offer}" data-seal-offer' in page
    # The drafter sees the document but is not the office: no offer.
    assert "data-seal-offer" not in client_for(people["qianli"]).get(f"/documents/outgoing/{doc.pk}/").content.decode()
    form = clerk.get(offer).content.decode()
    assert doc.doc_number in form and doc.title in form and f'name="outgoing" value="{doc.pk}"' in form
    post = {"title": f"用印：{doc.title}", "seal": seals["admin"].pk, "matter": doc.title,
            "document_ref": doc.doc_number, "copies": doc.copies, "outgoing": doc.pk}
    response = clerk.post("/tasks/seal/new/", post)
    obj = AffairRequest.objects.get(kind="seal")
    assert response.status_code == 302 and response["Location"] == obj.get_absolute_url()
    assert obj.secret_level == doc.secret_level and obj.seal_use.document_ref == doc.doc_number
    page = clerk.get(f"/documents/outgoing/{doc.pk}/").content.decode()
    assert "data-seal-link" in page and obj.number in page and "data-seal-offer" not in page


def test_the_seal_form_refuses_a_draft_and_a_document_out_of_scope(people, rules, seals, outgoing_walk):  # noqa: F811
    draft = outgoing_walk(to=O.SIGNING)
    clerk = client_for(people["zhouting"])
    post = {"title": "用印", "seal": seals["admin"].pk, "matter": "草稿", "copies": 1, "outgoing": draft.pk}
    response = clerk.post("/tasks/seal/new/", post)
    assert response.status_code == 400 and "尚未到印发环节" in response.content.decode()
    issued = outgoing_walk(to=O.ISSUED, secret_level=2)
    # 就业处's staff: not on the classified document's distribution list.
    assert client_for(people["zhengyan"]).get(f"/tasks/seal/new/?outgoing={issued.pk}").status_code == 404
    assert client_for(people["zhengyan"]).post("/tasks/seal/new/", {**post, "outgoing": issued.pk}).status_code == 404
    assert not AffairRequest.objects.exists()


def test_the_outgoing_page_shows_its_archive_loans_as_the_incoming_page_does(people, rules, outgoing_walk):  # noqa: F811
    doc = outgoing_walk(to=O.ARCHIVED)
    obj = loans.loan_create(
        actor=people["qianli"],
        data=loans.LoanData(doc=f"outgoing:{doc.pk}", form=LoanForm.ORIGINAL, purpose="查阅原件",
                            due_on=timezone.localdate() + dt.timedelta(days=7)),
    )
    engine.request_submit(actor=people["qianli"], request_obj=obj)
    approve_all(obj, "zhoujianhua", "zhouting", people=people)
    url = f"/documents/outgoing/{doc.pk}/"
    assert 'data-card="loans"' not in client_for(people["zhouting"]).get(url).content.decode()
    loans.loan_lend(actor=people["zhouting"], request_obj=obj)
    page = client_for(people["zhouting"]).get(url).content.decode()
    assert 'data-card="loans"' in page and "data-loan-link" in page and "钱莉" in page
