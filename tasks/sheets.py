"""办事 exports through office.exports: each kind's request list as it is filtered, and the 用印登记簿."""

from __future__ import annotations

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_noop as N_

from office import exports
from office.exports import Column
from office.lists import boxes_for
from tasks.choices import Kind
from tasks.requests import selectors
from tasks.requests.filters import RequestFilterSet
from tasks.seals import services as seals


def _person(user) -> str:
    return user.full_name if user is not None else ""


COMMON = (
    Column(N_("编号"), lambda r: r.number, 16),
    Column(N_("事由"), lambda r: r.title, 36),
    Column(N_("申请部门"), lambda r: r.unit.name, 16),
    Column(N_("申请人"), lambda r: r.requester.full_name, 10),
    Column(N_("金额（元）"), lambda r: r.amount, 12),
    Column(N_("状态"), lambda r: r.get_state_display(), 10),
    Column(N_("申请时间"), lambda r: r.created_at, 16),
)
EXTRA = {
    Kind.RECEPTION: (
        Column(N_("来访单位"), lambda r: r.reception.visitor_organ, 24),
        Column(N_("来访人数"), lambda r: r.reception.visitors, 8),
        Column(N_("陪餐人数"), lambda r: r.reception.companions, 8),
        Column(N_("接待日期"), lambda r: f"{r.reception.starts_on:%Y-%m-%d}—{r.reception.ends_on:%Y-%m-%d}", 22),
        Column(N_("实际费用（元）"), lambda r: r.reception.actual_cost, 12),
    ),
    Kind.EXPENSE: (
        Column(N_("预算科目"), lambda r: str(r.expense.budget_line), 20),
        Column(N_("收款单位（人）"), lambda r: r.expense.payee, 24),
        Column(N_("实付金额（元）"), lambda r: r.expense.paid_amount, 12),
    ),
    Kind.SEAL: (
        Column(N_("印章"), lambda r: r.seal_use.seal.name, 14),
        Column(N_("用印文件或事项"), lambda r: r.seal_use.matter, 30),
        Column(N_("份数"), lambda r: r.seal_use.copies, 6),
        Column(N_("用印时间"), lambda r: r.seal_use.stamped_at, 16),
    ),
    Kind.LOAN: (
        Column(N_("档号"), lambda r: r.loan.archive_code, 22),
        Column(N_("借阅形式"), lambda r: r.loan.get_form_display(), 8),
        Column(N_("归还日期"), lambda r: r.loan.due_on, 12),
        Column(N_("归还时间"), lambda r: r.loan.back_at, 16),
    ),
    Kind.VEHICLE: (
        Column(N_("目的地"), lambda r: r.trip.destination, 24),
        Column(N_("出发时间"), lambda r: r.trip.starts_at, 16),
        Column(N_("返回时间"), lambda r: r.trip.ends_at, 16),
        Column(N_("乘车人数"), lambda r: r.trip.passengers, 8),
        Column(N_("车辆"), lambda r: r.trip.vehicle.plate if r.trip.vehicle else "", 12),
        Column(N_("驾驶员"), lambda r: r.trip.driver.name if r.trip.driver else "", 10),
        Column(N_("行驶里程"), lambda r: r.trip.distance, 10),
    ),
}


def _requests(kind: str):
    def rows(user, params):
        keys = [b.key for b in boxes_for(user, selectors.BOXES)]
        box = params.get("box", "")
        box = box if box in keys else selectors.default_box(user)
        return selectors.request_list(user=user, kind=kind, box=box, filters=RequestFilterSet(params or None, user=user))

    return rows


for _kind in Kind.values:
    exports.register(exports.Sheet(key=f"tasks.{_kind}", title=Kind(_kind).label, rows=_requests(_kind),
                                   columns=COMMON + EXTRA[_kind]))


def _ledger(user, params):
    return seals.ledger(user=user).annotate(n=Window(RowNumber(), order_by=[F("stamped_at").desc(), F("id").desc()]))


exports.register(exports.Sheet(
    key="tasks.seal_ledger", title=N_("用印登记簿"), rows=_ledger, columns=(
        Column(N_("序号"), lambda u: u.n, 6),
        Column(N_("用印日期"), lambda u: u.stamped_at, 16),
        Column(N_("印章"), lambda u: u.seal.name, 14),
        Column(N_("用印文件或事项"), lambda u: u.matter, 34),
        Column(N_("文号"), lambda u: u.document_ref, 18),
        Column(N_("份数"), lambda u: u.copies, 6),
        Column(N_("申请部门"), lambda u: u.request.unit.name, 16),
        Column(N_("申请人"), lambda u: u.request.requester.full_name, 10),
        Column(N_("批准人"), lambda u: _person(u.approver), 10),
        Column(N_("监印人"), lambda u: _person(u.stamped_by), 10),
        Column(N_("编号"), lambda u: u.request.number, 16),
    ),
))
