"""A refused 收文 step leaves an audit row, although its transaction rolls back."""

import pytest
from django.test import Client

from documents.models import IncomingDocument
from office.models import AuditEvent


@pytest.mark.django_db
def test_a_refused_step_over_http_is_in_the_audit_log(demo):
    document = IncomingDocument.objects.get(state="handling", lead_unit__code="ZCFG")
    # Somebody who sees the document but may not take the step: 403, and an audit row.
    head = Client()
    head.force_login(demo["principal"])
    response = head.post(f"/documents/incoming/{document.pk}/do/assign/", {"handler": demo["staff"].pk})
    assert response.status_code == 403
    denial = AuditEvent.objects.get(actor=demo["principal"], action="denied", object_id=str(document.pk))
    assert denial.detail == {"action": "assign", "reason": "role"}
    # Nothing else of the refused step survived.
    document.refresh_from_db()
    assert document.handler.username == "qianli"
