#!/usr/bin/env python
"""Generator: the organ at the scale of issue 11, in a database of its own.

    .venv/bin/python benchmarks/generate.py [--scale 1.0] [--seed 11] [--no-verify] [--keep-work]

``DATABASE_URL`` defaults to ``postgres://postgres@127.0.0.1:5432/sanban_scale``. That database
is DROPPED and created afresh (never name another one), migrated, and given the demo organ
(``office.demo.load_demo``, through the services: its accounts keep their password). Then, in SQL:

1. the org chart grows to 200 departments in 20 blocks of ten, a deputy in charge of each
   block (李明华, 赵志刚, 陈雪梅 among them), a head and 24 staff per department, four people
   per office duty: about 5,000 accounts with the demo password (``scale_org.py``);
2. the demo's 15 收文 and 15 发文, each in a different state with its steps, routing,
   circulation, 会签, recipients, versions, assignments and to-dos, are the templates: each
   generated document is a copy of one (``scale_clone.py``), moved back in time by a whole
   number of days (2021-01-01 to today), given a new title (template × 人社 topic × place,
   ``scale_words.py``), a new department (skewed: a few get most documents), and the people
   of that department, its deputy and one of the office's four people per duty. Documents
   older than 45 days copy the finished templates (办结, 归档; 已发文, 归档, 撤销); recent ones
   any template, so every state is present. 收文 serials, 发文 numbers and 档号 are numbered per
   year (and prefix, period, department) in date order and the counters set to their maxima,
   so the next allocation does not collide;
3. time limits (督办事项) are copies of the demo's, to 100,000 open; notifications are
   reminders of time limits (1.2 M);
4. done to-dos are kept for a share of old documents only, to land near the issue's 5.4 M.

Foreign-key triggers are off while loading (``session_replication_role = replica``) and the
secondary indexes of the loaded tables are dropped and rebuilt after; unique and check
constraints apply throughout, the rebuilt unique indexes validate theirs, and every foreign key
is then checked with an anti-join (``--no-verify`` skips that). ``VACUUM ANALYZE`` ends the
run. One JSON line: seconds per phase, rows per table.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time

import scale_clone  # noqa: E402
import scale_env  # noqa: F401  (sets the environment before Django is imported)
import scale_org  # noqa: E402
import scale_words as words  # noqa: E402

DAYS = 2158  # 2021-01-01 … 2026-11-28
RECENT = 45
#: Share of old documents whose done to-dos are copied (the rest keep only open ones).
KEEP_HISTORY = 0.55


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def recreate_database() -> None:
    import psycopg2
    from django.conf import settings
    from psycopg2 import sql

    db = settings.DATABASES["default"]
    params = {"host": db.get("HOST") or None, "port": db.get("PORT") or None, "user": db.get("USER") or None,
              "password": db.get("PASSWORD") or None}
    conn = psycopg2.connect(dbname="postgres", **params)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db["NAME"])))
        cursor.execute(
            sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0")
            .format(sql.Identifier(db["NAME"]))
        )
    conn.close()


def _arr(values) -> str:
    return "ARRAY[" + ",".join(str(int(v)) for v in values) + "]"


def plan(cur, name: str, *, count: int, base: int, table: str, recent: list[int], old: list[int],
         perm: list[int], lead_col: str, time_col: str, titles, recent_days: int = RECENT, days: int = DAYS) -> None:
    """``gen_q_<name>``: one row per copy — template, variant, shift, title, year, department.

    A copy is recent (within ``recent_days``, any template in ``recent``) with the share of
    those days in ``days``, else older (a template of ``old``, repeated for weight).
    """
    cur.execute(f"DROP TABLE IF EXISTS gen_q_{name}")
    cur.execute(
        f"""
        CREATE TABLE gen_q_{name} AS
        WITH base AS (
          SELECT i, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6,
                 random() r7, random() r8, random() r9 FROM generate_series(1, %(n)s) i),
        pick AS (
          SELECT b.*, CASE WHEN r9 < %(recent_share)s THEN floor(r1 * %(recent_days)s)::int
                           ELSE %(recent_days)s + floor(r1 * (%(days)s - %(recent_days)s))::int END AS n,
                 CASE WHEN r9 < %(recent_share)s THEN {_arr(recent)} ELSE {_arr(old)} END AS arr,
                 ({_arr(perm)})[1 + floor(200 * r2 ^ 3)::int] AS x_idx, floor(r3 * 12)::int AS km
          FROM base b),
        pick2 AS (SELECT p.*, arr[1 + floor(r4 * array_length(arr, 1))::int]::bigint AS tmpl_id FROM pick p),
        q AS (
          SELECT %(base)s + p.i AS new_id, p.tmpl_id, p.i, p.r5, p.r6, p.r7, p.r8,
               ((x.b - coalesce(l.b, 0) + 20) %% 20) * 120 + ((x.s - coalesce(l.s, 0) + 10) %% 10) * 12 + p.km AS v,
               make_interval(days => p.n) AS shift, t.title AS tmpl_title, x.code AS xcode,
               t.{time_col} - make_interval(days => p.n) AS at,
               extract(year FROM (t.{time_col} - make_interval(days => p.n)) AT TIME ZONE 'Asia/Shanghai')::int AS yr,
               p.n < %(recent_days)s OR random() < %(keep)s AS keep
          FROM pick2 p JOIN gen_dept x ON x.idx = p.x_idx
          JOIN {table} t ON t.id = p.tmpl_id
          LEFT JOIN gen_dept l ON l.unit_id = t.{lead_col})
        SELECT q.*, format((%(titles)s::text[])[1 + floor(q.r5 * %(nt)s)::int], q.yr,
                           (%(places)s::text[])[1 + floor(q.r6 * %(np)s)::int],
                           (%(topics)s::text[])[1 + floor(q.r7 * %(ntop)s)::int]) AS title
        FROM q
        """,
        {"n": count, "base": base, "days": days, "recent_days": recent_days, "keep": KEEP_HISTORY,
         "recent_share": recent_days / days, "titles": list(titles), "nt": len(titles),
         "places": list(words.PLACES), "np": len(words.PLACES), "topics": list(words.TOPICS),
         "ntop": len(words.TOPICS)},
    )


def counters(cur) -> None:
    """The serial counters at the maxima of what is numbered, so the next allocation follows on."""
    cur.execute(
        """
        DELETE FROM office_serialcounter WHERE kind = 'incoming' OR kind LIKE 'outgoing:%%' OR kind LIKE 'archive:%%';
        INSERT INTO office_serialcounter (kind, year, last)
        SELECT 'incoming', year, max(serial) FROM documents_incomingdocument WHERE serial IS NOT NULL GROUP BY year
        UNION ALL
        SELECT 'outgoing:' || prefix_id, year, max(number) FROM documents_outgoingdocument
        WHERE number IS NOT NULL GROUP BY prefix_id, year
        UNION ALL
        SELECT 'archive:' || split_part(c, '-', 1) || ':' || split_part(c, '-', 3) || ':' || split_part(c, '-', 4),
               split_part(c, '-', 2)::int, max(split_part(c, '-', 5)::int)
        FROM (SELECT archive_code AS c FROM documents_incomingdocument WHERE archive_code IS NOT NULL
              UNION ALL SELECT archive_code FROM documents_outgoingdocument WHERE archive_code IS NOT NULL) a
        GROUP BY 1, 2
        """
    )


def numbered(cur, name: str, *, table: str, serial_col: str, serial_part: str, counter_kind: str, extra: str = "") -> None:
    """``gen_<name>``: the plan with year, serial/number and 档号 worked out in date order."""
    cur.execute("SELECT fonds_code FROM office_orgunit WHERE kind = 'organ'")
    (fonds,) = cur.fetchone()
    cur.execute(f"DROP TABLE IF EXISTS gen_{name}")
    cur.execute(
        f"""
        CREATE TABLE gen_{name} AS
        SELECT n.*, CASE WHEN n.arch_n IS NOT NULL THEN %(fonds)s || '-' || n.yr || '-' || n.retention || '-'
                    || n.xcode || '-' || lpad(n.arch_n::text, greatest(4, length(n.arch_n::text)), '0') END AS archive_code
        FROM (
          SELECT q.*, t.retention,
            CASE WHEN t.year IS NOT NULL THEN q.yr END AS year,
            CASE WHEN t.{serial_col} IS NOT NULL THEN
              row_number() OVER (PARTITION BY t.{serial_col} IS NOT NULL, {serial_part}, q.yr ORDER BY q.at, q.new_id)
              + coalesce(c.last, 0) END AS {serial_col},
            CASE WHEN t.archive_code IS NOT NULL THEN
              row_number() OVER (PARTITION BY t.archive_code IS NOT NULL, q.yr, t.retention, q.xcode
                                 ORDER BY q.at, q.new_id) + coalesce(ca.last, 0) END AS arch_n{extra}
          FROM gen_q_{name} q JOIN {table} t ON t.id = q.tmpl_id
          LEFT JOIN office_serialcounter c ON c.kind = {counter_kind} AND c.year = q.yr
          LEFT JOIN office_serialcounter ca ON ca.kind = 'archive:' || %(fonds)s || ':' || t.retention || ':' || q.xcode
               AND ca.year = q.yr) n
        """,
        {"fonds": fonds},
    )
    cur.execute(f"CREATE UNIQUE INDEX ON gen_{name} (new_id); CREATE INDEX ON gen_{name} (tmpl_id); ANALYZE gen_{name}")


def secondary_indexes(cur, tables) -> list[str]:
    """Drop the indexes of ``tables`` that back no constraint; returns their definitions."""
    cur.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
        WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        [list(tables)],
    )
    rows = cur.fetchall()
    for name, _definition in rows:
        cur.execute(f"DROP INDEX {name}")
    return [definition for _name, definition in rows]


def verify_foreign_keys(cur) -> int:
    """Every foreign key, checked with an anti-join (the triggers were off while loading)."""
    cur.execute(
        """
        SELECT c.relname, a.attname, f.relname, fa.attname FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class f ON f.oid = k.confrelid
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.conkey[1]
        JOIN pg_attribute fa ON fa.attrelid = f.oid AND fa.attnum = k.confkey[1]
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE k.contype = 'f' AND n.nspname = 'public'
        """
    )
    broken = 0
    for table, column, target, target_column in cur.fetchall():
        cur.execute(
            f'SELECT count(*) FROM {table} c WHERE c."{column}" IS NOT NULL AND NOT EXISTS'
            f' (SELECT 1 FROM {target} p WHERE p."{target_column}" = c."{column}")'
        )
        (missing,) = cur.fetchone()
        if missing:
            log(f"BROKEN foreign key {table}.{column} -> {target}: {missing} rows")
            broken += missing
    return broken


SENDER_SQL = """,
          (%(orgs)s::text[])[1 + floor(q.r8 * %(ns)s)::int] AS sender_org,
          (%(refs)s::text[])[1 + floor(q.r8 * %(ns)s)::int] || '〔' || q.yr || '〕' || (1 + q.i %%%% 297) || '号' AS sender_ref"""


def notifications(cur, count: int, ct_deadline: int) -> int:
    """Reminders of time limits, as the sweep sends them: to the person responsible, most of them read."""
    cur.execute("SELECT count(*) FROM office_deadline WHERE responsible_user_id IS NOT NULL")
    (deadlines,) = cur.fetchone()
    if not deadlines or count <= 0:
        return 0
    per = count / deadlines
    cur.execute(
        """
        INSERT INTO office_notification (verb, title, body, url, target_type_id, target_id, created_at, read_at,
                                         email_state, email_attempts, email_sent_at, recipient_id)
        SELECT 'deadline.reminder', d.title,
               '请于' || to_char(d.due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY"年"MM"月"DD"日" HH24:MI') || '前办结：' || d.title,
               d.url, %(ct)s, d.id::text, x.at,
               CASE WHEN x.at < now() - interval '3 days' OR random() < 0.5 THEN x.at + interval '2 hours' END,
               'sent', 1, x.at + interval '1 minute', d.responsible_user_id
        FROM office_deadline d
        CROSS JOIN LATERAL (SELECT least(d.due_at, now()) - make_interval(days => 3 * s) AS at
                            FROM generate_series(0, ceil(%(per)s)::int - 1) s) x
        WHERE d.responsible_user_id IS NOT NULL AND random() < %(per)s / ceil(%(per)s)
        """,
        {"ct": ct_deadline, "per": per},
    )
    return cur.rowcount


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="share of the issue's volumes (0.01 for a quick run)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-verify", action="store_true", help="skip the foreign-key anti-joins")
    parser.add_argument("--keep-work", action="store_true", help="keep the gen_* helper tables")
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    name = settings.DATABASES["default"]["NAME"]
    if not name.startswith("sanban_") and not name.startswith("test_"):
        raise SystemExit(f"refusing to drop {name}")
    timings, started = {}, time.monotonic()

    def phase(label):
        now = time.monotonic()
        timings[label] = round(now - phase.last, 1)
        phase.last = now
        log(f"{label}: {timings[label]} s")

    phase.last = started
    recreate_database()
    call_command("migrate", verbosity=0)
    phase("migrate")
    from office.demo import load_demo

    load_demo()
    phase("demo")
    rng = random.Random(args.seed)
    cur = connection.cursor()
    cur.execute("SELECT setseed(%s)", [(args.seed % 1000) / 1000])
    cur.execute("SET session_replication_role = replica; SET maintenance_work_mem = '256MB'; SET work_mem = '64MB'")
    cur.execute("CREATE TABLE gen_state AS SELECT max(id) AS max_demo_user FROM office_user")
    org = scale_org.build(cur, rng)
    scale_org.build_maps(cur)
    phase("org")
    cur.execute("SELECT id, model FROM django_content_type WHERE model IN ('incomingdocument', 'outgoingdocument', 'deadline')")
    ct = {model: pk for pk, model in cur.fetchall()}
    cat = scale_clone.Catalogue(cur)
    loaded = set()
    for root in ("documents_incomingdocument", "documents_outgoingdocument", "office_deadline"):
        loaded |= {t for t, _ in scale_clone._members(cat, root, True)}
    loaded.add("office_notification")
    indexes = secondary_indexes(cur, sorted(loaded))
    phase("drop indexes")
    # A fixed order of departments by volume: the first few get most documents.
    perm = list(range(200))
    rng.shuffle(perm)
    for favourite in (0, 10, 20):  # 法规处 (周建华), 就业处 and 养老处 among the busy ones
        perm.remove(favourite)
    perm[3:3] = [0, 10, 20]
    keep_done = {"office_todo": "t.state <> 'done' OR g.keep"}
    counts: dict[str, int] = {}

    def add(rows):
        for table, n in rows.items():
            counts[table] = counts.get(table, 0) + n

    cur.execute("SELECT id, state FROM documents_incomingdocument ORDER BY id")
    incoming = cur.fetchall()
    cur.execute("SELECT max(id) FROM documents_incomingdocument")
    base = cur.fetchone()[0]
    finished = [pk for pk, state in incoming if state == "archived"]
    done = [pk for pk, state in incoming if state == "done"]
    plan(cur, "in", count=int(700_000 * args.scale), base=base, table="documents_incomingdocument",
         recent=[pk for pk, _ in incoming], old=done + finished * 6, perm=perm, lead_col="lead_unit_id",
         time_col="arrived_at", titles=words.INCOMING_TITLES)
    numbered(cur, "in", table="documents_incomingdocument", serial_col="serial", serial_part="1",
             counter_kind="'incoming'", extra=SENDER_SQL % {
                 "orgs": "ARRAY[" + ",".join(f"'{o}'" for o, _ in words.SENDERS) + "]",
                 "refs": "ARRAY[" + ",".join(f"'{r}'" for _, r in words.SENDERS) + "]",
                 "ns": len(words.SENDERS)})
    phase("plan 收文")
    log("收文:")
    add(scale_clone.clone(cur, cat, "documents_incomingdocument", "gen_in", ct["incomingdocument"], where=keep_done, log=log))
    counters(cur)
    phase("收文")

    cur.execute("SELECT id, state FROM documents_outgoingdocument ORDER BY id")
    outgoing = cur.fetchall()
    cur.execute("SELECT max(id) FROM documents_outgoingdocument")
    base = cur.fetchone()[0]
    by_state = {}
    for pk, state in outgoing:
        by_state.setdefault(state, []).append(pk)
    old = by_state.get("archived", []) * 11 + by_state.get("issued", []) * 2 + by_state.get("cancelled", [])
    plan(cur, "out", count=int(300_000 * args.scale), base=base, table="documents_outgoingdocument",
         recent=[pk for pk, _ in outgoing], old=old, perm=perm, lead_col="drafting_unit_id",
         time_col="created_at", titles=words.OUTGOING_TITLES)
    numbered(cur, "out", table="documents_outgoingdocument", serial_col="number", serial_part="t.prefix_id",
             counter_kind="'outgoing:' || t.prefix_id")
    phase("plan 发文")
    log("发文:")
    add(scale_clone.clone(cur, cat, "documents_outgoingdocument", "gen_out", ct["outgoingdocument"], where=keep_done, log=log))
    counters(cur)
    phase("发文")

    cur.execute("SELECT count(*) FROM office_deadline WHERE state = 'open'")
    (open_now,) = cur.fetchone()
    wanted = max(0, int(100_000 * args.scale) - open_now)
    cur.execute("SELECT id, state FROM office_deadline WHERE kind = 'general' ORDER BY id")
    general = cur.fetchall()
    cur.execute("SELECT max(id) FROM office_deadline")
    base = cur.fetchone()[0]
    opened = [pk for pk, state in general if state == "open"]
    closed = [pk for pk, state in general if state != "open"]
    # Open limits: set within the last 120 days; a sixth more closed ones over the six years.
    plan(cur, "dl", count=int(wanted * 7 / 6), base=base, table="office_deadline", recent=opened,
         old=closed, perm=perm, lead_col="responsible_unit_id", time_col="created_at",
         titles=words.DEADLINE_TITLES, recent_days=120, days=int(120 * 7 / 6) + 1)
    cur.execute("CREATE UNIQUE INDEX ON gen_q_dl (new_id); ANALYZE gen_q_dl")
    log("督办事项:")
    add(scale_clone.clone(cur, cat, "office_deadline", "gen_q_dl", ct["deadline"], where=keep_done, log=log))
    phase("督办事项")
    counts["office_notification"] = notifications(cur, int(1_200_000 * args.scale), ct["deadline"])
    phase("notifications")
    for definition in indexes:
        cur.execute(definition)
    phase("rebuild indexes")
    cur.execute("SET session_replication_role = origin")
    broken = 0 if args.no_verify else verify_foreign_keys(cur)
    phase("verify")
    if not args.keep_work:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'gen\\_%%'")
        for (table,) in cur.fetchall():
            cur.execute(f"DROP TABLE {table}")
    cur.execute("VACUUM (ANALYZE)")
    phase("vacuum analyze")
    cur.execute(
        "SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE n_live_tup > 0 ORDER BY n_live_tup DESC"
    )
    rows = dict(cur.fetchall())
    cur.execute("SELECT count(*) FROM office_todo WHERE state = 'open'")
    (open_todos,) = cur.fetchone()
    cur.execute(
        "SELECT u.username, count(*), count(*) FILTER (WHERE t.state = 'open') FROM office_todo t"
        " JOIN office_user u ON u.id = t.user_id WHERE u.username IN ('zhouting', 'zhoujianhua', 'liminghua')"
        " GROUP BY 1"
    )
    demo_todos = {u: {"todos": n, "open": o} for u, n, o in cur.fetchall()}
    result = {
        "benchmark": "generate", "database": name, "scale": args.scale, "seconds": round(time.monotonic() - started, 1),
        "phases": timings, "org": org, "copied": counts, "open_todos": open_todos, "demo_accounts": demo_todos,
        "broken_foreign_keys": broken, "rows": rows,
    }
    print(json.dumps(result, ensure_ascii=False))
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
