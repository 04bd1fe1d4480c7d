"""The default escalation ladder ("general"), editable afterwards in admin.

The same rungs as office.deadlines.DEFAULT_LADDER, written out here because a
migration must not change when the code does.
"""

import datetime as dt

from django.db import migrations

STAGES = [
    ("before", -1, "person", "“{title}”将于 {due} 到期，请抓紧办理。"),
    ("due", 0, "person_head", "“{title}”今日到期（{due}），请按时办结。"),
    ("overdue", 1, "head", "“{title}”已逾期（时限 {due}），请督促责任人抓紧办理。"),
    ("escalate", 3, "leader", "{unit}承办的“{title}”已逾期 {overdue} 个工作日，请督促办理。"),
]


def create(apps, schema_editor):
    Ladder = apps.get_model("office", "ReminderLadder")
    Stage = apps.get_model("office", "ReminderStage")
    ladder, created = Ladder.objects.get_or_create(
        kind="general",
        defaults={
            "name": "通用催办规则",
            "repeat_every": 3,
            "repeat_recipients": "head_leader",
            "repeat_message": "“{title}”已逾期 {overdue} 个工作日（时限 {due}），请督促办理。",
        },
    )
    if created:
        for code, offset, recipients, message in STAGES:
            Stage.objects.create(
                ladder=ladder, code=code, offset_workdays=offset, at_time=dt.time(9, 0),
                recipients=recipients, message=message,
            )


def remove(apps, schema_editor):
    apps.get_model("office", "ReminderLadder").objects.filter(kind="general").delete()


class Migration(migrations.Migration):
    dependencies = [("office", "0002_deadlines")]
    operations = [migrations.RunPython(create, remove)]
