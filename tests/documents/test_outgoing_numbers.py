"""发文 文号 under concurrency on PostgreSQL: no repeats, no gaps, rollbacks give back.

A 文号 (人社发〔2026〕15号) is taken at 编号, inside the transaction that saves the
document. Thirty-two threads, each on its own connection, take numbers at once and
about one transaction in ten rolls back after taking its number: what stays is
exactly 1..N, per 机关代字 and per year. The same harness catches an allocator that
does not lock its counter, and the real 编号 service, run by eight threads with some
transactions rolled back, leaves 1..k in the register and the rest in 待编号.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections import Counter
from collections.abc import Hashable

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, connections, transaction

from documents.choices import OutgoingState
from documents.models import OutgoingDocument, OutgoingStep
from documents.outgoing.services import doc_number, number_next, outgoing_number
from office.choices import TodoState
from office.models import AuditEvent, IssuingPrefix, SerialCounter, Todo
from tests.helpers import PER_THREAD, THREADS, Rollback, hammer

YEAR = 2026
DOC_NUMBER = re.compile(r"^人社发〔2026〕[1-9]\d*号$")

def _repeats(numbers: list[int]) -> int:
    return len(numbers) - len(set(numbers))


def _gaps(numbers: list[int]) -> int:
    return len(set(range(1, max(numbers, default=0) + 1)) - set(numbers))


def _counter(prefix: IssuingPrefix, year: int) -> int:
    return SerialCounter.objects.get(kind=f"outgoing:{prefix.pk}", year=year).last


@pytest.mark.django_db(transaction=True)
def test_concurrent_numbers_have_no_repeats_and_no_gaps(organ):
    assert connection.vendor == "postgresql"
    prefix = IssuingPrefix.objects.get(code="人社发")
    committed_pairs, rolled_back, elapsed = hammer(lambda rng: (prefix.code, number_next(prefix=prefix, year=YEAR)))
    committed = [number for _key, number in committed_pairs]
    print(
        f"\n发文编号 {prefix.code} {YEAR}: {THREADS * PER_THREAD} allocations by {THREADS} threads, "
        f"{len(committed)} committed, {len(rolled_back)} rolled back, "
        f"{_repeats(committed)} repeats, {_gaps(committed)} gaps, {elapsed:.2f} s"
    )
    assert rolled_back, "the harness rolled nothing back"
    assert len(committed) > THREADS * PER_THREAD * 0.8  # about 10 % rolled back
    assert _repeats(committed) == 0, "a number was given twice"
    assert sorted(committed) == list(range(1, len(committed) + 1)), "a number was skipped"
    assert _counter(prefix, YEAR) == len(committed)
    # Every number given back went to a later transaction (only the very last may stay free).
    assert {number for _key, number in rolled_back} <= set(range(1, len(committed) + 2))

    formatted = [doc_number(prefix.code, YEAR, number) for number in sorted(committed)]
    assert all(DOC_NUMBER.match(text) for text in formatted), [t for t in formatted if not DOC_NUMBER.match(t)]
    assert formatted[0] == "人社发〔2026〕1号" and formatted[-1] == f"人社发〔2026〕{len(committed)}号"
    assert len(set(formatted)) == len(formatted)


@pytest.mark.django_db(transaction=True)
def test_prefixes_and_years_are_independent_sequences(organ):
    """人社发 and 人社函 interleaved in the same threads, and 人社发 of another year beside them."""
    fa, han = IssuingPrefix.objects.get(code="人社发"), IssuingPrefix.objects.get(code="人社函")
    sequences = [(fa, YEAR), (han, YEAR), (fa, YEAR + 1)]

    def allocate(rng: random.Random) -> tuple[Hashable, int]:
        prefix, year = rng.choice(sequences)  # one number per transaction: one lock, no deadlock
        return (prefix.code, year), number_next(prefix=prefix, year=year)

    committed, rolled_back, elapsed = hammer(allocate)
    assert rolled_back
    for prefix, year in sequences:
        numbers = [number for key, number in committed if key == (prefix.code, year)]
        print(
            f"\n发文编号 {prefix.code} {year}: {len(numbers)} committed, "
            f"{_repeats(numbers)} repeats, {_gaps(numbers)} gaps"
        )
        assert len(numbers) > THREADS * PER_THREAD / len(sequences) * 0.6  # each really interleaved
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), f"{prefix.code} {year}: repeated or skipped"
        assert _counter(prefix, year) == len(numbers)
    print(f"{THREADS * PER_THREAD} allocations over {len(sequences)} sequences, {len(committed)} committed, "
          f"{elapsed:.2f} s")


def _naive_number_next(*, prefix: IssuingPrefix, year: int) -> int:
    """The classic mistake: read the counter, add one, save it — without select_for_update."""
    counter, _created = SerialCounter.objects.get_or_create(kind=f"outgoing:{prefix.pk}", year=year)
    counter.last += 1
    time.sleep(0.001)  # the window every real request has between its read and its write
    counter.save(update_fields=["last"])
    return counter.last


@pytest.mark.django_db(transaction=True)
def test_the_harness_catches_a_naive_allocator(organ):
    """The same harness, with an allocator that does not lock, does find repeated numbers."""
    prefix = IssuingPrefix.objects.get(code="人社发")
    SerialCounter.objects.create(kind=f"outgoing:{prefix.pk}", year=YEAR)  # no race to create the row
    committed_pairs, _rolled_back, elapsed = hammer(
        lambda rng: (prefix.code, _naive_number_next(prefix=prefix, year=YEAR))
    )
    committed = [number for _key, number in committed_pairs]
    repeats = _repeats(committed)
    print(
        f"\nnaive allocator: {THREADS * PER_THREAD} allocations, {len(committed)} committed, "
        f"{repeats} repeats ({len(set(committed))} distinct), {_gaps(committed)} gaps, {elapsed:.2f} s"
    )
    assert repeats > 0, "the naive allocator went unnoticed"


# --- through the 编号 service ------------------------------------------------------------

DOCS, WORKERS = 24, 8


def _numbering_fate(i: int) -> str:
    return "rollback" if i % 4 == 1 else "commit"


@pytest.mark.django_db(transaction=True)
def test_concurrent_numbering_through_the_service(people, outgoing_walk):
    """Eight threads number 24 documents in 待编号 through ``outgoing_number``, some rolled back.

    ``step_begin`` locks only the document row (``FOR UPDATE OF``), so the 编号 steps of one
    代字 meet first at the counter row: its lock is what keeps their numbers apart.
    """
    clerk = people["zhouting"]
    prefix = IssuingPrefix.objects.get(code="人社发")
    began = time.monotonic()
    docs = [outgoing_walk(to=OutgoingState.NUMBERING) for _ in range(DOCS)]
    built = time.monotonic() - began
    assert all(
        (d.state, d.year, d.number, d.prefix_id) == (OutgoingState.NUMBERING, None, None, prefix.pk) for d in docs
    )
    fates = {doc.pk: _numbering_fate(i) for i, doc in enumerate(docs)}
    rollback_ids = sorted(pk for pk, fate in fates.items() if fate == "rollback")
    assert rollback_ids and len(rollback_ids) < DOCS

    committed: list[tuple[int, int]] = []  # (document id, number)
    rolled_back: list[tuple[int, int]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(WORKERS)

    def worker(mine: list[OutgoingDocument]) -> None:
        try:
            start.wait()
            for doc in mine:
                try:
                    with transaction.atomic():
                        numbered = outgoing_number(actor=clerk, document=doc)
                        assert numbered.state == OutgoingState.ISSUING and numbered.year == YEAR
                        if fates[doc.pk] == "rollback":
                            rolled_back.append((doc.pk, numbered.number))
                            raise Rollback
                    committed.append((doc.pk, numbered.number))
                except Rollback:
                    pass
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(docs[w::WORKERS],)) for w in range(WORKERS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    assert not errors, errors

    k = DOCS - len(rollback_ids)
    numbers = [number for _pk, number in committed]
    print(
        f"\n编号 service: {DOCS} documents built in {built:.2f} s; {len(committed) + len(rolled_back)} numbered by "
        f"{WORKERS} threads, {len(committed)} committed, {len(rolled_back)} rolled back, "
        f"{_repeats(numbers)} repeats, {_gaps(numbers)} gaps, {elapsed:.2f} s"
    )
    assert len(committed) == k and len(rolled_back) == len(rollback_ids)
    assert sorted(pk for pk, _n in rolled_back) == rollback_ids

    # The register: exactly 1..k, each on the document that committed it.
    in_register = OutgoingDocument.objects.filter(prefix=prefix, year=YEAR, number__isnull=False)
    assert sorted(in_register.values_list("number", flat=True)) == list(range(1, k + 1)), "repeated or skipped"
    assert dict(in_register.values_list("pk", "number")) == dict(committed)
    assert set(in_register.values_list("state", flat=True)) == {OutgoingState.ISSUING}
    assert all(DOC_NUMBER.match(d.doc_number) for d in in_register.select_related("prefix"))
    assert _counter(prefix, YEAR) == k
    assert {number for _pk, number in rolled_back} <= set(range(1, k + 2))

    # The rolled-back ones are untouched: 待编号, no number, no 编号 step, no audit row, still on the workbench.
    for doc in OutgoingDocument.objects.filter(pk__in=rollback_ids):
        assert (doc.state, doc.year, doc.number, doc.numbered_at, doc.doc_number) == (
            OutgoingState.NUMBERING, None, None, None, "")
    assert not OutgoingStep.objects.filter(document_id__in=rollback_ids, action="number").exists()
    assert OutgoingStep.objects.filter(action="number").count() == k
    assert AuditEvent.objects.filter(action="outgoing.number").count() == k
    todos = Todo.objects.filter(target_type=ContentType.objects.get_for_model(OutgoingDocument),
                                target_id__in=[str(pk) for pk in rollback_ids])
    waiting = todos.filter(step="outgoing.number", state=TodoState.OPEN).values_list("target_id", flat=True)
    assert {int(target_id) for target_id in waiting} == set(rollback_ids)
    assert not todos.filter(step="outgoing.issue").exists()

    # Numbering them now continues the sequence: k+1, k+2, … in the order they are numbered.
    later = [outgoing_number(actor=clerk, document=doc).number
             for doc in OutgoingDocument.objects.filter(pk__in=rollback_ids).order_by("pk")]
    assert later == list(range(k + 1, DOCS + 1))
    assert sorted(OutgoingDocument.objects.filter(prefix=prefix, year=YEAR).values_list("number", flat=True)) \
        == list(range(1, DOCS + 1))
    assert _counter(prefix, YEAR) == DOCS
    print(f"rolled-back documents numbered afterwards: {later}")

    # The backstop: the database itself refuses a second document with the same (代字, year, number).
    first, second = (OutgoingDocument.objects.get(prefix=prefix, year=YEAR, number=n) for n in (1, 2))
    second.number = first.number
    with pytest.raises(IntegrityError, match="outgoing_number_unique"), transaction.atomic():
        second.save(update_fields=["number"])
    assert OutgoingDocument.objects.get(pk=second.pk).number == 2
    # The same number in another year is not a duplicate.
    with transaction.atomic():
        second.year = YEAR + 1
        second.save(update_fields=["year", "number"])
        second.year, second.number = YEAR, 2
        second.save(update_fields=["year", "number"])
    assert Counter(OutgoingDocument.objects.filter(prefix=prefix, year=YEAR).values_list("number", flat=True)) \
        == Counter(range(1, DOCS + 1))
