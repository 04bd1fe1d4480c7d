"""Fixtures for 办文 tests: the demo organ's people by username, and ``walk``, which
moves a new 收文 to a given state through the services (side effects included)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from documents.choices import DocType, IncomingState, Urgency
from documents.incoming import services
from documents.models import IncomingDocument
from documents.outgoing.demo import office_duties
from office.choices import Clearance
from office.models import OrgUnit, User

S = IncomingState
_refs = itertools.count(1)

#: The main line, in order: ``walk(to=…)`` goes through every state before the one asked for.
MAIN_LINE = (S.ARRIVED, S.SIGNED, S.REGISTERED, S.PROPOSING, S.INSTRUCTING, S.HANDLING, S.CONFIRMING, S.DONE, S.ARCHIVED)


@pytest.fixture
def organ(demo_people):
    """The demo organ — its units and people — without the demo documents.

    Tests start from an empty register (收文编号 1, 件号 0001, 文号 1) and need not walk
    the demo's thirty documents first. The office duties 发文 goes by are held (周婷 文书,
    刘晓东 主任), as the demo grants them.
    """
    office_duties()


@pytest.fixture
def people(organ) -> dict[str, User]:
    """Every demo account by username (``people["zhouting"]``)."""
    return {u.username: u for u in User.objects.select_related("unit")}


@pytest.fixture
def units(organ) -> dict[str, OrgUnit]:
    """Every demo unit by code (``units["ZCFG"]``)."""
    return {u.code: u for u in OrgUnit.objects.all()}


def registration(**overrides) -> services.Registration:
    """A valid 登记 form: a 函 from the provincial department, 5 working days to handle."""
    n = next(_refs)
    values = dict(
        sender_org="省人力资源和社会保障厅", sender_ref=f"人社厅函〔2026〕{n}号",
        title=f"关于报送人才引进政策执行情况的函（{n}）", doc_type=DocType.LETTER,
        secret_level=Clearance.PUBLIC, secrecy_period="", urgency=Urgency.NORMAL, copies=1, copy_numbers="",
        received_on=timezone.localdate(), due_at=None, workdays=None, summary="",
    )
    values.update(overrides)
    return services.Registration(**values)


@pytest.fixture
def walk(people, units):
    return incoming_walker(people, units)


def incoming_walker(people, units):
    """``walk(to=S.HANDLING, …)`` → a new document, moved to that state through the services.

    The way: the office (zhouting, or wujing for 机密) receives, signs and registers it;
    the director liuxiaodong proposes it to ``leaders`` with ``lead`` leading and
    ``assisting`` assisting; each leader in turn gives a 批示, the last one handing it to
    the departments with a time limit of 5 working days; the lead head assigns ``handler``
    (when given, and always from 待确认办结 on: by default the lead unit's first staff);
    the handler reports, the head confirms, the office archives (保管期限 30 年).
    ``to=S.RETURNED`` returns it at 初审. Extra keyword arguments go into the 登记 form.
    """

    def _walk(
        to: str = S.HANDLING, *, secret_level: int = Clearance.PUBLIC, leaders=("liminghua",), lead: str = "ZCFG",
        assisting=("RCKF",), handler: str | None = None, **data,
    ) -> IncomingDocument:
        office = people["zhouting"] if secret_level <= people["zhouting"].clearance else people["wujing"]
        level = dict(secret_level=secret_level)
        if secret_level > Clearance.INTERNAL:
            level.update(secrecy_period="10年", copy_numbers="000001")
        reg = registration(**{**level, **data})
        doc = services.incoming_receive(
            actor=office, sender_org=reg.sender_org, title=reg.title, sender_ref=reg.sender_ref,
            secret_level=secret_level,
        )
        if to == S.ARRIVED:
            return doc
        doc = services.incoming_sign(actor=office, document=doc)
        if to == S.SIGNED:
            return doc
        doc = services.incoming_register(actor=office, document=doc, data=reg)
        if to == S.REGISTERED:
            return doc
        if to == S.RETURNED:
            return services.incoming_return(actor=office, document=doc, reason="来文缺少附件，请补充后重新报送。")
        doc = services.incoming_review(actor=office, document=doc, opinion="来文要素齐全。")
        if to == S.PROPOSING:
            return doc
        doc = services.incoming_propose(
            actor=people["liuxiaodong"], document=doc, proposal=f"拟请{units[lead].name}主办。",
            leaders=[people[name] for name in leaders], lead_unit=units[lead],
            assisting_units=[units[code] for code in assisting],
        )
        if to == S.INSTRUCTING:
            return doc
        for name in leaders:
            doc = services.incoming_instruct(actor=people[name], document=doc, text="请牵头办理。", workdays=5)
        head = people[units[lead].head.username]
        if handler is None and MAIN_LINE.index(to) > MAIN_LINE.index(S.HANDLING):
            handler = User.objects.filter(unit=units[lead], role="staff").order_by("id").first().username
        if handler is not None:
            doc = services.incoming_assign(actor=head, document=doc, handler=people[handler])
        if to == S.HANDLING:
            return doc
        doc = services.incoming_report(actor=people[handler], document=doc, result="已按要求办理。")
        if to == S.CONFIRMING:
            return doc
        doc = services.incoming_confirm(actor=head, document=doc)
        if to == S.DONE:
            return doc
        doc = services.incoming_archive(actor=office, document=doc, retention="D30")
        assert to == S.ARCHIVED, to
        return doc

    return _walk


@pytest.fixture
def at_monday_morning():
    """The clock at Monday 2 March 2026, 09:00 in Beijing (a working week without holidays)."""
    import time_machine

    moment = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))
    with time_machine.travel(moment, tick=True):
        yield moment


# --- 发文 ---------------------------------------------------------------------------------

from documents.choices import Direction, LayoutForm, OutgoingState  # noqa: E402
from documents.models import OutgoingDocument  # noqa: E402
from documents.outgoing import issue  # noqa: E402
from documents.outgoing import services as services_outgoing  # noqa: E402
from office.models import IssuingPrefix  # noqa: E402

O = OutgoingState
OUTGOING_LINE = (O.DRAFTING, O.DEPT_REVIEW, O.OFFICE_REVIEW, O.COUNTERSIGNING, O.SIGNING, O.RECHECKING, O.NUMBERING,
                 O.ISSUING, O.ISSUED, O.ARCHIVED)
_titles = itertools.count(1)

BODY = (
    "为贯彻落实国家和省关于稳就业的决策部署，做好2026年度高校毕业生就业服务工作，现就有关事项通知如下。\n"
    "一、提高思想认识\n"
    "各区县人力资源和社会保障部门要把高校毕业生就业作为重中之重，主要负责同志亲自研究部署。\n"
    "二、强化服务措施\n"
    "（一）开展专项招聘活动。每季度至少举办一次高校毕业生专场招聘会。\n"
    "（二）落实就业补贴政策。按规定及时兑现一次性求职创业补贴。\n"
    "请于2026年12月31日前将工作开展情况报市人社局就业促进和失业保险处。"
)


def draft_data(**overrides) -> services_outgoing.DraftData:
    """A valid 通知 of the 局 to the districts (下行文, 文件式, 人社发)."""
    n = next(_titles)
    values = dict(
        doc_type=DocType.CIRCULAR, direction=Direction.DOWN, form=LayoutForm.FILE,
        prefix=IssuingPrefix.objects.get(code="人社发"),
        title=f"江城市人力资源和社会保障局关于做好第{n}批高校毕业生就业服务工作的通知",
        body=BODY, main_recipients="各区县人力资源和社会保障局、局属各单位", cc_recipients="市教育局",
        note="联系人：钱莉，电话：0731-88886666",
    )
    values.update(overrides)
    return services_outgoing.DraftData(**values)


@pytest.fixture
def outgoing_walk(people, units):
    return outgoing_walker(people, units)


def outgoing_walker(people, units):
    """``outgoing_walk(to=O.SIGNING, …)`` → a new draft of 政策法规处, moved there through the services.

    钱莉 (qianli) drafts and submits; 周建华 (head) approves; the office director 刘晓东
    (liuxiaodong) checks it, with ``countersign`` departments if any (their heads agree);
    the ``signer`` (default: 李明华, in charge of 政策法规处) signs; the 文书 周婷 (zhouting)
    rechecks, numbers, issues it (to the drafting department and 人事处), archives it.
    Extra keyword arguments go into the draft.
    """

    def _walk(to: str = O.SIGNING, *, countersign=(), signer: str | None = None, **data) -> OutgoingDocument:
        drafter = people["qianli"]
        level = data.get("secret_level", Clearance.PUBLIC)
        office = people["zhouting"]  # 文书: 复核, 编号, 印发, 归档
        if level >= Clearance.SECRET:
            data.setdefault("secrecy_period", "1年")
        doc = services_outgoing.outgoing_create(actor=drafter, data=draft_data(**data))
        if to == O.DRAFTING:
            return doc
        doc = services_outgoing.outgoing_submit(actor=drafter, document=doc)
        if to == O.DEPT_REVIEW:
            return doc
        doc = services_outgoing.outgoing_dept_approve(actor=people["zhoujianhua"], document=doc, opinion="同意。")
        if to == O.OFFICE_REVIEW:
            return doc
        signer_user = people[signer] if signer else services_outgoing.default_signer(doc)
        doc = services_outgoing.outgoing_office_check(
            actor=people["liuxiaodong"],  # 主任: 核稿
            document=doc, signer=signer_user, countersign_units=[units[c] for c in countersign],
            opinion="格式规范。",
        )
        if to == O.COUNTERSIGNING:
            return doc
        for code in countersign:
            services_outgoing.outgoing_countersign(actor=units[code].head, document=doc, agree=True, opinion="同意。")
        doc = OutgoingDocument.objects.get(pk=doc.pk)
        if to == O.SIGNING:
            return doc
        doc = services_outgoing.outgoing_sign(actor=doc.signer, document=doc, opinion="同意印发。")
        if to == O.RECHECKING:
            return doc
        doc = services_outgoing.outgoing_recheck(actor=office, document=doc)
        if to == O.NUMBERING:
            return doc
        doc = services_outgoing.outgoing_number(actor=office, document=doc)
        if to == O.ISSUING:
            return doc
        doc = issue.outgoing_issue(
            actor=office, document=doc, copies=6, internal_units=[units["ZCFG"], units["RSC"]],
        )
        if to == O.ISSUED:
            return doc
        doc = services_outgoing.outgoing_archive(actor=office, document=doc, retention="D30")
        assert to == O.ARCHIVED, to
        return doc

    return _walk
