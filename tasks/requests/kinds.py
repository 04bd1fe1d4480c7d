"""What each kind adds to the one approval engine: its checks before submission, what it
reserves while the chain runs (a budget), and which approval rule its chain comes from.

Each kind's ``services`` module registers its hooks at import (``tasks.apps`` imports them);
the engine (:mod:`tasks.requests.services`) calls them and knows no kind by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def _nothing(locked, actor) -> None:
    return None


def _no_problems(locked) -> list[str]:
    return []


@dataclass(frozen=True)
class KindHooks:
    #: What is still missing or breaks a rule before submission: one sentence each (empty: fine).
    problems: Callable = _no_problems
    #: Run in the submission's transaction, after the checks (e.g. reserve the budget).
    on_submit: Callable = _nothing
    #: Run when the chain ends without approval (returned, withdrawn): give back what was reserved.
    on_release: Callable = _nothing
    #: The approval rule's kind for this request (e.g. ``tasks.seal.party``), tried before ``tasks.<kind>``.
    rule_kind: Callable = lambda locked: ""  # noqa: E731


HOOKS: dict[str, KindHooks] = {}


def register_kind(kind: str, hooks: KindHooks) -> None:
    HOOKS[kind] = hooks


def hooks_for(kind: str) -> KindHooks:
    return HOOKS.get(kind, KindHooks())
