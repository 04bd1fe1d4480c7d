"""The 归档文件目录 lists archived 发文 beside 收文 (one 档号 sequence), filters both, exports both."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from documents.choices import IncomingState as S
from documents.choices import OutgoingState as O
from documents.models import IncomingDocument, OutgoingDocument
from documents.outgoing.demo import office_duties
from office.models import AuditEvent, OrgUnit, User
from tests import demo_db
from tests.documents.conftest import incoming_walker, outgoing_walker
from tests.helpers import assert_num_queries, client_for, module_rows

pytestmark = pytest.mark.django_db


def _people() -> dict[str, User]:
    return {u.username: u for u in User.objects.select_related("unit")}


def _units() -> dict[str, OrgUnit]:
    return {u.code: u for u in OrgUnit.objects.all()}


@pytest.fixture(scope="module", autouse=True)
def module_archive(django_db_setup, django_db_blocker):
    """The demo's people and one archived 收文 and 发文, walked through the services once for the
    module (tests/helpers.py ``module_rows``), as ``organ``, ``walk`` and ``outgoing_walk`` make them."""

    def build():
        with demo_db.people_only():
            demo_db.load("people")
        office_duties()
        people, units = _people(), _units()
        incoming = incoming_walker(people, units)(to=S.ARCHIVED, handler="qianli", title="关于报送年度人才工作总结的函")
        outgoing = outgoing_walker(people, units)(to=O.ARCHIVED)
        return incoming.pk, outgoing.pk

    yield from module_rows(django_db_blocker, build)


@pytest.fixture
def people(module_archive) -> dict[str, User]:
    return _people()


@pytest.fixture
def units(module_archive) -> dict[str, OrgUnit]:
    return _units()


@pytest.fixture
def archived(module_archive):
    incoming, outgoing = module_archive
    return IncomingDocument.objects.get(pk=incoming), OutgoingDocument.objects.get(pk=outgoing)


def test_the_catalogue_lists_outgoing_beside_incoming(archived, people):
    incoming, outgoing = archived
    page = client_for(people["zhouting"]).get("/documents/archive/")
    assert page.status_code == 200
    text = page.content.decode()
    for doc in (incoming, outgoing):
        assert doc.archive_code in text and doc.title in text
    assert f'href="/documents/outgoing/{outgoing.pk}/"' in text
    assert f'href="/documents/incoming/{incoming.pk}/"' in text
    assert outgoing.doc_number in text  # 发文's 文号 in the 文号 column
    # One 件号 sequence: the two 档号 differ only in their last part, in the order they were archived.
    assert incoming.archive_code.rsplit("-", 1)[0] == outgoing.archive_code.rsplit("-", 1)[0]
    assert text.index(incoming.archive_code) < text.index(outgoing.archive_code)


def test_the_filters_apply_to_both_flows(archived, people, units):
    incoming, outgoing = archived
    client = client_for(people["zhouting"])
    text = client.get("/documents/archive/", {"q": "高校毕业生"}).content.decode()
    assert outgoing.title in text and incoming.title not in text
    text = client.get("/documents/archive/", {"q": incoming.archive_code}).content.decode()
    assert incoming.title in text and outgoing.title not in text
    other = units["RCKF"]
    text = client.get("/documents/archive/", {"lead_unit": other.pk}).content.decode()
    assert incoming.title not in text and outgoing.title not in text
    text = client.get("/documents/archive/", {"year": "abc"}).content.decode()  # invalid: nothing filtered
    assert incoming.title in text and outgoing.title in text


def test_the_export_holds_both_flows_and_is_audited(archived, people):
    incoming, outgoing = archived
    response = client_for(people["zhouting"]).get("/documents/archive/export.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[1][0] == "档号"
    by_code = {row[0]: row for row in rows[2:]}
    assert by_code[incoming.archive_code][1] == incoming.title and by_code[incoming.archive_code][-1] == "收文"
    assert by_code[outgoing.archive_code][1] == outgoing.title and by_code[outgoing.archive_code][-1] == "发文"
    assert by_code[outgoing.archive_code][3] == outgoing.doc_number
    event = AuditEvent.objects.get(action="export", detail__what="documents.archive")
    assert event.actor == people["zhouting"] and event.detail["rows"] == 2


def test_the_catalogue_shows_only_what_the_user_may_see(archived, people):
    """Each row through its own policy: a staff member of another department sees the issued
    (unclassified) 发文, as everyone does, but not a 收文 he was not assigned."""
    incoming, outgoing = archived
    text = client_for(people["chenhao"]).get("/documents/archive/").content.decode()
    assert outgoing.title in text and incoming.title not in text


def test_the_page_runs_a_fixed_number_of_queries(walk, outgoing_walk, people):
    client = client_for(people["zhouting"])
    walk(to=S.ARCHIVED, handler="qianli")
    outgoing_walk(to=O.ARCHIVED)
    client.get("/documents/archive/")
    from tests.documents.test_views import CaptureCount

    with CaptureCount() as first:
        client.get("/documents/archive/")
    walk(to=S.ARCHIVED, handler="qianli")
    outgoing_walk(to=O.ARCHIVED)
    with assert_num_queries(first.count):
        assert client.get("/documents/archive/").status_code == 200
