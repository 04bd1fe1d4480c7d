"""Shared test helpers."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@contextmanager
def assert_num_queries(expected: int, *, using=connection):
    """Exactly ``expected`` queries, or fail printing every statement that ran."""
    with CaptureQueriesContext(using) as ctx:
        yield ctx
    executed = len(ctx.captured_queries)
    if executed != expected:
        statements = "\n".join(f"{i}. {q['sql']}" for i, q in enumerate(ctx.captured_queries, start=1))
        raise AssertionError(f"expected {expected} queries, {executed} ran:\n{statements}")


# --- serial numbers under concurrency ------------------------------------------------------

THREADS, PER_THREAD, ROLLBACK_RATE = 32, 50, 0.10


class Rollback(Exception):
    """The numbered object failed to save after taking its number: the number must come back."""


def _hammer(
    allocate, start, committed: list, rolled_back: list, errors: list, seed: int, per_thread: int, rollback_rate: float
) -> None:
    import random

    from django.db import connections, transaction

    rng = random.Random(seed)
    try:
        start.wait()
        for _ in range(per_thread):
            try:
                with transaction.atomic():
                    taken = allocate(rng)
                    if rng.random() < rollback_rate:
                        rolled_back.append(taken)
                        raise Rollback
                committed.append(taken)  # list.append is atomic under the GIL
            except Rollback:
                pass
    except BaseException as exc:  # noqa: BLE001 - reported by the test
        errors.append(exc)
    finally:
        connections.close_all()


def hammer(
    allocate, *, threads: int = THREADS, per_thread: int = PER_THREAD, rollback_rate: float = ROLLBACK_RATE
) -> tuple[list, list, float]:
    """``threads`` × ``per_thread`` transactions at once, each calling ``allocate(rng)`` on its own
    connection; about ``rollback_rate`` of them roll back after allocating. → (committed, rolled
    back, seconds)."""
    import threading
    import time

    committed: list = []
    rolled_back: list = []
    errors: list[BaseException] = []
    start = threading.Barrier(threads)
    workers = [
        threading.Thread(
            target=_hammer, args=(allocate, start, committed, rolled_back, errors, seed, per_thread, rollback_rate)
        )
        for seed in range(threads)
    ]
    began = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - began
    assert not errors, errors
    assert len(committed) + len(rolled_back) == threads * per_thread
    return committed, rolled_back, elapsed


def client_for(user) -> Client:
    """A test client logged in as ``user`` (without the login form: for pages, not for logins)."""
    client = Client()
    client.force_login(user)
    return client


# --- rows built once for a module ------------------------------------------------------------


def module_rows(django_db_blocker, build):
    """For a module-scoped fixture (``yield from module_rows(django_db_blocker, build)``): ``build()``
    runs once, through the services as a test would, inside a transaction that every test of the
    module then runs inside — each test's own transaction is a savepoint, rolled back after it as
    always — and which is rolled back after the module's last test.

    Only for modules without transactional tests (a flush would empty the shared rows). The rows
    are the module's from its first test on: give the module's tests their ``people`` and the
    like from these rows (a fresh query per test), not from the demo fixtures, which would find
    rows already there and load the demo for real.
    """
    import sys

    from django.db import transaction

    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            value = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(*sys.exc_info())
            raise
    try:
        yield value
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
