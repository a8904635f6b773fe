"""How long before an election's first stage an incident may lie, per election kind.

Reference rows (reviewed data, see 0002): Pilkada six months before candidate designation
(UU 10/2016 art. 71(2)), counted here from the first stage; Pemilu the same span until a source
says otherwise. Both marked *(verify)*; administrators supersede a row with a later
``valid_from``.
"""

from datetime import date

from django.db import migrations, models

START = date(2017, 8, 16)  # UU 7/2017 in force, as the other reference rows

WINDOWS = [
    (
        "pemilu",
        183,
        "Non-stage ASN neutrality supervision (PP 94/2021; SKB 2022): about six months before "
        "the first stage (verify)",
    ),
    (
        "pilkada",
        183,
        "UU 10/2016 art. 71(2): six months before candidate designation, counted from the "
        "first stage (verify)",
    ),
]


def seed(apps, schema_editor):
    PrePeriodWindow = apps.get_model("rules", "PrePeriodWindow")
    for kind, days, source in WINDOWS:
        PrePeriodWindow.objects.get_or_create(
            election_kind=kind, valid_from=START, defaults={"days": days, "legal_source": source}
        )


def unseed(apps, schema_editor):
    apps.get_model("rules", "PrePeriodWindow").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("rules", "0002_reference_rules")]

    operations = [
        migrations.CreateModel(
            name="PrePeriodWindow",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("valid_from", models.DateField(verbose_name="valid from")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="valid to")),
                (
                    "legal_source",
                    models.CharField(blank=True, max_length=255, verbose_name="legal source"),
                ),
                (
                    "election_kind",
                    models.CharField(
                        choices=[
                            ("pemilu", "General election (Pemilu)"),
                            ("pilkada", "Regional head election (Pilkada)"),
                        ],
                        max_length=16,
                        verbose_name="election kind",
                    ),
                ),
                ("days", models.PositiveSmallIntegerField(verbose_name="days")),
            ],
            options={
                "verbose_name": "window before the election period",
                "verbose_name_plural": "windows before the election period",
                "ordering": ["election_kind", "-valid_from"],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]
