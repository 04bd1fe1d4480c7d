"""收文编号 under many registrations at once on PostgreSQL: no repeats, no gaps.

Sixteen threads register documents prepared in 待登记 at the same moment, each on
its own connection. Some registrations fail after 登记 took its number (the
transaction around it is rolled back) and some are refused before taking one (a
duplicate 来文字号). The numbers that stay are exactly 1..N. The same harness run
with an allocator that does not lock the counter does get caught.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from documents.choices import IncomingState
from documents.incoming import services
from documents.models import IncomingDocument, IncomingStep
from office.models import AuditEvent, SerialCounter
from tests.documents.conftest import registration

THREADS, PER_THREAD = 16, 4
DUPLICATE_REF = "人社厅函〔2026〕1号"
DUPLICATE_MESSAGE = "本机关已收到过同一来文单位、同一来文字号的文件，请核实后确认重复登记。"


class Rollback(Exception):
    """Something after 登记 failed: the whole transaction, number included, goes back."""


@dataclass
class Plan:
    document: IncomingDocument
    fate: str  # "commit", "rollback" (after taking a number) or "duplicate" (refused before)


@dataclass
class Outcome:
    committed: list[int] = field(default_factory=list)  # serials that stayed
    rolled_back: list[int] = field(default_factory=list)  # serials taken, then given back
    refused: list[tuple[int, list[str]]] = field(default_factory=list)  # (document id, messages) refused
    errors: list[BaseException] = field(default_factory=list)


def _fate(i: int) -> str:
    if i % 5 == 1:
        return "rollback"
    if i % 7 == 3:
        return "duplicate"
    return "commit"


def _prepare(people) -> list[list[Plan]]:
    """THREADS × PER_THREAD documents in 待登记, through the services, and one registered already."""
    clerk = people["zhouting"]
    first = services.incoming_receive(actor=clerk, sender_org="省人力资源和社会保障厅", title="先到的函", sender_ref=DUPLICATE_REF)
    services.incoming_sign(actor=clerk, document=first)
    services.incoming_register(actor=clerk, document=first, data=registration(sender_ref=DUPLICATE_REF))
    plans: list[list[Plan]] = [[] for _ in range(THREADS)]
    for i in range(THREADS * PER_THREAD):
        fate = _fate(i)
        doc = services.incoming_receive(actor=clerk, sender_org="省人力资源和社会保障厅", title=f"并发登记测试{i}")
        plans[i % THREADS].append(Plan(services.incoming_sign(actor=clerk, document=doc), fate))
    return plans


def _register(plan: Plan, clerk) -> int:
    ref = DUPLICATE_REF if plan.fate == "duplicate" else f"并发〔2026〕{plan.document.pk}号"
    document = services.incoming_register(actor=clerk, document=plan.document, data=registration(sender_ref=ref))
    return document.serial


def _worker(plans: list[Plan], clerk, start: threading.Barrier, out: Outcome) -> None:
    try:
        start.wait()
        for plan in plans:
            try:
                with transaction.atomic():
                    serial = _register(plan, clerk)
                    if plan.fate == "rollback":
                        out.rolled_back.append(serial)
                        raise Rollback
                out.committed.append(serial)  # list.append is atomic under the GIL
            except Rollback:
                pass
            except ValidationError as exc:
                out.refused.append((plan.document.pk, exc.messages))
    except BaseException as exc:  # noqa: BLE001 - reported by the test
        out.errors.append(exc)
    finally:
        connections.close_all()


def _run(plans: list[list[Plan]], clerk) -> tuple[Outcome, float]:
    out = Outcome()
    start = threading.Barrier(THREADS)
    threads = [threading.Thread(target=_worker, args=(p, clerk, start, out)) for p in plans]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return out, time.monotonic() - began


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_have_no_repeats_and_no_gaps(people):
    assert connection.vendor == "postgresql"
    year = timezone.localdate().year
    plans = _prepare(people)
    fates = [plan.fate for row in plans for plan in row]
    assert fates.count("rollback") and fates.count("duplicate")

    out, elapsed = _run(plans, people["zhouting"])
    assert not out.errors, out.errors

    # Every thread's fate came true: commits, refusals and rollbacks as planned.
    assert len(out.committed) == fates.count("commit")
    duplicates = sorted(pk for row in plans for plan in row if plan.fate == "duplicate" for pk in [plan.document.pk])
    assert sorted(pk for pk, _messages in out.refused) == duplicates
    assert {tuple(messages) for _pk, messages in out.refused} == {(DUPLICATE_MESSAGE,)}
    assert len(out.rolled_back) == fates.count("rollback")

    # What stayed in the register: 1 (registered first) and then every committed one, no repeats, no gaps.
    serials = sorted(IncomingDocument.objects.filter(year=year, serial__isnull=False).values_list("serial", flat=True))
    n = 1 + len(out.committed)
    assert serials == list(range(1, n + 1)), "a number was repeated or skipped"
    assert sorted(out.committed) == list(range(2, n + 1))
    assert SerialCounter.objects.get(kind="incoming", year=year).last == n
    # Numbers that were taken and given back went to the next one (the very last may stay free).
    assert set(out.rolled_back) <= set(range(2, n + 2))

    # The rolled-back and the refused are untouched: still 待登记, no number, no step, no audit row.
    untouched = [plan.document.pk for row in plans for plan in row if plan.fate != "commit"]
    for doc in IncomingDocument.objects.filter(pk__in=untouched):
        assert (doc.state, doc.serial, doc.year) == (IncomingState.SIGNED, None, None)
    assert not IncomingStep.objects.filter(document_id__in=untouched, action="register").exists()
    assert AuditEvent.objects.filter(action="incoming.register").count() == n

    # Registering one of them now continues the sequence.
    retry = next(plan.document for row in plans for plan in row if plan.fate == "rollback")
    services.incoming_register(actor=people["zhouting"], document=retry, data=registration(sender_ref="补登〔2026〕1号"))
    assert IncomingDocument.objects.get(pk=retry.pk).serial == n + 1
    print(f"{n} 收文编号 committed by {THREADS} threads in {elapsed:.2f} s")


@pytest.mark.django_db(transaction=True)
def test_the_harness_catches_an_allocator_without_a_lock(people, monkeypatch):
    """Read the counter, add one, write it back, without locking: two documents get the same
    number, and the second is refused — by the model's check of its unique constraint or, when
    both are in flight at once, by the constraint in the database."""

    def naive_next(*, kind: str, year: int) -> int:
        counter, _created = SerialCounter.objects.get_or_create(kind=kind, year=year)
        number = counter.last + 1
        time.sleep(0.002)  # the window every real request has between its read and its write
        SerialCounter.objects.filter(pk=counter.pk).update(last=number)
        return number

    plans = _prepare(people)
    monkeypatch.setattr(services, "serial_next", naive_next)
    out, _elapsed = _run(plans, people["zhouting"])
    in_database = [e for e in out.errors if isinstance(e, IntegrityError)]
    by_the_model = [m for _pk, messages in out.refused for m in messages if m != DUPLICATE_MESSAGE]
    assert in_database or by_the_model, "the naive allocator went unnoticed"
    assert all("incoming_serial_unique" in str(e) for e in in_database)
    assert not [e for e in out.errors if not isinstance(e, IntegrityError)], out.errors
