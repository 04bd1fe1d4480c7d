"""Reads of the 纪要, through the policy: the meeting's minutes, its decisions and their items' lights."""

from __future__ import annotations

from meetings.models import Decision, Minutes
from office import links
from office.models import LinkKind
from office.permissions import restrict


def minutes_of(*, user, meeting) -> Minutes | None:
    return restrict(Minutes.objects.filter(meeting=meeting), user).select_related("drafted_by").first()


def decisions_of(*, user, minutes: Minutes) -> list[Decision]:
    """The decisions in order, each with ``supervised``: the link to its item (state, light) when the
    user may see the item — read through the core's links, never supervision's models."""
    rows = list(
        restrict(Decision.objects.filter(minutes=minutes), user)
        .select_related("agenda_item", "lead_unit", "confirmed_by")
        .prefetch_related("assisting_units")
        .order_by("order")
    )
    # The items opened (督办) and the requests citing a decision (三重一大: 财务支出): one read of the core's links.
    found = links.links_from_each(user=user, sources=rows, kinds=[LinkKind.SUPERVISE, LinkKind.DECISION])
    for row in rows:
        mine = found.get(str(row.pk), [])
        supervised = [link for link in mine if link.kind == LinkKind.SUPERVISE]
        row.supervised = supervised[0] if supervised else None
        row.cited_by = [link for link in mine if link.kind == LinkKind.DECISION]
    return rows


# --- for 办事: 三重一大 (a large expenditure cites the collective decision) ------------------------


def citable_decisions(*, user, kind_code: str, since_year: int | None = None):
    """The 议定事项 of meetings of ``kind_code`` (the 党组会议) the user may see, newest meeting first,
    with the meeting for their label (:func:`decision_label`)."""
    rows = restrict(Decision.objects.filter(minutes__meeting__kind__code=kind_code), user)
    if since_year is not None:
        rows = rows.filter(minutes__meeting__year__gte=since_year)
    return rows.select_related("minutes__meeting", "minutes__meeting__kind").order_by(
        "-minutes__meeting__starts_at", "order"
    )


def decision_for_citation(*, user, pk, kind_code: str) -> Decision:
    """One 议定事项 a request may cite: seen by the user and of a meeting of ``kind_code`` — else a message."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    found = citable_decisions(user=user, kind_code=kind_code).filter(pk=pk).first()
    if found is None:
        raise ValidationError({"decision": _("请选择您可查看的党组会议议定事项。")})
    return found


def decision_label(decision: Decision) -> str:
    """2026年第3次党组会议 议定事项2：同意……"""
    from django.utils.translation import gettext as _

    return _("%(meeting)s 议定事项%(n)s：%(text)s") % {
        "meeting": decision.minutes.meeting.number_display, "n": decision.order, "text": decision.text[:60],
    }


def decision_url(decision: Decision) -> str:
    """The decision on its meeting's 纪要 page."""
    from django.urls import reverse

    return f"{reverse('meetings:minutes_detail', args=[decision.minutes.meeting_id])}#decision-{decision.order}"


def decisions_labelled(decisions: list[Decision]) -> list[Decision]:
    """Decisions read through the core's links, made ready for :func:`decision_label` and
    :func:`decision_url` (their 纪要 and meeting: one query each)."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(decisions, "minutes__meeting__kind")
    for decision in decisions:
        decision.label, decision.url = decision_label(decision), decision_url(decision)
    return decisions
