from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0006_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="outgoingdocument",
            name="attendance_present",
            field=models.TextField(blank=True, verbose_name="出席"),
        ),
        migrations.AddField(
            model_name="outgoingdocument",
            name="attendance_absent",
            field=models.TextField(blank=True, verbose_name="请假"),
        ),
        migrations.AddField(
            model_name="outgoingdocument",
            name="attendance_observers",
            field=models.TextField(blank=True, verbose_name="列席"),
        ),
        migrations.AddField(
            model_name="historicaloutgoingdocument",
            name="attendance_present",
            field=models.TextField(blank=True, verbose_name="出席"),
        ),
        migrations.AddField(
            model_name="historicaloutgoingdocument",
            name="attendance_absent",
            field=models.TextField(blank=True, verbose_name="请假"),
        ),
        migrations.AddField(
            model_name="historicaloutgoingdocument",
            name="attendance_observers",
            field=models.TextField(blank=True, verbose_name="列席"),
        ),
    ]
