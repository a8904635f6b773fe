"""Reference data: Leo Agustino's five dimensions of programme evaluation and their indicators,
as used in the Serang evaluation (domain reference, section 6). Names are Indonesian data."""

from django.db import migrations

DIMENSIONS = [
    # key, name, [(indicator key, name, prefill source key)]
    ("sumber-daya-manusia", "Sumber daya manusia", [
        ("kompetensi", "Kompetensi", ""),
        ("kapabilitas", "Kapabilitas", ""),
        ("integritas", "Integritas", ""),
    ]),
    ("kelembagaan", "Kelembagaan", [
        ("pemahaman-kebijakan", "Pemahaman terhadap kebijakan", ""),
        ("harmonisasi-kebijakan", "Harmonisasi kebijakan", ""),
        ("kualitas-data", "Kualitas data", ""),
        ("kepemimpinan", "Kepemimpinan", ""),
        ("manajemen-organisasi", "Manajemen organisasi", ""),
        ("koordinasi-kolaborasi", "Koordinasi dan kolaborasi", "cases.follow_up_rate"),
        ("kegiatan-sasaran-asn", "Kegiatan yang menyasar ASN", "prevention.asn_activities"),
    ]),
    ("sarana-teknologi", "Sarana dan teknologi", [
        ("komunikasi-publik", "Komunikasi publik", ""),
    ]),
    ("keuangan", "Keuangan", [
        ("alokasi-realisasi-anggaran", "Alokasi dan realisasi anggaran",
         "prevention.budget_realization"),
        ("ketergantungan-provinsi", "Ketergantungan pada provinsi", ""),
    ]),
    ("regulasi", "Regulasi", [
        ("kebijakan-turunan", "Kebijakan turunan", ""),
        ("juknis-daerah", "Petunjuk teknis daerah", ""),
    ]),
]


def seed(apps, schema_editor):
    dimension_model = apps.get_model("risk", "EvaluationDimension")
    indicator_model = apps.get_model("risk", "EvaluationIndicator")
    for d_pos, (key, name, indicators) in enumerate(DIMENSIONS):
        dimension, _created = dimension_model.objects.get_or_create(
            key=key, defaults={"name": name, "position": d_pos})
        for i_pos, (i_key, i_name, prefill) in enumerate(indicators):
            indicator_model.objects.get_or_create(
                key=i_key, defaults={"dimension": dimension, "name": i_name,
                                     "prefill_key": prefill, "position": i_pos})


def unseed(apps, schema_editor):
    apps.get_model("risk", "EvaluationIndicator").objects.all().delete()
    apps.get_model("risk", "EvaluationDimension").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("risk", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
