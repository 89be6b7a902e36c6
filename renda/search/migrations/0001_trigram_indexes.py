"""Trigram indexes for search (PostgreSQL only): `UPPER(col::text) gin_trgm_ops`, the expression Django's
`icontains` compares, so that LIKE '%词%' on each searched column uses an index. SQLite has no such index: nothing."""

from django.db import migrations

# (app label, model, column): the columns renda.search.selectors.KINDS searches
COLUMNS = [
    ("org", "person", "name"),
    ("suggestions", "suggestion", "title"),
    ("suggestions", "suggestion", "number"),
    ("opinions", "opinion", "text"),
    ("opinions", "opinion", "category"),
    ("meetings", "meeting", "title"),
    ("meetings", "meeting", "venue"),
    ("projects", "project", "title"),
]


def _name(table, column):
    return f"search_{table}_{column}_trgm"[:63]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    q = schema_editor.quote_name
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for app, model, column in COLUMNS:
        table = apps.get_model(app, model)._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {q(_name(table, column))} ON {q(table)} USING gin ((UPPER({q(column)}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app, model, column in COLUMNS:
        table = apps.get_model(app, model)._meta.db_table
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(_name(table, column))}")


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_sessions_by_law"),
        ("suggestions", "0005_platform_unique_numbers"),
        ("opinions", "0006_drop_phone_codes_for_core_otp"),
        ("meetings", "0002_sessions_by_law"),
        ("projects", "0004_merge_hands_and_core_otp"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
