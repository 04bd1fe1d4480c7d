"""The step records on the workflow core's ``StepRecordBase``: 代录 (on_behalf_of) and 委托 (delegated_from).

Both nullable: every existing step was taken by its actor in his own right.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _fk(verbose_name):
    return models.ForeignKey(
        blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
        to=settings.AUTH_USER_MODEL, verbose_name=verbose_name,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0003_outgoing"),
        ("office", "0014_links"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(model_name="incomingstep", name="delegated_from", field=_fk("委托人")),
        migrations.AddField(model_name="incomingstep", name="on_behalf_of", field=_fk("代录对象")),
        migrations.AddField(model_name="outgoingstep", name="delegated_from", field=_fk("委托人")),
        migrations.AddField(model_name="outgoingstep", name="on_behalf_of", field=_fk("代录对象")),
    ]
