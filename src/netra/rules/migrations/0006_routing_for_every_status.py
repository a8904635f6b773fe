"""Routing for every status, the sanctions that fit each status, and recommendation letter
number formats (issue #15.2).

Sources: the domain reference (§2, §3, §4.9); rows it does not confirm say so in
``legal_source`` ("verify" / "perlu diverifikasi"). Administrators supersede rows with a later
``valid_from``; never edit this migration to change a rule in production.
"""

from datetime import date

from django.db import migrations, models

START = date(2017, 8, 16)  # UU 7/2017 in force
KASN_END = date(2024, 8, 23)
BKN_START = date(2024, 8, 24)
NEUTRALITY = ("non_stage_asn", "other_laws")
V_EN, V_ID = " (verify)", " (perlu diverifikasi)"


def src(en: str, id_: str | None = None) -> tuple[str, str]:
    return en, id_ if id_ is not None else en


# category, employment type, recipient kind, proposed, valid_from, valid_to, (source en, id)
ROUTING = []
for category in NEUTRALITY:
    for status in ("pns", "pppk"):
        ROUTING += [
            (category, status, "kasn", True, START, KASN_END,
             src("UU 5/2014 art. 30-31; SKB 2022: ASN neutrality → KASN",
                 "UU 5/2014 Pasal 30-31; SKB 2022: netralitas ASN → KASN")),
            (category, status, "civil_service_body", True, BKN_START, None,
             src("UU 20/2023; Perpres 91 and 92/2024; SE MenPAN-RB 4/2024: KASN duties to BKN "
                 "from 24 Aug 2024",
                 "UU 20/2023; Perpres 91 dan 92/2024; SE MenPAN-RB 4/2024: tugas KASN beralih "
                 "ke BKN sejak 24 Agustus 2024")),
            (category, status, "ppk", False, START, None,
             src("UU 5/2014 art. 53; PP 94/2021 art. 18: the PPK imposes ASN discipline",
                 "UU 5/2014 Pasal 53; PP 94/2021 Pasal 18: PPK menjatuhkan hukuman disiplin "
                 "ASN")),
        ]
    ROUTING += [
        (category, "village_official", "village_government", True, START, None,
         src("UU 6/2014 art. 51-52: the village head sanctions village officials",
             "UU 6/2014 Pasal 51-52: kepala desa menjatuhkan sanksi kepada perangkat desa")),
        (category, "bpd", "ppk", True, START, None,
         src("UU 6/2014 art. 64; Permendagri 110/2016 art. 8: the regent/mayor dismisses BPD "
             "members" + V_EN,
             "UU 6/2014 Pasal 64; Permendagri 110/2016 Pasal 8: bupati/wali kota "
             "memberhentikan anggota BPD" + V_ID)),
        (category, "tni", "tni_command", True, START, None,
         src("UU 34/2004 art. 39; UU 25/2014 on military discipline: TNI members → their "
             "command",
             "UU 34/2004 Pasal 39; UU 25/2014 tentang Hukum Disiplin Militer: anggota TNI → "
             "komandannya")),
        (category, "polri", "polri_command", True, START, None,
         src("UU 2/2002 art. 28; PP 2/2003; Perpol 7/2022: Polri members → their command "
             "(Propam)",
             "UU 2/2002 Pasal 28; PP 2/2003; Perpol 7/2022: anggota Polri → atasannya "
             "(Propam)")),
    ]

PNS = src("PP 94/2021 art. 8: light, moderate or heavy discipline",
          "PP 94/2021 Pasal 8: hukuman disiplin ringan, sedang atau berat")
ETH = src("PP 42/2004 art. 15-16: moral sanction, open or closed statement",
          "PP 42/2004 Pasal 15-16: sanksi moral berupa pernyataan secara terbuka atau tertutup")
PPPK = src("PP 49/2018 art. 52: PPPK discipline follows the civil-service discipline rules",
           "PP 49/2018 Pasal 52: disiplin PPPK mengikuti ketentuan disiplin PNS")
VH = src("UU 6/2014 art. 30: oral or written warning, then temporary dismissal, then dismissal",
         "UU 6/2014 Pasal 30: teguran lisan dan/atau tertulis, lalu pemberhentian sementara, "
         "lalu pemberhentian")
VO = src("UU 6/2014 art. 52: oral or written warning, then temporary dismissal, then dismissal",
         "UU 6/2014 Pasal 52: teguran lisan dan/atau tertulis, lalu pemberhentian sementara, "
         "lalu pemberhentian")
BPD = src("UU 6/2014 art. 64; Permendagri 110/2016 art. 8-9: warning, then dismissal by the "
          "regent/mayor",
          "UU 6/2014 Pasal 64; Permendagri 110/2016 Pasal 8-9: teguran, lalu pemberhentian oleh "
          "bupati/wali kota")
TNI = src("UU 25/2014 art. 8-9: disciplinary punishment by the superior with authority; "
          "UU 34/2004 art. 62: dishonourable discharge",
          "UU 25/2014 Pasal 8-9: hukuman disiplin oleh atasan yang berhak menghukum; UU 34/2004 "
          "Pasal 62: pemberhentian tidak dengan hormat")
POL = src("PP 2/2003 art. 9: disciplinary punishment; Perpol 7/2022: code-of-ethics sanctions "
          "up to dishonourable discharge (PTDH)",
          "PP 2/2003 Pasal 9: hukuman disiplin; Perpol 7/2022: sanksi kode etik profesi sampai "
          "pemberhentian tidak dengan hormat (PTDH)")
CRIME = src("UU 7/2017 art. 476, 490, 494; UU 10/2016 art. 188-189: investigated through "
            "Sentra Gakkumdu, decided by a court",
            "UU 7/2017 Pasal 476, 490, 494; UU 10/2016 Pasal 188-189: ditangani melalui Sentra "
            "Gakkumdu dan diputus pengadilan")
ADMIN = src("UU 7/2017 art. 461-462: KPU corrects the procedure on Bawaslu's recommendation",
            "UU 7/2017 Pasal 461-462: KPU memperbaiki prosedur atas rekomendasi Bawaslu")
DKPP = src("UU 7/2017 art. 458(13): written warning, temporary or permanent dismissal",
           "UU 7/2017 Pasal 458 ayat (13): teguran tertulis, pemberhentian sementara atau "
           "pemberhentian tetap")

# employment type, category, sanction, legal basis (en, id), source (en, id)
SANCTIONS = [
    ("pns", "", "light", PNS, src("PP 94/2021 art. 8(2)", "PP 94/2021 Pasal 8 ayat (2)")),
    ("pns", "", "moderate", PNS, src("PP 94/2021 art. 8(3); SKB 2022",
                                     "PP 94/2021 Pasal 8 ayat (3); SKB 2022")),
    ("pns", "", "heavy", PNS, src("PP 94/2021 art. 8(4); SKB 2022",
                                  "PP 94/2021 Pasal 8 ayat (4); SKB 2022")),
    ("pns", "", "ethics", ETH, src("PP 42/2004; SKB 2022")),
    ("pns", "", "dismissal",
     src("UU 5/2014 art. 87(4)(b): a PNS who joins a political party is dismissed",
         "UU 5/2014 Pasal 87 ayat (4) huruf b: PNS yang menjadi anggota partai politik "
         "diberhentikan"),
     src("UU 5/2014 art. 87(4)", "UU 5/2014 Pasal 87 ayat (4)")),
    ("pppk", "", "light", PPPK, src("PP 49/2018 art. 52" + V_EN, "PP 49/2018 Pasal 52" + V_ID)),
    ("pppk", "", "moderate", PPPK, src("PP 49/2018 art. 52" + V_EN,
                                       "PP 49/2018 Pasal 52" + V_ID)),
    ("pppk", "", "heavy", PPPK, src("PP 49/2018 art. 52" + V_EN, "PP 49/2018 Pasal 52" + V_ID)),
    ("pppk", "", "ethics", ETH, src("PP 42/2004; SKB 2022")),
    ("pppk", "", "dismissal",
     src("UU 5/2014 art. 105: termination of the PPPK contract",
         "UU 5/2014 Pasal 105: pemutusan hubungan perjanjian kerja PPPK"),
     src("UU 5/2014 art. 105(1)", "UU 5/2014 Pasal 105 ayat (1)")),
    ("village_head", "", "oral_warning", VH, src("UU 6/2014 art. 30(1)", "UU 6/2014 Pasal 30 ayat (1)")),
    ("village_head", "", "written_warning", VH, src("UU 6/2014 art. 30(1)",
                                                    "UU 6/2014 Pasal 30 ayat (1)")),
    ("village_head", "", "temp_dismissal", VH, src("UU 6/2014 art. 30(2)",
                                                   "UU 6/2014 Pasal 30 ayat (2)")),
    ("village_head", "", "dismissal", VH, src("UU 6/2014 art. 30(2), 40",
                                              "UU 6/2014 Pasal 30 ayat (2), Pasal 40")),
    ("village_official", "", "oral_warning", VO, src("UU 6/2014 art. 52(1)",
                                                     "UU 6/2014 Pasal 52 ayat (1)")),
    ("village_official", "", "written_warning", VO, src("UU 6/2014 art. 52(1)",
                                                        "UU 6/2014 Pasal 52 ayat (1)")),
    ("village_official", "", "temp_dismissal", VO, src("UU 6/2014 art. 52(2)",
                                                       "UU 6/2014 Pasal 52 ayat (2)")),
    ("village_official", "", "dismissal", VO, src("UU 6/2014 art. 52(2), 53",
                                                  "UU 6/2014 Pasal 52 ayat (2), Pasal 53")),
    ("bpd", "", "written_warning", BPD, src("Permendagri 110/2016" + V_EN,
                                            "Permendagri 110/2016" + V_ID)),
    ("bpd", "", "dismissal", BPD, src("Permendagri 110/2016 art. 8" + V_EN,
                                      "Permendagri 110/2016 Pasal 8" + V_ID)),
    ("tni", "", "tni_discipline", TNI, src("UU 25/2014" + V_EN, "UU 25/2014" + V_ID)),
    ("tni", "", "dismissal", TNI, src("UU 34/2004 art. 62" + V_EN,
                                      "UU 34/2004 Pasal 62" + V_ID)),
    ("polri", "", "polri_discipline", POL, src("PP 2/2003 art. 9", "PP 2/2003 Pasal 9")),
    ("polri", "", "polri_ethics", POL, src("Perpol 7/2022" + V_EN, "Perpol 7/2022" + V_ID)),
    ("polri", "", "dismissal", POL, src("PP 1/2003 art. 12-13" + V_EN,
                                        "PP 1/2003 Pasal 12-13" + V_ID)),
    ("", "crime", "criminal", CRIME, src("UU 7/2017 art. 476", "UU 7/2017 Pasal 476")),
    ("", "administrative", "admin_correction", ADMIN,
     src("UU 7/2017 art. 461-462", "UU 7/2017 Pasal 461-462")),
    ("organiser", "ethics", "written_warning", DKPP, src("UU 7/2017 art. 458",
                                                         "UU 7/2017 Pasal 458")),
    ("organiser", "ethics", "temp_dismissal", DKPP, src("UU 7/2017 art. 458",
                                                        "UU 7/2017 Pasal 458")),
    ("organiser", "ethics", "dismissal", DKPP, src("UU 7/2017 art. 458", "UU 7/2017 Pasal 458")),
]

LETTER_SOURCE = src(
    "Bawaslu official-correspondence rules: classification PP (violation handling), office "
    "code, month, year" + V_EN,
    "Tata naskah dinas Bawaslu: klasifikasi PP (penanganan pelanggaran), kode kantor, bulan, "
    "tahun" + V_ID,
)
LETTER = [
    ("bawaslu_ri", "{seq:03d}/PP.01.00/K1/{month:02d}/{year}"),
    ("bawaslu_province", "{seq:03d}/PP.01.00/Pr.{office}/{month:02d}/{year}"),
    ("bawaslu_regency", "{seq:03d}/PP.01.00/K.{office}/{month:02d}/{year}"),
    ("panwascam", "{seq:03d}/PP.01.00/{level}/{month:02d}/{year}"),
]


def _texts(model, **fields) -> dict:
    """Each text in the base column and, when the catalogue has per-language columns, in
    ``<field>_ind`` and ``<field>_en``."""
    names = {f.name for f in model._meta.get_fields()}
    values = {}
    for name, (en, id_) in fields.items():
        values[name] = id_
        if f"{name}_ind" in names:
            values[f"{name}_ind"] = id_
            values[f"{name}_en"] = en
    return values


def forwards(apps, schema_editor):
    RoutingRule = apps.get_model("rules", "RoutingRule")
    SanctionRule = apps.get_model("rules", "SanctionRule")
    NumberingFormat = apps.get_model("rules", "NumberingFormat")
    # The regent/mayor keeps authority over village officials, but their village head is the
    # body routing proposes.
    RoutingRule.objects.filter(employment_type="village_official", recipient_kind="ppk").update(
        proposed=False)
    for category, status, kind, proposed, start, end, source in ROUTING:
        RoutingRule.objects.create(
            category=category, employment_type=status, recipient_kind=kind, proposed=proposed,
            valid_from=start, valid_to=end, **_texts(RoutingRule, legal_source=source))
    for status, category, sanction, basis, source in SANCTIONS:
        SanctionRule.objects.create(
            employment_type=status, category=category, sanction_type=sanction,
            valid_from=START, **_texts(SanctionRule, legal_basis=basis, legal_source=source))
    for kind in ("pemilu", "pilkada"):
        for office_kind, template in LETTER:
            NumberingFormat.objects.create(
                purpose="recommendation", office_kind=office_kind, election_kind=kind,
                template=template, valid_from=START,
                **_texts(NumberingFormat, legal_source=LETTER_SOURCE))


def backwards(apps, schema_editor):
    apps.get_model("rules", "SanctionRule").objects.all().delete()
    apps.get_model("rules", "NumberingFormat").objects.filter(purpose="recommendation").delete()
    RoutingRule = apps.get_model("rules", "RoutingRule")
    for category, status, kind, _proposed, start, _end, _source in ROUTING:
        RoutingRule.objects.filter(category=category, employment_type=status,
                                   recipient_kind=kind, valid_from=start).delete()
    RoutingRule.objects.filter(employment_type="village_official", recipient_kind="ppk").update(
        proposed=True)


class Migration(migrations.Migration):

    dependencies = [
        ('rules', '0005_catalogue_indonesian'),
    ]

    operations = [
        migrations.CreateModel(
            name='SanctionRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('valid_from', models.DateField(verbose_name='valid from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='valid to')),
                ('legal_source', models.CharField(blank=True, max_length=255, verbose_name='legal source')),
                ('legal_source_ind', models.CharField(blank=True, max_length=255, null=True, verbose_name='legal source')),
                ('legal_source_en', models.CharField(blank=True, max_length=255, null=True, verbose_name='legal source')),
                ('employment_type', models.CharField(blank=True, choices=[('pns', 'Civil servant (PNS)'), ('pppk', 'Government contract employee (PPPK)'), ('village_head', 'Village head'), ('village_official', 'Village official'), ('bpd', 'Village consultative body member (BPD)'), ('tni', 'Armed forces (TNI)'), ('polri', 'Police (Polri)'), ('organiser', 'Election organiser staff'), ('other', 'Other')], help_text='Empty: any.', max_length=32, verbose_name='employment type')),
                ('category', models.CharField(blank=True, choices=[('non_stage_asn', 'Non-stage supervision (ASN neutrality)'), ('crime', 'Election crime'), ('other_laws', 'Other laws'), ('administrative', 'Administrative'), ('ethics', 'Organiser ethics')], help_text="Empty: any. Rows of the case's category replace the general ones.", max_length=32, verbose_name='category')),
                ('sanction_type', models.CharField(choices=[('light', 'Light discipline'), ('moderate', 'Moderate discipline'), ('heavy', 'Heavy discipline'), ('ethics', 'Ethics sanction (moral statement)'), ('dismissal', 'Dismissal'), ('criminal', 'Criminal verdict'), ('oral_warning', 'Oral warning'), ('written_warning', 'Written warning'), ('temp_dismissal', 'Temporary dismissal'), ('tni_discipline', 'Military discipline sanction (TNI)'), ('polri_discipline', 'Police discipline sanction (Polri)'), ('polri_ethics', 'Police code-of-ethics sanction (Polri)'), ('admin_correction', 'Correction of procedure by KPU'), ('other', 'Other')], max_length=16, verbose_name='sanction type')),
                ('legal_basis', models.TextField(blank=True, verbose_name='legal basis')),
                ('legal_basis_ind', models.TextField(blank=True, null=True, verbose_name='legal basis')),
                ('legal_basis_en', models.TextField(blank=True, null=True, verbose_name='legal basis')),
            ],
            options={
                'verbose_name': 'sanction rule',
                'verbose_name_plural': 'sanction rules',
                'ordering': ['category', 'employment_type', 'sanction_type', '-valid_from'],
            },
        ),
        migrations.AddField(
            model_name='numberingformat',
            name='purpose',
            field=models.CharField(choices=[('registration', 'Registration number'), ('recommendation', 'Recommendation letter number')], default='registration', max_length=16, verbose_name='purpose'),
        ),
        migrations.AddField(
            model_name='routingrule',
            name='proposed',
            field=models.BooleanField(default=True, help_text='Unticked: a body with authority that the handler may choose instead.', verbose_name='proposed by routing'),
        ),
        migrations.AlterField(
            model_name='numberingformat',
            name='office_kind',
            field=models.CharField(choices=[('bawaslu_ri', 'Bawaslu RI'), ('bawaslu_province', 'Provincial Bawaslu'), ('bawaslu_regency', 'Regency/city Bawaslu'), ('panwascam', 'District supervisory committee (Panwascam)'), ('pkd', 'Village supervisor (PKD)'), ('civil_service_body', 'Civil-service body (BKN)'), ('kasn', 'KASN (dissolved 2024)'), ('bkpsdm', 'Regional personnel agency (BKPSDM)'), ('ppk', 'Personnel authority (PPK)'), ('kpu', 'Election commission (KPU)'), ('gakkumdu', 'Integrated law-enforcement centre (Sentra Gakkumdu)'), ('dkpp', "Election organisers' ethics council (DKPP)"), ('inspectorate', 'Inspectorate'), ('village_government', 'Village government (village head)'), ('tni_command', 'Armed forces command (TNI)'), ('polri_command', 'Police command (Polri, Propam)')], max_length=32, verbose_name='office kind'),
        ),
        migrations.AlterField(
            model_name='routingrule',
            name='recipient_kind',
            field=models.CharField(choices=[('bawaslu_ri', 'Bawaslu RI'), ('bawaslu_province', 'Provincial Bawaslu'), ('bawaslu_regency', 'Regency/city Bawaslu'), ('panwascam', 'District supervisory committee (Panwascam)'), ('pkd', 'Village supervisor (PKD)'), ('civil_service_body', 'Civil-service body (BKN)'), ('kasn', 'KASN (dissolved 2024)'), ('bkpsdm', 'Regional personnel agency (BKPSDM)'), ('ppk', 'Personnel authority (PPK)'), ('kpu', 'Election commission (KPU)'), ('gakkumdu', 'Integrated law-enforcement centre (Sentra Gakkumdu)'), ('dkpp', "Election organisers' ethics council (DKPP)"), ('inspectorate', 'Inspectorate'), ('village_government', 'Village government (village head)'), ('tni_command', 'Armed forces command (TNI)'), ('polri_command', 'Police command (Polri, Propam)')], max_length=32, verbose_name='recipient'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
