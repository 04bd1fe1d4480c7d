"""收文 / 发文 / 归档 search through the index (office.search): what a user finds, and the SQL that finds it."""

from __future__ import annotations

import pytest
from django.db import connection

from documents.choices import IncomingState as S
from documents.choices import OutgoingState as O
from documents.common.search import INCOMING as INCOMING_FALLBACK
from documents.common.search import OUTGOING as OUTGOING_FALLBACK
from documents.incoming.filters import IncomingFilterSet
from documents.models import IncomingDocument, OutgoingDocument
from office.search import search
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(walk):
    """Three 收文 whose titles, 来文字号 and 来文单位 share words in different places."""
    return {
        "rectify": walk(to=S.HANDLING, handler="qianli", title="关于工伤保险基金专项审计发现问题整改的报告",
                        sender_org="省审计厅", sender_ref="湘审函〔2026〕12号"),
        "jobs": walk(to=S.HANDLING, handler="qianli", title="关于做好高校毕业生就业服务工作的通知",
                     sender_org="省人力资源和社会保障厅", sender_ref="湘人社发〔2026〕7号"),
        "talent": walk(to=S.HANDLING, handler="qianli", title="关于报送人才引进政策执行情况的函",
                       sender_org="市委组织部督办室", sender_ref="江组函〔2025〕112号"),
    }


def found(user, term: str, url: str = "/documents/incoming/") -> str:
    return client_for(user).get(url, {"box": "all", "q": term}).content.decode()


@pytest.mark.parametrize(("term", "hits", "misses"), [
    ("整改", ["rectify"], ["jobs", "talent"]),  # two characters: the bigram column
    ("就业", ["jobs"], ["rectify", "talent"]),
    ("督办", ["talent"], ["rectify", "jobs"]),  # in the 来文单位 only
    ("审计厅", ["rectify"], ["jobs", "talent"]),  # three: the trigram index
    ("高校毕业", ["jobs"], ["rectify", "talent"]),  # four
    ("12号", ["rectify", "talent"], ["jobs"]),  # digits and a character of the 来文字号 (112号 too)
    ("湘审函〔2026〕12号", ["rectify"], ["jobs", "talent"]),  # a whole 来文字号
    ("〔2025", ["talent"], ["rectify", "jobs"]),
    ("组函〔", ["talent"], ["rectify", "jobs"]),  # no three letters in a row: bigrams, then LIKE
])
def test_the_desk_finds_by_title_ref_and_sender(register, people, term, hits, misses):
    page = found(people["zhouting"], term)
    for key in hits:
        assert register[key].title in page, term
    for key in misses:
        assert register[key].title not in page, term


def test_a_one_character_term_is_refused_with_a_message_and_filters_nothing(register, people):
    page = found(people["zhouting"], "报")
    assert "请至少输入两个字再搜索" in page
    assert all(doc.title in page for doc in register.values())


def test_the_index_and_the_sqlite_fallback_agree(register):
    rows = IncomingDocument.objects.all()
    for term in ("整改", "审计厅", "高校毕业", "12号", "〔2025", "组函〔", "省人力资源", "不存在的词"):
        indexed = set(search(rows, term, fallback=INCOMING_FALLBACK).values_list("pk", flat=True))
        assert indexed == set(INCOMING_FALLBACK(rows, term).values_list("pk", flat=True)), term


def sql_of(term: str) -> str:
    filters = IncomingFilterSet({"q": term})
    return str(filters.apply(IncomingDocument.objects.all()).query)


def test_the_sql_uses_the_indexed_columns():
    table = '"documents_incomingdocument"'
    assert f"{table}.search_bigrams @@ '整改'::tsquery" in sql_of("整改")
    assert f"{table}.search_text ILIKE %高校毕业%" in sql_of("高校毕业")
    assert f"{table}.search_text ILIKE %12号%" in sql_of("12号")
    mixed = sql_of("组函〔")  # pg_trgm would find no trigram in it: all of its bigrams, then LIKE
    assert "search_bigrams @@ '组函' & '函〔'::tsquery AND" in mixed and "search_text ILIKE %组函〔%" in mixed
    # Never the old sequential scan's shape.
    for term in ("整改", "高校毕业"):
        assert "UPPER(" not in sql_of(term) and "title" not in sql_of(term).split("WHERE")[1]


def test_postgresql_plans_the_index_for_a_rare_term(register):
    """On the test's few rows a plan means little; with sequential scans off it must still be possible."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for term, index in (("整改", "incoming_search_bigram_idx"), ("高校毕业", "incoming_search_trgm_idx")):
            sql, params = IncomingFilterSet({"q": term}).apply(IncomingDocument.objects.all()).query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert f"Bitmap Index Scan on {index}" in plan, plan


def test_an_edit_is_searchable_at_once(register, people):
    """The trigger keeps the hidden columns right on every write (here a change of title by SQL)."""
    IncomingDocument.objects.filter(pk=register["jobs"].pk).update(title="关于根治欠薪冬季专项行动的通知")
    assert "根治欠薪" in found(people["zhouting"], "欠薪")
    assert "根治欠薪" not in found(people["zhouting"], "就业")


def test_the_outgoing_desk_finds_the_document_number(outgoing_walk, people):
    numbered = outgoing_walk(to=O.ISSUED, title="江城市人力资源和社会保障局关于开展根治欠薪专项行动的通知")
    draft = outgoing_walk(to=O.DRAFTING, title="江城市人力资源和社会保障局关于调整最低工资标准的请示")
    assert numbered.doc_number
    for term in (numbered.doc_number, f"{numbered.number}号", "欠薪", "最低工资"):
        page = found(people["qianli"], term, "/documents/outgoing/")  # the drafter sees both
        expected, other = (draft, numbered) if term == "最低工资" else (numbered, draft)
        assert expected.title in page and other.title not in page, term
    rows = OutgoingDocument.objects.all()
    for term in (numbered.doc_number, "欠薪", "各区县"):
        assert set(search(rows, term, fallback=OUTGOING_FALLBACK)) == set(OUTGOING_FALLBACK(rows, term)), term


def test_the_archive_searches_both_registers(walk, outgoing_walk, people):
    incoming = walk(to=S.ARCHIVED, title="关于规范劳务派遣用工的通知")
    outgoing = outgoing_walk(to=O.ARCHIVED, title="江城市人力资源和社会保障局关于劳务派遣专项检查的通知")
    page = found(people["zhouting"], "劳务派遣", "/documents/archive/")
    assert incoming.title in page and outgoing.title in page
    page = found(people["zhouting"], outgoing.doc_number, "/documents/archive/")
    assert outgoing.title in page and incoming.title not in page
    assert "请至少输入两个字再搜索" in found(people["zhouting"], "派", "/documents/archive/")
