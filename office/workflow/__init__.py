"""The workflow core: transition tables, the step engine, assignments, office duties,
approval chains, 代录 and 委托, the step-posting view and the timeline.

Modules (none imports an app of ours; import them directly, this package imports nothing):

- :mod:`office.workflow.table` — ``Transition``, ``Table`` (plain, no ORM)
- :mod:`office.workflow.choices` — duties, assignment kinds, modes and states
- :mod:`office.workflow.engine` — ``Steps``: begin (lock, table, policy) / finish (record, move, audit)
- :mod:`office.workflow.assignments` — who must act; opens and closes the to-dos
- :mod:`office.workflow.duties` — office duties (文书, 秘书, 督查员, 主任) and their holders
- :mod:`office.workflow.delegation` — 委托 for a period
- :mod:`office.workflow.chains` — approval chains from rules kept as data
- :mod:`office.workflow.views` — the step-posting view base
- :mod:`office.workflow.rule_views` — the 办公室主任's page confirming approval rules
"""
