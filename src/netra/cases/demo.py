"""Demo elections and cases for Bawaslu Kota Serang (``netra load_demo_cases``).

Pemilu 2024 reproduces the published Serang City 2024 figures (Serang City study, second
"Tabel 1" and Tabel 6; copies in ``shared/domain/tables``): temuan/laporan by category
ASN/non-stage 5/2, election crime 5/0, other laws 1/0 (11 findings, 2 reports) handled by the city
office, including the six registered findings of Tabel 6 with their registration numbers exactly as
printed, the reported persons by position and agency (never names) and the descriptions as printed.
The findings not listed in Tabel 6 and both reports are invented in the same spirit, and so are
all dates inside the months the registration numbers give. Pilkada Kota Serang 2024 is there with
its stages only.

The election in progress (``LIVE_CASES``) is "Pilkada Kota Serang (simulasi)": its voting day is
three weeks after the day the demo is loaded, its stages follow the 2024 Pilkada calendar around
that day (campaign running), and its twenty cases are dated in days relative to that day, one at
every status of the workflow (initial information received, raised and dropped; a report under
check, one awaiting completion and one not registered; registered, clarification, legal study
with the one overdue decision clock, plenary with an extended clock; decided three ways;
forwarded, awaiting follow-up with the one recommendation overdue at BKN, sanctioned, refused,
escalated and closed). Loaded again on a later day it stays as it was (delete the data for a
fresh one).

Documents of record are kept as a handler would (``cases.services.records``): Pemilu 2024 was
handled on paper, so its clarification minutes, legal studies and plenary minutes are signed
scans; in the election in progress the clarification minutes (signed by the person clarified)
and a Panwascam's plenary minutes are scans too, while the legal studies and the city's plenary
minutes are generated, completed and finalised in Netra (numbered, locked, hashed).

Every case goes through the real services (``open_case``, ``transition_case``,
``set_violation_types``, ``extend_deadline``, the documents-of-record services, the recipient
services), acting as the demo users, with ``on=`` dates matching the numbers' months, so the
registration numbers come from the numbering rules and counters. What the services cannot do
for past dates is done directly and only here:

* timestamps the services take from the clock (case events, acknowledgement and answer times, the
  stop date of the follow-up clock) are moved back to the historical date of each step;
* the KPU recommendation of Tabel 6 row 6 ("to KPU and KASN via Bawaslu Kota Serang") is added as
  a row, because the routing rules send non-stage ASN cases to KASN only;
* reminder counts of long-unanswered recommendations are set to what the daily task would have
  sent by then;
* a registration number is written explicitly only if the counters of the database were already
  used and the services produced another number (a fresh database never needs it).

Notifications are not sent for these historical events. Idempotent: a case is recognised by its
election, office and summary, and a second run creates nothing.
"""

from __future__ import annotations

import contextlib
import logging
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation

from netra.accounts.models import Membership, User
from netra.accounts.roles import Role
from netra.accounts.services import add_membership, create_user
from netra.core.demo import DemoLogin
from netra.elections.models import Election, ElectionKind, ElectionLevel, ElectionStage
from netra.orgs.choices import OrgKind
from netra.orgs.models import Organisation
from netra.rules.choices import Category, EmploymentType
from netra.rules.models import ViolationType

from . import services
from .choices import CaseKind, DocumentKind, RecommendationStatus, ReporterType, Source
from .models import Case, CaseDeadline, CaseEvent, Recommendation
from .services import PersonInput, ReporterInput, SanctionInput, records

logger = logging.getLogger(__name__)

SERANG_CITY = "36.73"
PEMILU_2024 = "Pemilu 2024"
PILKADA_SERANG_2024 = "Pilkada Kota Serang 2024"

ELECTIONS = [
    # name, kind, level, region, voting day, stages (name, start, end)
    (PEMILU_2024, ElectionKind.PEMILU, ElectionLevel.NATIONAL, "", date(2024, 2, 14), [
        ("Pemutakhiran data pemilih", date(2023, 2, 14), date(2023, 6, 21)),
        ("Masa kampanye", date(2023, 11, 28), date(2024, 2, 10)),
        ("Masa tenang", date(2024, 2, 11), date(2024, 2, 13)),
        ("Pemungutan dan penghitungan suara", date(2024, 2, 14), date(2024, 2, 15)),
        ("Rekapitulasi hasil penghitungan suara", date(2024, 2, 15), date(2024, 3, 20)),
    ]),
    (PILKADA_SERANG_2024, ElectionKind.PILKADA, ElectionLevel.REGENCY, SERANG_CITY,
     date(2024, 11, 27), [
         ("Pendaftaran pasangan calon", date(2024, 8, 27), date(2024, 8, 29)),
         ("Penetapan pasangan calon", date(2024, 9, 22), date(2024, 9, 22)),
         ("Masa kampanye", date(2024, 9, 25), date(2024, 11, 23)),
         ("Masa tenang", date(2024, 11, 24), date(2024, 11, 26)),
         ("Pemungutan suara", date(2024, 11, 27), date(2024, 11, 27)),
         ("Rekapitulasi hasil penghitungan suara", date(2024, 11, 27), date(2024, 12, 16)),
     ]),
]

# Recipient officer of KASN, which received the Pemilu 2024 recommendations (before 24 Aug 2024).
KASN_OFFICER = ("kasn.officer", "Teguh Prasetyo", Role.RECIPIENT_OFFICER)

HANDLER = "penanganan.serang"
COMMISSIONER = "komisioner.serang"
FIELD_SUPERVISOR = "panwascam.cipocok"
OFFICERS: dict[str, str] = {OrgKind.KASN: "kasn.officer", OrgKind.CIVIL_SERVICE_BODY: "bkn.officer"}
COMMISSIONER_STEPS = {"decide_violation", "decide_no_violation", "decide_not_followed_up"}
FIELD_STEPS = {"raise_to_finding", "drop"}  # a field supervisor's own initial information
RECIPIENT_STEPS = {"acknowledge", "sanction", "refusal"}

PPK = "Wali Kota Serang selaku PPK"
DOCUMENT_FORMAT = "docx"  # DOCX is what staff edit before signing, and it is quick to build


def nip(birth: str, appointed: str, sex: int, seq: int) -> str:
    """A synthetic NIP (birth date YYYYMMDD, appointment YYYYMM, sex code, sequence)."""
    return f"{birth}{appointed}{sex}{seq:03d}"


def pns(position: str, agency: str, nip_value: str = "", kind: str = EmploymentType.PNS
        ) -> PersonInput:
    """A reported person by position and agency only: the demo never names anyone."""
    return PersonInput(employment_type=kind, position=position, agency=agency, nip=nip_value)


@dataclass(frozen=True)
class Step:
    """One workflow step. ``on`` is a date, or an int: days relative to today (current cases).

    ``recipient`` names the recipient kind a recipient step answers (default: the first open
    recommendation). ``sanctions`` are (person index, type, decree number, decree date).
    """

    name: str
    on: date | int
    note: str = ""
    recipient: str = ""
    sanctions: tuple[tuple[int, str, str, date | int], ...] = ()


@dataclass(frozen=True)
class DemoCase:
    title: str
    description: str
    office: str  # "serang" or "cipocok"
    election: str
    kind: str
    source: str
    incident: date | int
    known: date | int
    received: date | int
    place: str
    persons: tuple[PersonInput, ...]
    category: str
    violation_codes: tuple[str, ...]
    steps: tuple[Step, ...]
    registration_number: str = ""  # as published, for the historical cases
    reporter: str = ""
    address: str = ""
    reminders: int = 0
    extra_recipient: str = ""  # Tabel 6 row 6: also recommended to KPU
    source_row: str = ""  # "Tabel 6 row N" for the published cases


def handled(registered: date, decided: date, *, forwarded: date | None = None,
            decision: str = "decide_violation", note: str = "") -> tuple[Step, ...]:
    """The usual path: check and register, clarification, legal study, plenary, decision and (for
    a violation) the recommendation."""
    clarification = registered + timedelta(days=1)
    study = max(clarification, decided - timedelta(days=2))
    plenary = max(study, decided - timedelta(days=1))
    steps = [
        Step("start_check", registered), Step("register", registered),
        Step("start_clarification", clarification), Step("start_legal_study", study),
        Step("submit_to_plenary", plenary), Step(decision, decided, note=note),
    ]
    if forwarded:
        steps.append(Step("forward_recommendation", forwarded))
    return tuple(steps)


def rel_handled(registered: int, decided: int, forwarded: int) -> tuple[Step, ...]:
    return (
        Step("start_check", registered), Step("register", registered),
        Step("start_clarification", registered), Step("start_legal_study", decided),
        Step("submit_to_plenary", decided), Step("decide_violation", decided),
        Step("forward_recommendation", forwarded),
    )


KOTA_SERANG = "Pemerintah Kota Serang"
SMPN24 = "SMPN 24 Kota Serang"
ASN_PROPS, ASN_SOCIAL, ASN_ATTEND, ASN_FACILITIES = (
    "asn-campaign-props", "asn-social-media", "asn-attending", "asn-facilities")
CAMPAIGN_TEAM = "pemilu-campaign-team-member"
FAVOURING = "officials-favouring-pemilu"
FAVOURING_PILKADA = "officials-favouring-pilkada"
NS, CRIME, OTHER = Category.NON_STAGE_ASN, Category.CRIME, Category.OTHER_LAWS
FINDING, REPORT = CaseKind.FINDING, CaseKind.REPORT
FIELD, DESK, SOCIAL = Source.FIELD_SUPERVISION, Source.OFFICE_DESK, Source.SOCIAL_MEDIA

CASES: tuple[DemoCase, ...] = (
    # --- Panwascam Cipocok Jaya, Pemilu 2024 (district level) --------------------------------
    DemoCase(
        title="Akun resmi kelurahan menyukai unggahan ajakan memilih bakal caleg",
        description="Akun Instagram resmi Kelurahan Banjar Agung diduga menyukai dan membagikan "
                    "unggahan ajakan memilih seorang bakal calon anggota DPRD Kota Serang.",
        office="cipocok", election=PEMILU_2024, kind=FINDING, source=SOCIAL,
        incident=date(2023, 8, 14), known=date(2023, 8, 15), received=date(2023, 8, 16),
        place="36.73.05.1004",
        persons=(pns("Lurah Banjar Agung", KOTA_SERANG,
                     nip("19791201", "200501", 1, 7)),),
        category=NS, violation_codes=(ASN_SOCIAL,),
        steps=handled(date(2023, 8, 21), date(2023, 8, 28), decision="decide_no_violation",
                      note="Tidak terbukti: unggahan disukai oleh akun pribadi pengelola, "
                           "bukan oleh akun resmi kelurahan.")
        + (Step("close", date(2023, 9, 4)),),
        registration_number="001/REG/TM/PL/Kec-CipocokJaya/11.01/VIII/2023",
    ),
    DemoCase(
        title="Anggota PPS dan ASN berfoto dengan peserta pemilu",
        description="Berfoto dengan salah satu Peserta Pemilu.",
        office="cipocok", election=PEMILU_2024, kind=FINDING, source=FIELD,
        incident=date(2023, 9, 9), known=date(2023, 9, 11), received=date(2023, 9, 12),
        place="36.73.05",
        persons=(pns("Anggota PPS", "PPS Cipocok Jaya", kind=EmploymentType.ORGANISER),
                 pns("ASN", "Kecamatan Cipocok Jaya", nip("19921111", "201902", 2, 3))),
        category=NS, violation_codes=(ASN_ATTEND,),
        steps=handled(date(2023, 9, 18), date(2023, 9, 26), forwarded=date(2023, 9, 27)) + (
            Step("acknowledge", date(2023, 10, 9), recipient=OrgKind.KASN),
            Step("sanction", date(2023, 11, 27), recipient=OrgKind.KASN,
                 note="Sanksi moral pernyataan secara tertutup telah dijatuhkan oleh PPK.",
                 sanctions=((1, "ethics", "800/1107/BKPSDM/2023", date(2023, 11, 20)),)),
        ),
        registration_number="002/REG/TM/PL/Kec-CipocokJaya/11.01/IX/2023",
        extra_recipient=OrgKind.KPU, reminders=3, source_row="Tabel 6 row 6",
    ),
    # --- Bawaslu Kota Serang, Pemilu 2024: the five city findings of Tabel 6 ------------------
    DemoCase(
        title="ASN mengenakan baju partai dalam flyer",
        description="ASN (Aparatur Sipil Negara) dilingkungan Pemerintah Kota Serang yang diduga "
                    "membuat flyer mengenakan baju Partai Persatuan Pembangunan (PPP).",
        office="serang", election=PEMILU_2024, kind=FINDING, source=SOCIAL,
        incident=date(2023, 4, 3), known=date(2023, 4, 5), received=date(2023, 4, 6),
        place="36.73.05",
        persons=(pns("Camat Cipocok Jaya", KOTA_SERANG, nip("19760815", "200212", 1, 3)),),
        category=NS, violation_codes=(ASN_PROPS,),
        steps=handled(date(2023, 4, 10), date(2023, 4, 17), forwarded=date(2023, 4, 18)) + (
            Step("acknowledge", date(2023, 5, 2)),
            Step("sanction", date(2023, 7, 14),
                 note="KASN merekomendasikan sanksi moral; PPK telah menjatuhkannya.",
                 sanctions=((0, "ethics", "800/0712/BKPSDM/2023", date(2023, 7, 10)),)),
            Step("close", date(2023, 7, 24)),
        ),
        registration_number="001/Reg/TM/PL/Kota/1.01/IV/2023", source_row="Tabel 6 row 1",
    ),
    DemoCase(
        title="Pembagian beras berstiker partai di lingkungan sekolah",
        description="Partai Politik di lingkungan fasilitas pendidikan SMP Negeri 24 Kota Serang "
                    "dan adanya pembagian beras bertempelkan stiker berlogo partai PKS dan nomor "
                    "urut peserta pemilu tahun 2024.",
        office="serang", election=PEMILU_2024, kind=FINDING, source=FIELD,
        incident=date(2023, 10, 5), known=date(2023, 10, 6), received=date(2023, 10, 9),
        place=SERANG_CITY, address="SMP Negeri 24 Kota Serang",
        persons=(pns("Kepala Sekolah", SMPN24, nip("19701103", "199503", 1, 2)),
                 pns("Guru PNS", SMPN24, nip("19850520", "201001", 2, 14))),
        category=NS, violation_codes=(ASN_FACILITIES,),
        steps=handled(date(2023, 10, 11), date(2023, 10, 19), forwarded=date(2023, 10, 20)) + (
            Step("acknowledge", date(2023, 10, 30)),
            Step("sanction", date(2024, 1, 12),
                 note="Sanksi dijatuhkan oleh PPK atas rekomendasi KASN.",
                 sanctions=((0, "moderate", "800/0031/BKPSDM/2024", date(2024, 1, 8)),
                            (1, "ethics", "800/0032/BKPSDM/2024", date(2024, 1, 8)))),
            Step("close", date(2024, 1, 22)),
        ),
        registration_number="002/Reg/TM/PL/Kota/1.01/X/2023", source_row="Tabel 6 row 2",
    ),
    DemoCase(
        title="Pembiaran pemasangan alat peraga kampanye di terminal",
        description="Adanya Tindakan Yang Menguntungkan/Merugikan Partai Politik atau Calon "
                    "Pasangan Calon Presiden/Wakil Presiden. Diduga Melanggar Netralitas Aparatur "
                    "Sipil Negara (ASN) Berupa Tindakan Pembiaran Pemasangan Alat.",
        office="serang", election=PEMILU_2024, kind=FINDING, source=FIELD,
        incident=date(2024, 1, 2), known=date(2024, 1, 3), received=date(2024, 1, 4),
        place="36.73.05.1003", address="Terminal Pakupatan",
        persons=(pns("Kepala Pelayanan", "Terminal Pakupatan Serang",
                     nip("19800214", "200604", 1, 5)),),
        category=NS, violation_codes=(ASN_FACILITIES,),
        steps=handled(date(2024, 1, 8), date(2024, 1, 16), forwarded=date(2024, 1, 17)) + (
            Step("acknowledge", date(2024, 1, 24)),
            Step("escalate", date(2024, 3, 18),
                 note="Belum ada jawaban KASN setelah tiga surat pengingat; dilaporkan kepada "
                      "Bawaslu Provinsi Banten."),
        ),
        registration_number="001/Reg/TM/PL/Kota/1.01/I/2024", reminders=3,
        source_row="Tabel 6 row 3",
    ),
    DemoCase(
        title="Kendaraan dinas terparkir di area kampanye partai",
        description="Adanya Tindakan Yang Menguntungkan/Merugikan Partai Politik. Diduga "
                    "Melanggar Netralitas Aparatur Sipil Negara (ASN) Berupa Tindakan Pembiaran "
                    "Tanpa Pengontrolan Yang Ketat Atas Penggunaan Kendaraan Dinas Milik "
                    "Pemerintah Kota Serang Terparkir Kampanye di Yang Area Salah Satu Partai "
                    "Politik Peserta Pemilu Tahun 2024.",
        office="serang", election=PEMILU_2024, kind=FINDING, source=FIELD,
        incident=date(2024, 1, 9), known=date(2024, 1, 10), received=date(2024, 1, 11),
        place="36.73.01.1002",
        persons=(pns("Sekretaris Lurah", "Kelurahan Cipare, Kota Serang",
                     nip("19870707", "201101", 1, 6)),),
        category=NS, violation_codes=(ASN_FACILITIES,),
        steps=handled(date(2024, 1, 15), date(2024, 1, 23), forwarded=date(2024, 1, 24)) + (
            Step("acknowledge", date(2024, 2, 1)),
            Step("sanction", date(2024, 3, 8),
                 note="Hukuman disiplin ringan berupa teguran tertulis.",
                 sanctions=((0, "light", "800/0219/BKPSDM/2024", date(2024, 3, 4)),)),
        ),
        registration_number="002/Reg/TM/PL/Kota/1.01/I/2024", source_row="Tabel 6 row 4",
    ),
    DemoCase(
        title="PNS membantu air minum kampanye caleg dan memasang spanduk caleg",
        description="Adanya Tindakan Yang Menguntungkan/Merugikan Partai Politik Peserta Pemilu "
                    "Tahun 2024. Diduga Melanggar Netralitas Aparatur Sipil Negara (ASN), "
                    "Tindakan Berupa Membantu Air Minum 50 Dus Untuk Kegiatan Kampanye Caleg dan "
                    "Inisiatif Pemasangan Spanduk Caleg PAN.",
        office="serang", election=PEMILU_2024, kind=FINDING, source=FIELD,
        incident=date(2024, 1, 20), known=date(2024, 1, 22), received=date(2024, 1, 23),
        place="36.73.06",
        persons=(pns("PNS", KOTA_SERANG, nip("19900325", "201503", 1, 1)),),
        category=NS, violation_codes=(ASN_FACILITIES, ASN_PROPS),
        steps=handled(date(2024, 1, 29), date(2024, 2, 6), forwarded=date(2024, 2, 7)),
        registration_number="003/Reg/TM/PL/Kota/1.01/I/2024", reminders=2,
        source_row="Tabel 6 row 5",
    ),
    # --- Bawaslu Kota Serang, Pemilu 2024: election crimes (5 findings) ----------------------
    DemoCase(
        title="Pegawai PPPK tercatat sebagai anggota tim kampanye caleg DPRD",
        description="Seorang guru PPPK tercatat dalam surat keputusan tim kampanye calon anggota "
                    "DPRD Kota Serang dan ikut dalam kegiatan kampanye tatap muka.",
        office="serang", election=PEMILU_2024, kind=FINDING, source=FIELD,
        incident=date(2024, 1, 26), known=date(2024, 1, 29), received=date(2024, 1, 30),
        place="36.73.02",
        persons=(pns("Guru PPPK", "Dinas Pendidikan dan Kebudayaan Kota Serang",
                     nip("19910515", "202203", 2, 4), kind=EmploymentType.PPPK),),
        category=CRIME, violation_codes=(CAMPAIGN_TEAM,),
        steps=handled(date(2024, 2, 1), date(2024, 2, 7), forwarded=date(2024, 2, 7)),
        reminders=2,
    ),
    DemoCase(
        title="Lurah berorasi dalam kampanye rapat umum caleg",
        description="Seorang lurah diduga menyampaikan orasi dukungan dalam kampanye rapat umum "
                    "seorang calon anggota DPR RI.",
        office="serang", election=PEMILU_2024, kind=FINDING, source=FIELD,
        incident=date(2024, 1, 31), known=date(2024, 2, 1), received=date(2024, 2, 2),
        place="36.73.02.1001",
        persons=(pns("Lurah", "Kelurahan Kasemen, Kota Serang",
                     nip("19780420", "200312", 1, 9)),),
        category=CRIME, violation_codes=(CAMPAIGN_TEAM,),
        steps=handled(date(2024, 2, 5), date(2024, 2, 15), decision="decide_not_followed_up",
                      note="Pembahasan kedua Sentra Gakkumdu: unsur tindak pidana tidak "
                           "terpenuhi.") + (Step("close", date(2024, 2, 20)),),
    ),
    DemoCase(
        title="ASN kecamatan ikut membagikan uang bersama tim kampanye",
        description="Seorang staf kecamatan diduga ikut membagikan uang kepada warga bersama tim "
                    "kampanye salah satu calon anggota DPRD.",
        office="serang", election=PEMILU_2024, kind=FINDING, source=FIELD,
        incident=date(2024, 2, 3), known=date(2024, 2, 4), received=date(2024, 2, 5),
        place="36.73.06",
        persons=(pns("Staf Kecamatan", "Kecamatan Taktakan, Kota Serang",
                     nip("19880912", "201001", 1, 11)),),
        category=CRIME, violation_codes=(CAMPAIGN_TEAM,),
        steps=handled(date(2024, 2, 7), date(2024, 2, 16), decision="decide_not_followed_up",
                      note="Saksi tidak bersedia memberikan keterangan; bukti tidak cukup.")
        + (Step("close", date(2024, 2, 26)),),
    ),
    DemoCase(
        title="Pegawai dinas diduga menjadi juru kampanye caleg",
        description="Seorang pegawai Dinas Kesehatan diduga menjadi juru kampanye dalam "
                    "pertemuan terbatas calon anggota DPRD Provinsi Banten.",
        office="serang", election=PEMILU_2024, kind=FINDING, source=FIELD,
        incident=date(2024, 2, 15), known=date(2024, 2, 16), received=date(2024, 2, 16),
        place="36.73.03",
        persons=(pns("Staf", "Dinas Kesehatan Kota Serang", nip("19930102", "201903", 2, 8)),),
        category=CRIME, violation_codes=(CAMPAIGN_TEAM,),
        steps=handled(date(2024, 2, 19), date(2024, 2, 27), decision="decide_no_violation",
                      note="Yang bersangkutan hadir sebagai warga dan tidak berbicara dalam "
                           "kegiatan kampanye.") + (Step("close", date(2024, 3, 4)),),
    ),
    DemoCase(
        title="Staf kelurahan tercatat dalam SK tim pemenangan caleg",
        description="Nama seorang staf kelurahan tercantum dalam surat keputusan tim pemenangan "
                    "calon anggota DPRD Kota Serang.",
        office="serang", election=PEMILU_2024, kind=FINDING, source=FIELD,
        incident=date(2024, 2, 20), known=date(2024, 2, 21), received=date(2024, 2, 22),
        place="36.73.04",
        persons=(pns("Staf Kelurahan", "Kelurahan Curug, Kota Serang",
                     nip("19950817", "202001", 1, 12)),),
        category=CRIME, violation_codes=(CAMPAIGN_TEAM,),
        steps=handled(date(2024, 2, 26), date(2024, 3, 5), decision="decide_not_followed_up",
                      note="Sentra Gakkumdu: daluwarsa dan tidak cukup bukti."),
    ),
    # --- Bawaslu Kota Serang, Pemilu 2024: other laws (1 finding) ----------------------------
    DemoCase(
        title="Pejabat dinas memperkenalkan caleg dalam penyaluran bantuan sosial",
        description="Seorang kepala bidang Dinas Sosial diduga memperkenalkan seorang calon "
                    "anggota DPRD dalam kegiatan penyaluran bantuan sosial.",
        office="serang", election=PEMILU_2024, kind=FINDING, source=FIELD,
        incident=date(2024, 2, 27), known=date(2024, 2, 28), received=date(2024, 2, 29),
        place="36.73.01",
        persons=(pns("Kepala Bidang", "Dinas Sosial Kota Serang",
                     nip("19750606", "200003", 1, 4)),),
        category=OTHER, violation_codes=(FAVOURING,),
        steps=handled(date(2024, 3, 4), date(2024, 3, 12), forwarded=date(2024, 3, 13)) + (
            Step("acknowledge", date(2024, 3, 20)),
            Step("refusal", date(2024, 5, 6),
                 note="Hasil pemeriksaan KASN: tidak ditemukan cukup bukti keberpihakan."),
            Step("close", date(2024, 5, 13)),
        ),
    ),
    # --- Bawaslu Kota Serang, Pemilu 2024: reports (2, ASN neutrality) -----------------------
    DemoCase(
        title="Guru PNS mengunggah dukungan kepada pasangan capres di media sosial",
        description="Pelapor menyampaikan tangkapan layar unggahan Facebook seorang guru PNS yang "
                    "berisi ajakan memilih salah satu pasangan calon presiden.",
        office="serang", election=PEMILU_2024, kind=REPORT, source=DESK,
        incident=date(2023, 12, 1), known=date(2023, 12, 4), received=date(2023, 12, 6),
        place="36.73.03",
        persons=(pns("Guru PNS", "SD Negeri Walantaka, Kota Serang",
                     nip("19820304", "200801", 2, 6)),),
        category=NS, violation_codes=(ASN_SOCIAL,), reporter="Rudi Hartono",
        steps=handled(date(2023, 12, 11), date(2023, 12, 19), forwarded=date(2023, 12, 20)) + (
            Step("acknowledge", date(2024, 1, 3)),
            Step("sanction", date(2024, 2, 26),
                 note="Hukuman disiplin sedang telah dijatuhkan.",
                 sanctions=((0, "moderate", "800/0188/BKPSDM/2024", date(2024, 2, 22)),)),
            Step("close", date(2024, 3, 1)),
        ),
    ),
    DemoCase(
        title="Lurah membagikan ajakan memilih caleg di grup percakapan warga",
        description="Pelapor menyampaikan bahwa seorang lurah membagikan ajakan memilih calon "
                    "anggota DPRD di grup WhatsApp RT.",
        office="serang", election=PEMILU_2024, kind=REPORT, source=DESK,
        incident=date(2024, 2, 12), known=date(2024, 2, 13), received=date(2024, 2, 16),
        place="36.73.04",
        persons=(pns("Lurah", "Kelurahan Cipete, Kota Serang",
                     nip("19771010", "200201", 1, 8)),),
        category=NS, violation_codes=(ASN_SOCIAL,), reporter="Maya Sari",
        steps=handled(date(2024, 2, 20), date(2024, 2, 28), decision="decide_no_violation",
                      note="Pesan dikirim oleh anggota keluarga yang memakai telepon yang "
                           "bersangkutan; tidak terbukti.") + (Step("close", date(2024, 3, 6)),),
    ),
    # Historical only: the Pilkada Kota Serang 2024 election exists (with its stages) but its
    # cases are not part of the published tables. The election in progress is LIVE_CASES.
)

# --- The election in progress: "Pilkada Kota Serang (simulasi)", voting day three weeks after
# the day the demo is loaded, campaign running. Every date below is days relative to that day,
# so clocks run, a few are near due, one decision clock and one recommendation (at BKN) are
# overdue, and every status of the workflow has a case. -------------------------------------
LIVE = "Pilkada Kota Serang (simulasi)"
LIVE_VOTING_IN_DAYS = 21
# The 2024 Pilkada calendar (PKPU 2/2024) as days before/after voting day.
LIVE_STAGES = (
    ("Pendaftaran pasangan calon", -92, -90),
    ("Penetapan pasangan calon", -66, -66),
    ("Masa kampanye", -63, -4),
    ("Masa tenang", -3, -1),
    ("Pemungutan suara", 0, 0),
    ("Rekapitulasi hasil penghitungan suara", 0, 19),
)
INFO = CaseKind.INITIAL_INFO


def live_election(today: date) -> tuple:
    """The ELECTIONS row of the election in progress, for a demo loaded on ``today``."""
    voting_day = today + timedelta(days=LIVE_VOTING_IN_DAYS)
    return (LIVE, ElectionKind.PILKADA, ElectionLevel.REGENCY, SERANG_CITY, voting_day, [
        (name, voting_day + timedelta(days=a), voting_day + timedelta(days=b))
        for name, a, b in LIVE_STAGES
    ])


def live_handled(registered: int, decided: int, *, forwarded: int | None = None,
                 decision: str = "decide_violation", note: str = "") -> tuple[Step, ...]:
    """The usual path, in days relative to today, inside the Pilkada decision window (3 days)."""
    study = max(registered, decided - 1)
    steps = [
        Step("start_check", registered), Step("register", registered),
        Step("start_clarification", registered), Step("start_legal_study", study),
        Step("submit_to_plenary", decided), Step(decision, decided, note=note),
    ]
    if forwarded is not None:
        steps.append(Step("forward_recommendation", forwarded))
    return tuple(steps)


LIVE_CASES: tuple[DemoCase, ...] = (
    # --- Panwascam Cipocok Jaya: initial information (informasi awal) ---------------------
    DemoCase(
        title="Staf kelurahan hadir dalam kampanye tatap muka",
        description="Pengawas kelurahan melaporkan seorang staf kelurahan terlihat hadir dan "
                    "mengenakan atribut pasangan calon dalam kampanye tatap muka di Gelam.",
        office="cipocok", election=LIVE, kind=INFO, source=FIELD,
        incident=-1, known=-1, received=-1, place="36.73.05.1005",
        persons=(pns("Staf Kelurahan", "Kelurahan Gelam, Kota Serang"),),
        category="", violation_codes=(), steps=(),
    ),
    DemoCase(
        title="Guru PNS mengunggah foto bersama pasangan calon",
        description="Unggahan di akun media sosial seorang guru PNS memperlihatkan dirinya "
                    "berpose dengan simbol jari nomor urut pasangan calon wali kota.",
        office="cipocok", election=LIVE, kind=INFO, source=SOCIAL,
        incident=-4, known=-3, received=-3, place="36.73.05",
        persons=(pns("Guru PNS", "SD Negeri Cipocok Jaya, Kota Serang",
                     nip("19860714", "201101", 2, 9)),),
        category="", violation_codes=(), steps=(Step("raise_to_finding", -2),),
    ),
    DemoCase(
        title="Kendaraan dinas di posko pemenangan",
        description="Warga menyampaikan foto kendaraan berpelat merah di depan posko "
                    "pemenangan; pelat nomornya tidak terbaca.",
        office="cipocok", election=LIVE, kind=INFO, source=FIELD,
        incident=-7, known=-6, received=-6, place="36.73.05.1002",
        persons=(pns("Tidak diketahui", "Pemerintah Kota Serang"),),
        category="", violation_codes=(),
        steps=(Step("drop", -5, note="Penelusuran tidak menemukan kendaraan dinas: kendaraan "
                                     "pada foto adalah kendaraan pribadi berpelat hitam."),),
    ),
    # --- Bawaslu Kota Serang: a tip whose reporter came back to file it formally ------------
    DemoCase(
        title="Lurah mengajak ketua RT memilih pasangan calon",
        description="Seorang warga menyampaikan bahwa lurah mengumpulkan para ketua RT dan "
                    "mengajak mereka memenangkan pasangan calon tertentu; dua hari kemudian "
                    "ia datang ke kantor dengan identitasnya untuk melaporkannya secara resmi.",
        office="serang", election=LIVE, kind=INFO, source=DESK,
        incident=-4, known=-4, received=-4, place="36.73.01.1002",
        persons=(pns("Lurah", "Kelurahan Cipare, Kota Serang",
                     nip("19790305", "200501", 1, 4)),),
        category="", violation_codes=(), reporter="Dedi Supriadi",
        steps=(Step("continue_as_report", -2),),
    ),
    # --- Bawaslu Kota Serang: reports before registration -----------------------------------
    DemoCase(
        title="Pejabat kecamatan membagikan bahan kampanye di kantor",
        description="Pelapor melihat seorang pejabat kecamatan membagikan kalender bergambar "
                    "pasangan calon kepada warga yang mengurus surat di kantor kecamatan.",
        office="serang", election=LIVE, kind=REPORT, source=DESK,
        incident=-2, known=-2, received=-1, place="36.73.04",
        persons=(pns("Kepala Seksi Pelayanan", "Kecamatan Curug, Kota Serang",
                     nip("19830419", "200902", 1, 5)),),
        category="", violation_codes=(), reporter="Ahmad Fauzi",
        steps=(Step("start_check", -1),),
    ),
    DemoCase(
        title="Pegawai kelurahan memasang spanduk pasangan calon di kantor",
        description="Pelapor melihat spanduk pasangan calon terpasang di pagar kantor kelurahan "
                    "dan menduga dipasang oleh pegawai kelurahan.",
        office="serang", election=LIVE, kind=REPORT, source=DESK,
        incident=-3, known=-3, received=-2, place="36.73.01",
        persons=(pns("Pegawai Kelurahan", "Kelurahan Sumur Pecung, Kota Serang"),),
        category="", violation_codes=(), reporter="Dedi Supriadi",
        steps=(Step("start_check", -2),
               Step("request_completion", -1,
                    note="Lengkapi foto spanduk dengan waktu dan lokasi pengambilan serta "
                         "identitas saksi.")),
    ),
    DemoCase(
        title="ASN diduga mengajak warga memilih dalam acara keagamaan",
        description="Pelapor menyampaikan bahwa seorang ASN mengajak jemaah memilih salah satu "
                    "pasangan calon dalam pengajian di lingkungannya.",
        office="serang", election=LIVE, kind=REPORT, source=DESK,
        incident=-20, known=-18, received=-9, place="36.73.02",
        persons=(pns("ASN", "Dinas Pendidikan dan Kebudayaan Kota Serang"),),
        category="", violation_codes=(), reporter="Siti Rahmawati",
        steps=(Step("start_check", -8),
               Step("refuse_registration", -8,
                    note="Laporan disampaikan lewat dari 7 hari sejak diketahui (UU 1/2015 "
                         "Pasal 134 ayat (4)); pelapor diberi tahu secara tertulis.")),
    ),
    # --- Bawaslu Kota Serang: registered, clocks running ------------------------------------
    DemoCase(
        title="Kepala sekolah mengarahkan guru mendukung pasangan calon",
        description="Dalam rapat guru, seorang kepala sekolah diduga meminta para guru memilih "
                    "salah satu pasangan calon wali kota.",
        office="serang", election=LIVE, kind=FINDING, source=FIELD,
        incident=-3, known=-2, received=-2, place="36.73.06",
        persons=(pns("Kepala Sekolah", "SD Negeri Taktakan, Kota Serang",
                     nip("19720128", "199703", 1, 5)),),
        category=NS, violation_codes=(ASN_ATTEND,),
        steps=(Step("start_check", -1), Step("register", -1)),
    ),
    DemoCase(
        title="Lurah mengumpulkan ketua RT untuk sosialisasi pasangan calon",
        description="Seorang lurah diduga mengundang para ketua RT ke kantor kelurahan dan "
                    "memperkenalkan program salah satu pasangan calon wali kota.",
        office="serang", election=LIVE, kind=FINDING, source=FIELD,
        incident=-4, known=-3, received=-3, place="36.73.03.1004",
        persons=(pns("Lurah", "Kelurahan Kalodran, Kota Serang",
                     nip("19800303", "200501", 1, 4)),),
        category=NS, violation_codes=(ASN_FACILITIES,),
        steps=(Step("start_check", -2), Step("register", -2),
               Step("start_clarification", -2)),
    ),
    DemoCase(
        title="Sekretaris dinas memberi sambutan dalam deklarasi relawan",
        description="Sekretaris sebuah dinas diduga memberi sambutan dukungan dalam deklarasi "
                    "relawan pasangan calon wali kota.",
        office="serang", election=LIVE, kind=FINDING, source=FIELD,
        incident=-7, known=-7, received=-6, place="36.73.01",
        persons=(pns("Sekretaris Dinas", "Dinas Pemuda dan Olahraga Kota Serang",
                     nip("19750812", "200003", 1, 6)),),
        category=NS, violation_codes=(ASN_ATTEND,),
        steps=(Step("start_check", -6), Step("register", -6), Step("start_clarification", -5),
               Step("start_legal_study", -4)),
    ),
    DemoCase(
        title="Camat menghadiri deklarasi pasangan calon wali kota",
        description="Seorang camat diduga hadir dan berfoto dengan simbol dukungan dalam "
                    "deklarasi salah satu pasangan calon wali kota.",
        office="serang", election=LIVE, kind=FINDING, source=FIELD,
        incident=-7, known=-6, received=-5, place="36.73.02",
        persons=(pns("Camat Kasemen", KOTA_SERANG, nip("19740909", "199903", 1, 2)),),
        category=NS, violation_codes=(ASN_ATTEND,),
        steps=(Step("start_check", -4), Step("register", -4), Step("start_clarification", -3),
               Step("extend", -2, note="Keterangan ajudan camat masih diperlukan; klarifikasi "
                                       "lanjutan dijadwalkan."),
               Step("start_legal_study", -1), Step("submit_to_plenary", -1)),
    ),
    # --- Bawaslu Kota Serang: decided ------------------------------------------------------
    DemoCase(
        title="Staf dinas kesehatan menjadi admin grup relawan pasangan calon",
        description="Seorang staf Dinas Kesehatan diduga menjadi admin grup WhatsApp relawan "
                    "pasangan calon wali kota dan membagikan materi kampanye.",
        office="serang", election=LIVE, kind=FINDING, source=SOCIAL,
        incident=-5, known=-4, received=-4, place="36.73.03",
        persons=(pns("Staf", "Dinas Kesehatan Kota Serang", nip("19940211", "202001", 2, 3)),),
        category=NS, violation_codes=(ASN_SOCIAL,),
        steps=live_handled(-3, -1),
    ),
    DemoCase(
        title="Pegawai kecamatan difoto di dekat baliho pasangan calon",
        description="Foto seorang pegawai kecamatan di dekat baliho pasangan calon beredar di "
                    "media sosial dengan keterangan dukungan.",
        office="serang", election=LIVE, kind=FINDING, source=SOCIAL,
        incident=-7, known=-6, received=-6, place="36.73.06",
        persons=(pns("Pegawai Kecamatan", "Kecamatan Taktakan, Kota Serang",
                     nip("19900909", "201503", 1, 8)),),
        category=NS, violation_codes=(ASN_SOCIAL,),
        steps=live_handled(-5, -3, decision="decide_no_violation",
                           note="Foto diambil saat yang bersangkutan melintas; tidak ada "
                                "pernyataan dukungan darinya."),
    ),
    DemoCase(
        title="Pegawai kelurahan diduga membagikan uang kepada warga",
        description="Seorang pegawai kelurahan diduga membagikan amplop berisi uang bersama "
                    "tim pasangan calon di Kelurahan Banten.",
        office="serang", election=LIVE, kind=FINDING, source=FIELD,
        incident=-11, known=-10, received=-10, place="36.73.02",
        persons=(pns("Pegawai Kelurahan", "Kelurahan Banten, Kota Serang",
                     nip("19890101", "201402", 1, 2)),),
        category=CRIME, violation_codes=(FAVOURING_PILKADA,),
        steps=live_handled(-9, -7, decision="decide_not_followed_up",
                           note="Pembahasan kedua Sentra Gakkumdu: penerima uang tidak "
                                "bersedia menjadi saksi."),
    ),
    # --- Bawaslu Kota Serang: recommendations to BKN ----------------------------------------
    DemoCase(
        title="Lurah menggunakan mobil dinas untuk menjemput tim pasangan calon",
        description="Mobil dinas kelurahan diduga dipakai untuk menjemput anggota tim kampanye "
                    "pasangan calon wali kota.",
        office="serang", election=LIVE, kind=FINDING, source=FIELD,
        incident=-8, known=-7, received=-6, place="36.73.03",
        persons=(pns("Lurah", "Kelurahan Kiara, Kota Serang", nip("19810521", "200604", 1, 3)),),
        category=NS, violation_codes=(ASN_FACILITIES,),
        steps=live_handled(-5, -3, forwarded=-2),
    ),
    DemoCase(
        title="ASN menyukai dan membagikan unggahan kampanye pasangan calon",
        description="Akun media sosial seorang ASN Dinas Perhubungan membagikan unggahan kampanye "
                    "salah satu pasangan calon wali kota.",
        office="serang", election=LIVE, kind=FINDING, source=SOCIAL,
        incident=-16, known=-15, received=-14, place="36.73.05",
        persons=(pns("Staf", "Dinas Perhubungan Kota Serang", nip("19890227", "201402", 2, 7)),),
        category=NS, violation_codes=(ASN_SOCIAL,),
        steps=live_handled(-12, -10, forwarded=-9) + (Step("acknowledge", -6),),
    ),
    DemoCase(
        title="Kepala bidang memasang foto pasangan calon di ruang kerja",
        description="Foto pasangan calon wali kota berukuran besar terpasang di ruang kerja "
                    "seorang kepala bidang dan terlihat dalam unggahan kegiatan dinas.",
        office="serang", election=LIVE, kind=FINDING, source=SOCIAL,
        incident=-29, known=-28, received=-27, place="36.73.01",
        persons=(pns("Kepala Bidang", "Dinas Perindustrian dan Perdagangan Kota Serang",
                     nip("19770601", "200212", 1, 7)),),
        category=NS, violation_codes=(ASN_PROPS,),
        steps=live_handled(-26, -24, forwarded=-24) + (Step("acknowledge", -21),),
    ),
    DemoCase(
        title="Guru PNS menjadi pembawa acara kampanye pasangan calon",
        description="Seorang guru PNS diduga menjadi pembawa acara dalam kampanye terbatas "
                    "salah satu pasangan calon wali kota.",
        office="serang", election=LIVE, kind=FINDING, source=FIELD,
        incident=-44, known=-43, received=-43, place="36.73.04",
        persons=(pns("Guru PNS", "SMP Negeri 12 Kota Serang", nip("19840808", "200904", 2, 1)),),
        category=NS, violation_codes=(ASN_ATTEND,),
        steps=live_handled(-42, -40, forwarded=-39) + (
            Step("acknowledge", -36),
            Step("sanction", -12, note="Hukuman disiplin sedang telah dijatuhkan oleh PPK.",
                 sanctions=((0, "moderate", "800/1204/BKPSDM", -14),)),
        ),
    ),
    DemoCase(
        title="Kepala puskesmas mengarahkan kader memilih pasangan calon",
        description="Seorang kepala puskesmas diduga meminta kader posyandu mengajak warga "
                    "memilih salah satu pasangan calon wali kota.",
        office="serang", election=LIVE, kind=FINDING, source=FIELD,
        incident=-41, known=-40, received=-40, place="36.73.06",
        persons=(pns("Kepala Puskesmas", "Dinas Kesehatan Kota Serang",
                     nip("19790415", "200501", 2, 2)),),
        category=NS, violation_codes=(ASN_ATTEND,),
        steps=live_handled(-39, -37, forwarded=-36) + (
            Step("refusal", -20, note="Hasil pemeriksaan BKN: pertemuan kader adalah kegiatan "
                                      "rutin dan tidak ditemukan ajakan memilih."),
        ),
    ),
    DemoCase(
        title="Camat mengerahkan staf ke acara pasangan calon",
        description="Seorang camat diduga memerintahkan staf kecamatan menghadiri acara "
                    "silaturahmi pasangan calon wali kota pada jam kerja.",
        office="serang", election=LIVE, kind=FINDING, source=FIELD,
        incident=-48, known=-47, received=-47, place="36.73.03",
        persons=(pns("Camat Walantaka", KOTA_SERANG, nip("19730316", "199803", 1, 4)),),
        category=NS, violation_codes=(ASN_ATTEND,),
        steps=live_handled(-46, -44, forwarded=-43) + (
            Step("acknowledge", -40),
            Step("escalate", -20, note="Belum ada jawaban BKN setelah dua surat pengingat; "
                                       "dilaporkan kepada Bawaslu Provinsi Banten."),
        ),
    ),
    DemoCase(
        title="Lurah menyampaikan dukungan dalam rapat kelurahan",
        description="Seorang lurah diduga menyampaikan dukungan kepada salah satu pasangan "
                    "calon dalam rapat koordinasi kelurahan yang dihadiri ketua RT/RW.",
        office="serang", election=LIVE, kind=FINDING, source=FIELD,
        incident=-53, known=-52, received=-52, place="36.73.05.1003",
        persons=(pns("Lurah", "Kelurahan Cipocok Jaya, Kota Serang",
                     nip("19820612", "200701", 1, 5)),),
        category=NS, violation_codes=(ASN_ATTEND,),
        steps=live_handled(-51, -49, forwarded=-48) + (
            Step("acknowledge", -45),
            Step("sanction", -30, note="Hukuman disiplin ringan berupa teguran tertulis.",
                 sanctions=((0, "light", "800/1105/BKPSDM", -32),)),
            Step("close", -28),
        ),
    ),
)


@dataclass
class DemoResult:
    created: int = 0
    kept: int = 0
    explicit_numbers: list[str] = field(default_factory=list)


# --- Plumbing -------------------------------------------------------------------------------


def _day(value: date | int, today: date) -> date:
    return today + timedelta(days=value) if isinstance(value, int) else value


def _at(on: date, minutes: int = 0) -> datetime:
    moment = datetime.combine(on, time(9, 0)) + timedelta(minutes=minutes)
    return timezone.make_aware(moment)


class _Silent:
    """Stands in for the notification task while historical events are written."""

    @staticmethod
    def delay(*args, **kwargs) -> None:
        return None


@contextlib.contextmanager
def _no_notifications():
    from . import tasks

    real = tasks.notify_case_event
    tasks.notify_case_event = _Silent
    try:
        yield
    finally:
        tasks.notify_case_event = real


def load_elections(today: date | None = None) -> dict[str, Election]:
    """The demo elections with their stages (idempotent); with ``today``, also the election in
    progress (its voting day three weeks after ``today``; kept as it is once loaded)."""
    found = {}
    rows = [*ELECTIONS, live_election(today)] if today else ELECTIONS
    for name, kind, level, region, voting_day, stages in rows:
        election, _created = Election.objects.get_or_create(
            name=name, region_code=region,
            defaults={"kind": kind, "level": level, "voting_day": voting_day},
        )
        for stage, starts, ends in stages:
            ElectionStage.objects.get_or_create(
                election=election, name=stage, defaults={"starts_on": starts, "ends_on": ends})
        found[name] = election
    return found


def _kasn_officer(kasn: Organisation) -> User:
    username, full_name, role = KASN_OFFICER
    user = User.objects.filter(username=username).first()
    if user is None:
        user = create_user(actor=None, username=username,
                           email=f"{username}@demo.netra.local", full_name=full_name,
                           password=settings.NETRA_DEMO_PASSWORD)
    if not Membership.objects.filter(user=user, organisation=kasn, role=role).exists():
        add_membership(actor=None, user=user, organisation=kasn, role=role)
    return user


CONCLUSIONS = {
    "decide_violation": "Perbuatan memenuhi unsur pelanggaran netralitas; diusulkan kepada rapat "
                        "pleno untuk diteruskan dengan rekomendasi kepada instansi berwenang.",
    "decide_no_violation": "Unsur pelanggaran tidak terpenuhi; diusulkan kepada rapat pleno "
                           "untuk dinyatakan bukan pelanggaran.",
    "decide_not_followed_up": "Bukti dan keterangan tidak cukup untuk ditindaklanjuti; "
                              "diusulkan kepada rapat pleno untuk tidak ditindaklanjuti.",
}


def _scan_png(lines: list[str]) -> bytes:
    """A small grey page with a few lines of text and a signature stroke: the demo's stand-in
    for the photo of a signed paper document."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("L", (420, 594), 250)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        draw.text((36, 48 + 22 * row), line[:60], fill=30)
    for row in range(8):
        draw.line((36, 190 + 24 * row, 384 - 17 * (row % 3), 190 + 24 * row), fill=150)
    draw.line((250, 500, 280, 470, 300, 510, 340, 480), fill=20, width=2)  # the signature
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _reporter(name: str, place: str) -> ReporterInput:
    """An invented reporter; every identity field is filled (they are stored encrypted)."""
    digits = f"{zlib.crc32(name.encode()):010d}"
    return ReporterInput(
        name=name, reporter_type=ReporterType.CITIZEN,
        nik=f"367301{digits}",
        address=f"Kota Serang ({place})",
        phone=f"0812{digits[:8]}",
        email=f"{name.lower().replace(' ', '.')}@example.id",
    )


class _Builder:
    def __init__(self, today: date) -> None:
        self.today = today
        self.started = timezone.now()
        self.users = {u.username: u for u in User.objects.filter(username__in=[
            HANDLER, COMMISSIONER, FIELD_SUPERVISOR, *OFFICERS.values()])}
        missing = {HANDLER, COMMISSIONER, FIELD_SUPERVISOR} - set(self.users)
        if missing:
            raise RuntimeError("Load the demo organisations and users first: "
                               "netra load_demo_data")
        self.offices = {
            "serang": Organisation.objects.get(kind=OrgKind.BAWASLU_REGENCY,
                                               region_code=SERANG_CITY),
            "cipocok": Organisation.objects.get(kind=OrgKind.PANWASCAM,
                                                registration_label="Kec-CipocokJaya"),
        }
        self.kpu = Organisation.objects.filter(kind=OrgKind.KPU, region_code=SERANG_CITY).first()
        self.violation_types = {v.code: v for v in ViolationType.objects.all()}
        self.minutes = 0

    def _backdate(self, case: Case, on: date, *, answered: bool = False) -> None:
        """Move what the services stamped with the clock back to the step's historical date
        (``answered``: a recipient step, which stamps the recommendation too)."""
        if on >= self.today:
            return
        self.minutes += 5
        moment = _at(on, self.minutes % 480)
        CaseEvent.objects.filter(case=case, at__gte=self.started).update(at=moment)
        if answered:
            Recommendation.objects.filter(case=case, acknowledged_at__gte=self.started).update(
                acknowledged_at=moment)
            Recommendation.objects.filter(case=case, answered_at__gte=self.started).update(
                answered_at=moment)
        CaseDeadline.objects.filter(case=case, stopped_on__gt=on,
                                    updated_at__gte=self.started).update(stopped_on=on)

    def build(self, spec: DemoCase, election: Election, result: DemoResult) -> Case:
        office = self.offices[spec.office]
        handler = self.users[HANDLER]
        opener = self.users[FIELD_SUPERVISOR] if spec.office == "cipocok" else handler
        received = _day(spec.received, self.today)
        reporters = [_reporter(spec.reporter, spec.place)] if spec.reporter else []
        case = services.open_case(
            actor=opener, election=election, office=office, kind=spec.kind, source=spec.source,
            title=spec.title, description=spec.description,
            known_date=_day(spec.known, self.today),
            incident_date=_day(spec.incident, self.today), place_region_code=spec.place,
            place_address=spec.address, received_at=_at(received, -60),
            reported_persons=list(spec.persons), reporters=reporters,
        )
        self._backdate(case, received)
        for step in spec.steps:
            case = self._step(case, spec, step, result)
        if spec.reminders:
            last = case.recommendations.filter(
                status__in=[RecommendationStatus.SENT, RecommendationStatus.ACKNOWLEDGED])
            for rec in last:
                Recommendation.objects.filter(pk=rec.pk).update(
                    escalations=spec.reminders,
                    last_reminder_on=rec.due_on + timedelta(days=7 * spec.reminders))
        return case

    def _prepare(self, case: Case, spec: DemoCase, step: Step, on: date) -> None:
        """The documents of record (and the classification) a step's guards ask for. Pemilu
        2024 was handled on paper, so its records are the signed scans; the election in
        progress has its legal studies and the city's plenary minutes generated, completed and
        finalised in Netra."""
        handler = self.users[HANDLER]
        paper = not isinstance(step.on, int)
        if step.name == "start_legal_study":
            # Signed by the person clarified, so kept as the signed scan.
            self._scan(case, DocumentKind.CLARIFICATION_MINUTES, on)
        if step.name == "submit_to_plenary":
            types = [self.violation_types[c] for c in spec.violation_codes]
            if spec.category:
                services.set_violation_types(case=case, actor=handler, category=spec.category,
                                             violation_type_ids=[v.pk for v in types])
            if paper:
                self._scan(case, DocumentKind.LEGAL_STUDY, on,
                           violation_type_ids=[v.pk for v in types])
                return
            decision = next((s.name for s in spec.steps if s.name in COMMISSIONER_STEPS),
                            "decide_violation")
            with translation.override("id"):
                basis = "; ".join(v.legal_basis for v in types if v.legal_basis)
            records.record_demo_document(case, DocumentKind.LEGAL_STUDY, {
                "violation_type_ids": [v.pk for v in types],
                "legal_basis": basis or "UU 1/2015 Pasal 71; UU 20/2023 tentang ASN",
                "analysis": "Keterangan terlapor, saksi dan bukti yang dikumpulkan dianalisis "
                            "terhadap unsur-unsur bentuk pelanggaran yang diduga.",
                "conclusion": CONCLUSIONS[decision],
            }, handler, fmt=DOCUMENT_FORMAT)
        if step.name in COMMISSIONER_STEPS:
            commissioner = self.users[COMMISSIONER]
            at_office = Membership.objects.filter(user=commissioner,
                                                  organisation=case.office).exists()
            if paper or not at_office:  # a Panwascam's minutes are signed on paper too
                self._scan(case, DocumentKind.PLENARY_MINUTES, on)
                return
            records.record_demo_document(case, DocumentKind.PLENARY_MINUTES, {
                "decision": step.name.removeprefix("decide_"),
                "commissioner_ids": [commissioner.pk], "held_on": on, "notes": step.note,
            }, handler, fmt=DOCUMENT_FORMAT)

    def _scan(self, case: Case, kind: str, on: date, *,
              violation_type_ids: list[int] | None = None) -> None:
        """Keep the signed scan of a document with the upload service (a small PNG stands in
        for the photo of the signed paper)."""
        data = _scan_png([str(DocumentKind(kind).label), case.office.name,
                          case.registration_number or case.intake_number, on.isoformat()])
        records.upload_signed(
            case=case, actor=self.users[HANDLER], kind=kind,
            file=SimpleUploadedFile(f"{kind}-scan.png", data, content_type="image/png"),
            violation_type_ids=violation_type_ids or ())

    def _actor(self, spec: DemoCase, step: Step) -> User:
        if step.name in COMMISSIONER_STEPS:
            return self.users[COMMISSIONER]
        if step.name in FIELD_STEPS and spec.office == "cipocok":
            return self.users[FIELD_SUPERVISOR]
        return self.users[HANDLER]

    def _step(self, case: Case, spec: DemoCase, step: Step, result: DemoResult) -> Case:
        on = _day(step.on, self.today)
        self._prepare(case, spec, step, on)
        if step.name in RECIPIENT_STEPS:
            self._recipient_step(case, step)
        elif step.name == "extend":
            services.extend_deadline(case=case, actor=self.users[HANDLER], reason=step.note)
        else:
            case = services.transition_case(case=case, transition=step.name,
                                            actor=self._actor(spec, step), note=step.note, on=on)
        if step.name == "register" and spec.registration_number:
            self._check_number(case, spec.registration_number, result)
        if step.name == "forward_recommendation" and spec.extra_recipient and self.kpu:
            first = case.recommendations.order_by("pk").first()
            if first is None:
                raise RuntimeError(f"Forwarding {case} created no recommendation")
            Recommendation.objects.get_or_create(
                case=case, recipient=self.kpu,
                defaults={"sent_on": first.sent_on, "due_on": first.due_on},
            )
        self._backdate(case, on, answered=step.name in RECIPIENT_STEPS)
        return Case.objects.select_related("election", "office").get(pk=case.pk)

    def _recipient_step(self, case: Case, step: Step) -> None:
        recs = case.recommendations.select_related("recipient").filter(
            status__in=[RecommendationStatus.SENT, RecommendationStatus.ACKNOWLEDGED])
        if step.recipient:
            recs = recs.filter(recipient__kind=step.recipient)
        rec = recs.order_by("pk").first()
        if rec is None:
            raise RuntimeError(f"No open recommendation on {case} for step {step.name}")
        officer = self.users.get(OFFICERS.get(rec.recipient.kind, ""))
        if officer is None:
            raise RuntimeError(f"No demo officer for {rec.recipient.name}")
        if step.name == "acknowledge":
            services.acknowledge_recommendation(recommendation=rec, actor=officer)
        elif step.name == "sanction":
            persons = list(case.reported_persons.order_by("pk"))
            services.record_sanction(
                recommendation=rec, actor=officer, answer=step.note,
                sanctions=[SanctionInput(persons[index].pk, kind, number,
                                         _day(decreed, self.today), PPK)
                           for index, kind, number, decreed in step.sanctions],
            )
        else:
            services.record_refusal(recommendation=rec, actor=officer, answer=step.note)

    def _check_number(self, case: Case, expected: str, result: DemoResult) -> None:
        if case.registration_number == expected:
            return
        if Case.objects.filter(registration_number=expected).exclude(pk=case.pk).exists():
            logger.warning("Demo number %s is taken; %s keeps %s", expected, case.pk,
                           case.registration_number)
            return
        Case.objects.filter(pk=case.pk).update(registration_number=expected)
        result.explicit_numbers.append(expected)


@transaction.atomic
def demo_loader() -> list[DemoLogin]:
    """``netra load_demo_data`` hook: elections, cases and the KASN officer's login."""
    load_demo_cases()
    username, _full_name, role = KASN_OFFICER
    kasn = Organisation.objects.get(kind=OrgKind.KASN)
    return [DemoLogin(username, Role(role).label, kasn.name)]


def load_demo_cases(*, today: date | None = None, historical: bool = True,
                    live: bool = True) -> DemoResult:
    """Create the demo elections and cases (needs ``load_demo_data`` first). Idempotent.

    ``historical``: Pemilu 2024 (the published Serang figures) and Pilkada 2024; ``live``: the
    election in progress, dated from ``today`` (default: the local date of the load).
    """
    today = today or timezone.localdate()
    elections = load_elections(today if live else None)
    kasn = Organisation.objects.filter(kind=OrgKind.KASN).first()
    if kasn is None:
        raise RuntimeError("Load the demo organisations and users first: netra load_demo_data")
    _kasn_officer(kasn)
    builder = _Builder(today)
    result = DemoResult()
    specs = (CASES if historical else ()) + (LIVE_CASES if live else ())
    with _no_notifications():
        for spec in specs:
            election = elections[spec.election]
            office = builder.offices[spec.office]
            if Case.objects.filter(election=election, office=office, title=spec.title).exists():
                result.kept += 1
                continue
            builder.build(spec, election, result)
            result.created += 1
    return result
