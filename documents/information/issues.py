"""信息专报 issues: compiled from adopted items, ordered, numbered at 报送 and sent to the leaders (待阅).

The 期号 is one sequence per publication per year (``office.serials``): given in the
transaction that sends the issue, so a draft that is never sent takes no number.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.choices import INFO_USED, IssueState, Publication
from documents.models import InformationIssue, InformationItem, IssueEntry, IssueReader
from office import org
from office.audit import audit_record
from office.choices import Role, TodoKind
from office.models import User
from office.permissions import require, restrict
from office.serials import serial_next
from office.services import todo_close, todo_open

READ_STEP = "info.read"


def serial_kind(publication: str) -> str:
    return f"info.{publication}"


def _lock(issue: InformationIssue) -> InformationIssue:
    return InformationIssue.objects.select_for_update().get(pk=issue.pk)


def _draft(actor: User, issue: InformationIssue, request) -> InformationIssue:
    require(actor, "documents.info_manage", request=request)
    require(actor, "view", issue, request=request)
    locked = _lock(issue)
    if locked.state != IssueState.DRAFT:
        raise ValidationError(_("该期已报送，不能再修改。"))
    return locked


@transaction.atomic
def issue_create(
    *,
    actor: User,
    publication: str = Publication.SPECIAL,
    distribution: str = "",
    request=None,
) -> InformationIssue:
    require(actor, "documents.info_manage", request=request)
    if publication not in Publication.values:
        raise ValidationError({"publication": _("请选择刊物。")})
    issue = InformationIssue(
        publication=publication,
        year=timezone.localdate().year,
        printer=_("%(organ)s办公室") % {"organ": org.organ_name()},
        distribution=(distribution or "").strip(),
        compiled_by=actor,
    )
    issue.full_clean()
    issue._change_reason, issue._history_user = _("新建专报"), actor
    issue.save()
    audit_record(actor=actor, action="information.issue_create", obj=issue, request=request)
    return issue


@transaction.atomic
def issue_add(*, actor: User, issue: InformationIssue, items, request=None) -> int:
    """Add adopted items (the office's view of them) at the end; returns how many were added."""
    locked = _draft(actor, issue, request)
    ids = [i.pk for i in items]
    if not ids:
        raise ValidationError({"items": _("请选择要编入的信息。")})
    usable = list(
        restrict(InformationItem.objects.all(), actor)
        .filter(pk__in=ids, state__in=INFO_USED)
        .exclude(entries__issue=locked)
        .order_by("submitted_at", "id")
    )
    if len(usable) != len(set(ids)):
        raise ValidationError({"items": _("只能编入已采用且尚未编入本期的信息。")})
    last = locked.entries.aggregate(m=Max("order"))["m"] or 0
    IssueEntry.objects.bulk_create(
        [IssueEntry(issue=locked, item=item, order=last + n) for n, item in enumerate(usable, start=1)]
    )
    level = max([locked.secret_level, *(i.secret_level for i in usable)])
    if level != locked.secret_level:
        locked.secret_level = level  # made from its items: their highest 密级
        locked.save(update_fields=["secret_level"])
    audit_record(actor=actor, action="information.issue_add", obj=locked, detail={"items": ids}, request=request)
    return len(usable)


@transaction.atomic
def issue_remove(*, actor: User, issue: InformationIssue, item_id: int, request=None) -> None:
    locked = _draft(actor, issue, request)
    deleted, _rows = locked.entries.filter(item_id=item_id).delete()
    if not deleted:
        raise ValidationError(_("本期没有这条信息。"))
    levels = list(locked.entries.values_list("item__secret_level", flat=True))
    locked.secret_level = max(levels, default=0)
    locked.save(update_fields=["secret_level"])
    audit_record(actor=actor, action="information.issue_remove", obj=locked, detail={"item": item_id}, request=request)


@transaction.atomic
def issue_move(*, actor: User, issue: InformationIssue, item_id: int, up: bool, request=None) -> None:
    """Swap an item with the one before (up) or after it."""
    locked = _draft(actor, issue, request)
    entries = list(locked.entries.select_for_update().order_by("order", "id"))
    index = next((n for n, e in enumerate(entries) if e.item_id == item_id), None)
    if index is None:
        raise ValidationError(_("本期没有这条信息。"))
    other = index - 1 if up else index + 1
    if not 0 <= other < len(entries):
        return
    a, b = entries[index], entries[other]
    a.order, b.order = b.order, a.order
    a.save(update_fields=["order"])
    b.save(update_fields=["order"])


@transaction.atomic
def issue_send(
    *, actor: User, issue: InformationIssue, leaders, distribution: str | None = None, request=None
) -> InformationIssue:
    """报送: numbered now (no repeats, no gaps), a 待阅 to-do for each leader."""
    locked = _draft(actor, issue, request)
    leaders = list(leaders or [])
    if not locked.entries.exists():
        raise ValidationError(_("本期还没有编入信息，不能报送。"))
    if not leaders:
        raise ValidationError({"leaders": _("请选择报送的领导。")})
    if any(u.role != Role.LEADER or not u.is_active for u in leaders):
        raise ValidationError({"leaders": _("只能报送局领导。")})
    if any(u.clearance < locked.secret_level for u in leaders):
        raise ValidationError({"leaders": _("所选领导的涉密等级低于本期密级。")})
    now = timezone.now()
    locked.year = timezone.localdate(now).year
    locked.number = serial_next(kind=serial_kind(locked.publication), year=locked.year)
    locked.state, locked.sent_at, locked.sent_by = IssueState.SENT, now, actor
    if distribution is not None:
        locked.distribution = distribution.strip()
    locked._change_reason, locked._history_user = _("报送"), actor
    locked.save(update_fields=["year", "number", "state", "sent_at", "sent_by", "distribution"])
    IssueReader.objects.bulk_create([IssueReader(issue=locked, leader=u) for u in leaders])
    for leader in leaders:
        todo_open(
            user=leader,
            target=locked,
            step=READ_STEP,
            title=f"【{_('待阅')}】{locked.display_number}",
            url=locked.get_absolute_url(),
            kind=TodoKind.READ,
            sender=actor,
        )
    audit_record(
        actor=actor,
        action="information.issue_send",
        obj=locked,
        detail={"number": locked.number, "leaders": [u.pk for u in leaders]},
        request=request,
    )
    return locked


@transaction.atomic
def issue_mark_read(*, actor: User, issue: InformationIssue, request=None) -> IssueReader:
    require(actor, "view", issue, request=request)
    reader = IssueReader.objects.select_for_update().filter(issue=issue, leader=actor).first()
    if reader is None:
        raise ValidationError(_("本期未报送给您。"))
    if reader.read_at is None:
        reader.read_at = timezone.now()
        reader.save(update_fields=["read_at"])
        todo_close(target=issue, step=READ_STEP, user=actor)
        audit_record(actor=actor, action="information.issue_read", obj=issue, request=request)
    return reader
