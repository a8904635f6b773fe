"""The reference rule rows in Bahasa Indonesia and English (issue #15.4).

0004 added one column per language (``<field>_ind``, ``<field>_en``: django-modeltranslation
names the Indonesian column ``_ind`` so that it never reads as a foreign key). This fills them
for the rows seeded by 0002 and 0003: the English text stays as it was reviewed, the Indonesian
below uses the statutes' own wording (Pasal, ayat, huruf; hukuman disiplin; pidana penjara,
kurungan, denda) and the domain reference's terms (temuan, laporan, tahapan, pasangan calon).
A row this migration does not know (added by an administrator) keeps its text as the
Indonesian one, the default language; an administrator adds the English in the admin.

Violation forms are matched by ``code``; the other rows by their English ``legal_source``.
"""

from django.db import migrations

SKB_EN = "SKB MenPAN-RB, Mendagri, BKN, KASN, Bawaslu of 22 Sept 2022 (Pedoman Netralitas ASN)"
SKB_ID = (
    "SKB MenPAN-RB, Mendagri, Kepala BKN, Ketua KASN dan Ketua Bawaslu tanggal 22 September "
    "2022 (Pedoman Netralitas ASN)"
)
DISCIPLINE_ID = (
    "PP 94/2021: hukuman disiplin sedang atau berat; PP 42/2004: sanksi moral (kode etik)"
)
PP94_ID = f"PP 94/2021 Pasal 5; {SKB_ID}"

# code: {field: Indonesian}
VIOLATIONS = {
    "asn-party-approach": {
        "name": "ASN melakukan pendekatan atau mendaftarkan diri kepada partai politik",
        "legal_basis": (
            f"UU 5/2014 Pasal 2 huruf f, Pasal 9 ayat (2), Pasal 87 ayat (4); {SKB_ID}"
        ),
        "sanction": DISCIPLINE_ID,
    },
    "asn-campaign-props": {
        "name": "ASN mempromosikan bakal calon atau calon melalui alat peraga kampanye (APK), "
        "termasuk berpakaian partai dalam selebaran",
        "legal_basis": PP94_ID,
        "sanction": DISCIPLINE_ID,
    },
    "asn-social-media": {
        "name": "ASN memberikan dukungan melalui media sosial: mengunggah, menyukai, membagikan "
        "atau mengomentari konten calon, termasuk melalui akun resmi instansi",
        "legal_basis": PP94_ID,
        "sanction": DISCIPLINE_ID,
    },
    "asn-attending": {
        "name": "ASN menghadiri silaturahmi atau kampanye calon, atau berfoto bersama peserta",
        "legal_basis": PP94_ID,
        "sanction": DISCIPLINE_ID,
    },
    "asn-facilities": {
        "name": "Menggunakan fasilitas, kendaraan atau program kantor untuk kepentingan calon, "
        "atau memberikan barang untuk kampanye",
        "legal_basis": PP94_ID,
        "sanction": DISCIPLINE_ID,
    },
    "officials-favouring-pemilu": {
        "name": "Pejabat atau ASN membuat keputusan atau melakukan tindakan yang menguntungkan "
        "atau merugikan peserta pemilu",
        "legal_basis": "UU 7/2017 Pasal 282-283",
        "sanction": DISCIPLINE_ID,
    },
    "officials-favouring-pilkada": {
        "name": "Pejabat, ASN atau kepala desa membuat keputusan atau melakukan tindakan yang "
        "menguntungkan atau merugikan pasangan calon; petahana mengganti pejabat dalam "
        "enam bulan",
        "legal_basis": "UU 10/2016 Pasal 71; Pasal 188",
        "sanction": "Pidana penjara 1-6 bulan dan/atau denda Rp600.000-Rp6.000.000 (Pasal 188)",
    },
    "pemilu-village-head-favouring": {
        "name": "Kepala desa menguntungkan salah satu peserta pemilu",
        "legal_basis": "UU 7/2017 Pasal 490",
        "sanction": "Pidana penjara paling lama 1 tahun dan denda paling banyak Rp12.000.000",
    },
    "pemilu-campaign-team-member": {
        "name": "ASN, anggota TNI/Polri, kepala desa, perangkat desa atau anggota BPD menjadi "
        "anggota tim kampanye",
        "legal_basis": "UU 7/2017 Pasal 280 ayat (3), Pasal 494",
        "sanction": "Pidana kurungan paling lama 1 tahun dan denda paling banyak Rp12.000.000",
    },
    "pilkada-involving-asn": {
        "name": "Pasangan calon melibatkan ASN, anggota TNI/Polri atau kepala desa dalam kampanye",
        "legal_basis": "UU 10/2016 Pasal 70; Pasal 189",
        "sanction": "Pidana penjara 1-6 bulan dan/atau denda Rp600.000-Rp6.000.000 (Pasal 189)",
    },
    "village-campaign": {
        "name": "Kepala desa atau perangkat desa ikut serta dalam kampanye",
        "legal_basis": "UU 6/2014 Pasal 29 huruf j, Pasal 51 huruf j",
        "sanction": "Teguran tertulis, pemberhentian sementara, lalu pemberhentian tetap "
        "(UU 6/2014 Pasal 30, 52)",
    },
    "bpd-campaign-pemilu": {
        "name": "Anggota BPD terlibat dalam kampanye pemilu (dalam Pilkada diperbolehkan)",
        "legal_basis": "UU 7/2017 Pasal 280 ayat (2) huruf h-j; UU 6/2014 Pasal 64 huruf h",
        "sanction": "Sesuai UU 7/2017 dan peraturan perundang-undangan tentang desa",
    },
    "organiser-ethics": {
        "name": "Penyelenggara pemilu (jajaran KPU, Bawaslu atau PPS) melanggar kode etik",
        "legal_basis": "UU 7/2017 Pasal 456-458; Peraturan DKPP 2/2017",
        "sanction": "Teguran, pemberhentian sementara atau pemberhentian tetap (DKPP)",
    },
    "administrative": {
        "name": "Pelanggaran administratif terhadap tata cara atau prosedur pemilu",
        "legal_basis": "UU 7/2017 Pasal 460-461",
        "sanction": "Perbaikan tata cara atau prosedur oleh KPU",
    },
}

# English legal_source (as seeded) -> Indonesian
SOURCES = {
    # Deadlines (0002)
    "UU 7/2017 art. 454(6): report within 7 working days of becoming known": (
        "UU 7/2017 Pasal 454 ayat (6): laporan paling lama 7 hari kerja sejak diketahui"
    ),
    "UU 7/2017 art. 454(5): finding within 7 days of discovery": (
        "UU 7/2017 Pasal 454 ayat (5): temuan paling lama 7 hari sejak ditemukan"
    ),
    "UU 1/2015 art. 134(4): 7 days from when it was known or found": (
        "UU 1/2015 Pasal 134 ayat (4): paling lama 7 hari sejak diketahui atau ditemukan"
    ),
    "Perbawaslu 7/2022: completion within 2 days (unit: verify)": (
        "Perbawaslu 7/2022: kelengkapan dipenuhi paling lama 2 hari (satuan hari: perlu "
        "diverifikasi)"
    ),
    "Perbawaslu 9/2024: completion within 2x24 hours": (
        "Perbawaslu 9/2024: kelengkapan dipenuhi paling lama 2x24 jam"
    ),
    "UU 7/2017 art. 454(7)-(8): 7 days, up to 14 working days in total (unit of 'Hari' in "
    "Perbawaslu 7/2022: verify)": (
        "UU 7/2017 Pasal 454 ayat (7)-(8): 7 hari, seluruhnya paling lama 14 hari kerja "
        "(satuan 'Hari' dalam Perbawaslu 7/2022: perlu diverifikasi)"
    ),
    "UU 1/2015 art. 134(5)-(6): 3 days, plus 2 days when more information is needed": (
        "UU 1/2015 Pasal 134 ayat (5)-(6): 3 hari, ditambah 2 hari bila masih diperlukan "
        "keterangan tambahan"
    ),
    "Netra office policy: answer expected within 14 days, then reminders (configurable)": (
        "Kebijakan kantor di Netra: jawaban diharapkan dalam 14 hari, lalu surat pengingat "
        "(dapat diatur)"
    ),
    # Routing (0002)
    "UU 7/2017 art. 461; administrative → KPU": (
        "UU 7/2017 Pasal 461; pelanggaran administratif → KPU"
    ),
    "UU 7/2017 art. 476; election crimes → Gakkumdu": (
        "UU 7/2017 Pasal 476; tindak pidana pemilu → Sentra Gakkumdu"
    ),
    "UU 7/2017 art. 458; organiser ethics → DKPP": (
        "UU 7/2017 Pasal 458; pelanggaran kode etik penyelenggara → DKPP"
    ),
    "UU 5/2014; SKB 2022: other laws → KASN": (
        "UU 5/2014; SKB 2022: pelanggaran hukum lainnya → KASN"
    ),
    "UU 20/2023; Perpres 91 and 92/2024: KASN duties to BKN from 24 Aug 2024": (
        "UU 20/2023; Perpres 91 dan 92/2024: tugas KASN beralih ke BKN sejak 24 Agustus 2024"
    ),
    "SKB 2022: ASN neutrality → KASN": "SKB 2022: netralitas ASN → KASN",
    "UU 20/2023; Perpres 91 and 92/2024; SE MenPAN-RB 4/2024: ASN neutrality → BKN": (
        "UU 20/2023; Perpres 91 dan 92/2024; SE MenPAN-RB 4/2024: netralitas ASN → BKN"
    ),
    "UU 6/2014 art. 29-30: village heads → regent/mayor": (
        "UU 6/2014 Pasal 29-30: kepala desa → bupati/wali kota"
    ),
    "UU 6/2014 art. 51-52: village officials → regent/mayor (via village head)": (
        "UU 6/2014 Pasal 51-52: perangkat desa → bupati/wali kota (melalui kepala desa)"
    ),
    "UU 6/2014 art. 29-30": "UU 6/2014 Pasal 29-30",
    "UU 6/2014 art. 51-52": "UU 6/2014 Pasal 51-52",
    # Numbering formats (0002)
    "Registration numbers as published by Bawaslu offices": (
        "Nomor registrasi sebagaimana dipublikasikan kantor Bawaslu"
    ),
    "Registration numbers as published by Bawaslu offices (Pilkada code: verify)": (
        "Nomor registrasi sebagaimana dipublikasikan kantor Bawaslu (kode Pilkada: perlu "
        "diverifikasi)"
    ),
    # Windows before the election period (0003)
    "Non-stage ASN neutrality supervision (PP 94/2021; SKB 2022): about six months before "
    "the first stage (verify)": (
        "Pengawasan netralitas ASN di luar tahapan (PP 94/2021; SKB 2022): sekitar enam bulan "
        "sebelum tahapan pertama (perlu diverifikasi)"
    ),
    "UU 10/2016 art. 71(2): six months before candidate designation, counted from the "
    "first stage (verify)": (
        "UU 10/2016 Pasal 71 ayat (2): enam bulan sebelum penetapan pasangan calon, dihitung "
        "dari tahapan pertama (perlu diverifikasi)"
    ),
}

FIELDS = {
    "ViolationType": ("name", "description", "legal_basis", "sanction", "legal_source"),
    "DeadlineRule": ("legal_source",),
    "PrePeriodWindow": ("legal_source",),
    "RoutingRule": ("legal_source",),
    "NumberingFormat": ("legal_source",),
    "Holiday": ("name", "legal_source"),
}


def _indonesian(model_name: str, row, field: str, english: str) -> str | None:
    """The reviewed Indonesian text of ``field`` for a seeded row, or None when unknown."""
    if not english:
        return ""
    if model_name == "ViolationType":
        known = VIOLATIONS.get(row.code, {})
        if field in known:
            return known[field]
        if field == "legal_source" and english == row.legal_basis and "legal_basis" in known:
            return known["legal_basis"]  # 0002 cites the legal basis as the row's source
        return None
    if field == "legal_source":
        return SOURCES.get(english)
    return None


def fill(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("rules", model_name)
        for row in model.objects.all():
            for field in fields:
                original = getattr(row, field) or ""
                indonesian = _indonesian(model_name, row, field, original)
                if indonesian is None:
                    # Not a reviewed reference text: keep it as the default-language text.
                    setattr(row, f"{field}_ind", original)
                    continue
                setattr(row, f"{field}_ind", indonesian)
                setattr(row, f"{field}_en", original)
                setattr(row, field, indonesian)
            row.save(update_fields=[
                name for field in fields for name in (field, f"{field}_ind", f"{field}_en")
            ])


def unfill(apps, schema_editor):
    """Back to one language: the English text where there is one."""
    for model_name, fields in FIELDS.items():
        model = apps.get_model("rules", model_name)
        for row in model.objects.all():
            for field in fields:
                english = getattr(row, f"{field}_en")
                if english:
                    setattr(row, field, english)
            row.save(update_fields=list(fields))


class Migration(migrations.Migration):
    dependencies = [("rules", "0004_catalogue_languages")]

    operations = [migrations.RunPython(fill, unfill)]
