# The staff lists read ids through covering indexes (index-only scans); the unit inbox's order has its own index.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('opinions', '0003_list_indexes'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='opinion',
            name='opinion_station_recent_idx',
        ),
        migrations.RemoveIndex(
            model_name='opinion',
            name='opinion_unit_inbox_idx',
        ),
        migrations.RemoveIndex(
            model_name='opinion',
            name='opinion_recent_idx',
        ),
        migrations.AddIndex(
            model_name='opinion',
            index=models.Index(fields=['station', '-registered_at', '-id'], include=('status', 'deadline', 'answered_on_time'), name='opinion_station_recent_idx'),
        ),
        migrations.AddIndex(
            model_name='opinion',
            index=models.Index(fields=['-registered_at', '-id'], include=('station', 'region', 'unit', 'status', 'deadline', 'answered_on_time'), name='opinion_recent_idx'),
        ),
        migrations.AddIndex(
            model_name='opinion',
            index=models.Index(models.F('unit'), models.Case(models.When(status='routed', then=models.Value(0)), default=models.Value(1), output_field=models.IntegerField()), models.F('deadline'), models.F('id'), name='opinion_unit_inbox_idx'),
        ),
    ]
