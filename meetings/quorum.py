"""法定人数: whether enough members of the meeting kind are there to decide.

More than half of the members (组成人员); two thirds where an 议题 on the agenda concerns 干部任免
(《中国共产党党组工作条例》). A substitute (代参会人) does not count. Checked before the agenda goes
上会 (members who have not asked leave) and at sign-in (members signed in, late ones included).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from meetings.choices import AgendaState, Answer, Presence, QuorumRule

#: 议题 that are on the agenda (or are about to be): what makes it a 干部任免 meeting.
ON_AGENDA = (AgendaState.ACCEPTED, AgendaState.APPROVED, AgendaState.DISCUSSED)


def needed(rule: str, members: int, *, personnel: bool) -> int:
    """How many members must be there: 0 when the kind sets no quorum."""
    if rule == QuorumRule.NONE or members == 0:
        return 0
    if personnel:
        return -(-2 * members // 3)  # at least two thirds: ceil(2n/3)
    return members // 2 + 1  # more than half


@dataclass(frozen=True)
class Quorum:
    members: int
    counted: int
    needed: int
    personnel: bool

    @property
    def ok(self) -> bool:
        return self.counted >= self.needed

    @property
    def message(self) -> str:
        rule = _("三分之二") if self.personnel else _("过半数")
        if self.ok:
            return _("组成人员%(members)s人，到会%(counted)s人，达到法定人数（%(rule)s）。") % {
                "members": self.members,
                "counted": self.counted,
                "rule": rule,
            }
        return _("组成人员%(members)s人，到会%(counted)s人，不足法定人数（%(rule)s，须%(needed)s人）。") % {
            "members": self.members,
            "counted": self.counted,
            "rule": rule,
            "needed": self.needed,
        }


def has_personnel(meeting) -> bool:
    return meeting.agenda_items.filter(is_personnel=True, state__in=ON_AGENDA).exists()


def quorum(meeting, *, at_sign_in: bool) -> Quorum:
    """Before 上会: the members who have not asked leave; at sign-in: those signed in."""
    members = meeting.attendees.filter(is_member=True, substitute_for__isnull=True)
    if at_sign_in:
        counted = members.filter(presence__in=(Presence.PRESENT, Presence.LATE)).count()
    else:
        counted = members.exclude(answer=Answer.LEAVE).count()
    total = members.count()
    personnel = has_personnel(meeting)
    return Quorum(total, counted, needed(meeting.kind.quorum, total, personnel=personnel), personnel)
