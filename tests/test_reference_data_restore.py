"""``ensure_reference_data`` (root conftest) restores exactly the reference rows a migrated
database has, after a transactional test's flush removed them: otherwise a browser journey that
runs after such a test would meet the first session's blank templates and rules."""

import pytest
from django.apps import apps
from django.db import connection, models

TABLES = [
    ("rules", "DeadlineRule"), ("rules", "PrePeriodWindow"), ("rules", "ViolationType"),
    ("rules", "RoutingRule"), ("rules", "SanctionRule"), ("rules", "NumberingFormat"),
    ("documents", "DocumentTemplate"), ("risk", "EvaluationDimension"),
    ("risk", "EvaluationIndicator"), ("knowledge", "Rule"),
]


def _columns(model) -> list[str]:
    """Every column but keys and timestamps (row ids differ after a re-insert)."""
    return [f.attname for f in model._meta.concrete_fields
            if not (f.primary_key or f.is_relation or isinstance(f, models.DateTimeField))]


def _snapshot() -> dict:
    found = {}
    for app, name in TABLES:
        model = apps.get_model(app, name)
        found[(app, name)] = sorted(map(str, model.objects.values_list(*_columns(model))))
    return found


@pytest.mark.django_db
def test_restored_rows_equal_the_migrated_ones(restore_reference_data):
    before = _snapshot()
    assert all(before.values()), "a reference table is empty after migrating"
    with connection.cursor() as cursor:  # what a flush does to these tables
        for model in apps.get_models(include_auto_created=True):
            if model._meta.app_label in {"rules", "documents", "risk", "knowledge"}:
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
    assert not apps.get_model("rules", "DeadlineRule").objects.exists()
    restore_reference_data()
    assert _snapshot() == before


def test_every_data_migration_is_declared_reference_or_not(declared_data_migrations):
    """A new data migration that seeds reference rows is restored after a flush only if it is
    listed; one that only transforms existing rows is listed as such, with its reason."""
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    reference, not_reference = declared_data_migrations
    loader = MigrationLoader(None, ignore_no_migrations=True)
    data_migrations = {
        key for key, migration in loader.disk_migrations.items()
        if migration.__module__.startswith("netra.")
        and any(isinstance(op, RunPython) for op in migration.operations)
    }
    declared = set(reference) | set(not_reference)
    assert data_migrations - declared == set(), "declare these in the root conftest.py"
    assert declared - data_migrations == set(), "listed but not a data migration (renamed?)"
