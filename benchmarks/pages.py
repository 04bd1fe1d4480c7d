#!/usr/bin/env python
"""Harness: each page × role, in-process (Django's test client, DEBUG off), beside its raw-SQL lower bound.

    .venv/bin/python benchmarks/pages.py [-n 20] [--warmup 3] [--pages a,b] [--roles 文书,处长]
                                         [--json out.json] [--explain]

``DATABASE_URL`` defaults to ``postgres://postgres@127.0.0.1:5432/sanban_scale`` (built by
generate.py; any database with the demo organ works, e.g. one with just ``load_demo``).
Nothing is written to the database except the sessions of the three logins.

Roles are the demo's accounts: 文书 周婷 (zhouting, office), 处长 周建华 (zhoujianhua, 政策法规处)
and 副局长 李明华 (liminghua, in charge of 法规处, 人才处, 专技处, 人事处 and, at scale, six more).
Pages (URLs through ``reverse()``, so renamed parameters are the only thing to adapt here):
workbench 待办 and 待阅; the 收文 desk's default box; the 发文 desk's default box; a 收文 and
a 发文 detail page (the role's five most recent visible documents, in turn); the title
search with 2 and 4 characters (收文, box 全部); the last page of the 收文 list (box 全部,
``page=999999``: Django's paginator serves the last page); the deadlines list; the role's
dashboard (看板, beside the raw aggregates its summary rows replace).

For each: ``warmup`` requests, then ``n`` timed ones: status, queries per request (every
statement through Django's cursor), p50 and p95 in ms; beside it the raw-SQL lower bound
(pages_sql.py: the page's rows and their count, minimal SQL with ``EXISTS`` scopes, run ``n``
times in the same run) and the framework floor (the role's profile page, a trivial
logged-in page, and ``/healthz``). ``same_rows`` says whether every row of the raw SQL
links from the page and its count appears on it (None where the page shows no count).
``--explain`` adds ``EXPLAIN (ANALYZE, BUFFERS)`` of the page's slowest statement.
Prints a markdown table, then one JSON line (or writes it to ``--json``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

import scale_env  # noqa: F401  (sets the environment before Django is imported)

os.environ["DEBUG"] = "false"

import pages_sql as sql  # noqa: E402

ROLES = {"文书": "zhouting", "处长": "zhoujianhua", "副局长": "liminghua"}
SEARCH_2, SEARCH_4 = "就业", "养老保险"


def pct(values, q):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 1)


def user_facts(user) -> dict:
    from django.contrib.contenttypes.models import ContentType

    from documents.models import IncomingDocument
    from office.permissions import in_charge_unit_ids

    return {
        "id": user.pk, "role": user.role, "clearance": user.clearance, "unit_id": user.unit_id,
        "is_principal": user.is_principal, "charge": list(in_charge_unit_ids(user)),
        "ct_in": ContentType.objects.get_for_model(IncomingDocument).pk,
    }


def pages_for(u: dict, soon_until) -> list[dict]:
    """name, url, raw statements, detail ids for one role."""
    from django.db import connection
    from django.urls import reverse

    def visible(scope_fn, table, state_filter=""):
        where, p = scope_fn(u)
        with connection.cursor() as cur:
            cur.execute(f"SELECT d.id FROM {table} d WHERE {where} {state_filter} ORDER BY d.id DESC LIMIT 5", p)
            return [r[0] for r in cur.fetchall()]

    incoming_ids = visible(sql.incoming_scope, "documents_incomingdocument")
    outgoing_ids = visible(sql.outgoing_scope, "documents_outgoingdocument")
    work, inc, out = reverse("office:workbench"), reverse("documents:incoming_list"), reverse("documents:outgoing_list")
    return [
        {"page": "workbench 待办", "urls": [f"{work}?tab=todo"], "raw": [sql.workbench(u, "todo")]},
        {"page": "workbench 待阅", "urls": [f"{work}?tab=toread"], "raw": [sql.workbench(u, "toread")]},
        {"page": "收文 desk", "urls": [inc], "raw": [sql.incoming_desk(u)]},
        {"page": "发文 desk", "urls": [out], "raw": [sql.outgoing_desk(u)]},
        {"page": "收文 detail", "urls": [reverse("documents:incoming_detail", args=[pk]) for pk in incoming_ids],
         "raw": [sql.incoming_detail(u, pk) for pk in incoming_ids]},
        {"page": "发文 detail", "urls": [reverse("documents:outgoing_detail", args=[pk]) for pk in outgoing_ids],
         "raw": [sql.outgoing_detail(u, pk) for pk in outgoing_ids]},
        {"page": "search 2 chars", "urls": [f"{inc}?box=all&q={SEARCH_2}"], "raw": [sql.incoming_desk(u, term=SEARCH_2)]},
        {"page": "search 4 chars", "urls": [f"{inc}?box=all&q={SEARCH_4}"], "raw": [sql.incoming_desk(u, term=SEARCH_4)]},
        {"page": "收文 last page", "urls": [f"{inc}?box=all&page=999999"], "raw": [sql.incoming_desk(u, last=True)]},
        {"page": "deadlines", "urls": [reverse("office:deadline_list")], "raw": [sql.deadlines(u, soon_until)]},
        {"page": "看板", "urls": [reverse("office:board")], "raw": [sql.board(u)]},
    ]


class Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, statement, params, many, context):
        self.count += 1
        return execute(statement, params, many, context)


def time_pages(client, urls, n, warmup):
    from django.db import connection

    counter = Counter()
    times, queries, statuses = [], [], set()
    body = ""
    for i in range(warmup + n):
        url = urls[i % len(urls)]
        counter.count = 0
        with connection.execute_wrapper(counter):
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        statuses.add(response.status_code)
        if i == 0:
            body = response.content.decode("utf-8", "replace")
        if i >= warmup:
            times.append(elapsed)
            queries.append(counter.count)
    return times, queries, statuses, body


def run_raw(statements, n, warmup):
    """Each iteration runs one page's statements (rows, count); returns times and the last results."""
    from django.db import connection

    times, results = [], []
    for i in range(warmup + n):
        batch = statements[i % len(statements)]
        start = time.perf_counter()
        results = []
        with connection.cursor() as cur:
            for text, params in batch:
                if "%(tail)s" in text:
                    total = results[0][0][0] if results else 0
                    params = {**params, "tail": (total % sql.PAGE) or sql.PAGE}
                cur.execute(text, params)
                results.append(cur.fetchall())
        if i >= warmup:
            times.append((time.perf_counter() - start) * 1000)
    return times, results


def same_rows(page, results, body):
    """Every raw row's link is on the page; the raw count is on it (where the raw SQL counts)."""
    if not results or page["page"].endswith("detail") or page["page"] == "看板":
        return None
    from django.urls import reverse

    if page["page"] == "收文 last page":
        total, rows = results[0][0][0], results[1]
    else:
        rows, total = results[0], (results[1][0][0] if len(results) > 1 else None)
    links = []
    for row in rows:
        if page["page"].startswith("workbench"):
            links.append(row[2])
        elif page["page"] == "deadlines":
            links.append(reverse("office:deadline_detail", args=[row[0]]))
        elif page["page"] == "发文 desk":
            links.append(reverse("documents:outgoing_detail", args=[row[0]]))
        else:
            links.append(reverse("documents:incoming_detail", args=[row[0]]))
    rows_ok = all(f'"{link}' in body for link in links)
    count_ok = total is None or bool(re.search(rf"(?<![\d,]){total:,}(?![\d,])|(?<!\d){total}(?!\d)", body))
    return rows_ok and count_ok


def explain(statements):
    from django.db import connection

    worst, plan = 0.0, ""
    with connection.cursor() as cur:
        for text, params in statements[0]:
            if "%(tail)s" in text:
                params = {**params, "tail": sql.PAGE}
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + text, params)
            lines = [r[0] for r in cur.fetchall()]
            took = float(re.search(r"Execution Time: ([\d.]+)", lines[-1]).group(1))
            if took >= worst:
                worst, plan = took, "\n".join(lines)
    return plan


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=20, help="timed requests per page and role")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--pages", default="", help="comma-separated page names (prefixes) to run")
    parser.add_argument("--roles", default=",".join(ROLES), help="comma-separated: 文书,处长,副局长")
    parser.add_argument("--json", default="", help="write the JSON here instead of printing it")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--compare", default="", help="JSON of a run on the demo-size database: adds p50 / demo p50")
    args = parser.parse_args()
    baseline = {}
    if args.compare:
        baseline = {(r["page"], r["role"]): r for r in json.loads(Path(args.compare).read_text())["rows"]}
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from office import deadlines
    from office.models import User

    settings.DEBUG = False
    ensure_static()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    soon_until = deadlines.Lights().soon_until
    wanted = [p for p in args.pages.split(",") if p]
    rows, floors = [], {}
    for role in args.roles.split(","):
        user = User.objects.get(username=ROLES[role])
        client = Client()
        client.force_login(user)
        u = user_facts(user)
        f_times, f_queries, _s, _b = time_pages(client, [sql_reverse("office:profile")], args.n, args.warmup)
        h_times, _q, _s, _b = time_pages(client, [sql_reverse("healthz")], args.n, args.warmup)
        floors[role] = {"profile_p50": pct(f_times, 0.5), "profile_p95": pct(f_times, 0.95),
                        "profile_queries": max(f_queries), "healthz_p50": pct(h_times, 0.5)}
        for page in pages_for(u, soon_until):
            if wanted and not any(page["page"].startswith(w) for w in wanted):
                continue
            if not page["urls"]:
                rows.append({"page": page["page"], "role": role, "status": "no visible document"})
                continue
            times, queries, statuses, body = time_pages(client, page["urls"], args.n, args.warmup)
            raw_times, results = run_raw(page["raw"], args.n, args.warmup)
            row = {
                "page": page["page"], "role": role, "status": ",".join(str(s) for s in sorted(statuses)),
                "queries": max(queries), "p50": pct(times, 0.5), "p95": pct(times, 0.95),
                "raw_p50": pct(raw_times, 0.5), "raw_p95": pct(raw_times, 0.95),
                "floor_p50": floors[role]["profile_p50"], "same_rows": same_rows(page, results, body),
            }
            demo = baseline.get((page["page"], role))
            if demo and demo.get("p50"):
                row["demo_p50"] = demo["p50"]
                row["ratio"] = round(row["p50"] / demo["p50"], 2)
            if args.explain:
                row["plan"] = explain(page["raw"])
            rows.append(row)
            if args.json:  # written as it goes: a long run stopped early keeps its figures
                Path(args.json).write_text(json.dumps({"partial": True, "floors": floors, "rows": rows}, ensure_ascii=False))
            print(f"{role} {page['page']}: {row['p50']} ms ({row['queries']} queries)", file=sys.stderr, flush=True)
    connection.close()
    print(table(rows, floors))
    result = {"benchmark": "pages", "database": settings.DATABASES["default"]["NAME"], "n": args.n,
              "warmup": args.warmup, "floors": floors, "rows": rows}
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(json.dumps(result, ensure_ascii=False))
    return 0


def ensure_static() -> None:
    """DEBUG off serves hashed static names from the manifest: ``collectstatic`` once into STATIC_ROOT, as a deploy does."""
    from django.conf import settings
    from django.core.management import call_command

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


def sql_reverse(name):
    from django.urls import reverse

    return reverse(name)


def table(rows, floors) -> str:
    out = ["| page | role | status | queries | p50 ms | p95 ms | raw SQL p50 / p95 ms | floor p50 ms | same rows"
           " | demo p50 ms | × demo |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if "p50" not in r:
            out.append(f"| {r['page']} | {r['role']} | {r['status']} | | | | | | | | |")
            continue
        out.append(
            f"| {r['page']} | {r['role']} | {r['status']} | {r['queries']} | {r['p50']:,} | {r['p95']:,} |"
            f" {r['raw_p50']} / {r['raw_p95']} | {r['floor_p50']} | {_yn(r['same_rows'])} |"
            f" {r.get('demo_p50', '')} | {r.get('ratio', '')} |"
        )
    out.append("")
    out.append("Floors (trivial logged-in page): " + "; ".join(
        f"{role}: profile p50 {f['profile_p50']} ms ({f['profile_queries']} queries), /healthz p50 {f['healthz_p50']} ms"
        for role, f in floors.items()))
    return "\n".join(out)


def _yn(value):
    return "—" if value is None else ("yes" if value else "no")


if __name__ == "__main__":
    sys.exit(main())
