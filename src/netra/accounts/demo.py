"""Demo data drawn from the domain reference: Banten, Serang City Bawaslu and its Panwascam,
the bodies that receive recommendations, and one demo user per role.

Staff names are invented (Faker, ``id_ID``); reported persons never appear by name anywhere.
Idempotent: running it again changes nothing.
"""

from datetime import date

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from netra.core.demo import DemoLogin
from netra.orgs.choices import OrgKind
from netra.orgs.models import Organisation
from netra.regions.models import Region

from .models import Membership, User
from .roles import Role
from .services import add_membership, create_user

BANTEN = "36"
SERANG_CITY = "36.73"

# Banten's regencies/cities (the Banten 2024 table) — one Bawaslu office each.
BANTEN_OFFICES = [
    ("36.01", "Bawaslu Kabupaten Pandeglang", "Kab"),
    ("36.02", "Bawaslu Kabupaten Lebak", "Kab"),
    ("36.03", "Bawaslu Kabupaten Tangerang", "Kab"),
    ("36.04", "Bawaslu Kabupaten Serang", "Kab"),
    ("36.71", "Bawaslu Kota Tangerang", "Kota"),
    ("36.72", "Bawaslu Kota Cilegon", "Kota"),
    ("36.73", "Bawaslu Kota Serang", "Kota"),
    ("36.74", "Bawaslu Kota Tangerang Selatan", "Kota"),
]


DEMO_USERS = [
    # username, full name, role, organisation key
    ("admin.ri", "Rahmat Hidayat", Role.ADMINISTRATOR, "ri"),
    ("analis.ri", "Dewi Lestari", Role.ANALYST, "ri"),
    ("komisioner.banten", "Ahmad Fauzi", Role.COMMISSIONER, "banten"),
    ("admin.serang", "Siti Nurhaliza", Role.ADMINISTRATOR, "serang"),
    ("komisioner.serang", "Budi Santoso", Role.COMMISSIONER, "serang"),
    ("penanganan.serang", "Rina Marlina", Role.HANDLING_STAFF, "serang"),
    ("pencegahan.serang", "Agus Setiawan", Role.PREVENTION_STAFF, "serang"),
    ("analis.serang", "Fitri Handayani", Role.ANALYST, "serang"),
    ("panwascam.cipocok", "Yusuf Maulana", Role.FIELD_SUPERVISOR, "cipocok"),
    ("pkd.cipare", "Nur Aini", Role.FIELD_SUPERVISOR, "pkd_cipare"),
    ("bkn.officer", "Hendra Gunawan", Role.RECIPIENT_OFFICER, "bkn"),
    ("bkpsdm.serang", "Lia Amelia", Role.RECIPIENT_OFFICER, "bkpsdm"),
]


def _org(key_map, key, **fields) -> Organisation:
    org, _created = Organisation.objects.update_or_create(
        kind=fields.pop("kind"),
        region_code=fields.pop("region_code"),
        name=fields.pop("name"),
        defaults=fields,
    )
    key_map[key] = org
    return org


def _registration_label(district_name: str) -> str:
    return "Kec-" + "".join(part.capitalize() for part in district_name.split())


@transaction.atomic
def load_demo_organisations_and_users() -> list[DemoLogin]:
    """Create the demo organisations and users. Needs the Banten regions imported."""
    if not Region.objects.filter(code=SERANG_CITY).exists():
        raise RuntimeError("Import the regions first: netra import_regions --province 36")
    orgs: dict[str, Organisation] = {}
    ri = _org(
        orgs,
        "ri",
        kind=OrgKind.BAWASLU_RI,
        region_code="",
        name="Bawaslu Republik Indonesia",
        office_code="00.00",
        registration_label="RI",
        address="Jl. M.H. Thamrin No. 14, Jakarta Pusat",
    )
    banten = _org(
        orgs,
        "banten",
        kind=OrgKind.BAWASLU_PROVINCE,
        region_code=BANTEN,
        name="Bawaslu Provinsi Banten",
        parent=ri,
        office_code="1",
        registration_label="Prov",
    )
    for code, name, label in BANTEN_OFFICES:
        office_code = "1.01" if code == SERANG_CITY else ""
        _org(
            orgs,
            code,
            kind=OrgKind.BAWASLU_REGENCY,
            region_code=code,
            name=name,
            parent=banten,
            office_code=office_code,
            registration_label=label,
        )
    serang = orgs[SERANG_CITY]
    orgs["serang"] = serang
    Organisation.objects.filter(pk=serang.pk).update(address="Jl. Ayip Usman, Kota Serang")
    for index, district in enumerate(Region.objects.filter(parent_code=SERANG_CITY), start=1):
        org = _org(
            orgs,
            district.code,
            kind=OrgKind.PANWASCAM,
            region_code=district.code,
            name=f"Panwaslu Kecamatan {district.name}",
            parent=serang,
            office_code=f"{index}1.01" if district.name == "Cipocok Jaya" else "",
            registration_label=_registration_label(district.name),
        )
        if district.name == "Cipocok Jaya":
            orgs["cipocok"] = org
        for village in Region.objects.filter(parent_code=district.code)[:3]:
            pkd = _org(
                orgs,
                village.code,
                kind=OrgKind.PKD,
                region_code=village.code,
                name=f"PKD {village.name}",
                parent=org,
            )
            if village.name == "Cipare":
                orgs["pkd_cipare"] = pkd
    if "cipocok" in orgs:
        Organisation.objects.filter(pk=orgs["cipocok"].pk).update(office_code="11.01")
    if "pkd_cipare" not in orgs:
        pkd_cipare = Organisation.objects.filter(
            kind=OrgKind.PKD, region_code__startswith=SERANG_CITY
        ).first()
        if pkd_cipare is not None:
            orgs["pkd_cipare"] = pkd_cipare
    _org(
        orgs,
        "bkn",
        kind=OrgKind.CIVIL_SERVICE_BODY,
        region_code="",
        name="Badan Kepegawaian Negara (BKN)",
        active_from=date(2024, 8, 24),
    )
    _org(
        orgs,
        "kasn",
        kind=OrgKind.KASN,
        region_code="",
        name="Komisi Aparatur Sipil Negara (KASN)",
        active_until=date(2024, 8, 24),
    )
    _org(
        orgs,
        "dkpp",
        kind=OrgKind.DKPP,
        region_code="",
        name="Dewan Kehormatan Penyelenggara Pemilu (DKPP)",
    )
    _org(orgs, "bkpsdm", kind=OrgKind.BKPSDM, region_code=SERANG_CITY, name="BKPSDM Kota Serang")
    _org(orgs, "ppk", kind=OrgKind.PPK, region_code=SERANG_CITY, name="Wali Kota Serang (PPK)")
    _org(orgs, "kpu", kind=OrgKind.KPU, region_code=SERANG_CITY, name="KPU Kota Serang")
    _org(
        orgs,
        "gakkumdu",
        kind=OrgKind.GAKKUMDU,
        region_code=SERANG_CITY,
        name="Sentra Gakkumdu Kota Serang",
        parent=serang,
    )
    _org(
        orgs,
        "inspektorat",
        kind=OrgKind.INSPECTORATE,
        region_code=SERANG_CITY,
        name="Inspektorat Kota Serang",
    )

    logins = []
    # The demo password is hashed once (a deliberately slow hasher, ~0.5 s per hash) and the
    # same hash given to every demo user: they share the password anyway. It is checked against
    # the password rules once, as create_user would for each.
    validate_password(settings.NETRA_DEMO_PASSWORD)
    demo_hash = make_password(settings.NETRA_DEMO_PASSWORD)
    for username, full_name, role, key in DEMO_USERS:
        org = orgs[key]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = create_user(
                actor=None,
                username=username,
                email=f"{username}@demo.netra.local",
                full_name=full_name,
                password=None,
            )
            user.password = demo_hash
            user.save(update_fields=["password"])
        if not Membership.objects.filter(user=user, organisation=org, role=role).exists():
            add_membership(actor=None, user=user, organisation=org, role=role)
        logins.append(DemoLogin(username, Role(role).label, org.name))
    _grant_catalogue_editing(User.objects.get(username="admin.ri"))
    return logins


# The rule catalogue and document templates are national reference data kept by Bawaslu RI:
# its administrator edits them in the admin site (/admin/), and nothing else there.
CATALOGUE_MODELS = (
    ("rules", "violationtype"),
    ("rules", "deadlinerule"),
    ("rules", "routingrule"),
    ("rules", "numberingformat"),
    ("rules", "holiday"),
    ("documents", "documenttemplate"),
)


def _grant_catalogue_editing(user) -> None:
    from django.contrib.auth.models import Permission

    perms = Permission.objects.filter(
        content_type__app_label__in={app for app, _model in CATALOGUE_MODELS},
        content_type__model__in={model for _app, model in CATALOGUE_MODELS},
        codename__regex=r"^(add|change|view)_",
    )
    user.user_permissions.add(*perms)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
