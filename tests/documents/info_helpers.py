"""Building 政务信息 through the services, for the tests: a 约稿, an item walked to a state, an issue sent."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from documents.choices import InfoState
from documents.information import issues, services
from documents.information.services import ItemData
from office.models import OrgUnit, User

S = InfoState
_n = itertools.count(1)


def people() -> dict[str, User]:
    return {u.username: u for u in User.objects.select_related("unit")}


def unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def commission(*codes: str, days: int = 7, title: str = "一季度就业形势") -> object:
    p = people()
    return services.request_create(
        actor=p["wujing"],
        title=title,
        requirement="请报送本处室工作动态。",
        due_on=timezone.localdate() + dt.timedelta(days=days),
        units=[unit(c) for c in codes],
    )


def item(to=S.SUBMITTED, *, author="qianli", head="zhoujianhua", request=None, level=0, body=None, title=None):
    """An item of 钱莉 (法规处) walked to ``to``: 送审, 审核报送 by 周建华, then the office's decision."""
    p = people()
    it = services.item_create(
        actor=p[author],
        data=ItemData(
            title=title or f"法规处推进依法行政工作动态{next(_n)}",
            body=body
            or "一、基本情况\n今年以来，我处围绕依法行政开展了一系列工作。\n二、主要做法\n一是完善制度；二是加强培训。",
            category="work",
            secret_level=level,
            request=request,
        ),
    )
    if to == S.DRAFT:
        return it
    it = services.item_submit(actor=p[author], item=it)
    if to == S.PENDING:
        return it
    it = services.item_approve(actor=p[head], item=it, secrecy_confirmed=True, secrecy_note="不涉密")
    if to == S.SUBMITTED:
        return it
    action = {S.ADOPTED: "adopt", S.CONDENSED: "condense", S.REJECTED: "reject"}[to]
    edited = None
    if to == S.CONDENSED:
        edited = ItemData(
            title=it.title,
            body="我处完善制度、加强培训，依法行政水平持续提升。",
            category=it.category,
            secret_level=it.secret_level,
        )
    return services.item_decide(
        actor=p["wujing"], item=it, action=action, edited=edited, note="内容空泛。" if to == S.REJECTED else ""
    )


def sent_issue(*items_, leaders=("wangjianguo", "liminghua")):
    p = people()
    issue = issues.issue_create(actor=p["wujing"])
    issues.issue_add(actor=p["wujing"], issue=issue, items=list(items_))
    return issues.issue_send(actor=p["wujing"], issue=issue, leaders=[p[u] for u in leaders])
