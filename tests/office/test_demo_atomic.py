"""``load_demo`` is all or nothing: a failure late in the load (the last demo 收文) leaves no demo row
behind, in a real transaction, and running it again completes it."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from documents.incoming.demo import DOCS
from documents.models import IncomingDocument, OutgoingDocument
from documents.outgoing.demo import DRAFTS
from office.demo import DEMO_DEADLINES
from office.models import AuditEvent, Deadline, OrgUnit, Todo, User


def demo_rows() -> dict[str, int]:
    return {
        "units": OrgUnit.objects.count(), "users": User.objects.count(), "deadlines": Deadline.objects.count(),
        "todos": Todo.objects.count(), "outgoing": OutgoingDocument.objects.count(),
        "incoming": IncomingDocument.objects.count(), "audit": AuditEvent.objects.count(),
        "user_history": User.history.count(),
    }


@pytest.mark.django_db(transaction=True)
def test_a_late_failure_leaves_nothing_and_a_rerun_completes(monkeypatch, capsys):
    import documents.incoming.demo

    walk, walked = documents.incoming.demo._walk, []

    def walk_then_fail(spec):
        walked.append(spec.title)
        if spec is DOCS[-1]:
            raise RuntimeError("the disk is full")
        return walk(spec)

    monkeypatch.setattr(documents.incoming.demo, "_walk", walk_then_fail)
    with pytest.raises(CommandError, match="rolled back.*RuntimeError: the disk is full"):
        call_command("load_demo")
    assert len(walked) == len(DOCS)  # everything before it was loaded, then undone
    assert demo_rows() == dict.fromkeys(demo_rows(), 0)

    monkeypatch.setattr(documents.incoming.demo, "_walk", walk)
    call_command("load_demo")
    assert f'"documents_created": {len(DOCS) + len(DRAFTS)}' in capsys.readouterr().out
    after = demo_rows()
    # Today's demo 收文, each once, after the half year of finished ones (documents.demo_history).
    assert IncomingDocument.objects.filter(title__in=[d.title for d in DOCS]).count() == len(DOCS)
    assert after["incoming"] > len(DOCS)
    # The 发文 of the documents demo, each once (other apps' demos add theirs: a meeting's 纪要, a 通报).
    drafts = OutgoingDocument.objects.filter(title__in=[d.title for d in DRAFTS])
    assert drafts.count() == len(DRAFTS) == len({d.title for d in DRAFTS})
    assert after["deadlines"] >= len(DEMO_DEADLINES) and after["users"] > 30

    call_command("load_demo")  # and again: no new unit, person, document, deadline or to-do
    business = ("units", "users", "deadlines", "todos", "outgoing", "incoming")
    assert {key: demo_rows()[key] for key in business} == {key: after[key] for key in business}
