"""office 0018 (issue 13, point 4): the links supervision recorded as "reply" from a 督查通报 or a 督查
to the 发文 draft it made become "draft"; every other link keeps its kind; no row is lost."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from office.models import Link


def test_the_migration_retags_only_the_draft_links_and_loses_no_row(demo_people):
    migration = importlib.import_module("office.migrations.0018_link_kind_draft")
    ct = ContentType.objects.get_by_natural_key
    bulletin, inspection = ct("supervision", "bulletin"), ct("supervision", "inspection")
    outgoing, incoming, item = (
        ct("documents", "outgoingdocument"),
        ct("documents", "incomingdocument"),
        ct("supervision", "superviseditem"),
    )
    rows = Link.objects.bulk_create(
        [
            Link(source_type=bulletin, source_id="1", target_type=outgoing, target_id="10", kind="reply"),
            Link(source_type=inspection, source_id="2", target_type=outgoing, target_id="11", kind="reply"),
            Link(
                source_type=incoming, source_id="3", target_type=outgoing, target_id="12", kind="reply"
            ),  # a real 复文
            Link(source_type=incoming, source_id="3", target_type=item, target_id="13", kind="supervise"),
        ]
    )
    ids = [row.pk for row in rows]
    migration.retag(apps, None)
    kinds = dict(Link.objects.filter(pk__in=ids).values_list("pk", "kind"))
    assert [kinds[pk] for pk in ids] == ["draft", "draft", "reply", "supervise"]
    migration.untag(apps, None)
    kinds = dict(Link.objects.filter(pk__in=ids).values_list("pk", "kind"))
    assert [kinds[pk] for pk in ids] == ["reply", "reply", "reply", "supervise"]
