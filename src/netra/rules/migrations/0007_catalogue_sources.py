"""The legal source of the reference violation forms in both languages (issue #15.4).

0002 cites each violation form's legal basis as its ``legal_source`` too. 0005 meant to give
that source the Indonesian and English of the legal basis, but compared it with the basis after
replacing the basis with its Indonesian, so the source kept only the English text as its
Indonesian one. This copies both languages of the basis to the source wherever the source is
still the basis's English text with no English column.
"""

from django.db import migrations


def fill(apps, schema_editor):
    ViolationType = apps.get_model("rules", "ViolationType")
    for row in ViolationType.objects.filter(legal_source_en__isnull=True):
        if row.legal_basis_en and row.legal_source_ind == row.legal_basis_en:
            row.legal_source_ind = row.legal_basis_ind
            row.legal_source_en = row.legal_basis_en
            row.legal_source = row.legal_basis_ind
            row.save(update_fields=["legal_source", "legal_source_ind", "legal_source_en"])


class Migration(migrations.Migration):
    dependencies = [("rules", "0006_routing_for_every_status")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
