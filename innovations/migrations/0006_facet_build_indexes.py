# Covering indexes for a worker's full build of its facet index; the log's help text.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('innovations', '0005_write_path_and_change_log'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='statechange',
            name='actor',
            field=models.ForeignKey(blank=True, help_text='Empty for the contributor (through the status link), an import or a command.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor'),
        ),
        migrations.AddIndex(
            model_name='innovation',
            index=models.Index(fields=['state', 'published_at', 'created_at', 'year_launched', 'updated_at', 'title'], name='innovation_facet_build'),
        ),
        migrations.AddIndex(
            model_name='innovation',
            index=models.Index(fields=['state', 'id'], name='innovation_state_id'),
        ),
        migrations.AddIndex(
            model_name='innovation',
            index=models.Index(fields=['state', 'level', 'id'], name='innovation_state_level'),
        ),
        migrations.AddIndex(
            model_name='innovation',
            index=models.Index(fields=['state', 'status', 'id'], name='innovation_state_status'),
        ),
    ]
