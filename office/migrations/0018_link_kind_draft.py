# The link kind "draft" (a report or bulletin → the 发文 draft made from it); the links supervision
# recorded as "reply" before it existed are retagged. No row is deleted: each keeps its id and ends.

from django.db import migrations, models

#: The objects whose 发文 drafts were linked as "reply" (app_label, model): 督查通报 and 督查.
DRAFT_SOURCES = (("supervision", "bulletin"), ("supervision", "inspection"))
DRAFT_TARGET = ("documents", "outgoingdocument")


def _rows(apps, kind):
    Link = apps.get_model("office", "Link")
    ContentType = apps.get_model("contenttypes", "ContentType")
    sources = [ct.pk for ct in ContentType.objects.all() if (ct.app_label, ct.model) in DRAFT_SOURCES]
    targets = [ct.pk for ct in ContentType.objects.all() if (ct.app_label, ct.model) == DRAFT_TARGET]
    return Link.objects.filter(kind=kind, source_type_id__in=sources, target_type_id__in=targets)


def retag(apps, schema_editor):
    # Link is not history-tracked: a plain UPDATE is the whole change. The unique constraint
    # (ends + kind) cannot clash: no "draft" link existed before this migration.
    _rows(apps, "reply").update(kind="draft")


def untag(apps, schema_editor):
    _rows(apps, "draft").update(kind="reply")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("office", "0017_todo_stage"),
    ]

    operations = [
        migrations.AlterField(
            model_name="link",
            name="kind",
            field=models.CharField(
                choices=[
                    ("supervise", "督办"),
                    ("decision", "议定事项"),
                    ("seal", "用印"),
                    ("loan", "借阅"),
                    ("reply", "复文"),
                    ("draft", "形成发文"),
                ],
                max_length=20,
                verbose_name="关联类型",
            ),
        ),
        migrations.RunPython(retag, untag),
    ]
