"""Factories and a small Serang world for case tests (Faker ``id_ID``).

``build_world()`` creates the offices, recipient bodies, users and elections most case tests
need (it expects the region rows of the root ``regions`` fixture). ``open_finding`` and
``open_report`` record complete cases through the services, and ``advance`` walks a case along
the workflow with the right actor for each step, so a test starts from any status without
writing ``status`` itself.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from netra.accounts.models import Membership
from netra.accounts.roles import Role
from netra.accounts.tests.factories import UserFactory
from netra.cases import services
from netra.cases.choices import (
    CaseKind,
    DocumentKind,
    DocumentState,
    RecommendationStatus,
    Source,
)
from netra.cases.models import Case, CaseDocument, ReportedPerson, Reporter
from netra.cases.services import PersonInput, ReporterInput, SanctionInput
from netra.cases.workflow import Status
from netra.elections.models import Election, ElectionKind, ElectionLevel
from netra.orgs.choices import OrgKind
from netra.orgs.models import Organisation
from netra.rules.choices import Category, EmploymentType
from netra.rules.models import ViolationType

VALID_NIP = "198503102010011003"
OTHER_NIP = "199001152015032001"


class PemiluFactory(factory.django.DjangoModelFactory):
    """A national general election (Pemilu)."""

    class Meta:
        model = Election

    name = factory.Sequence(lambda n: f"Pemilu 2024 ({n})")
    kind = ElectionKind.PEMILU
    level = ElectionLevel.NATIONAL
    region_code = ""
    voting_day = date(2024, 2, 14)
    is_active = True


class PilkadaFactory(PemiluFactory):
    """A regency/city regional-head election (Pilkada), Kota Serang by default."""

    name = factory.Sequence(lambda n: f"Pilkada Kota Serang 2024 ({n})")
    kind = ElectionKind.PILKADA
    level = ElectionLevel.REGENCY
    region_code = "36.73"
    voting_day = date(2024, 11, 27)


class CaseFactory(factory.django.DjangoModelFactory):
    """A case row written directly (for selector tests that need many rows quickly).

    Workflow tests use ``open_finding``/``open_report`` and ``advance`` instead, which go
    through the services.
    """

    class Meta:
        model = Case

    election = factory.SubFactory(PemiluFactory)
    office = None
    region_code = factory.LazyAttribute(lambda o: o.office.region_code)
    kind = CaseKind.FINDING
    source = Source.FIELD_SUPERVISION
    status = Status.RECEIVED
    intake_number = factory.Sequence(lambda n: f"{n + 1:03d}/TM/PL/Test/0.00/I/2024")
    received_at = factory.LazyFunction(timezone.now)
    known_date = factory.LazyFunction(timezone.localdate)
    incident_date = factory.LazyAttribute(lambda o: o.known_date - timedelta(days=1))
    place_region_code = factory.LazyAttribute(lambda o: o.office.region_code)
    title = factory.Faker("sentence", nb_words=6, locale="id_ID")
    description = factory.Faker("paragraph", locale="id_ID")


class ReportedPersonFactory(factory.django.DjangoModelFactory):
    """A reported civil servant (PNS) with a valid NIP."""

    class Meta:
        model = ReportedPerson

    case = factory.SubFactory(CaseFactory)
    name = factory.Faker("name", locale="id_ID")
    normalised_name = factory.LazyAttribute(lambda o: services.normalise(o.name))
    employment_type = EmploymentType.PNS
    position = "Camat"
    agency = "Pemerintah Kota Serang"
    normalised_agency = factory.LazyAttribute(lambda o: services.normalise(o.agency))
    nip = VALID_NIP


class ReporterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reporter

    case = factory.SubFactory(CaseFactory)
    name = factory.Faker("name", locale="id_ID")
    phone = factory.Faker("numerify", text="08##########")


@dataclass
class World:
    """Offices, recipient bodies, users and elections around Bawaslu Kota Serang."""

    serang: Organisation
    cipocok: Organisation
    pkd_cipare: Organisation
    kab_serang: Organisation
    bkn: Organisation
    kasn: Organisation
    ppk: Organisation
    kpu: Organisation
    gakkumdu: Organisation
    dkpp: Organisation
    bkpsdm: Organisation
    handler: object
    handler2: object
    commissioner: object
    admin: object
    analyst: object
    supervisor: object
    pkd: object
    other_handler: object
    bkn_officer: object
    kasn_officer: object
    ppk_officer: object
    kpu_officer: object
    gakkumdu_officer: object
    pemilu: Election
    pilkada: Election

    def officer_of(self, organisation: Organisation):
        for user in (
            self.bkn_officer,
            self.kasn_officer,
            self.ppk_officer,
            self.kpu_officer,
            self.gakkumdu_officer,
        ):
            if user.organisation.pk == organisation.pk:
                return user
        raise LookupError(organisation)


def _org(kind, region_code, name, **fields) -> Organisation:
    return Organisation.objects.create(kind=kind, region_code=region_code, name=name, **fields)


def _user(role: str, organisation: Organisation, username: str, language: str = "id"):
    user = UserFactory(username=username, language=language)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    user.organisation = organisation
    return user


def build_world() -> World:
    """Create the Serang world (needs the root ``regions`` fixture's rows)."""
    ri = _org(OrgKind.BAWASLU_RI, "", "Bawaslu RI", office_code="00.00", registration_label="RI")
    banten = _org(
        OrgKind.BAWASLU_PROVINCE,
        "36",
        "Bawaslu Provinsi Banten",
        parent=ri,
        office_code="1",
        registration_label="Prov",
    )
    serang = _org(
        OrgKind.BAWASLU_REGENCY,
        "36.73",
        "Bawaslu Kota Serang",
        parent=banten,
        office_code="1.01",
        registration_label="Kota",
    )
    cipocok = _org(
        OrgKind.PANWASCAM,
        "36.73.05",
        "Panwaslu Kecamatan Cipocok Jaya",
        parent=serang,
        office_code="11.01",
        registration_label="Kec-CipocokJaya",
    )
    pkd_cipare = _org(OrgKind.PKD, "36.73.01.1002", "PKD Cipare", parent=serang)
    kab_serang = _org(
        OrgKind.BAWASLU_REGENCY,
        "36.04",
        "Bawaslu Kabupaten Serang",
        parent=banten,
        office_code="1.02",
        registration_label="Kab",
    )
    bkn = _org(
        OrgKind.CIVIL_SERVICE_BODY, "", "Badan Kepegawaian Negara", active_from=date(2024, 8, 24)
    )
    kasn = _org(OrgKind.KASN, "", "Komisi Aparatur Sipil Negara", active_until=date(2024, 8, 24))
    ppk = _org(OrgKind.PPK, "36.73", "Wali Kota Serang (PPK)")
    kpu = _org(OrgKind.KPU, "36.73", "KPU Kota Serang")
    gakkumdu = _org(OrgKind.GAKKUMDU, "36.73", "Sentra Gakkumdu Kota Serang")
    dkpp = _org(OrgKind.DKPP, "", "DKPP")
    bkpsdm = _org(OrgKind.BKPSDM, "36.73", "BKPSDM Kota Serang")
    return World(
        serang=serang,
        cipocok=cipocok,
        pkd_cipare=pkd_cipare,
        kab_serang=kab_serang,
        bkn=bkn,
        kasn=kasn,
        ppk=ppk,
        kpu=kpu,
        gakkumdu=gakkumdu,
        dkpp=dkpp,
        bkpsdm=bkpsdm,
        handler=_user(Role.HANDLING_STAFF, serang, "penanganan.serang"),
        handler2=_user(Role.HANDLING_STAFF, serang, "penanganan2.serang", language="en"),
        commissioner=_user(Role.COMMISSIONER, serang, "komisioner.serang", language="en"),
        admin=_user(Role.ADMINISTRATOR, serang, "admin.serang"),
        analyst=_user(Role.ANALYST, serang, "analis.serang"),
        supervisor=_user(Role.FIELD_SUPERVISOR, cipocok, "panwascam.cipocok"),
        pkd=_user(Role.FIELD_SUPERVISOR, pkd_cipare, "pkd.cipare"),
        other_handler=_user(Role.HANDLING_STAFF, kab_serang, "penanganan.kabserang"),
        bkn_officer=_user(Role.RECIPIENT_OFFICER, bkn, "bkn.officer"),
        kasn_officer=_user(Role.RECIPIENT_OFFICER, kasn, "kasn.officer"),
        ppk_officer=_user(Role.RECIPIENT_OFFICER, ppk, "ppk.officer"),
        kpu_officer=_user(Role.RECIPIENT_OFFICER, kpu, "kpu.officer"),
        gakkumdu_officer=_user(Role.RECIPIENT_OFFICER, gakkumdu, "gakkumdu.officer"),
        pemilu=PemiluFactory(name="Pemilu 2024"),
        pilkada=PilkadaFactory(name="Pilkada Kota Serang 2024"),
    )


def pns(nip: str = VALID_NIP, **kw) -> PersonInput:
    """A reported civil servant: position and agency, a name, and the NIP."""
    values = {
        "employment_type": EmploymentType.PNS,
        "position": "Camat Cipocok Jaya",
        "agency": "Pemerintah Kota Serang",
        "name": "Ahmad Sulaiman",
        "nip": nip,
    }
    values.update(kw)
    return PersonInput(**values)


def village_head(**kw) -> PersonInput:
    values = {
        "employment_type": EmploymentType.VILLAGE_HEAD,
        "position": "Kepala Desa",
        "agency": "Desa Cipare",
        "name": "Dedi Kurniawan",
    }
    values.update(kw)
    return PersonInput(**values)


def open_finding(
    w: World, *, actor=None, office=None, election=None, known_date=None, persons=None, **kw
) -> Case:
    """A complete finding (temuan): date, place, description and one reported PNS."""
    known_date = known_date or timezone.localdate()
    office = office or w.serang
    values = {
        "actor": actor or w.handler,
        "election": election or w.pemilu,
        "office": office,
        "kind": CaseKind.FINDING,
        "source": Source.FIELD_SUPERVISION,
        "title": "Camat in party clothes on a campaign flyer",
        "description": "A flyer shows the camat wearing party clothes beside a candidate.",
        "known_date": known_date,
        "incident_date": known_date - timedelta(days=1),
        "place_region_code": office.region_code or "36.73",
        "place_address": "Jl. Ayip Usman",
        "reported_persons": [pns()] if persons is None else persons,
    }
    values.update(kw)
    return services.open_case(**values)


def open_report(w: World, *, reporter_name: str = "Siti Pelapor", **kw) -> Case:
    """A complete report (laporan) filed at the office by a citizen."""
    kw.setdefault(
        "reporters",
        [
            ReporterInput(
                name=reporter_name,
                nik="3673014101900001",
                address="Jl. Veteran No. 1, Kota Serang",
                phone="081234567890",
                email="pelapor@example.id",
            )
        ],
    )
    kw.setdefault("source", Source.OFFICE_DESK)
    return open_finding(w, kind=CaseKind.REPORT, **kw)


def attach(case: Case, kind: str, *, actor=None, state: str = DocumentState.SIGNED,
           facts: dict | None = None) -> CaseDocument:
    """Keep a small document of ``kind`` with the case (set MEDIA_ROOT to a temp dir): by
    default the signed scan (a document of record); a legal study names the case's violation
    forms unless ``facts`` says otherwise."""
    content = f"{kind} for {case.intake_number}".encode()
    if facts is None:
        facts = {}
        if kind == DocumentKind.LEGAL_STUDY:
            facts = {"violation_type_ids": list(case.violation_types.values_list("pk",
                                                                                  flat=True))}
    return CaseDocument.objects.create(
        case=case,
        kind=kind,
        file=ContentFile(content, name=f"{kind}.txt"),
        original_name=f"{kind}.txt",
        content_type="text/plain",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        added_by=actor,
        state=state,
        generated=state != DocumentState.SIGNED,
        facts=facts,
    )


def classify(
    case: Case,
    actor,
    *,
    category: str = Category.NON_STAGE_ASN,
    codes: tuple[str, ...] = ("asn-campaign-props",),
) -> Case:
    ids = list(ViolationType.objects.filter(code__in=codes).values_list("pk", flat=True))
    return services.set_violation_types(
        case=case, actor=actor, category=category, violation_type_ids=ids
    )


# The path ``advance`` follows: target status → (step, who, what to prepare first).
PATH = [
    (Status.UNDER_CHECK, "start_check", "handler"),
    (Status.REGISTERED, "register", "handler"),
    (Status.CLARIFICATION, "start_clarification", "handler"),
    (Status.LEGAL_STUDY, "start_legal_study", "handler"),
    (Status.PLENARY, "submit_to_plenary", "handler"),
    (Status.VIOLATION, "decide_violation", "commissioner"),
    (Status.FORWARDED, "forward_recommendation", "handler"),
    (Status.AWAITING_FOLLOW_UP, "acknowledge", "recipient"),
    (Status.SANCTION_IMPOSED, "record_sanction", "recipient"),
    (Status.CLOSED, "close", "handler"),
]
ORDER = [status for status, _step, _who in PATH]
SIDE_STEPS = {
    Status.AWAITING_COMPLETION: (Status.UNDER_CHECK, "request_completion", "handler"),
    Status.NOT_REGISTERED: (Status.UNDER_CHECK, "refuse_registration", "handler"),
    Status.NO_VIOLATION: (Status.PLENARY, "decide_no_violation", "commissioner"),
    Status.NOT_FOLLOWED_UP: (Status.PLENARY, "decide_not_followed_up", "commissioner"),
    Status.ESCALATED: (Status.FORWARDED, "escalate", "handler"),
    Status.RECOMMENDATION_REJECTED: (Status.FORWARDED, "record_refusal", "recipient"),
}


def prepare(case: Case, step: str, w: World) -> None:
    """Keep what a step needs when the case has none: the documents of record (signed scans),
    the reporter of initial information that goes on as a report."""
    records = case.documents.of_record()
    if step == "continue_as_report" and not case.reporters.exists():
        case.reporters.create(name="Siti Pelapor", nik="3673014101900001",
                              address="Jl. Veteran No. 1, Kota Serang")
    if (
        step == "start_legal_study"
        and not records.filter(kind=DocumentKind.CLARIFICATION_MINUTES).exists()
    ):
        attach(case, DocumentKind.CLARIFICATION_MINUTES)
    if step == "submit_to_plenary":
        if not case.violation_types.exists():
            classify(case, w.handler)
        if not records.filter(kind=DocumentKind.LEGAL_STUDY).exists():
            attach(case, DocumentKind.LEGAL_STUDY)
    if step.startswith("decide_") and not records.filter(
        kind=DocumentKind.PLENARY_MINUTES
    ).exists():
        attach(case, DocumentKind.PLENARY_MINUTES)


def step(
    case: Case, w: World, name: str, who: str, *, on: date | None = None, note: str = ""
) -> Case:
    """Perform one workflow step as the right person (recipient steps via their services)."""
    prepare(case, name, w)
    if who == "recipient":
        today = on or timezone.localdate()
        for rec in case.recommendations.filter(
            status__in=[RecommendationStatus.SENT, RecommendationStatus.ACKNOWLEDGED]
        ):
            officer = w.officer_of(rec.recipient)
            if name == "acknowledge":
                services.acknowledge_recommendation(recommendation=rec, actor=officer)
            elif name == "record_sanction":
                services.record_sanction(
                    recommendation=rec,
                    actor=officer,
                    answer="Sanction imposed.",
                    sanctions=[  # a sanction that fits each person the letter concerns
                        SanctionInput(p.pk, _fitting_sanction(case, p, today),
                                      f"800/{p.pk}/BKPSDM", today)
                        for p in rec.persons.all() or case.reported_persons.all()
                    ],
                )
            else:
                services.record_refusal(
                    recommendation=rec,
                    actor=officer,
                    answer=note or "Not proven in our examination.",
                )
        return Case.objects.get(pk=case.pk)
    return services.transition_case(
        case=case, transition=name, actor=getattr(w, who), note=note or f"Reason for {name}.", on=on
    )


def _fitting_sanction(case: Case, person, on: date) -> str:
    allowed = [r.sanction_type for r in services.allowed_sanctions(case, person, on)]
    return "moderate" if "moderate" in allowed or not allowed else allowed[0]


def advance(case: Case, w: World, to: str, *, on: date | None = None) -> Case:
    """Walk ``case`` (a finding or report just received) to status ``to``."""
    if to in SIDE_STEPS:
        before, name, who = SIDE_STEPS[to]
        case = advance(case, w, before, on=on)
        return step(case, w, name, who, on=on)
    if case.status == to:
        return case
    start = ORDER.index(case.status) + 1 if case.status in ORDER else 0
    for status, name, who in PATH[start:]:
        case = step(case, w, name, who, on=on)
        assert case.status == status, (name, case.status)
        if status == to:
            return case
    raise ValueError(to)
