"""督查 (集中 / 专项) and their findings; a finding becomes a 整改 item (``item_create`` with the
finding as its source). The inspection pages, the report and the bulletin build on these."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.audit import audit_record
from office.models import OrgUnit, User
from office.permissions import require
from supervision.choices import FindingState, Importance, InspectionState, SourceKind
from supervision.models import Finding, Inspection, SupervisedItem


@transaction.atomic
def inspection_create(
    *, actor: User, kind: str, topic: str, team_leader: User, starts_on: dt.date, ends_on: dt.date,
    scope_units=(), members=(), method: str = "", secret_level: int = 0,
) -> Inspection:
    require(actor, "supervision.create")
    if not topic.strip():
        raise ValidationError({"topic": _("请填写督查主题。")})
    inspection = Inspection(
        kind=kind, state=InspectionState.ONGOING if starts_on <= timezone.localdate() else InspectionState.PLANNED,
        state_since=timezone.now(), year=starts_on.year, topic=topic.strip(), team_leader=team_leader,
        starts_on=starts_on, ends_on=ends_on, method=method.strip(), secret_level=secret_level, created_by=actor,
    )
    inspection.full_clean()
    inspection._change_reason, inspection._history_user = _("创建督查"), actor
    inspection.save()
    inspection.scope_units.set(scope_units)
    inspection.members.set(members)
    audit_record(actor=actor, action="supervision.inspection_create", obj=inspection)
    return inspection


@transaction.atomic
def finding_record(
    *, actor: User, inspection: Inspection, description: str, unit: OrgUnit, requirement: str = "",
    due_on: dt.date | None = None,
) -> Finding:
    require(actor, "supervision.create")
    if not description.strip():
        raise ValidationError({"description": _("请填写问题描述。")})
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    number = (locked.findings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    finding = Finding(inspection=locked, number=number, description=description.strip(), unit=unit,
                      requirement=requirement.strip(), due_on=due_on, recorded_by=actor)
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def finding_rectify(*, actor: User, finding: Finding, responsible_leader: User | None = None) -> SupervisedItem:
    """The finding becomes a 整改 item: its unit leads, its requirement and deadline carry over."""
    from supervision.items.services import ItemData, item_create

    locked = Finding.objects.select_for_update().select_related("inspection").get(pk=finding.pk)
    if locked.item_id:
        raise ValidationError(_("该问题已转为整改事项。"))
    if locked.due_on is None:
        raise ValidationError({"due_on": _("请先确定整改时限。")})
    inspection = locked.inspection
    item = item_create(actor=actor, data=ItemData(
        title=_("整改：%(text)s") % {"text": locked.description[:280]},
        requirement=locked.requirement or locked.description, lead_unit=locked.unit, source_kind=SourceKind.FINDING,
        responsible_leader=responsible_leader, due_on=locked.due_on, importance=Importance.KEY,
        secret_level=inspection.secret_level,
        source_label=f"{inspection.get_kind_display()}：{inspection.topic}（{_('问题')}{locked.number}）"[:300],
    ))
    locked.item, locked.state = item, FindingState.RECTIFYING
    locked.save(update_fields=["item", "state"])
    return item


@transaction.atomic
def inspection_edit(
    *, actor: User, inspection: Inspection, topic: str, team_leader: User, starts_on: dt.date, ends_on: dt.date,
    scope_units=(), members=(), method: str = "", request=None,
) -> Inspection:
    """Change what was planned (topic, scope, team, schedule, method) while the inspection is not closed."""
    require(actor, "supervision.manage", request=request)
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if locked.state == InspectionState.CLOSED:
        raise ValidationError(_("督查已结束，不能修改。"))
    if not topic.strip():
        raise ValidationError({"topic": _("请填写督查主题。")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")})
    locked.topic, locked.team_leader, locked.method = topic.strip(), team_leader, method.strip()
    locked.starts_on, locked.ends_on, locked.year = starts_on, ends_on, starts_on.year
    if locked.state == InspectionState.PLANNED and starts_on <= timezone.localdate():
        locked.state, locked.state_since = InspectionState.ONGOING, timezone.now()
    locked.full_clean()
    locked._change_reason, locked._history_user = _("修改督查"), actor
    locked.save(update_fields=["topic", "team_leader", "method", "starts_on", "ends_on", "year", "state", "state_since"])
    locked.scope_units.set(scope_units)
    locked.members.set(members)
    audit_record(actor=actor, action="supervision.inspection_edit", obj=locked, request=request)
    return locked


@transaction.atomic
def finding_files_add(*, actor: User, finding: Finding, uploads, request=None) -> list:
    """Evidence for a finding: each upload checked as a document's 附件 first; all or none."""
    from supervision import files

    require(actor, "supervision.manage", request=request)
    return files.files_add(actor=actor, uploads=uploads, request=request, finding=finding)


@transaction.atomic
def inspection_report_save(*, actor: User, inspection: Inspection, report: str, request=None) -> Inspection:
    """督查报告 (the draft on the inspection): saving text moves the inspection to 已形成报告."""
    require(actor, "supervision.manage", request=request)
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if locked.state == InspectionState.CLOSED:
        raise ValidationError(_("督查已结束，不能修改报告。"))
    if not report.strip():
        raise ValidationError({"report": _("请填写督查报告。")})
    locked.report = report.strip()
    fields = ["report"]
    if locked.state in (InspectionState.PLANNED, InspectionState.ONGOING):
        locked.state, locked.state_since = InspectionState.REPORTED, timezone.now()
        fields += ["state", "state_since"]
    locked._change_reason, locked._history_user = _("督查报告"), actor
    locked.save(update_fields=fields)
    audit_record(actor=actor, action="supervision.inspection_report", obj=locked, request=request)
    return locked


def report_draft(inspection: Inspection) -> str:
    """A first draft of the 督查报告 from the inspection's data (the office edits it)."""
    if "findings" in getattr(inspection, "_prefetched_objects_cache", {}):  # the page's: no second read
        findings = sorted(inspection.findings.all(), key=lambda f: f.number)
    else:
        findings = list(inspection.findings.select_related("unit", "item").order_by("number"))
    lines = [
        _("一、督查基本情况"),
        _("%(start)s至%(end)s，督查组对%(scope)s开展了%(kind)s，督查方式：%(method)s。") % {
            "start": f"{inspection.starts_on:%Y年%-m月%-d日}", "end": f"{inspection.ends_on:%Y年%-m月%-d日}",
            "scope": "、".join(u.name for u in inspection.scope_units.all()) or _("有关处室"),
            "kind": inspection.get_kind_display(), "method": inspection.method or _("听取汇报、查阅资料")},
        _("二、发现的问题"),
    ]
    lines += [f"{f.number}. {f.description}（{f.unit.name}）" for f in findings] or [_("未发现明显问题。")]
    lines.append(_("三、整改要求"))
    lines += [_("%(n)s. %(unit)s：%(req)s，%(due)s前整改到位。") % {
        "n": f.number, "unit": f.unit.name, "req": f.requirement or f.description,
        "due": f"{f.due_on:%Y年%-m月%-d日}" if f.due_on else _("限期")} for f in findings]
    return "\n".join(lines)


@transaction.atomic
def inspection_report_to_outgoing(*, actor: User, inspection: Inspection, request=None):
    """The 督查报告 as a draft 报告 in the 发文 pipeline (linked inspection → 发文 by the core)."""
    from documents.outgoing import services as outgoing
    from office import links
    from supervision.exports.drafts import DRAFT_LINK, draft_prefix

    require(actor, "supervision.manage", request=request)
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if not locked.report.strip():
        raise ValidationError({"report": _("请先填写督查报告。")})
    if links.links_from(user=actor, source=locked, kinds=[DRAFT_LINK], objects=False):
        raise ValidationError(_("督查报告已生成发文草稿。"))
    document = outgoing.outgoing_create(actor=actor, request=request, data=outgoing.DraftData(
        doc_type=outgoing.DocType.REPORT, direction=outgoing.Direction.UP, form=outgoing.LayoutForm.FILE,
        prefix=draft_prefix(), title=_("关于%(topic)s情况的报告") % {"topic": locked.topic}, body=locked.report,
        main_recipients=_("局领导"), secret_level=locked.secret_level, version_note=_("由督查报告生成"),
    ))
    links.link_create(actor=None, source=locked, target=document, kind=DRAFT_LINK, state=document.state)
    audit_record(actor=actor, action="supervision.inspection_report_outgoing", obj=locked,
                 detail={"outgoing": document.pk}, request=request)
    return document
