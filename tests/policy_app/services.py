"""The test request's services, written the way an app uses the workflow core."""

from __future__ import annotations

from django.db import transaction

from office.workflow import chains
from office.workflow.assignments import Notice
from office.workflow.engine import Steps
from tests.policy_app import workflow as wf
from tests.policy_app.models import Request, RequestStep

STEPS = Steps(model=Request, step_model=RequestStep, table=wf.TABLE, audit_prefix="request", related=("unit",))
APPROVE = "request.approve"


def notice(request_obj: Request, actor) -> Notice:
    return Notice(title=f"【待审批】{request_obj.title}", url=request_obj.get_absolute_url(), sender=actor)


@transaction.atomic
def request_submit(*, actor, request_obj: Request, http_request=None) -> Request:
    locked = STEPS.begin(actor, request_obj, "submit", http_request)
    chains.chain_submit(
        target=locked, step=APPROVE, kind=locked.kind, amount=locked.amount, requester=locked.requester,
        unit=locked.unit, notice=notice(locked, actor),
    )
    STEPS.finish(actor, locked, "submit", request=http_request)
    return locked


@transaction.atomic
def request_approve(*, actor, request_obj: Request, text: str = "", on_behalf_of=None, http_request=None) -> Request:
    locked = STEPS.begin(actor, request_obj, "approve", http_request, on_behalf_of=on_behalf_of)
    result = chains.chain_approve(target=locked, step=APPROVE, actor=actor, text=text, on_behalf_of=on_behalf_of)
    STEPS.finish(
        actor, locked, "approve", text=result.assignment.text, target=wf.APPROVED if result.complete else None,
        on_behalf_of=on_behalf_of, delegated_from=result.delegated_from, request=http_request,
    )
    return locked


@transaction.atomic
def request_return(*, actor, request_obj: Request, reason: str, on_behalf_of=None, http_request=None) -> Request:
    locked = STEPS.begin(actor, request_obj, "return", http_request, on_behalf_of=on_behalf_of)
    result = chains.chain_return(target=locked, step=APPROVE, actor=actor, reason=reason, on_behalf_of=on_behalf_of)
    STEPS.finish(
        actor, locked, "return", text=result.assignment.text, on_behalf_of=on_behalf_of,
        delegated_from=result.delegated_from, request=http_request,
    )
    return locked


@transaction.atomic
def request_withdraw(*, actor, request_obj: Request, http_request=None) -> Request:
    locked = STEPS.begin(actor, request_obj, "withdraw", http_request)
    chains.chain_withdraw(target=locked, step=APPROVE, actor=actor, requester=locked.requester)
    STEPS.finish(actor, locked, "withdraw", request=http_request)
    return locked
