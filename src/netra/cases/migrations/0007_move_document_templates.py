"""Document templates move to the shared ``netra.documents`` app (ADR 0006), and generated
documents that may name the reporter stop being kept on disk.

1. Every ``cases.DocumentTemplate`` row becomes a ``documents.DocumentTemplate`` with the key
   ``cases.<kind>`` (same title, language, body, validity and timestamps); then the old table
   is dropped. Backwards, rows with a ``cases.`` key and an HTML body go back.
2. Generated receipts, invitations and clarification minutes are now rendered on demand for
   each download: their stored files (which hold the reporter's name in the clear) are deleted
   and the rows keep their kind, author, date and SHA-256. Not reversible for the files (the
   bytes are gone by design); the rows stay.
"""

from django.db import migrations

ON_DEMAND_KINDS = ("receipt", "clarification_invitation", "clarification_minutes")


def move_templates(apps, schema_editor):
    Old = apps.get_model("cases", "DocumentTemplate")
    New = apps.get_model("documents", "DocumentTemplate")
    for row in Old.objects.all().order_by("pk"):
        moved = New.objects.create(
            key=f"cases.{row.kind}", language=row.language, title=row.title, body=row.body,
            valid_from=row.valid_from, is_active=row.is_active,
        )
        New.objects.filter(pk=moved.pk).update(created_at=row.created_at,
                                               updated_at=row.updated_at)


def move_templates_back(apps, schema_editor):
    Old = apps.get_model("cases", "DocumentTemplate")
    New = apps.get_model("documents", "DocumentTemplate")
    for row in New.objects.filter(key__startswith="cases.").exclude(body="").order_by("pk"):
        Old.objects.create(kind=row.key.removeprefix("cases."), language=row.language,
                           title=row.title, body=row.body, valid_from=row.valid_from,
                           is_active=row.is_active)
        row.delete()


def purge_identity_files(apps, schema_editor):
    CaseDocument = apps.get_model("cases", "CaseDocument")
    rows = CaseDocument.objects.filter(generated=True, kind__in=ON_DEMAND_KINDS).exclude(file="")
    for document in rows.iterator():
        name = document.file.name
        document.file.storage.delete(name)
        CaseDocument.objects.filter(pk=document.pk).update(file="")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0006_identity_encryption_keys"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(move_templates, move_templates_back),
        migrations.DeleteModel(name="DocumentTemplate"),
        migrations.RunPython(purge_identity_files, migrations.RunPython.noop),
    ]
