"""The world the access matrix runs in: one object of every target at every position.

Around Bawaslu Kota Serang (36.73), every target of ``netra.core.access`` is placed at five
*positions*:

* ``own``: in Kota Serang itself (36.73),
* ``child``: in a district below it (Cipocok Jaya, 36.73.05),
* ``sibling``: in the neighbouring regency (Kabupaten Serang, 36.04),
* ``parent``: in the province (Banten, 36),
* ``assigned``: outside Kota Serang's geography but assigned to the user's organisation
  (a case at Kabupaten Serang recommended to BKPSDM Kota Serang and to BKN; for organisations,
  the user's own organisation; for elections, the national one).

Users sit at one of two *levels*, regency (Kota Serang) or national, in a supervisory office
(Bawaslu) or, for roles only a recipient body may hold, in a recipient body (BKPSDM Kota Serang,
BKN). Each :class:`Placed` object records its region and the homes it is assigned to; the test
derives every expectation from that, the role table and the target's declared assignment rule.

A module that registers an endpoint for a new target places it without editing this file: its
``netra/<app>/tests/access_world.py`` defines ``place(world)``, which creates one object per
position (:data:`POSITION_REGION`, ``world.homes``) and records each as ``world.placed[(target,
position)] = Placed(...)`` with a ``marker`` text that its lists and pages show.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.core.files.base import ContentFile

from netra.accounts.models import Membership
from netra.accounts.roles import KIND_ROLES, ROLE_TABLE
from netra.accounts.tests.factories import UserFactory
from netra.cases.choices import DocumentKind
from netra.cases.models import CaseDocument, Evidence, Recommendation
from netra.cases.tests.factories import CaseFactory, ReportedPersonFactory
from netra.elections.choices import ElectionKind, ElectionLevel
from netra.elections.models import Election
from netra.orgs.choices import SUPERVISORY_KINDS, OrgKind
from netra.orgs.models import Organisation
from netra.regions.models import Region

POSITIONS = ("own", "child", "sibling", "parent", "assigned")
LEVELS = ("regency", "national")

REGIONS = [
    ("36", "Banten", 1, "provinsi"),
    ("36.73", "Kota Serang", 2, "kota"),
    ("36.73.05", "Cipocok Jaya", 3, "kecamatan"),
    ("36.04", "Kabupaten Serang", 2, "kabupaten"),
]
# Where each position's object lies.
POSITION_REGION = {"own": "36.73", "child": "36.73.05", "sibling": "36.04", "parent": "36",
                   "assigned": "36.04"}


@dataclass(frozen=True)
class Home:
    """A user's organisation: ``key`` names it in :attr:`Placed.assigned_to`."""

    key: str
    org: Organisation
    supervisory: bool

    @property
    def region_code(self) -> str:
        return self.org.region_code


@dataclass
class Placed:
    """One target object: fetched afresh by each test (``fresh()``), with what the expectation
    needs: its region, the homes it is assigned to, and a marker text shown where it appears."""

    model: type
    pk: int
    region_code: str
    marker: str
    assigned_to: frozenset[str] = frozenset()
    content: bytes = b""
    # Text that only the object's own page shows (its name may appear in the user's own page
    # header, e.g. the user's organisation): a denied answer must not contain it.
    secret: str = ""

    @property
    def private_text(self) -> str:
        return self.secret or self.marker

    def fresh(self):
        return self.model._base_manager.get(pk=self.pk)


@dataclass
class World:
    homes: dict[str, Home]
    users: dict[tuple[str, str], object]  # (role, level) -> user
    user_home: dict[tuple[str, str], Home]
    placed: dict[tuple, Placed] = field(default_factory=dict)
    sessions: dict[tuple[str, str], str] = field(default_factory=dict)  # session cookie values
    # A supervisory office at each position (Bawaslu RI for "assigned"), for modules whose
    # objects belong to an office.
    offices: dict[str, Organisation] = field(default_factory=dict)

    def place(self, target: str, position: str, home: Home) -> Placed | None:
        """The object of ``target`` at ``position`` as seen from ``home`` (an assigned object
        may differ per home: each recipient body answers its own recommendation)."""
        return self.placed.get((target, position, home.key)) or self.placed.get(
            (target, position)
        )

    def targets(self) -> set[str]:
        return {key[0] for key in self.placed}


def _org(kind, code, name, **extra) -> Organisation:
    return Organisation.objects.create(kind=kind, region_code=code, name=name, **extra)


def _within(code: str, prefix: str) -> bool:
    return prefix == "" or code == prefix or code.startswith(prefix + ".")


def _file(model, case, marker: str, **fields) -> Placed:
    content = f"{marker}\n".encode()
    row = model.objects.create(
        case=case, file=ContentFile(content, name=f"{marker}.txt"),
        original_name=f"{marker}.txt", content_type="text/plain", size=len(content),
        sha256=hashlib.sha256(content).hexdigest(), **fields,
    )
    return row, content


def build_world() -> World:
    Region.objects.bulk_create([
        Region(code=code, name=name, level=level, kind=kind,
               parent_code=code.rsplit(".", 1)[0] if "." in code else "", path=name,
               search_name=f"{name.lower()} {code}")
        for code, name, level, kind in REGIONS
    ])
    ri = _org(OrgKind.BAWASLU_RI, "", "Bawaslu RI MXM", office_code="00.00")
    banten = _org(OrgKind.BAWASLU_PROVINCE, "36", "MXM-organisation-parent", parent=ri,
                  office_code="1")
    # Not a child of Banten here: a list shows each organisation's parent, and the province
    # office must appear in Kota Serang's lists only as its own row (the parent position).
    serang = _org(OrgKind.BAWASLU_REGENCY, "36.73", "Bawaslu Kota Serang MXM", parent=ri,
                  office_code="1.01")
    orgs = {
        "own": _org(OrgKind.KPU, "36.73", "MXM-organisation-own"),
        "child": _org(OrgKind.PANWASCAM, "36.73.05", "MXM-organisation-child", parent=serang,
                      office_code="11.01"),
        "sibling": _org(OrgKind.BAWASLU_REGENCY, "36.04", "MXM-organisation-sibling",
                        parent=banten, office_code="1.02"),
        "parent": banten,
    }
    bkpsdm = _org(OrgKind.BKPSDM, "36.73", "BKPSDM Kota Serang MXM")
    bkn = _org(OrgKind.CIVIL_SERVICE_BODY, "", "BKN MXM", active_from=date(2024, 8, 24))
    ppk = _org(OrgKind.PPK, "36.73", "PPK Kota Serang MXM")
    homes = {
        "serang": Home("serang", serang, True),
        "bkpsdm": Home("bkpsdm", bkpsdm, False),
        "ri": Home("ri", ri, True),
        "bkn": Home("bkn", bkn, False),
    }
    level_homes = {"regency": ("serang", "bkpsdm"), "national": ("ri", "bkn")}

    users, user_home = {}, {}
    for role in ROLE_TABLE:
        for level in LEVELS:
            home = next(homes[key] for key in level_homes[level]
                        if role in KIND_ROLES[homes[key].org.kind])
            user = UserFactory(username=f"mxm-{role}-{level}")
            Membership.objects.create(user=user, organisation=home.org, role=role)
            users[(role, level)] = user
            user_home[(role, level)] = home
    world = World(homes=homes, users=users, user_home=user_home,
                  offices={"own": serang, "child": orgs["child"], "sibling": orgs["sibling"],
                           "parent": banten, "assigned": ri})
    placed = world.placed

    # Organisations: the user's own one is "assigned" (every member sees it).
    for position, org in orgs.items():
        org.address = f"Jalan MXM {position}"
        org.save(update_fields=["address"])
        placed[("organisation", position)] = Placed(Organisation, org.pk, org.region_code,
                                                    org.name, secret=org.address)
    for key, home in homes.items():
        home.org.address = f"Jalan MXM {key}"
        home.org.save(update_fields=["address"])
        placed[("organisation", "assigned", key)] = Placed(
            Organisation, home.org.pk, home.region_code, home.org.name, frozenset({key}),
            secret=home.org.address)

    # Staff members: one per position, and a colleague in each home organisation.
    for position, org in [*orgs.items(), *((f"assigned-{k}", h.org) for k, h in homes.items())]:
        marker = f"MXM-member-{position}"
        user = UserFactory(username=marker.lower(), full_name=marker)
        role = "handling_staff" if org.kind in SUPERVISORY_KINDS else "recipient_officer"
        Membership.objects.create(user=user, organisation=org, role=role)
        home_key = position.removeprefix("assigned-")
        key = ("member", "assigned", home_key) if position.startswith("assigned") else (
            "member", position)
        placed[key] = Placed(Membership, user.memberships.get().pk, org.region_code, marker,
                             frozenset({home_key}) if position.startswith("assigned") else
                             frozenset())

    # Elections: national and regional ones of the regions above one's own are visible.
    pemilu = None
    for position in POSITIONS:
        code = "" if position == "assigned" else POSITION_REGION[position]
        level = {0: ElectionLevel.NATIONAL, 1: ElectionLevel.PROVINCE}.get(
            len(code.split(".")) if code else 0, ElectionLevel.REGENCY)
        election = Election.objects.create(
            name=f"MXM-election-{position}", kind=ElectionKind.PEMILU if not code else
            ElectionKind.PILKADA, level=level, region_code=code, voting_day=date(2024, 11, 27),
            is_active=True)
        pemilu = election if not code else pemilu
        above = frozenset(k for k, h in homes.items()
                          if code == "" or (code != h.region_code
                                            and _within(h.region_code, code)))
        placed[("election", position)] = Placed(Election, election.pk, code, election.name,
                                                above)

    # Cases and what hangs off them.
    offices = {**orgs, "assigned": orgs["sibling"]}
    for position in POSITIONS:
        office = offices[position]
        marker = f"MXM-case-{position}"
        case = CaseFactory(election=pemilu, office=office, title=marker,
                           description=f"Uraian {marker}")
        person = ReportedPersonFactory(case=case, nip="", name=f"Terlapor {marker}")
        recipients = {"bkpsdm": bkpsdm, "bkn": bkn} if position == "assigned" else {"": ppk}
        recs = {
            key: Recommendation.objects.create(
                case=case, recipient=org, sent_on=date(2024, 9, 2), due_on=date(2024, 9, 16),
                letter_number=f"MXM-rec-{position}-{key}", content="Rekomendasi")
            for key, org in recipients.items()
        }
        assigned = frozenset(k for k in recipients if k)
        code = office.region_code
        placed[("case", position)] = Placed(type(case), case.pk, code, marker, assigned)
        placed[("person", position)] = Placed(type(person), person.pk, code, person.name,
                                              assigned)
        evidence, content = _file(Evidence, case, f"MXM-evidence-{position}")
        placed[("evidence", position)] = Placed(Evidence, evidence.pk, code,
                                                f"MXM-evidence-{position}", assigned, content)
        document, content = _file(CaseDocument, case, f"MXM-document-{position}",
                                  kind=DocumentKind.LEGAL_STUDY)
        placed[("document", position)] = Placed(CaseDocument, document.pk, code,
                                                f"MXM-document-{position}", assigned, content)
        generated, content = _file(CaseDocument, case, f"MXM-generated-{position}",
                                   kind=DocumentKind.RECOMMENDATION_LETTER, generated=True)
        placed[("generated_document", position)] = Placed(
            CaseDocument, generated.pk, code, f"MXM-generated-{position}", assigned, content)
        for rec in recs.values():  # the letter and its attachments (what a recipient opens)
            rec.evidence_attachments.add(evidence)
            rec.attachments.add(document)
            Recommendation.objects.filter(pk=rec.pk).update(letter=generated)
        for key, rec in recs.items():
            where = ("recommendation", position, key) if key else ("recommendation", position)
            placed[where] = Placed(Recommendation, rec.pk, code, marker,
                                   frozenset({key}) if key else frozenset())
    # Supervisory homes look at the recipient body of their own level's recommendation.
    placed[("recommendation", "assigned", "serang")] = placed[("recommendation", "assigned",
                                                               "bkpsdm")]
    placed[("recommendation", "assigned", "ri")] = placed[("recommendation", "assigned", "bkn")]
    _place_module_targets(world)
    return world


def _place_module_targets(world: World) -> None:
    """Let every other app place its own targets (``netra/<app>/tests/access_world.py``)."""
    for config in apps.get_app_configs():
        if not config.name.startswith("netra.") or config.name == "netra.core":
            continue
        name = f"{config.name}.tests.access_world"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name not in {name, f"{config.name}.tests"}:
                raise
            continue
        place = getattr(module, "place", None)
        if place is not None:
            place(world)
