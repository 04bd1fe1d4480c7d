"""What a transition table is, for every workflow. No ORM here.

Each action names the states it may start from, the state it leads to (None: the
object stays, or the service decides) and the one kind of person who may take it,
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
    #: For actions whose "who" depends on where the object is: state → who (``allowed`` unused).
    by_state: dict[str, Callable[[Any], bool]] | None = None

    def permits(self, state: str, facts: Any) -> bool:
        if state not in self.sources:
            return False
        if self.by_state is not None:
            return self.by_state[state](facts)
        return self.allowed(facts)


def nobody(facts: Any) -> bool:
    return False


def anybody(facts: Any) -> bool:
    return True


class TransitionError(Exception):
    """The action does not exist (or cannot start from the object's state)."""


class Table:
    """The transitions of one workflow, by action."""

    def __init__(self, transitions: Iterable[Transition]):
        self.transitions: dict[str, Transition] = {}
        for transition in transitions:
            if transition.action in self.transitions:
                raise ValueError(f"duplicate action {transition.action!r}")
            if transition.by_state is not None and set(transition.by_state) != set(transition.sources):
                raise ValueError(f"{transition.action!r}: by_state must name exactly its source states")
            self.transitions[transition.action] = transition

    def __contains__(self, action: str) -> bool:
        return action in self.transitions

    def get(self, action: str) -> Transition:
        try:
            return self.transitions[action]
        except KeyError:
            raise TransitionError(action) from None

    def label(self, action: str) -> str:
        """The action's label, or the action itself when the table no longer has it."""
        transition = self.transitions.get(action)
        return str(transition.label) if transition else action

    def can(self, action: str, state: str, facts: Any) -> bool:
        transition = self.transitions.get(action)
        return transition is not None and transition.permits(state, facts)

    def available(self, state: str, facts: Any) -> list[Transition]:
        """The actions this user may take on the object now (for the detail page's buttons)."""
        return [t for t in self.transitions.values() if t.permits(state, facts)]

    def states(self) -> set[str]:
        """Every state the table names, as source or target."""
        found: set[str] = set()
        for t in self.transitions.values():
            found |= set(t.sources)
            if t.target:
                found.add(t.target)
        return found
