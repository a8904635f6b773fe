"""Shared fixtures: a small region tree and ``member(role, region)``."""

import pytest

from netra.regions.models import Region

# The API fuzz run's marker and its "fuzz: N requests" summary line (works under pytest-xdist).
pytest_plugins = ["netra.api.tests.fuzz_report"]

TREE = [
    # code, name, level, kind
    ("36", "Banten", 1, "provinsi"),
    ("36.73", "Kota Serang", 2, "kota"),
    ("36.73.01", "Serang", 3, "kecamatan"),
    ("36.73.01.1002", "Cipare", 4, "kelurahan"),
    ("36.73.05", "Cipocok Jaya", 3, "kecamatan"),
    ("36.73.05.1001", "Cipocok Jaya", 4, "kelurahan"),
    ("36.04", "Kabupaten Serang", 2, "kabupaten"),
    ("36.04.01", "Cinangka", 3, "kecamatan"),
    ("32", "Jawa Barat", 1, "provinsi"),
    ("32.76", "Kota Depok", 2, "kota"),
]


@pytest.fixture
def regions(db):
    rows = []
    for code, name, level, kind in TREE:
        parent = code.rsplit(".", 1)[0] if "." in code else ""
        rows.append(
            Region(
                code=code,
                name=name,
                level=level,
                kind=kind,
                parent_code=parent,
                path=name,
                search_name=f"{name.lower()} {code}",
            )
        )
    Region.objects.bulk_create(rows)
    return {r.code: r for r in rows}


@pytest.fixture(autouse=True)
def _fresh_reference_cache():
    """Each test starts with an empty reference-data cache (``netra.core.refcache``): the rows
    of the previous test were rolled back, which sends no signal."""
    from netra.core.refcache import clear_all

    clear_all()


KIND_FOR_LEVEL = {
    0: "bawaslu_ri",
    1: "bawaslu_province",
    2: "bawaslu_regency",
    3: "panwascam",
    4: "pkd",
}


@pytest.fixture
def org_factory(regions):
    from netra.orgs.models import Organisation

    def make(region_code: str, kind: str | None = None, name: str | None = None, parent=None):
        level = 0 if region_code == "" else len(region_code.split("."))
        kind = kind or KIND_FOR_LEVEL[level]
        org, _ = Organisation.objects.get_or_create(
            kind=kind,
            region_code=region_code,
            name=name or f"{kind} {region_code or 'RI'}",
            defaults={"parent": parent},
        )
        return org

    return make


@pytest.fixture
def member(org_factory, django_user_model):
    """``member(role, region_code, kind=None)`` → a user with that role in an org of the region."""
    from netra.accounts.models import Membership

    counter = {"n": 0}

    def make(role: str, region_code: str = "36.73", kind: str | None = None, org=None):
        counter["n"] += 1
        org = org or org_factory(region_code, kind)
        user = django_user_model.objects.create_user(
            username=f"{role}-{counter['n']}",
            password="pw-for-tests-1",  # noqa: S106, full_name=f"{role} user"
        )
        Membership.objects.create(user=user, organisation=org, role=role)
        user.organisation = org
        return user

    return make


# The data migrations that ship reference rows, in migration order (each depends on the ones
# before it in its app; rules before cases, whose letter numbering and templates follow the
# routing rows). ``cases.0002`` is handled apart: it seeded the old home of the templates.
REFERENCE_MIGRATIONS = [
    ("rules", "0002_reference_rules"),
    ("rules", "0003_pre_period_window"),
    ("rules", "0005_catalogue_indonesian"),
    ("rules", "0006_routing_for_every_status"),
    ("rules", "0007_catalogue_sources"),
    ("cases", "0010_recommendation_letter"),
    ("cases", "0011_fact_templates"),
    ("knowledge", "0002_catalogue"),
    ("questionnaires", "0002_summary_templates"),
    ("risk", "0002_evaluation_dimensions"),
]

# Data migrations that are NOT reference data, each with the reason. A new RunPython migration
# must be added to one of the two lists: ``tests/test_reference_data_restore.py`` fails until it is.
NOT_REFERENCE_MIGRATIONS = {
    ("cases", "0002_document_templates"): "first templates, moved to documents by 0007; the "
    "documents' current templates are seeded by 0010 and 0011",
    ("cases", "0006_identity_encryption_keys"): "re-encrypts existing reporter rows",
    ("cases", "0007_move_document_templates"): "moves existing rows between apps",
    ("cases", "0009_documents_of_record"): "sets the state of documents already kept",
}


def ensure_reference_data() -> None:
    """Re-create the reference rows that ship as data migrations (rules catalogue in both
    languages, routing and sanction rules, numbering formats, document templates, the knowledge
    catalogue, evaluation dimensions) when a transactional test's flush has removed them.

    Transactional tests (live server, several processes, a real Celery worker) flush every table
    when they end, so a later transactional test asks for this instead of relying on
    ``serialized_rollback``, whose restore is fragile across test orders on SQLite. The flush
    empties every table at once, so an empty deadline-rule table means all of it is gone; the
    migrations' own forward functions then run again, in order, so the rows are exactly those a
    migrated database has.
    """
    from importlib import import_module

    from django.apps import apps
    from django.db.migrations import RunPython

    if apps.get_model("rules", "DeadlineRule").objects.exists():
        return
    templates = apps.get_model("documents", "DocumentTemplate")
    seeded = import_module("netra.cases.migrations.0002_document_templates")
    for kind, (title, body) in seeded.TEMPLATES.items():
        templates.objects.get_or_create(
            key=f"cases.{kind}", language="id", valid_from=seeded.VALID_FROM,
            defaults={"title": title, "body": body, "is_active": True},
        )
    for app, name in REFERENCE_MIGRATIONS:
        migration = import_module(f"netra.{app}.migrations.{name}").Migration
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                operation.code(apps, None)


def _is_transactional(item: pytest.Item) -> bool:
    """Whether ``item`` ran in a transactional database (its end flushes every table): the rule
    pytest-django itself uses to order tests."""
    from pytest_django.plugin import validate_django_db

    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transaction, reset_sequences, *_rest = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, put the reference rows back before the next test.

    pytest-django runs transactional tests after the others, but pytest-xdist hands whole files
    to each worker (``--dist loadfile``), so a worker may run a file's transactional tests and
    then another file's ordinary ones, which would otherwise meet empty catalogue tables."""
    yield
    if nextitem is None or not _is_transactional(item):
        return
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        ensure_reference_data()


@pytest.fixture(autouse=True)
def _fresh_language():
    """Every test starts (and leaves) with no language activated, i.e. the site default: the
    test client activates the language of each request it makes and Django leaves it active,
    so without this a test's gettext would depend on which test ran before it in the worker."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def declared_data_migrations():
    """``(REFERENCE_MIGRATIONS, NOT_REFERENCE_MIGRATIONS)``, for the test that checks them."""
    return REFERENCE_MIGRATIONS, NOT_REFERENCE_MIGRATIONS


@pytest.fixture
def restore_reference_data():
    """``ensure_reference_data`` itself, for a test that checks it."""
    return ensure_reference_data


@pytest.fixture
def reference_data(transactional_db):
    ensure_reference_data()
