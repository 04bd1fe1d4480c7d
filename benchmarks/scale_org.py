"""The organ at scale, for benchmarks/generate.py: the demo organ grown to 200 departments and ~5,000 people.

Plain SQL over the rows ``office.demo.load_demo`` made. The demo's ten departments stay; the
leaders are 20 deputies (the demo's three among them), each in charge of a block of ten
departments; each department has a head and 24 staff; the office has four people for each
of its four duties. Two helper tables say where everyone sits, for the cloning that follows:

- ``gen_dept(idx, unit_id, b, s, code)``: department ``idx`` (0…199) is slot ``s`` of block ``b``;
- ``gen_user(user_id, kind, b, s, p, og, oi)``: ``kind`` dept (position ``p``: 0 head, 1…24 staff,
  odd positions 秘密, even 内部), deputy (block ``b``), office (group ``og`` = the demo person's
  duty, ``oi`` 0…3 within it) or fixed (principal, 三员: never remapped).
"""

from __future__ import annotations

import random

import scale_words as words

BLOCKS, SLOTS, STAFF = 20, 10, 24
#: The demo's deputies and the departments they are in charge of, in block order.
DEMO_BLOCKS = (
    ("liminghua", ("ZCFG", "RCKF", "ZJRY", "RSC")),
    ("zhaozhigang", ("JYCJ", "ZYNL", "LDGX")),
    ("chenxuemei", ("YLBX", "GSBX", "JCZD")),
)
OFFICE_GROUPS = (("liuxiaodong", "办公室副主任"), ("wujing", "秘书"), ("zhouting", "文书"), ("sunhao", "督查员"))
SECTIONS = (
    "综合科", "就业科", "社保科", "劳动监察大队", "仲裁院", "人才科", "职建科", "工资科", "养老科", "工伤科",
    "失业保险科", "人事科", "调解科", "信息科", "财务科", "档案室", "信访科", "法规科", "培训科", "考试科", "服务大厅",
)


def _names(count: int, rng: random.Random) -> list[str]:
    return [rng.choice(words.SURNAMES) + rng.choice(words.GIVEN) for _ in range(count)]


def build(cur, rng: random.Random) -> dict[str, int]:
    """Grow the org chart; returns counts."""
    cur.execute("SELECT id, code FROM office_orgunit")
    units = {code: pk for pk, code in cur.fetchall()}
    cur.execute("SELECT id, username, unit_id, role, clearance, password FROM office_user")
    users = {row[1]: row for row in cur.fetchall()}
    password = users["zhouting"][5]
    organ, leadership, office = units["RSJ"], units["JLD"], units["BGS"]

    # -- departments: the demo's ten in blocks 0-2, then new ones --------------------------------
    layout: list[tuple[int, int, str | None]] = []  # (b, s, demo code or None)
    for b in range(BLOCKS):
        demo = DEMO_BLOCKS[b][1] if b < len(DEMO_BLOCKS) else ()
        for s in range(SLOTS):
            layout.append((b, s, demo[s] if s < len(demo) else None))
    new_names = list(words.DEPARTMENT_NAMES) + [f"{d}分局{sec}" for d in words.DISTRICTS for sec in SECTIONS]
    cur.execute("CREATE TABLE gen_dept (idx int PRIMARY KEY, unit_id bigint, b int, s int, code text)")
    fresh = 0
    for idx, (b, s, code) in enumerate(layout):
        if code is None:
            code, name = f"D{idx:03d}", new_names[fresh]
            fresh += 1
            cur.execute("INSERT INTO auth_group (name) VALUES (%s) RETURNING id", [f"unit:{code}"])
            (group,) = cur.fetchone()
            cur.execute(
                "INSERT INTO office_orgunit (name, short_name, kind, code, sort_order, is_active, group_id, parent_id,"
                " fonds_code) VALUES (%s, %s, 'department', %s, %s, true, %s, %s, '') RETURNING id",
                [name, name[-6:], code, 20 + idx, group, organ],
            )
            (unit_id,) = cur.fetchone()
            units[code] = unit_id
        cur.execute("INSERT INTO gen_dept VALUES (%s, %s, %s, %s, %s)", [idx, units[code], b, s, code])

    # -- people ---------------------------------------------------------------------------------
    cur.execute(
        "CREATE TABLE gen_user (user_id bigint PRIMARY KEY, kind text, b int, s int, p int, og int, oi int)"
    )
    rows: list[tuple] = []  # (username, full name, unit, role, title, clearance, gen_user tuple sans id)
    demo_staff = {}
    cur.execute("SELECT u.username, u.unit_id, u.role FROM office_user u ORDER BY u.id")
    for username, unit_id, role in cur.fetchall():
        demo_staff.setdefault(unit_id, []).append((username, role))
    names = iter(_names(6000, rng))
    for idx, (b, s, _code) in enumerate(layout):
        cur.execute("SELECT unit_id, code FROM gen_dept WHERE idx = %s", [idx])
        unit_id, code = cur.fetchone()
        present = demo_staff.get(unit_id, [])
        heads = [u for u, r in present if r == "dept_head"]
        staff = [u for u, r in present if r == "staff"]
        for p in range(STAFF + 1):
            existing = heads[0] if p == 0 and heads else (staff[p - 1] if 0 < p <= len(staff) else None)
            if existing:
                cur.execute(
                    "INSERT INTO gen_user VALUES (%s, 'dept', %s, %s, %s, NULL, NULL)", [users[existing][0], b, s, p]
                )
                continue
            role, title = ("dept_head", "处长") if p == 0 else ("staff", "一级主任科员" if p % 2 else "科员")
            clearance = 2 if p == 0 or p % 2 else 1
            rows.append((f"{code.lower()}_{p:02d}", next(names), unit_id, role, title, clearance, ("dept", b, s, p, None, None)))
    for b in range(len(DEMO_BLOCKS), BLOCKS):
        rows.append((f"leader{b:02d}", next(names), leadership, "leader", "副局长", 3, ("deputy", b, None, None, None, None)))
    for b, (username, _charge) in enumerate(DEMO_BLOCKS):
        cur.execute("INSERT INTO gen_user VALUES (%s, 'deputy', %s, NULL, NULL, NULL, NULL)", [users[username][0], b])
    for og, (username, title) in enumerate(OFFICE_GROUPS):
        cur.execute("INSERT INTO gen_user VALUES (%s, 'office', NULL, NULL, NULL, %s, 0)", [users[username][0], og])
        clearance = users[username][4]
        for oi in range(1, 4):
            rows.append((f"{username}{oi}", next(names), office, "office", title, clearance, ("office", None, None, None, og, oi)))
    for row in users.values():  # principal, 三员, anyone else: never remapped
        cur.execute(
            "INSERT INTO gen_user VALUES (%s, 'fixed', NULL, NULL, NULL, NULL, NULL) ON CONFLICT DO NOTHING", [row[0]]
        )
    from psycopg2.extras import execute_values

    ids = execute_values(  # [(username, id)]
        cur.cursor,
        "INSERT INTO office_user (password, is_superuser, username, first_name, last_name, email, is_staff,"
        " is_active, date_joined, full_name, role, title, clearance, phone, is_principal, unit_id) VALUES %s RETURNING username, id",
        [(password, False, username, "", "", f"{username}@rsj.jiangcheng.gov.cn", False, True, full_name, role, title,
          clearance, f"0710-88{rng.randrange(100000, 999999)}", False, unit_id)
         for username, full_name, unit_id, role, title, clearance, _pos in rows],
        template="(%s, %s, %s, %s, %s, %s, %s, %s, now(), %s, %s, %s, %s, %s, %s, %s)", page_size=1000, fetch=True,
    )
    new_ids = dict(ids)
    execute_values(
        cur.cursor, "INSERT INTO gen_user VALUES %s",
        [(new_ids[row[0]], *row[6]) for row in rows], page_size=1000,
    )
    # Unit groups, password state (no forced change: known benchmark password), heads, duties, 分管.
    cur.execute(
        "INSERT INTO office_user_groups (user_id, group_id) SELECT u.id, ou.group_id FROM office_user u"
        " JOIN office_orgunit ou ON ou.id = u.unit_id WHERE ou.group_id IS NOT NULL"
        " ON CONFLICT DO NOTHING"
    )
    cur.execute(
        "INSERT INTO office_passwordstate (user_id, must_change, changed_at, reset_notice)"
        " SELECT id, false, now(), false FROM office_user ON CONFLICT DO NOTHING"
    )
    cur.execute(
        "UPDATE office_orgunit ou SET head_id = g.user_id FROM gen_dept d JOIN gen_user g"
        " ON g.kind = 'dept' AND g.b = d.b AND g.s = d.s AND g.p = 0 WHERE ou.id = d.unit_id AND ou.head_id IS NULL"
    )
    cur.execute(
        "INSERT INTO office_officeduty (duty, user_id) SELECT d.duty, g.user_id FROM gen_user g"
        " JOIN gen_user g0 ON g0.kind = 'office' AND g0.og = g.og AND g0.oi = 0"
        " JOIN office_officeduty d ON d.user_id = g0.user_id WHERE g.kind = 'office' AND g.oi > 0"
    )
    cur.execute(
        "INSERT INTO office_user_in_charge_of (user_id, orgunit_id) SELECT g.user_id, d.unit_id FROM gen_user g"
        " JOIN gen_dept d ON d.b = g.b WHERE g.kind = 'deputy' ON CONFLICT DO NOTHING"
    )
    cur.execute("SELECT count(*) FROM office_user")
    (people,) = cur.fetchone()
    return {"departments": len(layout), "users": people}


def build_maps(cur) -> None:
    """``gen_umap(v, old_id, new_id)`` and ``gen_dmap(v, old_id, new_id)`` for the 2,400 variants.

    Variant ``v = kb * 120 + ks * 12 + km`` moves department (b, s) to ((b + kb) % 20, (s + ks) % 10),
    a deputy with his block, staff position p to 1 + (p - 1 + 2 km) % 24 (odd stays odd: the same
    clearance), and an office person to the ``km % 4``-th of his duty group. Each map is a
    bijection, so whatever was unique in a template document stays unique in its copies.
    """
    cur.execute(
        "CREATE TABLE gen_variant AS SELECT v, v / 120 AS kb, (v / 12) % 10 AS ks, v % 12 AS km"
        " FROM generate_series(0, 2399) v"
    )
    cur.execute(
        """
        CREATE TABLE gen_umap AS
        SELECT x.v, o.user_id AS old_id, n.user_id AS new_id
        FROM gen_user o JOIN LATERAL (SELECT * FROM gen_variant) x ON true
        JOIN gen_user n ON n.kind = o.kind AND (
             (o.kind = 'dept' AND n.b = (o.b + x.kb) % 20 AND n.s = (o.s + x.ks) % 10
              AND n.p = CASE WHEN o.p = 0 THEN 0 ELSE 1 + (o.p - 1 + 2 * x.km) % 24 END)
          OR (o.kind = 'deputy' AND n.b = (o.b + x.kb) % 20)
          OR (o.kind = 'office' AND n.og = o.og AND n.oi = x.km % 4))
        WHERE o.user_id IN (SELECT id FROM office_user WHERE id <= (SELECT max_demo_user FROM gen_state))
        """
    )
    cur.execute("CREATE UNIQUE INDEX ON gen_umap (old_id, v)")
    cur.execute(
        """
        CREATE TABLE gen_dmap AS
        SELECT x.v, o.unit_id AS old_id, n.unit_id AS new_id
        FROM gen_dept o CROSS JOIN gen_variant x
        JOIN gen_dept n ON n.b = (o.b + x.kb) % 20 AND n.s = (o.s + x.ks) % 10
        """
    )
    cur.execute("CREATE UNIQUE INDEX ON gen_dmap (old_id, v)")
    cur.execute("ANALYZE gen_umap; ANALYZE gen_dmap")
