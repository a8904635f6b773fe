"""The reviewed regulation catalogue (fixtures/catalogue.json), loaded with the historical models.

Idempotent: rows are matched by code and only missing ones are created. ``seed`` is also what a
transactional test calls after a flush (``services.ensure_catalogue``).
"""

from django.db import migrations


def seed(apps, schema_editor):
    from netra.knowledge.services import load_catalogue

    load_catalogue(get_model=lambda name: apps.get_model("knowledge", name))


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
