from django.db import migrations, models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_visits(apps, schema_editor):
    """Each existing activity's sign-ins, counted once (afterwards each sign-in and the daily job recount it)."""
    Activity, SignIn = apps.get_model("stations", "Activity"), apps.get_model("stations", "SignIn")
    counted = SignIn.objects.filter(activity=OuterRef("pk")).order_by().values("activity").annotate(n=Count("*")).values("n")
    Activity.objects.using(schema_editor.connection.alias).update(
        visits=Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("stations", "0003_figures_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="visits",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="deputy visits"),
        ),
        migrations.RunPython(count_visits, migrations.RunPython.noop, elidable=True),  # nothing to count on empty tables
    ]
