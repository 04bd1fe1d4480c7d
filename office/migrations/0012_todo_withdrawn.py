"""A to-do can be withdrawn (已撤回) when its holder may no longer see its target."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('office', '0011_audit_without_object_repr'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='todo',
            name='todo_done_at_matches_state',
        ),
        migrations.AlterField(
            model_name='todo',
            name='state',
            field=models.CharField(choices=[('open', '未处理'), ('done', '已处理'), ('withdrawn', '已撤回')], default='open', max_length=10, verbose_name='状态'),
        ),
        migrations.AddConstraint(
            model_name='todo',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('done_at__isnull', True), ('state', 'open')), models.Q(('done_at__isnull', False), ('state__in', ['done', 'withdrawn'])), _connector='OR'), name='todo_done_at_matches_state'),
        ),
    ]
