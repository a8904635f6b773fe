"""Demo prevention work of Bawaslu Kota Serang (order 60, after accounts and cases).

Serang-like figures (domain notes, section 5): the prevention budget table of 1,633,859,000
allocated against 954,166,592 realized, one socialization aimed at ASN in the whole election, 12
cadre-training events with their KPP cadres (some of whom faded away), banners in part of the
city's villages, neutrality declarations and an MoU with the city government, and an appeal-letter
run to the city's schools. Names and places are invented. Runs as the system (no logged-in person)
through the services; idempotent: nothing is added when the demo socialization exists.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from netra.core.audit import system_actor
from netra.elections.selectors import active_elections
from netra.orgs.choices import OrgKind
from netra.orgs.selectors import nearest_office

from . import services
from .models import Activity
from .selectors import regions_below

logger = logging.getLogger(__name__)

DEMO_TITLE = "Sosialisasi netralitas ASN Pemilu 2024 Kota Serang"
BUDGET = [  # programme, sub-line, allocation, realization (Rp); sums 1,633,859,000 / 954,166,592
    ("Pencegahan pelanggaran", "Sosialisasi netralitas ASN", 412_500_000, 301_250_000),
    ("Pencegahan pelanggaran", "Rapat koordinasi Panwascam", 285_000_000, 198_420_000),
    ("Pengawasan partisipatif", "Pelatihan kader KPP", 520_359_000, 254_496_592),
    ("Pengawasan partisipatif", "Kampung pengawasan", 256_000_000, 150_000_000),
    ("Publikasi", "Baliho dan media sosial", 160_000_000, 50_000_000),
]
SCHOOLS = ["SD Negeri 1 Serang", "SD Negeri 2 Serang", "SMP Negeri 1 Kota Serang",
           "SMP Negeri 2 Kota Serang", "SMA Negeri 1 Kota Serang", "SMK Negeri 1 Kota Serang",
           "MAN 1 Kota Serang", "SD Negeri Cipocok Jaya", "SMP Negeri 5 Kota Serang",
           "SMA Negeri 2 Kota Serang"]
CADRES = ["Rina Marlina", "Dedi Kurniawan", "Ayu Lestari", "Fajar Hidayat", "Nur Aisyah",
          "Rudi Hartono", "Siti Rohmah", "Yusuf Maulana", "Dewi Anggraini", "Iwan Setiawan",
          "Lina Marliana", "Agus Salim"]


def load():
    office = nearest_office("36.73", [OrgKind.BAWASLU_REGENCY])
    if office is None or office.region_code != "36.73":
        logger.info("prevention demo: Bawaslu Kota Serang not found, nothing loaded")
        return []
    if Activity.objects.filter(office=office, title=DEMO_TITLE).exists():
        return []
    election = active_elections().filter(region_code="").first() or active_elections().first()
    with system_actor("demo"), transaction.atomic():
        _load(office, election)
    return []


def _load(office, election) -> None:
    today = timezone.localdate()
    lines = {}
    for programme, sub_line, allocation, realization in BUDGET:
        lines[sub_line], _created = services.save_budget_line(
            actor=None, office=office, election=election, fiscal_year=2024,
            programme=programme, sub_line=sub_line, allocation=allocation,
            realization=realization)
    villages = [r.code for r in regions_below("36.73", 4)]
    districts = [r.code for r in regions_below("36.73", 3)]
    socialization = services.save_activity(
        actor=None, office=office, election=election, activity_type="socialization",
        title=DEMO_TITLE, starts_on=date(2023, 11, 14), venue="Aula Bawaslu Kota Serang",
        area_codes=districts[:1], target_groups=["asn", "village_heads", "village_officials"],
        participants_count=85, budget_line=lines["Sosialisasi netralitas ASN"])
    for name, agency in (("Ahmad Fauzi", "Kecamatan Serang"), ("Siti Aminah", "Kelurahan Cipare"),
                         ("Budi Santoso", "Dinas Pendidikan Kota Serang")):
        services.add_attendee(activity=socialization, name=name, position="Peserta",
                              agency=agency)
    trainings = []
    for i in range(12):
        start = date(2023, 6, 5) + timedelta(days=14 * i)
        trainings.append(services.save_activity(
            actor=None, office=office, election=election, activity_type="cadre_training",
            title=f"Pelatihan Kader Pengawas Partisipatif angkatan {i + 1}", starts_on=start,
            ends_on=start + timedelta(days=1), venue="Hotel Le Dian, Serang",
            area_codes=districts[i % len(districts):i % len(districts) + 1] if districts else [],
            target_groups=["youth", "public"], participants_count=30,
            budget_line=lines["Pelatihan kader KPP"]))
    services.save_activity(
        actor=None, office=office, election=election, activity_type="coordination",
        title="Rapat koordinasi pencegahan bersama Panwascam se-Kota Serang",
        starts_on=today - timedelta(days=20), participants_count=24, target_groups=["asn"],
        budget_line=lines["Rapat koordinasi Panwascam"])
    for index, village in enumerate(villages[: max(1, len(villages) * 2 // 3)]):
        services.add_banner(actor=None, office=office, election=election, village_code=village,
                            title="ASN netral, Pemilu damai", position="Depan kantor kelurahan",
                            placed_on=date(2023, 12, 1) + timedelta(days=index % 10))
    for index, name in enumerate(CADRES if villages else []):
        cadre = services.add_cadre(actor=None, office=office, election=election,
                                   village_code=villages[index % len(villages)], name=name,
                                   training=trainings[index], trained_on=trainings[index].ends_on)
        if index % 3 != 2:  # a third of the cadres faded away after their training
            services.add_cadre_entry(actor=None, cadre=cadre, kind="activity",
                                     happened_on=today - timedelta(days=15 + index),
                                     title="Sosialisasi netralitas ASN di tingkat RW")
    for signer, position, agency, kind in (
            ("Drs. H. Nanang Saefudin", "Sekretaris Daerah", "Pemerintah Kota Serang",
             "integrity_pact"),
            ("Dra. Hj. Tb. Suhartini", "Kepala Dinas", "Dinas Pendidikan Kota Serang",
             "neutrality"),
            ("dr. Ratu Ani", "Kepala Dinas", "Dinas Kesehatan Kota Serang", "neutrality"),
            ("H. Subagyo, S.Sos.", "Camat", "Kecamatan Serang", "neutrality")):
        services.add_declaration(actor=None, office=office, election=election, kind=kind,
                                 signer_name=signer, signer_position=position, agency=agency,
                                 signed_on=date(2023, 11, 20))
    mou = services.add_agreement(actor=None, office=office, election=election,
                                 partner="Pemerintah Kota Serang",
                                 title="Pengawasan netralitas ASN pada Pemilu 2024",
                                 signed_on=date(2023, 10, 2), valid_until=date(2024, 12, 31))
    services.add_follow_up(actor=None, agreement=mou, owner="Sekretariat Daerah",
                           description="Surat edaran wali kota tentang netralitas ASN",
                           due_on=date(2023, 11, 1))
    services.add_follow_up(actor=None, agreement=mou, owner="BKPSDM Kota Serang",
                           description="Apel netralitas ASN", due_on=today + timedelta(days=30))
    recipients = services.create_recipient_list(actor=None, office=office, election=election,
                                                name="Sekolah di Kota Serang")
    for index, school in enumerate(SCHOOLS):
        services.add_recipient(recipient_list=recipients, recipient_type="school", name=school,
                               addressee="Kepala Sekolah",
                               district="Serang" if index % 2 == 0 else "Cipocok Jaya")
    services.start_letter_run(
        actor=None, recipient_list=recipients, subject="Imbauan netralitas ASN",
        message="Dengan hormat,\n\nMenjelang Pemilu 2024, kami mengimbau seluruh pendidik dan "
                "tenaga kependidikan berstatus ASN untuk menjaga netralitas.\n\nAtas perhatian "
                "dan kerja samanya kami ucapkan terima kasih.",
        letter_date=date(2023, 12, 4), number_prefix="PM.00.02/K.BT-06")
