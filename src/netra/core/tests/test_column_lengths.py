"""Reference data seeded by migrations fits its columns.

SQLite ignores ``max_length``; PostgreSQL refuses a longer value and the migration fails there
(a catalogue summary of 368 characters in a 300-character column once broke ``migrate`` on
PostgreSQL only). This test reads every row the migrations seeded, on any backend."""

import pytest
from django.apps import apps
from django.db import models

pytestmark = pytest.mark.django_db


def test_every_seeded_value_fits_its_column():
    too_long = []
    for model in apps.get_models():
        if not model.__module__.startswith("netra."):
            continue
        fields = [f for f in model._meta.concrete_fields
                  if isinstance(f, models.CharField) and f.max_length]
        if not fields:
            continue
        for row in model._default_manager.values("pk", *[f.attname for f in fields]):
            for field in fields:
                value = row[field.attname]
                if isinstance(value, str) and len(value) > field.max_length:
                    too_long.append(f"{model._meta.label}.{field.name} pk={row['pk']}: "
                                    f"{len(value)} > {field.max_length}")
    assert not too_long, "\n".join(too_long)


def test_constraint_and_index_names_are_valid_on_postgresql():
    """PostgreSQL keeps tables, indexes and unique constraints in one namespace of names of at
    most 63 bytes: a constraint named like a table ("questionnaires_choice") broke migrate there
    while SQLite accepted it."""
    tables = {model._meta.db_table for model in apps.get_models()}
    seen: dict[str, str] = {}
    problems = []
    for model in apps.get_models():
        for item in [*model._meta.constraints, *model._meta.indexes]:
            name = item.name
            if name in tables:
                problems.append(f"{model._meta.label}: {name} is also a table name")
            if name in seen:
                problems.append(f"{model._meta.label}: {name} already used by {seen[name]}")
            if len(name.encode()) > 63:
                problems.append(f"{model._meta.label}: {name} is longer than 63 bytes")
            seen[name] = model._meta.label
    assert not problems, "\n".join(problems)
