"""Copies of template objects, for benchmarks/generate.py: ``INSERT … SELECT`` driven by the catalogue.

A *root* table (收文, 发文, time limits) is copied from its template rows once per row of a
*plan* table (``new_id, tmpl_id, v, shift, title, tmpl_title`` and optional overrides of root
columns). Everything that hangs off a template is copied with it, found in the catalogue,
so columns and tables added by later migrations come along without changes here:

- tables with a foreign key to the root, and tables with a foreign key to a copied table
  (an assignment's holders, a time limit's changes and schedule);
- tables with a generic key (``target_type_id``, ``target_id``) naming the root: to-dos,
  assignments, time limits, notifications.

Each column of a copied row is: a new id (for tables others point at), the copy's parent,
the variant's person for a key to ``office_user`` and department for a key to
``office_orgunit`` (``gen_umap`` / ``gen_dmap``), the time moved back by ``shift``, the
title and link rewritten for the copy; any other column as in the template. Generated
columns are left to the database.
"""

from __future__ import annotations

import re

#: Not copied: stored files (the copies would share them), history and audit (append-only
#: records of the template's own life), rows that point at two copied tables at once.
SKIP = re.compile(
    r"^(documents_attachment|documents_outgoingfile|office_reminderlog|office_auditevent|office_link"
    r"|.*historical.*|guardian_.*|axes_.*|django_.*|auth_.*)$"
)
TITLE_COLUMNS = {"title", "todo_title"}
URL_COLUMNS = {"url", "todo_url"}


class Catalogue:
    def __init__(self, cur):
        cur.execute(
            """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attgenerated <> '',
                   a.attidentity <> '', a.atttypmod
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname, a.attnum
            """
        )
        self.columns: dict[str, list[tuple]] = {}
        for table, name, typ, generated, identity, typmod in cur.fetchall():
            self.columns.setdefault(table, []).append((name, typ, generated, identity, typmod))
        cur.execute(
            """
            SELECT c.relname, a.attname, f.relname FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class f ON f.oid = k.confrelid
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.conkey[1]
            WHERE k.contype = 'f' AND array_length(k.conkey, 1) = 1
            """
        )
        self.fks: dict[str, dict[str, str]] = {}
        for table, column, target in cur.fetchall():
            self.fks.setdefault(table, {})[column] = target

    def generic(self) -> list[str]:
        return sorted(
            t for t, cols in self.columns.items()
            if {"target_type_id", "target_id"} <= {c[0] for c in cols} and not SKIP.match(t)
        )

    def children(self, table: str) -> list[tuple[str, str]]:
        return sorted(
            (t, col) for t, fks in self.fks.items() for col, target in fks.items()
            if target == table and t != table and not SKIP.match(t)
        )


def _members(cat: Catalogue, root: str, generic: bool) -> list[tuple[str, tuple]]:
    """The tables copied with ``root`` in dependency order, each with how it finds its template rows."""
    order: list[tuple[str, tuple]] = [(root, ("self",))]
    seen = {root}
    queue = [root]
    first = True
    while queue:
        parent = queue.pop(0)
        links = [(t, ("fk", col, parent)) for t, col in cat.children(parent)]
        if first and generic:
            links += [(t, ("generic",)) for t in cat.generic() if t != root]
        first = False
        for table, link in links:
            if table in seen:
                continue
            seen.add(table)
            order.append((table, link))
            queue.append(table)
    return order


def _plan_columns(cur, plan: str) -> set[str]:
    cur.execute(f"SELECT * FROM {plan} LIMIT 0")
    return {d[0] for d in cur.description}


def clone(cur, cat: Catalogue, root: str, plan: str, ct_id: int, *, generic: bool = True, where=None, log=print) -> dict:
    """Copy ``root``'s templates once per plan row, with everything hanging off them. Returns rows per table.

    ``where`` maps a table to an extra condition on its template rows ``t`` and plan row ``g``.
    """
    where = where or {}
    members = _members(cat, root, generic)
    tables = {t for t, _ in members}
    referenced = {t for t, _ in members if any(c != t and any(cat.fks.get(c, {}).get(col) == t for col in cat.fks.get(c, {})) for c in tables)}
    plan_cols = _plan_columns(cur, plan) - {"new_id", "tmpl_id", "v", "shift", "tmpl_title"}
    maps: dict[str, str] = {}
    counts = {}
    for table, link in members:
        joins, cols, exprs = [], [], []
        if link[0] == "self":
            src = f"{root} t JOIN {plan} g ON g.tmpl_id = t.id"
        elif link[0] == "generic":
            src = f"{table} t JOIN {plan} g ON t.target_type_id = {ct_id} AND t.target_id = g.tmpl_id::text"
        elif link[2] == root:
            src = f"{table} t JOIN {plan} g ON g.tmpl_id = t.{link[1]}"
        else:
            src = f"{table} t JOIN {maps[link[2]]} mp ON mp.old_id = t.{link[1]} JOIN {plan} g ON g.new_id = mp.root_new"
        cond = f"WHERE {where[table]}" if table in where else ""
        if table in referenced and table != root:
            maps[table] = f"gen_map_{table}"
            cur.execute(f"DROP TABLE IF EXISTS {maps[table]}")
            cur.execute(
                f"CREATE TABLE {maps[table]} AS SELECT t.id AS old_id, g.new_id AS root_new,"
                f" (SELECT coalesce(max(id), 0) FROM {table}) + row_number() OVER () AS new_id FROM {src} {cond}"
            )
            cur.execute(f"CREATE INDEX ON {maps[table]} (old_id, root_new)")
            joins.append(f"JOIN {maps[table]} mt ON mt.old_id = t.id AND mt.root_new = g.new_id")
        fks = cat.fks.get(table, {})
        for name, typ, generated, _identity, typmod in cat.columns[table]:
            if generated:
                continue
            target = fks.get(name)
            if name == "id" and target is None:
                if table == root:
                    expr = "g.new_id"
                elif table in maps:
                    expr = "mt.new_id"
                else:
                    continue  # identity default
            elif table == root and name in plan_cols:
                expr = f"g.{name}"
            elif target == root:
                expr = f"CASE WHEN t.{name} IS NULL THEN NULL ELSE g.new_id END"
            elif target in maps and target != table:
                alias = f"m_{name}"
                joins.append(f"LEFT JOIN {maps[target]} {alias} ON {alias}.old_id = t.{name} AND {alias}.root_new = g.new_id")
                expr = f"{alias}.new_id"
            elif target == "office_user":
                alias = f"u_{name}"
                joins.append(f"LEFT JOIN gen_umap {alias} ON {alias}.old_id = t.{name} AND {alias}.v = g.v")
                expr = f"coalesce({alias}.new_id, t.{name})"
            elif target == "office_orgunit":
                alias = f"d_{name}"
                joins.append(f"LEFT JOIN gen_dmap {alias} ON {alias}.old_id = t.{name} AND {alias}.v = g.v")
                expr = f"coalesce({alias}.new_id, t.{name})"
            elif link[0] == "generic" and name == "target_id":
                expr = "g.new_id::text"
            elif typ.startswith("timestamp"):
                expr = f"t.{name} - g.shift"
            elif typ == "date":
                expr = f"(t.{name} - g.shift)::date"
            elif name in TITLE_COLUMNS:
                length = typmod - 4 if typmod > 4 else 10000
                expr = f"left(replace(t.{name}, g.tmpl_title, g.title), {length})"
            elif name in URL_COLUMNS:
                expr = f"replace(t.{name}, '/' || g.tmpl_id || '/', '/' || g.new_id || '/')"
            else:
                expr = f"t.{name}"
            cols.append(f'"{name}"')
            exprs.append(expr)
        sql = f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} FROM {src} {' '.join(joins)} {cond}"
        cur.execute(sql)
        counts[table] = cur.rowcount
        log(f"  {table}: {cur.rowcount:,}")
    for table in tables:
        if any(c[0] == "id" and c[3] for c in cat.columns[table]):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), greatest(1, (SELECT max(id) FROM {table})))"
            )
    for m in maps.values():
        cur.execute(f"DROP TABLE {m}")
    return counts
