"""The raw-SQL lower bound of each page of benchmarks/pages.py: the rows the page lists and their count.

Hand-written against the tables, with the policy's scope (design.md, "Who sees what") in
``EXISTS`` form, so PostgreSQL can drive it from the outer row. Each function returns a list
of (sql, params) run in order; the first returns the page's rows (ids first), the second the
count where the page shows one. pages.py checks that the ids equal the page's (``same_rows``).
"""

from __future__ import annotations

PAGE = 20

INCOMING_COLS = "d.id, d.title, d.state, d.year, d.serial, d.sender_org, d.sender_ref, d.urgency, d.due_at, d.lead_unit_id, d.handler_id"
OUTGOING_COLS = "d.id, d.title, d.state, d.year, d.number, d.urgency, d.state_since, d.drafting_unit_id, d.signer_id"


def incoming_scope(u: dict) -> tuple[str, dict]:
    """收文 a user may see, as a predicate over ``d`` (IncomingPolicy: department, leader, personal fields,
    guardian grants, assignments)."""
    p = {"uid": u["id"], "clr": u["clearance"], "unit": u["unit_id"], "charge": u["charge"], "ct": u["ct_in"]}
    granted = ("EXISTS (SELECT 1 FROM documents_incominguserobjectpermission g"
               " WHERE g.content_object_id = d.id AND g.user_id = %(uid)s)")
    assigned = ("EXISTS (SELECT 1 FROM office_assignment a WHERE a.target_type_id = %(ct)s AND a.target_id = d.id::text"
                " AND a.state <> 'cancelled' AND (a.user_id = %(uid)s OR EXISTS (SELECT 1 FROM office_assignment_holders h"
                " WHERE h.assignment_id = a.id AND h.user_id = %(uid)s)))")
    if u["role"] == "office":
        scope = "true"
    elif u["role"] == "leader" and u["is_principal"]:
        scope = "d.state NOT IN ('arrived', 'signed')"
    elif u["role"] == "leader":
        scope = (f"(d.lead_unit_id = ANY(%(charge)s) OR EXISTS (SELECT 1 FROM documents_incomingdocument_assisting_units x"
                 f" WHERE x.incomingdocument_id = d.id AND x.orgunit_id = ANY(%(charge)s))"
                 f" OR EXISTS (SELECT 1 FROM documents_incomingrouting r WHERE r.document_id = d.id AND r.leader_id = %(uid)s)"
                 f" OR d.handler_id = %(uid)s OR {granted} OR {assigned})")
    else:
        scope = (f"(d.lead_unit_id = %(unit)s OR EXISTS (SELECT 1 FROM documents_incomingdocument_assisting_units x"
                 f" WHERE x.incomingdocument_id = d.id AND x.orgunit_id = %(unit)s)"
                 f" OR d.handler_id = %(uid)s OR {granted} OR {assigned})")
    return f"d.secret_level <= %(clr)s AND {scope}", p


def outgoing_scope(u: dict) -> tuple[str, dict]:
    p = {"uid": u["id"], "clr": u["clearance"], "unit": u["unit_id"], "charge": u["charge"]}
    issued = "d.state IN ('issued', 'archived')"
    if u["role"] == "office":
        scope = "d.office_received_at IS NOT NULL"
    elif u["role"] == "leader" and u["is_principal"]:
        scope = f"(d.sign_requested_at IS NOT NULL OR d.direction = 'up' OR {issued})"
    elif u["role"] == "leader":
        scope = f"(d.drafting_unit_id = ANY(%(charge)s) OR d.signer_id = %(uid)s OR {issued})"
    else:
        scope = (f"(d.drafting_unit_id = %(unit)s OR d.drafter_id = %(uid)s"
                 f" OR EXISTS (SELECT 1 FROM documents_outgoingcountersign c WHERE c.document_id = d.id AND c.unit_id = %(unit)s)"
                 f" OR ({issued} AND (d.secret_level < 2 OR EXISTS (SELECT 1 FROM documents_outgoingrecipient r"
                 f" WHERE r.document_id = d.id AND r.unit_id = %(unit)s))))")
    return f"d.secret_level <= %(clr)s AND {scope}", p


def _list(table, cols, where, params, order, *, count=True, limit=PAGE):
    q = [(f"SELECT {cols} FROM {table} d WHERE {where} ORDER BY {order} LIMIT {limit}", params)]
    if count:
        q.append((f"SELECT count(*) FROM {table} d WHERE {where}", params))
    return q


def workbench(u, tab):
    kind, order = ("action", "is_urgent DESC, due_at, created_at DESC") if tab == "todo" else ("read", "created_at DESC")
    where = "d.user_id = %(uid)s AND d.kind = %(kind)s AND d.state = 'open'"
    return _list("office_todo", "d.id, d.title, d.url, d.summary, d.due_at, d.created_at, d.sender_id", where,
                 {"uid": u["id"], "kind": kind}, order)


def incoming_desk(u, *, term=None, last=False):
    scope, p = incoming_scope(u)
    if term is not None:  # the search: box 全部, title or 字号
        where = f"{scope} AND (upper(d.title) LIKE upper(%(term)s) OR upper(d.sender_ref) LIKE upper(%(term)s))"
        p = {**p, "term": f"%{term}%"}
    elif last:
        where = scope
    elif u["role"] == "office":
        where = f"{scope} AND d.state = 'arrived'"
    elif u["role"] == "leader":
        where = (f"{scope} AND d.state = 'instructing' AND EXISTS (SELECT 1 FROM documents_incomingrouting r"
                 f" WHERE r.document_id = d.id AND r.leader_id = %(uid)s AND r.state = 'pending')")
    else:
        where = f"{scope} AND d.state IN ('handling', 'confirming')"
    if last:  # the last page: the first rows in the reverse order (count first, to know how many)
        return [("SELECT count(*) FROM documents_incomingdocument d WHERE " + where, p),
                (f"SELECT {INCOMING_COLS} FROM documents_incomingdocument d WHERE {where}"
                 " ORDER BY d.urgency, d.due_at DESC NULLS FIRST, d.id LIMIT %(tail)s", p)]
    return _list("documents_incomingdocument", INCOMING_COLS, where, p, "d.urgency DESC, d.due_at, d.id DESC")


def outgoing_desk(u):
    scope, p = outgoing_scope(u)
    if u["role"] == "office":
        where = f"{scope} AND d.state = 'office_review'"
    elif u["role"] == "leader":
        where = f"{scope} AND d.state = 'signing' AND d.signer_id = %(uid)s"
    else:
        where = f"{scope} AND d.state = 'drafting'"
    return _list("documents_outgoingdocument", OUTGOING_COLS, where, p, "d.urgency DESC, d.state_since DESC, d.id DESC")


def incoming_detail(u, pk):
    scope, p = incoming_scope(u)
    p = {**p, "pk": pk}
    return [(f"SELECT d.* FROM documents_incomingdocument d WHERE d.id = %(pk)s AND {scope}", p),
            ("SELECT * FROM documents_incomingstep WHERE document_id = %(pk)s ORDER BY at", p)]


def outgoing_detail(u, pk):
    scope, p = outgoing_scope(u)
    p = {**p, "pk": pk}
    return [(f"SELECT d.* FROM documents_outgoingdocument d WHERE d.id = %(pk)s AND {scope}", p),
            ("SELECT * FROM documents_outgoingstep WHERE document_id = %(pk)s ORDER BY at", p)]


def deadlines(u, soon_until):
    p = {"uid": u["id"], "clr": u["clearance"], "unit": u["unit_id"], "charge": u["charge"], "soon": soon_until}
    if u["role"] == "office" or u["is_principal"]:
        scope = "true"
    elif u["role"] == "leader":
        scope = "d.responsible_unit_id = ANY(%(charge)s)"
    elif u["role"] == "dept_head":
        scope = "d.responsible_unit_id = %(unit)s"
    else:
        scope = "d.responsible_user_id = %(uid)s"
    where = f"d.state = 'open' AND d.secret_level <= %(clr)s AND {scope} AND d.due_at <= %(soon)s"
    return _list("office_deadline", "d.id, d.title, d.url, d.due_at, d.responsible_unit_id, d.responsible_user_id",
                 where, p, "d.due_at, d.id")


def board(u):
    """The raw aggregates a dashboard (看板) would need per request without its summary rows: the
    on-time rate of 督办 by department (this year), overdue items by department, and the median and
    90th percentile of 收文 (登记 → 办结) and 发文 (起草 → 印发) this year — in calendar days (the
    working-day calendar is Python's; this is the lower bound). A deputy: his departments; a head:
    his own. The page itself reads these from ``office_figure`` (one indexed query)."""
    p = {"unit": u["unit_id"], "charge": u["charge"]}
    if u["role"] == "leader" and not u["is_principal"]:
        scope = "= ANY(%(charge)s)"
    elif u["role"] == "dept_head":
        scope = "= %(unit)s"
    else:
        scope = "IS NOT NULL"
    year = "date_trunc('year', now())"
    return [
        (f"SELECT i.lead_unit_id, COUNT(*), COUNT(*) FILTER (WHERE i.state IN ('closed', 'evaluated')"
         f" AND i.completed_on <= i.due_on) FROM supervision_superviseditem i"
         f" WHERE i.lead_unit_id {scope} AND i.state NOT IN ('draft', 'cancelled') AND i.due_on >= {year}"
         f" GROUP BY 1", p),
        (f"SELECT i.lead_unit_id, COUNT(*) FROM supervision_superviseditem i WHERE i.lead_unit_id {scope}"
         f" AND i.state IN ('assigned', 'adjusting', 'signed', 'handling', 'reported', 'reporting_back', 'accepted')"
         f" AND i.due_on < current_date AND (i.completed_on IS NULL OR i.completed_on > i.due_on) GROUP BY 1", p),
        (f"SELECT d.lead_unit_id, percentile_disc(0.5) WITHIN GROUP (ORDER BY d.done_at::date - d.registered_at::date),"
         f" percentile_disc(0.9) WITHIN GROUP (ORDER BY d.done_at::date - d.registered_at::date), COUNT(*)"
         f" FROM documents_incomingdocument d WHERE d.lead_unit_id {scope} AND d.done_at >= {year}"
         f" AND d.registered_at IS NOT NULL GROUP BY 1", p),
        (f"SELECT d.drafting_unit_id, percentile_disc(0.5) WITHIN GROUP (ORDER BY d.issued_at::date - d.created_at::date),"
         f" percentile_disc(0.9) WITHIN GROUP (ORDER BY d.issued_at::date - d.created_at::date), COUNT(*)"
         f" FROM documents_outgoingdocument d WHERE d.drafting_unit_id {scope} AND d.issued_at >= {year} GROUP BY 1", p),
    ]
