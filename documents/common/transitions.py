"""What a transition table is, for 收文 and 发文 alike. No ORM here.

Each action names the states it may start from, the state it leads to (None: the
document stays, or the service decides) and the one kind of person who may take it,
decided from the workflow's ``Facts`` — plain values the services read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Transition:
    action: str
    label: object  # a lazy translation
    sources: frozenset[str]
    target: str | None
    who: object
    allowed: Callable[[Any], bool]
    #: For actions whose "who" depends on where the document is: state → who (``allowed`` unused).
    by_state: dict[str, Callable[[Any], bool]] | None = None

    def permits(self, state: str, facts: Any) -> bool:
        if state not in self.sources:
            return False
        if self.by_state is not None:
            return self.by_state[state](facts)
        return self.allowed(facts)


def nobody(facts: Any) -> bool:
    return False


class TransitionError(Exception):
    """The action does not exist (or cannot start from the document's state)."""


class Table:
    """The transitions of one workflow, by action."""

    def __init__(self, transitions: Iterable[Transition]):
        self.transitions: dict[str, Transition] = {t.action: t for t in transitions}

    def get(self, action: str) -> Transition:
        try:
            return self.transitions[action]
        except KeyError:
            raise TransitionError(action) from None

    def can(self, action: str, state: str, facts: Any) -> bool:
        transition = self.transitions.get(action)
        return transition is not None and transition.permits(state, facts)

    def available(self, state: str, facts: Any) -> list[Transition]:
        """The actions this user may take on the document now (for the detail page's buttons)."""
        return [t for t in self.transitions.values() if t.permits(state, facts)]
