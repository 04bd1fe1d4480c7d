"""How 议题, meetings and 议定事项 appear in the chain of a matter (office.chain):
议题 → 上会 → 议定事项 (then, through the core link, 督办 → 销号)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from meetings.models import AgendaItem, Decision, Meeting
from office import chain


def _agenda_related(ids: list[str]):
    """A 议题 → the meeting it went to and what was decided on it."""
    for meeting_id, decision_id in AgendaItem.objects.filter(pk__in=ids).values_list("meeting_id", "decisions__id"):
        yield Meeting, meeting_id
        yield Decision, decision_id


def _decision_related(ids: list[str]):
    """A 议定事项 → its 议题 and its meeting."""
    for agenda_id, meeting_id in Decision.objects.filter(pk__in=ids).values_list("agenda_item_id", "minutes__meeting_id"):
        yield AgendaItem, agenda_id
        yield Meeting, meeting_id


def _decision_events(decisions: list):
    """The 督查员's confirmation that a 议定事项 needs supervision (a field of its own, not a step)."""
    for decision in decisions:
        if decision.confirmed_at is not None:
            yield {"obj": decision, "at": decision.confirmed_at, "label": _("督查员确认"),
                   "actor": decision.confirmed_by.full_name if decision.confirmed_by else ""}


chain.register(chain.Kind(AgendaItem, N_("议题"), related=_agenda_related, order=20))
# A meeting holds many matters: the chain of one passes through it but does not fan out from it.
chain.register(chain.Kind(Meeting, N_("会议"), number=lambda m: m.number_display, select_related=("kind",), order=25))
chain.register(chain.Kind(
    Decision, N_("议定事项"), title=lambda d: d.text[:80], select_related=("minutes", "confirmed_by"), related=_decision_related, events=_decision_events,
    url=lambda d: reverse("meetings:minutes_detail", args=[d.minutes.meeting_id]), order=30,
))
