#!/usr/bin/env python
"""Load run: gunicorn (2 workers × 4 threads, as the Procfile) on the scale database, 50 logged-in users.

    .venv/bin/python benchmarks/load.py [--users 50] [--think 3] [--duration 120]
                                        [--peak-clients 8] [--peak-duration 60] [--port 8765] [--json out.json]

``DATABASE_URL`` defaults to ``postgres://postgres@127.0.0.1:5432/sanban_scale``. The script runs
``collectstatic`` if needed, starts gunicorn on 127.0.0.1 (DEBUG off), and logs in the users
by creating their sessions in the database (Django's ``force_login``; no password hashing in
the figures): the three demo roles (文书 周婷, 处长 周建华, 副局长 李明华) and 47 more, spread
over the roles as an organ's day is (office 5, leaders 5, department heads 15, staff 22).

1. **Think-time run**: each user, in a thread of its own with a keep-alive connection, asks
   for a page of the mix below, then waits an exponentially distributed think time (mean
   ``--think`` s), for ``--duration`` s. Mix: workbench 待办 30 %, 收文 desk 20 %, 收文
   detail 15 %, 发文 desk 10 %, title search 10 % (2 or 4 characters), workbench 待阅 5 %,
   发文 detail 5 %, deadlines 5 %; details are the documents of the user's latest to-dos
   that he may see (up to five; the desk instead if there are none).
2. **Peak closed loop**: ``--peak-clients`` users ask with no think time for ``--peak-duration`` s.

Reported for each: requests, throughput (requests/s), p50/p95/p99 (ms), errors (status ≥ 400
or a failed connection; a 30 s timeout counts as an error), and per page p50/p95.
Standard library only (http.client, threads).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from scale_env import ROOT  # sets the environment before Django is imported

os.environ["DEBUG"] = "false"

import pages_sql as sql  # noqa: E402

MIX = (("workbench 待办", 30), ("收文 desk", 20), ("收文 detail", 15), ("发文 desk", 10), ("search", 10),
       ("workbench 待阅", 5), ("发文 detail", 5), ("deadlines", 5))
SPREAD = (("office", 5), ("leader", 5), ("dept_head", 15), ("staff", 22))
DEMO = ("zhouting", "zhoujianhua", "liminghua")


def pct(values, q):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 1)


def prepare(count: int, seed: int) -> list[dict]:
    """The users: session cookie and the URLs of their pages."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from pages import ensure_static, user_facts

    from office.models import User

    ensure_static()
    rng = random.Random(seed)
    chosen = list(User.objects.filter(username__in=DEMO))
    for role, n in SPREAD:
        pool = list(User.objects.filter(role=role, is_active=True, is_principal=False)
                    .exclude(username__in=DEMO).order_by("id").values_list("id", flat=True))
        chosen += list(User.objects.filter(id__in=rng.sample(pool, min(n, len(pool)))))
    chosen = chosen[:count]
    work, inc, out = reverse("office:workbench"), reverse("documents:incoming_list"), reverse("documents:outgoing_list")
    users = []
    for user in chosen:
        client = Client()
        client.force_login(user)
        u = user_facts(user)
        ids = {}
        for name, scope_fn, table, model in (("in", sql.incoming_scope, "documents_incomingdocument", "incomingdocument"),
                                             ("out", sql.outgoing_scope, "documents_outgoingdocument", "outgoingdocument")):
            # The documents of his latest to-dos (what one opens from the workbench), if he may see them.
            where, p = scope_fn(u)
            with connection.cursor() as cur:
                cur.execute(
                    f"SELECT d.id FROM {table} d WHERE d.id IN (SELECT t.target_id::bigint FROM office_todo t"
                    f" JOIN django_content_type c ON c.id = t.target_type_id AND c.model = %(model)s"
                    f" WHERE t.user_id = %(uid)s ORDER BY t.id DESC LIMIT 50) AND {where} ORDER BY d.id DESC LIMIT 5",
                    {**p, "model": model},
                )
                ids[name] = [r[0] for r in cur.fetchall()]
        pages = {
            "workbench 待办": [f"{work}?tab=todo"], "workbench 待阅": [f"{work}?tab=toread"],
            "收文 desk": [inc], "发文 desk": [out], "deadlines": [reverse("office:deadline_list")],
            "search": [f"{inc}?{urlencode({'box': 'all', 'q': term})}" for term in ("就业", "养老保险")],
            "收文 detail": [reverse("documents:incoming_detail", args=[pk]) for pk in ids["in"]] or [inc],
            "发文 detail": [reverse("documents:outgoing_detail", args=[pk]) for pk in ids["out"]] or [out],
        }
        users.append({"username": user.username, "role": user.role, "cookie": client.cookies["sessionid"].value,
                      "pages": pages})
    connection.close()
    return users


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "office.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
         "--timeout", "120", "--no-control-socket"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open("/tmp/sanban-load-gunicorn.log", "w"),
        start_new_session=True,
    )
    for _ in range(120):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("gunicorn did not start (see /tmp/sanban-load-gunicorn.log)")


def run(users, port, *, duration, think, seed) -> dict:
    """Each user in a thread; ``think`` 0 is the closed loop."""
    records: list[tuple[str, float, bool]] = []
    failures: dict[str, int] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + duration
    names = [name for name, _ in MIX]
    weights = [w for _, w in MIX]

    def user_loop(user, rng):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": f"sessionid={user['cookie']}", "Host": "127.0.0.1"}
        if think:
            time.sleep(rng.uniform(0, think))  # not all at once
        while time.monotonic() < deadline:
            name = rng.choices(names, weights)[0]
            url = rng.choice(user["pages"][name])
            start = time.perf_counter()
            ok = False
            try:
                try:
                    conn.request("GET", url, headers=headers)
                    response = conn.getresponse()
                except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                    # gunicorn closed the idle keep-alive connection (2 s): a browser reconnects, so do we
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    conn.request("GET", url, headers=headers)
                    response = conn.getresponse()
                response.read()
                ok = response.status < 400
                if not ok:
                    with lock:
                        key = f"{response.status} {url}"
                        failures[key] = failures.get(key, 0) + 1
            except Exception as exc:  # noqa: BLE001  (any failure is an error of the run)
                with lock:
                    key = f"{type(exc).__name__} {url}"
                    failures[key] = failures.get(key, 0) + 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                records.append((name, elapsed, ok))
            if think:
                time.sleep(max(0.0, min(rng.expovariate(1 / think), 4 * think, deadline - time.monotonic())))
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=user_loop, args=(u, random.Random(seed + i))) for i, u in enumerate(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    times = [t for _, t, _ in records]
    per_page = {}
    for name in names:
        page_times = [t for n, t, _ in records if n == name]
        per_page[name] = {"requests": len(page_times), "p50": pct(page_times, 0.5), "p95": pct(page_times, 0.95)}
    return {
        "users": len(users), "think_s": think, "seconds": round(wall, 1), "requests": len(records),
        "throughput_rps": round(len(records) / max(wall, duration), 2), "p50": pct(times, 0.5), "p95": pct(times, 0.95),
        "p99": pct(times, 0.99), "max": round(max(times), 1) if times else None,
        "errors": sum(1 for *_, ok in records if not ok), "failures": failures, "per_page": per_page,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think", type=float, default=3.0)
    parser.add_argument("--duration", type=float, default=120)
    parser.add_argument("--peak-clients", type=int, default=8)
    parser.add_argument("--peak-duration", type=float, default=60)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--json", default="")
    args = parser.parse_args()
    users = prepare(args.users, args.seed)
    print(f"{len(users)} users logged in", file=sys.stderr, flush=True)
    server = start_server(args.port)
    try:
        warm = run(users[:8], args.port, duration=10, think=0, seed=args.seed)  # workers' imports, caches
        print(f"warm-up: {warm['requests']} requests", file=sys.stderr, flush=True)
        think = run(users, args.port, duration=args.duration, think=args.think, seed=args.seed)
        print(f"think-time run: {json.dumps(think, ensure_ascii=False)}", file=sys.stderr, flush=True)
        peak = run(users[: args.peak_clients], args.port, duration=args.peak_duration, think=0, seed=args.seed + 100)
        print(f"closed loop: {json.dumps(peak, ensure_ascii=False)}", file=sys.stderr, flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # workers stuck in minute-long requests
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    result = {"benchmark": "load", "database": os.environ["DATABASE_URL"].rsplit("/", 1)[-1],
              "think_time_run": think, "closed_loop": peak}
    print(table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(json.dumps(result, ensure_ascii=False))
    return 0


def table(result) -> str:
    out = ["| run | users | seconds | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for label, key in (("50 users, think time", "think_time_run"), ("closed loop", "closed_loop")):
        r = result[key]
        out.append(f"| {label} | {r['users']} | {r['seconds']} | {r['requests']} | {r['throughput_rps']} | {r['p50']} |"
                   f" {r['p95']} | {r['p99']} | {r['max']} | {r['errors']} |")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
