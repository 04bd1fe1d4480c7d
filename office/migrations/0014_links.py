"""Links between objects of different apps (office.links): source → target, with the target's state and due date."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('office', '0013_workflow_core'),
    ]

    operations = [
        migrations.CreateModel(
            name='Link',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source_id', models.CharField(max_length=40)),
                ('target_id', models.CharField(max_length=40)),
                ('kind', models.CharField(choices=[('supervise', '督办'), ('decision', '议定事项'), ('seal', '用印'), ('loan', '借阅'), ('reply', '复文')], max_length=20, verbose_name='关联类型')),
                ('state', models.CharField(blank=True, max_length=40, verbose_name='目标状态')),
                ('due_on', models.DateField(blank=True, null=True, verbose_name='目标时限')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='关联时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='关联人')),
                ('source_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                ('target_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
            ],
            options={
                'verbose_name': '跨应用关联',
                'verbose_name_plural': '跨应用关联',
                'ordering': ['created_at', 'id'],
                'indexes': [models.Index(fields=['source_type', 'source_id'], name='link_source_idx'), models.Index(fields=['target_type', 'target_id'], name='link_target_idx')],
                'constraints': [models.UniqueConstraint(fields=('source_type', 'source_id', 'target_type', 'target_id', 'kind'), name='link_unique'), models.CheckConstraint(condition=models.Q(('source_id', models.F('target_id')), ('source_type', models.F('target_type')), _negated=True), name='link_not_to_itself')],
            },
        ),
    ]
