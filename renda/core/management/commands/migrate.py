"""`migrate`, with a fast path for an empty database and timings on every step.

Applying the migrations one by one re-renders the historical models after every operation (Django's migration
state), which costs tens of seconds once a project has a hundred related models. On an EMPTY database the result
of the whole plan is known in advance: the tables of the current models, since `makemigrations --check` (CI)
keeps the migrations equal to the models. So when no table exists yet and every pending operation is one that
the migration state fully describes (models, fields, indexes, constraints), the tables are created from the
models in one schema editor, every migration is recorded as applied, and the pre/post-migrate signals are sent
as usual (content types, permissions). A data step (RunPython/RunSQL) is allowed only when it does nothing on
empty tables: project migrations say so with `elidable=True`, third-party ones are listed in NOOP_ON_EMPTY.
Anything else (a custom operation, SeparateDatabaseAndState, a data step that seeds rows) falls back to the usual
step-by-step migrate, which `--step-by-step` also forces.
"""

from __future__ import annotations

import time
from importlib import import_module
from typing import Any

from django.apps import apps as global_apps
from django.contrib.postgres.operations import CreateExtension
from django.core.management.base import CommandParser
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations import operations as ops
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.migration import Migration
from django.db.migrations.recorder import MigrationRecorder
from django.utils.module_loading import module_has_submodule

# Operations the migration state describes completely: the current models reproduce their effect.
STATE_OPERATIONS = (
    ops.CreateModel,
    ops.DeleteModel,
    ops.RenameModel,
    ops.AlterModelTable,
    ops.AlterModelTableComment,
    ops.AlterUniqueTogether,
    ops.AlterIndexTogether,
    ops.AlterOrderWithRespectTo,
    ops.AlterModelOptions,
    ops.AlterModelManagers,
    ops.AddField,
    ops.RemoveField,
    ops.AlterField,
    ops.RenameField,
    ops.AddIndex,
    ops.RemoveIndex,
    ops.RenameIndex,
    ops.AddConstraint,
    ops.RemoveConstraint,
    ops.AlterConstraint,
)

# Third-party data steps that only change existing rows (nothing to change in empty tables).
NOOP_ON_EMPTY = {
    ("auth", "0011_update_proxy_permissions"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("django_tasks_database", "0008_separate_results_field"),
    ("django_tasks_database", "0011_rename_complete_status"),
    ("django_tasks_database", "0013_separate_exception_fields"),
    ("django_tasks_database", "0016_remove_dbtaskresult_django_task_new_ordering_idx_and_more"),
    ("django_tasks_database", "0018_rename_succeeded_status"),
}


# Project data steps that only add to the schema (indexes the models cannot declare, e.g. PostgreSQL trigram
# expressions): run once the tables exist, with the current models (they are idempotent: IF NOT EXISTS).
AFTER_TABLES = {
    ("search", "0001_trigram_indexes"),
}


def fresh_blocker(migration: Migration) -> str | None:
    """Why this migration cannot be replaced by creating the tables from the models (None: it can)."""
    for operation in migration.operations:
        if isinstance(operation, (*STATE_OPERATIONS, CreateExtension)):
            continue
        data_step = isinstance(operation, (ops.RunPython, ops.RunSQL))
        known = (migration.app_label, migration.name)
        if data_step and (operation.elidable or known in NOOP_ON_EMPTY or known in AFTER_TABLES):
            continue
        return f"{migration.app_label}.{migration.name}: {operation.describe()}"
    return None


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " On an empty database the tables are created from the models at once (--step-by-step: not)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--step-by-step",
            action="store_true",
            help="Apply every migration one by one, even on an empty database.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.started = time.monotonic()
        self.verbosity, self.interactive = options["verbosity"], options["interactive"]
        plain = not any(options[key] for key in ("app_label", "fake", "fake_initial", "plan", "check_unapplied", "prune"))
        if plain and not options["step_by_step"]:
            connection = connections[options["database"]]
            if not connection.introspection.table_names() and self._fresh(connection, options):
                return
        super().handle(*args, **options)
        self._say(f"migrate: done ({time.monotonic() - self.started:.1f} s)")

    def _say(self, text: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(text)

    def _fresh(self, connection: BaseDatabaseWrapper, options: dict[str, Any]) -> bool:
        """Create an empty database's tables from the models; False (nothing done) when the plan forbids it."""
        for app_config in global_apps.get_app_configs():  # management modules register signal handlers
            if module_has_submodule(app_config.module, "management"):
                import_module(".management", app_config.name)
        connection.prepare_database()
        executor = MigrationExecutor(connection)
        if executor.loader.detect_conflicts():
            return False  # the usual path names the conflict
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        for migration, _backwards in plan:
            blocker = fresh_blocker(migration)
            if blocker is not None:
                self._say(f"migrate: empty database, but applying step by step because of {blocker}")
                return False
        step = time.monotonic()
        self._say(f"migrate: empty database, {len(plan)} migrations: creating the tables from the models")
        emit_pre_migrate_signal(
            self.verbosity, self.interactive, connection.alias, stdout=self.stdout, apps=global_apps, plan=plan
        )
        with connection.schema_editor() as editor:
            for migration, _backwards in plan:
                for operation in migration.operations:
                    if isinstance(operation, CreateExtension):
                        operation.database_forwards(migration.app_label, editor, None, None)  # type: ignore[arg-type]
            tables = 0
            # the apps with migrations, and those without when asked to (--run-syncdb: the test databases)
            labels = executor.loader.migrated_apps | (executor.loader.unmigrated_apps if options["run_syncdb"] else set())
            for app_config in global_apps.get_app_configs():
                if app_config.label not in labels:
                    continue
                for model in router.get_migratable_models(app_config, connection.alias, include_auto_created=False):
                    if model._meta.can_migrate(connection):
                        editor.create_model(model)
                        tables += 1
            for migration, _backwards in plan:
                if (migration.app_label, migration.name) not in AFTER_TABLES:
                    continue
                for operation in migration.operations:
                    if isinstance(operation, ops.RunPython):
                        operation.code(global_apps, editor)  # type: ignore[arg-type]  # the current apps: the tables are the models'
        self._say(f"  tables of {tables} models and their indexes and constraints ({time.monotonic() - step:.1f} s)")
        step = time.monotonic()
        recorder = MigrationRecorder(connection)
        recorder.ensure_schema()
        names: list[tuple[str, str]] = []
        for migration, _backwards in plan:
            names.extend(migration.replaces or [])
            names.append((migration.app_label, migration.name))
        recorder.migration_qs.bulk_create([recorder.Migration(app=app, name=name) for app, name in names])
        self._say(f"  {len(names)} migrations recorded as applied ({time.monotonic() - step:.1f} s)")
        step = time.monotonic()
        emit_post_migrate_signal(
            self.verbosity, self.interactive, connection.alias, stdout=self.stdout, apps=global_apps, plan=plan
        )
        self._say(f"  post-migrate: content types, permissions ({time.monotonic() - step:.1f} s)")
        self._say(f"migrate: done ({time.monotonic() - self.started:.1f} s)")
        return True

    def migration_progress_callback(self, action: str, migration: Any = None, fake: bool = False) -> None:
        """Timings on every step at the default verbosity (Django prints them from -v 2 only)."""
        if action == "apply_start" and self.verbosity == 1:
            self.start = time.monotonic()
            self.stdout.write(f"  Applying {migration}...", ending="")
            self.stdout.flush()
        elif action == "apply_success" and self.verbosity == 1:
            self.stdout.write(self.style.SUCCESS(f" {'FAKED' if fake else 'OK'} ({time.monotonic() - self.start:.1f} s)"))
        else:
            super().migration_progress_callback(action, migration, fake)
