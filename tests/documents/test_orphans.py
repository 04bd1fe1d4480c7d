"""Files left behind when the transaction that recorded them rolls back are swept, and only they."""

from __future__ import annotations

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from documents.choices import OutgoingState as O
from documents.files.services import attachment_add
from documents.files.storage import orphan_files_sweep, stored_path
from documents.outgoing.issue import outgoing_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def storage(settings, tmp_path):
    settings.DOCUMENTS_STORAGE_ROOT = tmp_path / "documents"
    return settings.DOCUMENTS_STORAGE_ROOT


class Abort(Exception):
    pass


def files(root) -> set[str]:
    return {f"{p.parent.name}/{p.name}" for p in root.glob("*/*") if p.is_file()}


def test_an_issue_rolled_back_by_its_caller_leaves_files_that_the_sweep_removes(outgoing_walk, people, units, storage):
    kept_doc = outgoing_walk(to=O.ISSUED)
    pdf = SimpleUploadedFile("附表.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    draft = outgoing_walk(to=O.DRAFTING)
    kept_attachment = attachment_add(actor=people["qianli"], document=draft, upload=pdf)
    doc = outgoing_walk(to=O.ISSUING)
    before = files(storage)
    with pytest.raises(Abort), transaction.atomic():
        outgoing_issue(actor=people["zhouting"], document=doc, copies=4, internal_units=[units["ZCFG"]])
        raise Abort  # the caller's transaction fails after 印发 wrote its two files
    orphans = files(storage) - before
    assert len(orphans) == 2 and not doc.files.exists()

    assert orphan_files_sweep() == []  # younger than a day: may belong to a transaction still running
    for name in orphans:
        old = time.time() - 2 * 24 * 3600
        os.utime(stored_path(name), (old, old))
    assert sorted(orphan_files_sweep()) == sorted(orphans)
    assert files(storage) == before  # the issued files and the attachment are untouched
    assert stored_path(kept_attachment.stored_name).exists()
    assert all(stored_path(f.stored_name).exists() for f in kept_doc.files.all())


def test_every_scheduled_job_exists_and_the_sweep_is_scheduled(settings):
    from office.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "office.jobs.sweep_orphan_files" in scheduled
    assert scheduled <= set(app.tasks), scheduled - set(app.tasks)
