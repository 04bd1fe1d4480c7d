"""The transition table of every 办事 request (no ORM): one approval chain, then each kind's end.

Who acts: the requester submits, edits and withdraws (before the first approval: the chain
refuses it after); the approver whose turn it is approves or returns; the office urges (催办),
pays (接待, 支出), stamps (用印), lends and takes back (借阅), dispatches a vehicle and a driver
and records the return (用车: 派车, 回车登记); the requester or the office fills
in the 接待清单 after the visit.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from office.workflow.table import Table, Transition, nobody

DRAFT, PENDING, RETURNED, WITHDRAWN, APPROVED, LENT, DISPATCHED, DONE = (
    "draft",
    "pending",
    "returned",
    "withdrawn",
    "approved",
    "lent",
    "dispatched",
    "done",
)
EDITABLE = frozenset({DRAFT, RETURNED, WITHDRAWN})
RECEPTION, EXPENSE, SEAL, LOAN, VEHICLE = "reception", "expense", "seal", "loan", "vehicle"


@dataclass(frozen=True)
class Facts:
    kind: str
    is_requester: bool = False
    is_approver: bool = False
    is_office: bool = False


def requester(f: Facts) -> bool:
    return f.is_requester


def approver(f: Facts) -> bool:
    return f.is_approver


def office(f: Facts) -> bool:
    return f.is_office


def list_filler(f: Facts) -> bool:
    return f.kind == RECEPTION and (f.is_requester or f.is_office)


def payer(f: Facts) -> bool:
    return f.kind in (RECEPTION, EXPENSE) and f.is_office


def stamper(f: Facts) -> bool:
    return f.kind == SEAL and f.is_office


def lender(f: Facts) -> bool:
    return f.kind == LOAN and f.is_office


def dispatcher(f: Facts) -> bool:
    return f.kind == VEHICLE and f.is_office


def letter_uploader(f: Facts) -> bool:
    return f.is_requester or f.is_office


TABLE = Table(
    (
        # Recorded by the services when a request is made (no one takes it from a page).
        Transition("create", _("新建申请"), frozenset(), DRAFT, _("申请人"), nobody),
        Transition("edit", _("修改"), EDITABLE, None, _("申请人"), requester),
        Transition("attach", _("上传材料"), EDITABLE | {PENDING, APPROVED}, None, _("申请人或办公室"), letter_uploader),
        Transition("submit", _("提交审批"), EDITABLE, PENDING, _("申请人"), requester),
        Transition("approve", _("同意"), frozenset({PENDING}), None, _("当前审批人"), approver),
        Transition("return", _("退回"), frozenset({PENDING}), RETURNED, _("当前审批人"), approver),
        Transition("withdraw", _("撤回"), frozenset({PENDING}), WITHDRAWN, _("申请人"), requester),
        Transition("urge", _("催办"), frozenset({PENDING}), None, _("办公室"), office),
        Transition("fill_list", _("填写接待清单"), frozenset({APPROVED}), None, _("申请人或办公室"), list_filler),
        Transition("pay", _("支付"), frozenset({APPROVED}), DONE, _("办公室"), payer),
        Transition("stamp", _("用印登记"), frozenset({APPROVED}), DONE, _("办公室（监印人）"), stamper),
        Transition("lend", _("借出"), frozenset({APPROVED}), LENT, _("办公室"), lender),
        Transition("take_back", _("归还"), frozenset({LENT}), DONE, _("办公室"), lender),
        Transition("dispatch", _("派车"), frozenset({APPROVED}), DISPATCHED, _("办公室"), dispatcher),
        Transition("check_in", _("回车登记"), frozenset({DISPATCHED}), DONE, _("办公室"), dispatcher),
    )
)


def can(action: str, state: str, facts: Facts) -> bool:
    return TABLE.can(action, state, facts)


def available(state: str, facts: Facts) -> list[Transition]:
    return TABLE.available(state, facts)
