"""The audit log keeps no business content: the object's title (``object_repr``) goes.

Every row stays; only the column and what it held are dropped (issue 9, point 5).
ALTER TABLE … DROP COLUMN fires no row trigger, so the append-only trigger of 0004
does not stand in the way.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("office", "0010_account_separation"),
    ]

    operations = [
        migrations.RemoveField(model_name="auditevent", name="object_repr"),
    ]
