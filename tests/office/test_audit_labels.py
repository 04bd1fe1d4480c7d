"""Every action code written to the audit log has a Chinese name for the auditor.

The codes come from three places: the ``audit_record(action=...)`` calls of the code base
(read from the source), the step engines (``<prefix>.<action>`` for every action of their
tables), and the few codes built at run time, listed here. The demo's log is checked too.
"""

from __future__ import annotations

import ast
from pathlib import Path

from office.audit import action_label, recorded_actions
from office.choices import ProposalKind
from office.models.deadlines import DeadlineState
from office.workflow.engine import ALL_STEPS

ROOT = Path(__file__).resolve().parents[2]
APPS = ("office", "documents", "supervision", "meetings", "tasks")


def _literal_codes() -> dict[str, str]:
    """code → where it is written, for every ``audit_record`` call with a constant action."""
    found: dict[str, str] = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            if "migrations" in path.parts or "_record(" not in source:
                continue
            for node in ast.walk(ast.parse(source)):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name not in ("audit_record", "password_record"):
                    continue
                for keyword in node.keywords:
                    if keyword.arg != "action":
                        continue
                    value = keyword.value
                    values = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
                    for v in values:
                        if isinstance(v, ast.Constant) and isinstance(v.value, str):
                            found.setdefault(v.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def _unnamed(codes) -> list[str]:
    return sorted(code for code in codes if action_label(code) == code)


def test_every_code_the_services_write_has_a_name():
    codes = _literal_codes()
    assert len(codes) > 80  # the scan found the services' calls
    assert [(code, codes[code]) for code in _unnamed(codes)] == []


def test_every_workflow_step_has_a_name():
    steps = [s for s in ALL_STEPS if s.model._meta.app_label in APPS]
    assert {s.audit_prefix for s in steps} >= {"incoming", "outgoing", "information", "supervision", "agenda", "tasks"}
    codes = [f"{s.audit_prefix}.{action}" for s in steps for action in s.table.transitions]
    assert _unnamed(codes) == []
    assert action_label("incoming.sign") == "收文·签收" and action_label("outgoing.sign") == "发文·签发"
    assert action_label("information.adopt") == "政务信息·采用"
    assert action_label("supervision.close") == "督办事项·销号"


def test_codes_built_at_run_time_have_names():
    codes = [f"deadline.{state}" for state in DeadlineState.values if state != DeadlineState.OPEN]
    codes += [f"account.{kind}" for kind in (ProposalKind.DEACTIVATE, ProposalKind.ACTIVATE)]
    codes += ["logout.idle", "logout.expired", "password.change"]
    assert _unnamed(codes) == []


def test_the_demo_log_is_all_in_chinese(demo):
    codes = recorded_actions()
    assert any(code.startswith("supervision.") for code in codes)
    assert _unnamed(codes) == []
