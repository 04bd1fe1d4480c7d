"""约稿's own reminder ladder (kind "documents.information"), editable afterwards in admin.

A commissioning date is not a time limit to escalate: the asked department hears of it one working
day before the 截稿 date and on the day, then no more (a late item is still taken, marked 逾期报送).
The rungs are written out here because a migration must not change when the code does.
"""

import datetime as dt

from django.db import migrations

KIND = "documents.information"
STAGES = [
    ("before", -1, "person", "约稿“{title}”将于 {due} 截稿，请抓紧组织报送。"),
    ("due", 0, "person_head", "约稿“{title}”今日截稿（{due}），请按时报送。"),
]


def create(apps, schema_editor):
    Ladder = apps.get_model("office", "ReminderLadder")
    Stage = apps.get_model("office", "ReminderStage")
    ladder, created = Ladder.objects.get_or_create(
        kind=KIND,
        defaults={"name": "信息约稿提醒", "repeat_every": 0, "repeat_recipients": "head", "repeat_message": ""},
    )
    if created:
        for code, offset, recipients, message in STAGES:
            Stage.objects.create(
                ladder=ladder, code=code, offset_workdays=offset, at_time=dt.time(9, 0),
                recipients=recipients, message=message,
            )


def remove(apps, schema_editor):
    apps.get_model("office", "ReminderLadder").objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0010_outgoing_preset_number"), ("office", "0003_default_reminder_ladder")]
    operations = [migrations.RunPython(create, remove)]
