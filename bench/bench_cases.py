"""Cases benchmark: the scoped case list and dashboard over 1,000,000 cases; registration numbers
under concurrent writers.

1. Seed: N synthetic cases (default 1,000,000 on PostgreSQL, 100,000 on SQLite; ``--size`` or
   ``NETRA_BENCH_CASES_POSTGRESQL`` / ``NETRA_BENCH_CASES_SQLITE`` change it) over one Bawaslu
   office per regency/city of the country, written with COPY (PostgreSQL) or ``executemany``
   (SQLite), not through the services: statuses across the workflow, received over two years,
   registration numbers and counters, a stopped decision clock per decided case, a running clock
   for ~30 % of open cases due around today, recommendations for forwarded cases. Timed.
2. The list view's first page of ``cases.selectors.case_list(user=..., filters=CaseFilters(
   status=..., due_before=...))`` (``Paginator(qs, 50).page(1)``: COUNT + LIMIT 50) for a Kota
   Serang (36.73) user, and ``cases.selectors.dashboard_counts(user=...)``. Baseline: the same
   selector code with ``visible_to`` patched to ``all()`` (no scoping), same run, same data.
   "what-if" rows measure proposed fixes (patched ``assigned_q``, a subquery variant of the
   list, indexes created in the throwaway database and dropped again); they are not app code.
3. EXPLAIN of the scoped list's and the dashboard's queries, with a verdict per plan.
4. Registration numbers: 8 OS processes registering their share of prepared cases at once
   through ``cases.services.transition_case(case=..., transition="register", actor=...)``,
   against one office's counter: throughput, latency, and checks that the numbers are unique,
   contiguous and in commit order. Baseline: the same number of registrations by 1 process.

A timed series stops after about ``SERIES_BUDGET_S`` seconds (today's slow queries take seconds
a call); the label then says how many calls it has.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import multiprocessing
import os
import random
import re
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import date, timedelta
from unittest import mock

from benchlib import Goal, Report, django_process, time_calls
from django.core.management.color import no_style
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from netra.accounts.models import Membership, User
from netra.accounts.roles import Role, role_allows
from netra.cases.choices import KIND_CODE, CaseKind, RecommendationStatus, Source
from netra.cases.models import (
    Case,
    CaseDeadline,
    CaseEvent,
    CaseQuerySet,
    Recommendation,
    RegistrationCounter,
    ReportedPerson,
)
from netra.cases.permissions import CaseAction as Action
from netra.cases.selectors import CaseFilters, case_list, dashboard_counts
from netra.cases.workflow import OPEN_STATUSES, Status
from netra.core.scoping import reset_scope
from netra.elections.models import Election, ElectionKind, ElectionLevel
from netra.orgs.choices import OrgKind
from netra.orgs.models import Organisation
from netra.regions.models import Level, Region
from netra.regions.services import import_regions
from netra.rules.calendar import WorkingCalendar
from netra.rules.choices import Category, DayUnit, DeadlineKey, EmploymentType
from netra.rules.selectors import deadline_rule

TITLE = "Cases: scoped case list and dashboard over 1,000,000 cases; concurrent registration"

# This module's defaults for ./bench/run (the unscoped baselines scan the whole table).
ITERATIONS = 100
WARMUP = 10

DEFAULT_CASES = {"postgresql": 1_000_000, "sqlite": 100_000}
SERANG = "36.73"
SERANG_SHARE = 0.004  # Kota Serang's share of all cases: 4,000 of 1,000,000
PAGE_SIZE = 50  # ScopedListView.paginate_by
CHUNK = 50_000
RUNNING_SHARE = 0.30  # open cases with a running clock
LIST_STATUS = Status.AWAITING_FOLLOW_UP  # the status with the most running clocks
DUE_WITHIN_DAYS = 2  # due_before = today + 2 (the dashboard's "due soon")
LIST_GOAL = Goal("p95_ms", 300, backends=("postgresql",))
DASHBOARD_GOAL = Goal("p95_ms", 500, backends=("postgresql",))
WRITERS = 8
DEFAULT_REGISTRATIONS = {"postgresql": 240, "sqlite": 160}  # per run (NETRA_BENCH_REGISTRATIONS)
PLAN_LINES = 24
SERIES_BUDGET_S = float(os.environ.get("NETRA_BENCH_SERIES_BUDGET_S", 6))
MIN_CALLS = 5  # a series stops after SERIES_BUDGET_S seconds, but not before this many calls
SLOW_CALLS, SLOW_S = 3, 1.0  # rows without a goal that take over 1 s a call: 3 calls
SEED = 20240214

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
JAKARTA = timedelta(hours=7)
USERS = {
    # key: (region code, organisation kind, label)
    "regency": (SERANG, OrgKind.BAWASLU_REGENCY, "regency user, Bawaslu Kota Serang 36.73"),
    "province": ("36", OrgKind.BAWASLU_PROVINCE, "province user, Bawaslu Banten 36"),
    "national": ("", OrgKind.BAWASLU_RI, "national user, Bawaslu RI"),
}


def run(report: Report) -> None:
    size = case_count(report.backend)
    seeded = seed(report, size)
    users = create_users()
    bench_list(report, users, seeded)
    bench_dashboard(report, users, seeded)
    explain(report, users, seeded)
    bench_registration(report, users, seeded)


def case_count(backend: str) -> int:
    configured = os.environ.get(f"NETRA_BENCH_CASES_{backend.upper()}") or os.environ.get(
        "NETRA_BENCH_SIZE"
    )
    return int(configured) if configured else DEFAULT_CASES[backend]


# --------------------------------------------------------------------------- 1. seeding


class Table:
    """Bulk writer for one model: COPY on PostgreSQL, executemany on SQLite.

    ``names`` are the attnames the generator fills, in tuple order, every value a string or
    ``NULL`` (``"\\N"`` on PostgreSQL, ``None`` on SQLite, whose INTEGER columns store numeric
    text as integers). Every other concrete column except ``id`` gets the field's default, so a
    field added to the model later does not break the seed if it has a default, is nullable or is
    optional text.
    """

    def __init__(self, model, names: list[str]) -> None:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [n for n in names if n not in fields]
        assert not unknown, f"{model.__name__} has no field(s) {unknown}"
        self.pg = connection.vendor == "postgresql"
        self.table = model._meta.db_table
        extra, extra_columns = [], []
        for attname, field in fields.items():
            if attname in names or attname == "id":
                continue
            if field.has_default():
                value = field.get_db_prep_save(field.get_default(), connection)
            elif field.null:
                value = None
            elif field.blank and field.empty_strings_allowed:
                value = ""  # an optional text field: what a form leaves empty
            else:
                raise AssertionError(f"{model.__name__}.{attname}: no default, not nullable")
            if self.pg:
                value = _copy_text(value)
            extra.append(value)
            extra_columns.append(field.column)
        self.extra = tuple(extra)
        self.suffix = "".join("\t" + v for v in extra) if self.pg else ""
        self.columns = [fields[n].column for n in names] + extra_columns
        self.rows = 0

    def write(self, rows: list[tuple]) -> None:
        if not rows:
            return
        quoted = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if self.pg:
                suffix = self.suffix
                text = "".join(["\t".join(row) + suffix + "\n" for row in rows])
                with cursor.cursor.copy(f"COPY {self.table} ({quoted}) FROM STDIN") as copy:
                    copy.write(text)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                extra = self.extra
                cursor.executemany(
                    f"INSERT INTO {self.table} ({quoted}) VALUES ({marks})",
                    [row + extra for row in rows] if extra else rows,
                )
        self.rows += len(rows)


def _copy_text(value) -> str:
    """A column default in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


@contextmanager
def bulk_load(models: list, timings: dict):
    """PostgreSQL: drop the secondary indexes and the unique and foreign-key constraints of
    ``models`` for the load and recreate them from their exact definitions afterwards (the
    usual way to populate a database, see the PostgreSQL manual, "Populating a Database");
    recreating also re-checks every constraint. The rebuild is timed into ``timings``."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) "
            "AND contype IN ('u', 'f') ORDER BY contype DESC, conname",
            [tables],
        )
        constraints = cursor.fetchall()
        for name, table, _definition in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i WHERE i.indrelid::regclass::text = ANY(%s) "
            "AND NOT i.indisprimary ORDER BY 1",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        # Unique constraints first (they build their index), then the foreign keys.
        for name, table, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("RESET maintenance_work_mem")
    timings["rebuild_s"] = time.perf_counter() - started
    timings["rebuilt"] = f"{len(indexes)} indexes, {len(constraints)} constraints"


# fmt: off
# Status mix by age of the case (days since received); initial information has its own.
_AGE_MIX = [
    (30, {
        Status.RECEIVED: 8, Status.UNDER_CHECK: 10, Status.AWAITING_COMPLETION: 5,
        Status.REGISTERED: 12, Status.CLARIFICATION: 12, Status.LEGAL_STUDY: 10,
        Status.PLENARY: 8, Status.VIOLATION: 3, Status.NO_VIOLATION: 4,
        Status.NOT_FOLLOWED_UP: 3, Status.NOT_REGISTERED: 6, Status.FORWARDED: 6,
        Status.AWAITING_FOLLOW_UP: 5, Status.ESCALATED: 1, Status.SANCTION_IMPOSED: 2,
        Status.RECOMMENDATION_REJECTED: 1, Status.CLOSED: 4,
    }),
    (120, {
        Status.RECEIVED: 1, Status.UNDER_CHECK: 1, Status.AWAITING_COMPLETION: 1,
        Status.REGISTERED: 2, Status.CLARIFICATION: 3, Status.LEGAL_STUDY: 3, Status.PLENARY: 2,
        Status.VIOLATION: 2, Status.NO_VIOLATION: 6, Status.NOT_FOLLOWED_UP: 4,
        Status.NOT_REGISTERED: 6, Status.FORWARDED: 6, Status.AWAITING_FOLLOW_UP: 10,
        Status.ESCALATED: 4, Status.SANCTION_IMPOSED: 10, Status.RECOMMENDATION_REJECTED: 4,
        Status.CLOSED: 35,
    }),
    (None, {
        Status.REGISTERED: 0.3, Status.CLARIFICATION: 0.3, Status.LEGAL_STUDY: 0.3,
        Status.PLENARY: 0.2, Status.NO_VIOLATION: 3, Status.NOT_FOLLOWED_UP: 2,
        Status.NOT_REGISTERED: 3, Status.FORWARDED: 2, Status.AWAITING_FOLLOW_UP: 4,
        Status.ESCALATED: 2, Status.SANCTION_IMPOSED: 6, Status.RECOMMENDATION_REJECTED: 3,
        Status.CLOSED: 74,
    }),
]
# fmt: on
_PRE_REGISTRATION = {
    Status.RECEIVED,
    Status.UNDER_CHECK,
    Status.AWAITING_COMPLETION,
    Status.NOT_REGISTERED,
    Status.INFO_RECEIVED,
    Status.RAISED,
    Status.DROPPED,
}
_UNDECIDED = {Status.REGISTERED, Status.CLARIFICATION, Status.LEGAL_STUDY, Status.PLENARY}
_RECOMMENDED = {
    Status.FORWARDED: RecommendationStatus.SENT,
    Status.AWAITING_FOLLOW_UP: RecommendationStatus.ACKNOWLEDGED,
    Status.ESCALATED: RecommendationStatus.SENT,
    Status.SANCTION_IMPOSED: RecommendationStatus.SANCTIONED,
    Status.RECOMMENDATION_REJECTED: RecommendationStatus.REFUSED,
}
_CLOCK_OF = {  # statuses whose step starts a clock, and which
    Status.AWAITING_COMPLETION: DeadlineKey.COMPLETION_WINDOW,
    Status.REGISTERED: DeadlineKey.DECISION_WINDOW,
    Status.CLARIFICATION: DeadlineKey.DECISION_WINDOW,
    Status.LEGAL_STUDY: DeadlineKey.DECISION_WINDOW,
    Status.PLENARY: DeadlineKey.DECISION_WINDOW,
    Status.FORWARDED: DeadlineKey.FOLLOW_UP_WINDOW,
    Status.AWAITING_FOLLOW_UP: DeadlineKey.FOLLOW_UP_WINDOW,
    Status.ESCALATED: DeadlineKey.FOLLOW_UP_WINDOW,
}
_KIND_SOURCES = {
    CaseKind.FINDING: [Source.FIELD_SUPERVISION, Source.SOCIAL_MEDIA, Source.MEDIA],
    CaseKind.REPORT: [Source.PUBLIC_PORTAL, Source.OFFICE_DESK, Source.FORWARDED],
    CaseKind.INITIAL_INFO: [Source.SOCIAL_MEDIA, Source.CADRE, Source.MEDIA],
}
_KINDS = ([CaseKind.INITIAL_INFO, CaseKind.FINDING, CaseKind.REPORT], [15, 45, 40])
_CATEGORIES = (
    [
        Category.NON_STAGE_ASN,
        Category.OTHER_LAWS,
        Category.CRIME,
        Category.ADMINISTRATIVE,
        Category.ETHICS,
    ],
    [60, 15, 10, 10, 5],
)
_TITLES = [
    "Civil servant liked and shared a candidate's campaign post",
    "Village head attended a candidate's gathering",
    "School principal allowed party stickers on aid packages",
    "Official vehicle used at a campaign event",
    "Kelurahan account promoted a candidate",
    "Civil servant photographed with a participant's campaign props",
    "Village official registered as a campaign team member",
    "Agency head favoured an incumbent's programme before the vote",
]
_EPOCH = date(1970, 1, 1)


class _Days:
    """Day numbers (days since 1970-01-01) to date, ISO text, roman month and year, cached."""

    def __init__(self) -> None:
        self.cache: dict[int, tuple[date, str, str, int]] = {}

    def __call__(self, n: int) -> tuple[date, str, str, int]:
        hit = self.cache.get(n)
        if hit is None:
            d = _EPOCH + timedelta(days=n)
            hit = self.cache[n] = (d, d.isoformat(), ROMAN[d.month - 1], d.year)
        return hit


def _seed_organisations() -> dict:
    """Bawaslu RI, one Bawaslu per province and per regency/city, BKN; returns what the case
    generator needs."""
    regions = list(
        Region.objects.filter(level__lte=Level.DISTRICT)
        .order_by("code")
        .values_list("code", "name", "level", "parent_code")
    )
    ri = Organisation.objects.create(
        name="Bawaslu Republik Indonesia",
        kind=OrgKind.BAWASLU_RI,
        region_code="",
        office_code="00.00",
        registration_label="RI",
    )
    provinces = {}
    for number, (code, name, _level, _p) in enumerate(
        (r for r in regions if r[2] == Level.PROVINCE), start=1
    ):
        provinces[code] = Organisation(
            name=f"Bawaslu Provinsi {name}",
            kind=OrgKind.BAWASLU_PROVINCE,
            region_code=code,
            parent=ri,
            office_code=str(number),
            registration_label="Prov",
        )
    Organisation.objects.bulk_create(provinces.values())
    regencies = []
    per_province: Counter = Counter()
    for code, name, level, parent in regions:
        if level != Level.REGENCY:
            continue
        per_province[parent] += 1
        province = provinces[parent]
        regencies.append(
            Organisation(
                name=f"Bawaslu {name}",
                kind=OrgKind.BAWASLU_REGENCY,
                region_code=code,
                parent=province,
                office_code=f"{province.office_code}.{per_province[parent]:02d}",
                registration_label="Kota" if name.startswith("Kota") else "Kab",
            )
        )
    Organisation.objects.bulk_create(regencies)
    bkn = Organisation.objects.create(
        name="Badan Kepegawaian Negara (BKN)", kind=OrgKind.CIVIL_SERVICE_BODY, region_code=""
    )
    districts: dict[str, list[str]] = defaultdict(list)
    for code, _name, level, parent in regions:
        if level == Level.DISTRICT:
            districts[parent].append(code)
    offices = list(
        Organisation.objects.filter(kind=OrgKind.BAWASLU_REGENCY)
        .order_by("region_code")
        .values_list("id", "region_code", "office_code", "registration_label")
    )
    return {"offices": offices, "districts": districts, "bkn": bkn.pk}


def seed(report: Report, size: int) -> dict:
    report.section("Seed: synthetic cases (1,000,000 on PostgreSQL, 100,000 on SQLite by default)")
    rng = random.Random(SEED)
    rnd = rng.random
    pg = connection.vendor == "postgresql"
    null = "\\N" if pg else None
    tz = "+00" if pg else ""
    now = timezone.now()
    today = timezone.localdate()

    report.progress("importing the regions (whole country) ...")
    started = time.perf_counter()
    import_regions()
    regions_s = time.perf_counter() - started

    started = time.perf_counter()
    orgs = _seed_organisations()
    election = Election.objects.create(
        name="Pemilu (bench)",
        kind=ElectionKind.PEMILU,
        level=ElectionLevel.NATIONAL,
        region_code="",
        voting_day=today + timedelta(days=60),
    )
    rules = {
        key: deadline_rule(
            key=key, election_kind=ElectionKind.PEMILU, case_kind=CaseKind.FINDING, on=today
        )
        for key in DeadlineKey.values
    }
    orgs_s = time.perf_counter() - started

    offices = orgs["offices"]
    serang_index = next(i for i, o in enumerate(offices) if o[1] == SERANG)
    weights = [rng.lognormvariate(0, 0.6) for _ in offices]
    others = sum(w for i, w in enumerate(weights) if i != serang_index)
    weights = [
        SERANG_SHARE if i == serang_index else (1 - SERANG_SHARE) * w / others
        for i, w in enumerate(weights)
    ]

    report.progress(f"seeding {size:,} cases ...")
    started = time.perf_counter()
    now_epoch = int(now.timestamp())
    received = sorted(now_epoch - 3600 - int(rnd() * 730 * 86400) for _ in range(size))
    office_of = rng.choices(range(len(offices)), weights=weights, k=size)
    kinds = rng.choices(*_KINDS, k=size)
    sources = {k: rng.choices(v, k=1024) for k, v in _KIND_SOURCES.items()}
    categories = rng.choices(*_CATEGORIES, k=1024)
    offices_text = [(str(o[0]), o[1], o[2], o[3]) for o in offices]
    districts = [orgs["districts"].get(o[1]) or [o[1]] for o in offices]
    mix = [(list(m), list(itertools.accumulate(m.values())), sum(m.values())) for _a, m in _AGE_MIX]
    days = _Days()
    today_n = (today - _EPOCH).days
    local_shift = int(JAKARTA.total_seconds())

    cases = Table(Case, [
        "id", "created_at", "updated_at", "region_code", "kind", "source", "status",
        "intake_number", "registration_number", "registered_on", "decided_on", "closed_on",
        "received_at", "incident_date", "known_date", "place_region_code", "place_address",
        "title", "description", "category", "outcome_note", "election_id", "office_id",
        "source_object_id", "version",
    ])  # fmt: skip
    deadlines = Table(CaseDeadline, [
        "created_at", "updated_at", "case_id", "key", "rule_id", "starts_on", "due_on", "unit",
        "days", "extended_days", "extension_reason", "stopped_on",
    ])  # fmt: skip
    recommendations = Table(Recommendation, [
        "created_at", "updated_at", "case_id", "recipient_id", "letter_number", "content",
        "sent_on", "due_on", "status", "acknowledged_at", "answered_at", "answer", "escalations",
    ])  # fmt: skip
    counters: Counter = Counter()
    status_counts: Counter = Counter()
    running = open_cases = serang_cases = 0
    timings = {"write_s": 0.0}
    chunk_cases: list[tuple] = []
    chunk_deadlines: list[tuple] = []
    chunk_recs: list[tuple] = []
    decision = rules[DeadlineKey.DECISION_WINDOW]
    decision_row = (DeadlineKey.DECISION_WINDOW, str(decision.pk))
    decision_tail = (decision.unit, str(decision.days), "0", "")
    clock_rows = {
        key: ((rule.key, str(rule.pk)), (rule.unit, str(rule.days), "0", ""), rule.days)
        for key, rule in rules.items()
    }
    bkn = str(orgs["bkn"])
    election_id = str(election.pk)
    open_statuses = OPEN_STATUSES
    sanctioned, refused = RecommendationStatus.SANCTIONED, RecommendationStatus.REFUSED

    def stamp(epoch: int) -> str:
        seconds = epoch % 86400
        return (
            f"{days(epoch // 86400)[1]} {seconds // 3600:02d}:{seconds // 60 % 60:02d}:"
            f"{seconds % 60:02d}{tz}"
        )

    def flush() -> None:
        began = time.perf_counter()
        with transaction.atomic():
            cases.write(chunk_cases)
            deadlines.write(chunk_deadlines)
            recommendations.write(chunk_recs)
        timings["write_s"] += time.perf_counter() - began
        chunk_cases.clear()
        chunk_deadlines.clear()
        chunk_recs.clear()

    # Statuses first: the share of clock-carrying cases that get a running clock follows.
    case_statuses = []
    for index in range(size):
        age = today_n - (received[index] + local_shift) // 86400
        if kinds[index] == CaseKind.INITIAL_INFO:
            if age <= 30 and rnd() < 0.6:
                status = Status.INFO_RECEIVED
            else:
                status = Status.RAISED if rnd() < 0.5 else Status.DROPPED
        else:
            statuses, cum, total = mix[0 if age <= 30 else 1 if age <= 120 else 2]
            status = statuses[bisect.bisect(cum, rnd() * total)]
        case_statuses.append(status)
    status_counts.update(case_statuses)
    open_total = sum(n for st, n in status_counts.items() if st in OPEN_STATUSES)
    with_clock = sum(n for st, n in status_counts.items() if st in _CLOCK_OF)
    running_share = min(1.0, RUNNING_SHARE * open_total / max(with_clock, 1))

    with bulk_load([Case, CaseDeadline, Recommendation], timings):
        for index in range(size):
            pk = index + 1
            epoch = received[index]
            office = office_of[index]
            office_id, region_code, office_code, label = offices_text[office]
            serang_cases += office == serang_index
            kind = kinds[index]
            recv_n = (epoch + local_shift) // 86400
            recv_date, recv_iso, recv_roman, recv_year = days(recv_n)
            status = case_statuses[index]
            reg_n = decided_n = None
            registered_iso = decided_iso = closed_iso = registration_number = null
            category = ""
            kind_code = KIND_CODE[kind]
            if status not in _PRE_REGISTRATION and not (status == Status.CLOSED and rnd() < 0.25):
                reg_n = min(today_n, recv_n + 1 + int(rnd() * 3))
                _d, registered_iso, reg_roman, reg_year = days(reg_n)
                key = (office, kind_code, reg_year)
                counters[key] += 1
                registration_number = (
                    f"{counters[key]:03d}/Reg/{kind_code}/PL/{label}/{office_code}/{reg_roman}/"
                    f"{reg_year}"
                )
                category = categories[pk & 1023]
                if status not in _UNDECIDED:
                    decided_n = min(today_n, reg_n + 5 + int(rnd() * 10))
                    decided_iso = days(decided_n)[1]
            if status == Status.CLOSED:
                closed_iso = days(min(today_n, (decided_n or recv_n) + 5 + int(rnd() * 56)))[1]
            key = (office, "in-" + kind_code, recv_year)
            counters[key] += 1
            known_n = recv_n - int(rnd() * 5)
            created = stamp(epoch)
            place = districts[office]
            chunk_cases.append((
                str(pk), created, created, region_code, kind, sources[kind][pk & 1023], status,
                f"{counters[key]:03d}/{kind_code}/PL/{label}/{office_code}/{recv_roman}/"
                f"{recv_year}",
                registration_number, registered_iso, decided_iso, closed_iso, created,
                days(known_n - int(rnd() * 8))[1], days(known_n)[1],
                place[int(rnd() * len(place))], "", _TITLES[pk & 7],
                "Synthetic case for the benchmark.", category, "", election_id, office_id, "",
                "1",
            ))  # fmt: skip
            # A stopped decision clock for every decided case.
            if decided_n is not None:
                chunk_deadlines.append((
                    created, created, str(pk), *decision_row, registered_iso,
                    days(reg_n + 9)[1], *decision_tail, decided_iso,
                ))  # fmt: skip
            # A running clock, due around today, for ~30 % of open cases: only in the statuses
            # whose step starts one (completion, decision or follow-up window).
            if status in open_statuses:
                open_cases += 1
            clock = _CLOCK_OF.get(status)
            if clock is not None and rnd() < running_share:
                running += 1
                head, tail, length = clock_rows[clock]
                due_n = today_n + round(rng.triangular(-14, 14, 1))
                chunk_deadlines.append((
                    created, created, str(pk), *head, days(due_n - length)[1],
                    days(due_n)[1], *tail, null,
                ))  # fmt: skip
            rec_status = _RECOMMENDED.get(status)
            if rec_status is None and status == Status.CLOSED and decided_n and rnd() < 0.4:
                rec_status = sanctioned if rnd() < 0.6 else refused
            if rec_status is not None and decided_n is not None:
                sent_n = min(today_n, decided_n + 1 + int(rnd() * 3))
                answered = acknowledged = null
                if rec_status != RecommendationStatus.SENT:
                    acknowledged = stamp(min(now_epoch, (sent_n + 7) * 86400 + epoch % 86400))
                    if rec_status in (sanctioned, refused):
                        answered = acknowledged
                chunk_recs.append((
                    created, created, str(pk), bkn, "", "", days(sent_n)[1],
                    days(sent_n + 14)[1], rec_status, acknowledged, answered, "", "0",
                ))  # fmt: skip
            if len(chunk_cases) >= CHUNK:
                flush()
                if pk % (CHUNK * 4) == 0:
                    report.progress(f"  {pk:,} cases")
        flush()
        report.progress("rebuilding indexes and constraints ..." if pg else "counters ...")
    counter_rows = [
        RegistrationCounter(office_id=offices[o][0], kind_code=k, year=y, last_seq=n)
        for (o, k, y), n in counters.items()
    ]
    RegistrationCounter.objects.bulk_create(counter_rows, batch_size=5000)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Case]):
            cursor.execute(sql)
    cases_s = time.perf_counter() - started

    analyse_s = 0.0
    if pg:
        report.progress("VACUUM ANALYZE ...")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        analyse_s = time.perf_counter() - started

    report.value("seed.cases", cases.rows, label="cases seeded")
    report.value("seed.offices", len(offices), label="regency/city offices holding them")
    report.value("seed.serang", serang_cases, label="of which Bawaslu Kota Serang (36.73)")
    report.value("seed.open", open_cases, label="open cases (not closed, dropped or raised)")
    report.value("seed.running", running, label="running clocks (~30 % of open cases)")
    report.value("seed.deadlines", deadlines.rows, label="deadline rows (running + stopped)")
    report.value("seed.recommendations", recommendations.rows, label="recommendations")
    report.value("seed.counters", len(counter_rows), label="registration counters")
    report.value("seed.regions_s", regions_s, unit="s", label="region import (setup)")
    report.value("seed.orgs_s", orgs_s, unit="s", label="organisations, election (setup)")
    report.value(
        "seed.cases_s",
        cases_s,
        unit="s",
        label="seeding time: cases + deadlines + recommendations",
    )
    report.value(
        "seed.write_s",
        timings["write_s"],
        unit="s",
        label="of which writing rows (COPY / executemany)",
        baseline="seed.cases_s",
    )
    if pg:
        report.value(
            "seed.rebuild_s",
            timings["rebuild_s"],
            unit="s",
            label=f"of which rebuilding {timings['rebuilt']}",
            baseline="seed.cases_s",
        )
    report.value("seed.rate", round(cases.rows / cases_s), unit="cases/s", label="seeding rate")
    if pg:
        report.value("seed.analyse_s", analyse_s, unit="s", label="VACUUM ANALYZE afterwards")
    top = ", ".join(f"{s} {n / size:.0%}" for s, n in status_counts.most_common(8))
    how = (
        "COPY (psycopg, text format) with the tables' secondary indexes and unique/foreign-key "
        "constraints dropped during the load and recreated afterwards (which re-checks them)"
        if pg
        else "executemany"
    )
    report.note(
        f"Written with {how}, one transaction per {CHUNK:,} cases, not through cases.services "
        "(no events, audit entries or reported persons). Cases spread over every regency/city "
        f"office (log-normal weights, Kota Serang fixed at {SERANG_SHARE:.1%}); received over the "
        f"last 730 days; statuses by age (most common: {top}); registration numbers and "
        "counters per office, kind and year as the service writes them; a stopped decision "
        f"clock per decided case; running clocks for {RUNNING_SHARE:.0%} of open cases (in the "
        f"statuses that start one, {running_share:.0%} of those), due today -14..+14 days; one "
        "recommendation to BKN per forwarded case."
    )
    if pg:
        report.note("PostgreSQL: VACUUM ANALYZE after seeding, as autovacuum would shortly after.")
    else:
        report.note(
            f"SQLite: {size:,} cases by default (PostgreSQL: {DEFAULT_CASES['postgresql']:,}); "
            "--size or NETRA_BENCH_CASES_SQLITE changes it. No ANALYZE, as the embedded install."
        )
    return {
        "today": today,
        "election": election,
        "size": size,
        "serang": offices[serang_index][0],
    }


def create_users() -> dict[str, User]:
    """One handling-staff user per level (created directly, not through accounts.services)."""
    users = {}
    for key, (code, kind, _label) in USERS.items():
        org = Organisation.objects.get(kind=kind, region_code=code)
        user = User.objects.create(username=f"bench.{key}", full_name=f"Bench {key}")
        Membership.objects.create(user=user, organisation=org, role=Role.HANDLING_STAFF)
        users[key] = user
    return users


# --------------------------------------------------------------------------- 2. list, dashboard


def _unscoped_visible_to(self, user, action="view", roles=None):
    return self.all()


def unscoped():
    """The selectors' own code with ``visible_to`` replaced by ``all()``: the baseline."""
    return mock.patch.object(CaseQuerySet, "visible_to", _unscoped_visible_to)


def _assigned_recipients_only(self, scope, action, roles=None):
    """What-if (not app code): ``CaseQuerySet.assigned_q`` counting only memberships in
    recipient bodies, so a supervisory user's scope is the region prefix alone."""
    if action not in (Action.VIEW, Action.RESPOND):
        return None
    ids = sorted(
        {
            g.organisation_id
            for g in scope.grants
            if not g.supervisory
            and role_allows(g.role, action)
            and (roles is None or g.role in roles)
        }
    )
    if not ids:
        return None
    return Q(Exists(Recommendation.objects.filter(case=OuterRef("pk"), recipient_id__in=ids)))


def recipients_only():
    return mock.patch.object(CaseQuerySet, "assigned_q", _assigned_recipients_only)


def case_list_subquery(*, user, filters: CaseFilters | None = None):
    """What-if (not app code): ``case_list`` with the nearest running deadline as a correlated
    subquery and ``due_before`` as EXISTS: no join to the deadlines, no GROUP BY, so the COUNT is
    a plain count and ORDER BY received_at LIMIT 50 can walk an index. Handles the filters used
    here (status, due_before)."""
    f = filters or CaseFilters()
    qs = Case.objects.visible_to(user, Action.VIEW).select_related("election", "office")
    if f.status:
        qs = qs.filter(status=f.status)
    running = CaseDeadline.objects.filter(case=OuterRef("pk"), stopped_on__isnull=True)
    qs = qs.annotate(next_due=Subquery(running.order_by("due_on").values("due_on")[:1]))
    if f.due_before:
        qs = qs.filter(Exists(running.filter(due_on__lte=f.due_before)))
    return qs.order_by("-received_at", "-pk")


# What-if indexes (created in the throwaway database only, dropped right after).
RECEIVED_INDEX = {
    "bench_case_received": "CREATE INDEX bench_case_received ON cases_case "
    "(received_at DESC, id DESC)",
}
RUNNING_INDEX = {
    "bench_deadline_running": "CREATE INDEX bench_deadline_running ON cases_casedeadline "
    "(case_id, due_on) WHERE stopped_on IS NULL",
}
DASHBOARD_INDEXES = {
    **RUNNING_INDEX,
    "bench_recommendation_open": "CREATE INDEX bench_recommendation_open ON "
    "cases_recommendation (case_id, due_on) WHERE status IN ('sent', 'acknowledged')",
}


@contextmanager
def what_if_indexes(indexes: dict[str, str]):
    with connection.cursor() as cursor:
        for sql in indexes.values():
            cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name in indexes:
                cursor.execute(f"DROP INDEX {name}")


def first_page(queryset) -> tuple[int, int]:
    """What the list view does: Paginator(qs, 50).page(1): a COUNT, then the LIMIT 50 query."""
    page = Paginator(queryset, PAGE_SIZE).page(1)
    rows = list(page.object_list)
    return page.paginator.count, len(rows)


def _filters(seeded) -> CaseFilters:
    return CaseFilters(
        status=LIST_STATUS, due_before=seeded["today"] + timedelta(days=DUE_WITHIN_DAYS)
    )


def _timed(report, key, fn, *, label, baseline, goal=None, user_pk=None):
    """Time ``fn(user)``; with ``user_pk`` a fresh User per call (its scope loaded inside the
    call, as in a request), else ``fn(None)``.

    A series stops at about SERIES_BUDGET_S seconds (at least MIN_CALLS calls; SLOW_CALLS for a
    row without a goal whose first call took over SLOW_S): the first, untimed call estimates
    the cost, and the label then says how many calls were timed.
    """
    holder: dict = {}

    def fresh():
        holder["user"] = User.objects.get(pk=user_pk) if user_pk else None

    fresh()
    started = time.perf_counter()
    fn(holder["user"])
    estimate = max(time.perf_counter() - started, 1e-4)
    n = max(
        min(report.iterations, MIN_CALLS), min(report.iterations, int(SERIES_BUDGET_S / estimate))
    )
    if goal is None and estimate > SLOW_S:
        n = min(n, SLOW_CALLS)
    warm = min(report.warmup, n // 10)
    samples = time_calls(lambda: fn(holder["user"]), iterations=n, warmup=warm, before=fresh)
    if n < report.iterations:
        label = f"{label} [{n} calls]"
    return report.timing(key, samples, label=label, baseline=baseline, goal=goal)


def bench_list(report: Report, users: dict[str, User], seeded) -> None:
    f = _filters(seeded)
    report.section(
        f"Case list: first page of cases.selectors.case_list(status={LIST_STATUS}, due_before="
        f"today+{DUE_WITHIN_DAYS}), as the list view runs it"
    )
    report.progress("timing the case list ...")
    regency, province, national = (users[k].pk for k in ("regency", "province", "national"))
    counts = {}
    with unscoped():
        counts["baseline"] = first_page(case_list(user=None, filters=f))[0]
        _timed(
            report,
            "list.baseline",
            lambda u: first_page(case_list(user=None, filters=f)),
            label="baseline: same selector and filters, no scoping (whole country)",
            baseline="list.baseline",
        )
    counts["regency"] = first_page(case_list(user=User.objects.get(pk=regency), filters=f))[0]
    _timed(
        report,
        "list.regency",
        lambda u: first_page(case_list(user=u, filters=f)),
        label="regency 36.73, scope loaded per call",
        baseline="list.baseline",
        goal=LIST_GOAL,
        user_pk=regency,
    )
    _timed(
        report,
        "list.regency.default",
        lambda u: first_page(case_list(user=u)),
        label="regency 36.73, no filters (the list's first view)",
        baseline="list.baseline",
        goal=LIST_GOAL,
        user_pk=regency,
    )
    counts["province"] = first_page(case_list(user=User.objects.get(pk=province), filters=f))[0]
    _timed(
        report,
        "list.province",
        lambda u: first_page(case_list(user=u, filters=f)),
        label="province 36, same filters",
        baseline="list.baseline",
        user_pk=province,
    )
    _timed(
        report,
        "list.national",
        lambda u: first_page(case_list(user=u, filters=f)),
        label="national, same filters",
        baseline="list.baseline",
        user_pk=national,
    )
    _timed(
        report,
        "list.national.default",
        lambda u: first_page(case_list(user=u)),
        label="national, no filters",
        baseline="list.baseline",
        user_pk=national,
    )

    report.progress("what-if variants of the case list ...")
    with recipients_only():
        assert (
            first_page(case_list(user=User.objects.get(pk=regency), filters=f))[0]
            == (counts["regency"])
        )
        _timed(
            report,
            "list.whatif_a.regency",
            lambda u: first_page(case_list(user=u, filters=f)),
            label="what-if A: regency, same filters",
            baseline="list.baseline",
            goal=LIST_GOAL,
            user_pk=regency,
        )
        _timed(
            report,
            "list.whatif_a.regency.default",
            lambda u: first_page(case_list(user=u)),
            label="what-if A: regency, no filters",
            baseline="list.baseline",
            goal=LIST_GOAL,
            user_pk=regency,
        )
        with what_if_indexes(RUNNING_INDEX):
            assert first_page(
                case_list_subquery(user=User.objects.get(pk=regency), filters=f)
            ) == first_page(case_list(user=User.objects.get(pk=regency), filters=f))
            _timed(
                report,
                "list.whatif_b.regency",
                lambda u: first_page(case_list_subquery(user=u, filters=f)),
                label="what-if B: regency, same filters",
                baseline="list.baseline",
                goal=LIST_GOAL,
                user_pk=regency,
            )
            _timed(
                report,
                "list.whatif_b.regency.default",
                lambda u: first_page(case_list_subquery(user=u)),
                label="what-if B: regency, no filters",
                baseline="list.baseline",
                goal=LIST_GOAL,
                user_pk=regency,
            )
            _timed(
                report,
                "list.whatif_b.national",
                lambda u: first_page(case_list_subquery(user=u, filters=f)),
                label="what-if B: national, same filters",
                baseline="list.baseline",
                user_pk=national,
            )
            with what_if_indexes(RECEIVED_INDEX):
                _timed(
                    report,
                    "list.whatif_b_index.regency.default",
                    lambda u: first_page(case_list_subquery(user=u)),
                    label="what-if B + received_at index: regency, no filters",
                    baseline="list.baseline",
                    goal=LIST_GOAL,
                    user_pk=regency,
                )
                _timed(
                    report,
                    "list.whatif_b_index.national.default",
                    lambda u: first_page(case_list_subquery(user=u)),
                    label="what-if B + received_at index: national, no filters",
                    baseline="list.baseline",
                    user_pk=national,
                )
    report.value("list.rows.regency", counts["regency"], label="matching rows: regency 36.73")
    report.value("list.rows.province", counts["province"], label="matching rows: province 36")
    report.value(
        "list.rows.baseline", counts["baseline"], label="matching rows: whole country (baseline)"
    )
    report.note(
        "Each call = Paginator(case_list(...), 50).page(1) evaluated, as the list view does: one "
        "COUNT and one LIMIT 50 query (joins election and office, annotates the nearest running "
        "deadline, filters on it, orders by -received_at). 'scope loaded per call': a fresh User "
        "per call (fetched outside the timing), so the membership lookup is inside it, as in a "
        "request. Baseline: the selector's code with CaseQuerySet.visible_to patched to all() "
        "(no region condition, no conflict-of-interest exclusion)."
    )
    report.note(
        "'what-if' rows are NOT the app's code; they measure proposed fixes on the same data. A: "
        "CaseQuerySet.assigned_q counts only memberships in recipient bodies (today a Bawaslu "
        "user's own office id adds 'OR EXISTS(recommendation to that office)' to every scope, "
        "which no index can serve). B: A + the nearest running deadline as a correlated "
        "subquery and due_before as EXISTS instead of LEFT JOIN + MIN + GROUP BY (the COUNT "
        "then needs no join or grouping), + a partial index cases_casedeadline (case_id, "
        "due_on) WHERE stopped_on IS NULL (without it SQLite answers the subquery from "
        "cases_deadline_open and reads every running clock per case). '+ received_at index': B "
        "+ an index on cases_case (received_at DESC, id DESC) for the unfiltered order. Indexes "
        "are created for those rows and dropped after; what-if results are checked equal to the "
        "selector's."
    )
    report.note(
        f"A series stops after about {SERIES_BUDGET_S:g} s of calls (at least {MIN_CALLS}); "
        "'[n calls]' marks those with fewer than the run's iterations (p95 of so few calls is "
        f"the slowest); rows without a goal that take over {SLOW_S:g} s a call get {SLOW_CALLS}."
    )


def bench_dashboard(report: Report, users: dict[str, User], seeded) -> None:
    report.section("Dashboard: cases.selectors.dashboard_counts(user=...)")
    report.progress("timing the dashboard counts ...")
    regency = users["regency"].pk
    with unscoped():
        _timed(
            report,
            "dash.baseline",
            lambda u: dashboard_counts(user=users["regency"]),
            label="baseline: same selector, no scoping (whole country)",
            baseline="dash.baseline",
        )
    _timed(
        report,
        "dash.regency",
        lambda u: dashboard_counts(user=u),
        label="regency 36.73, scope loaded per call",
        baseline="dash.baseline",
        goal=DASHBOARD_GOAL,
        user_pk=regency,
    )
    _timed(
        report,
        "dash.province",
        lambda u: dashboard_counts(user=u),
        label="province 36",
        baseline="dash.baseline",
        user_pk=users["province"].pk,
    )
    _timed(
        report,
        "dash.national",
        lambda u: dashboard_counts(user=u),
        label="national",
        baseline="dash.baseline",
        user_pk=users["national"].pk,
    )
    counts = dashboard_counts(user=User.objects.get(pk=regency))
    report.progress("what-if variants of the dashboard ...")
    with recipients_only():
        assert dashboard_counts(user=User.objects.get(pk=regency)) == counts
        _timed(
            report,
            "dash.whatif_a.regency",
            lambda u: dashboard_counts(user=u),
            label="what-if A: regency",
            baseline="dash.baseline",
            goal=DASHBOARD_GOAL,
            user_pk=regency,
        )
        with what_if_indexes(DASHBOARD_INDEXES):
            _timed(
                report,
                "dash.whatif_c.regency",
                lambda u: dashboard_counts(user=u),
                label="what-if C: regency (A + partial indexes)",
                baseline="dash.baseline",
                goal=DASHBOARD_GOAL,
                user_pk=regency,
            )
    report.value(
        "dash.regency.counts",
        (
            f"open {counts.open_cases}, due soon {counts.due_soon}, overdue {counts.overdue}, "
            f"awaiting follow-up {counts.awaiting_follow_up}, unanswered "
            f"{counts.unanswered_recommendations}"
        ),
        label="regency 36.73 dashboard",
    )
    report.note(
        "Each call = dashboard_counts(user=...): three aggregate queries (running clocks due "
        "soon/overdue, open and awaiting cases, unanswered recommendations), plus the membership "
        "lookup when the scope is loaded per call. Baseline as for the list."
    )
    report.note(
        "What-if A as for the list. C: A + two partial indexes, created for this row and "
        "dropped after: cases_casedeadline (case_id, due_on) WHERE stopped_on IS NULL and "
        "cases_recommendation (case_id, due_on) WHERE status IN ('sent', 'acknowledged')."
    )


# --------------------------------------------------------------------------- 3. query plans

_BIG_TABLES = ("cases_case", "cases_casedeadline", "cases_recommendation")
FULL_SCAN_ROWS = 10_000  # PostgreSQL: a scan without index condition reading this many rows
_BIG_MARKERS = (*_BIG_TABLES, "cases_region_status", "cases_stats", "cases_deadline_open")
_PG_NODE = re.compile(
    r"^(\s*(?:->\s+)?)(Parallel Seq Scan|Seq Scan|Parallel Index Only Scan|Index Only Scan|"
    r"Parallel Index Scan|Index Scan|Bitmap Index Scan)(?: Backward)? "
    r"(?:using (\S+) on (\S+)|on (\S+))(?: \S+)?.*?rows=(\d+) loops=(\d+)"
)
_SQLITE_NODE = re.compile(
    r"(SCAN|SEARCH) (\S+)(?: USING (?:COVERING )?INDEX (\S+)| USING "
    r"INTEGER PRIMARY KEY)?"
)


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(row[-1] for row in cursor.fetchall())


def _pg_scans(plan: str) -> list[tuple[str, str, str, bool, int]]:
    """(node kind, index, table, has an index condition, rows read) per scan node; rows read =
    rows returned + rows removed by the node's filter, times loops."""
    lines = plan.splitlines()
    scans = []
    for number, line in enumerate(lines):
        match = _PG_NODE.match(line)
        if not match:
            continue
        indent, kind, index, table, bitmap_or_seq, rows, loops = match.groups()
        if kind == "Bitmap Index Scan":
            index, table = bitmap_or_seq, ""
        elif table is None:
            table = bitmap_or_seq
        depth = len(indent)
        seek = kind == "Bitmap Index Scan"
        read = int(rows)
        for below in lines[number + 1 :]:
            stripped = below.lstrip()
            if len(below) - len(stripped) <= depth or stripped.startswith("->"):
                break
            seek = seek or stripped.startswith("Index Cond:")
            if stripped.startswith("Rows Removed by Filter:"):
                read += int(stripped.rsplit(" ", 1)[1])
        scans.append((kind, index or "", table, seek, read * int(loops)))
    return scans


def _verdict(plan: str, sql: str = "") -> tuple[bool, str]:
    """Which indexes the plan uses, and whether a large table (cases, deadlines,
    recommendations) is read in full: a Seq Scan, an index scan without an index condition
    (PostgreSQL walking a whole index, e.g. the primary key for a GROUP BY), or SQLite's SCAN
    (also "SCAN t USING INDEX i", which reads the whole index)."""
    used, big = set(), set()
    if connection.vendor == "postgresql":
        for kind, index, table, seek, rows in _pg_scans(plan):
            if "Seq Scan" not in kind:
                used.add(f"{index}{' (' + table + ')' if table else ''}")
            # An index walk that stops early (ORDER BY ... LIMIT) reads few rows: not a scan.
            if table in _BIG_TABLES and not seek and rows >= FULL_SCAN_ROWS:
                how = "seq scan" if "Seq Scan" in kind else f"whole index {index}"
                big.add(f"{table} ({how}, {rows:,} rows)")
        seek_region = bool(re.search(r"Index Cond: .*region_code", plan))
    else:
        # "SCAN t USING INDEX i" without a sort step under ORDER BY ... LIMIT n stops after n.
        ordered_walk = bool(re.search(r"LIMIT \d+$", sql)) and "FOR ORDER BY" not in plan
        for kind, table, index in _SQLITE_NODE.findall(plan):
            if kind == "SEARCH":
                used.add(f"{index or 'primary key'} ({table})")
                continue
            if table == "subquery":
                continue
            if index and ordered_walk:
                used.add(f"{index} ({table}, ordered walk up to the LIMIT)")
                continue
            name = f"{table} (whole index {index})" if index else table
            # Aliases (U0, V0) hide the table; the index name or the alias says enough.
            if any(m in name for m in _BIG_MARKERS) or re.fullmatch(r"[A-Z]\d+", table):
                big.add(name)
        seek_region = bool(
            re.search(r"SEARCH \S+ USING (?:COVERING )?INDEX \S+ \(region_code", plan)
        )
    text = f"indexes: {'; '.join(sorted(used)) or 'none'}"
    text += f"; region_code index seek: {'yes' if seek_region else 'no'}"
    text += f"; FULL SCAN of {', '.join(sorted(big))}" if big else "; no full scan of a large table"
    return not big, text


def _captured(fn) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return [q["sql"] for q in captured.captured_queries if 'FROM "cases_' in q["sql"]]


def _explain(report: Report, key: str, title: str, sql: str) -> bool:
    plan = _plan(sql)
    ok, verdict = _verdict(plan, sql)
    lines = plan.splitlines()
    shown = lines[:PLAN_LINES] + (
        [f"... ({len(lines) - PLAN_LINES} more lines)"] if len(lines) > PLAN_LINES else []
    )
    report.lines(key, f"{title}: {verdict}", shown)
    return ok


def _list_queries(fn) -> tuple[str, str | None]:
    """The COUNT and page SQL of one first page (no page query when the COUNT is 0)."""
    queries = _captured(fn)
    count_sql = next(q for q in queries if "COUNT(" in q.upper())
    return count_sql, next((q for q in queries if q != count_sql), None)


def explain(report: Report, users: dict[str, User], seeded) -> None:
    report.section("Query plans (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite)")
    report.progress("explaining ...")
    f = _filters(seeded)
    regency = users["regency"].pk
    count_sql, page_sql = _list_queries(
        lambda: first_page(case_list(user=User.objects.get(pk=regency), filters=f))
    )
    shown = page_sql or count_sql
    columns, _sep, rest = shown.partition(" FROM ")
    report.lines(
        "sql.list",
        f"regency list, {'page' if page_sql else 'COUNT'} SQL (column list shortened)",
        [f"SELECT <{columns.count(',') + 1} columns> FROM {rest}"],
    )
    list_ok = _explain(report, "plan.list.count", "regency list, COUNT", count_sql)
    if page_sql:
        list_ok &= _explain(report, "plan.list.page", "regency list, page (LIMIT 50)", page_sql)
    default_count, _page = _list_queries(
        lambda: first_page(case_list(user=User.objects.get(pk=regency)))
    )
    default_ok = _explain(
        report, "plan.list.default", "regency list without filters, COUNT", default_count
    )
    dash = _captured(lambda: dashboard_counts(user=User.objects.get(pk=regency)))
    dash_ok = True
    for number, sql in enumerate(dash, start=1):
        dash_ok &= _explain(
            report, f"plan.dash.{number}", f"regency dashboard, query {number}", sql
        )
    with unscoped():
        base_count, _page = _list_queries(
            lambda: first_page(case_list(user=users["regency"], filters=f))
        )
    _explain(report, "plan.list.baseline", "baseline list (unscoped), COUNT", base_count)
    with recipients_only():
        a_count, _page = _list_queries(
            lambda: first_page(case_list(user=User.objects.get(pk=regency)))
        )
        a_ok = _explain(
            report,
            "plan.whatif_a.default",
            "what-if A: regency list without filters, COUNT",
            a_count,
        )
        for number, sql in enumerate(
            _captured(lambda: dashboard_counts(user=User.objects.get(pk=regency))), start=1
        ):
            a_ok &= _explain(
                report, f"plan.whatif_a.dash.{number}", f"what-if A: dashboard, query {number}", sql
            )
    national = users["national"].pk
    with recipients_only(), what_if_indexes(RUNNING_INDEX):
        b_count, b_page = _list_queries(
            lambda: first_page(case_list_subquery(user=User.objects.get(pk=regency)))
        )
        b_ok = _explain(
            report, "plan.whatif_b.count", "what-if B: regency list without filters, COUNT", b_count
        )
        if b_page:
            b_ok &= _explain(
                report,
                "plan.whatif_b.page",
                "what-if B: regency list without filters, page",
                b_page,
            )
        with what_if_indexes(RECEIVED_INDEX):
            _count, n_page = _list_queries(
                lambda: first_page(case_list_subquery(user=User.objects.get(pk=national)))
            )
            if n_page:
                _explain(
                    report,
                    "plan.whatif_b.national",
                    "what-if B + received_at index: national list without filters, page",
                    n_page,
                )
    for key, ok, label in (
        ("plan.list.ok", list_ok, "regency list (filtered)"),
        ("plan.list.default_ok", default_ok, "regency list (no filters)"),
        ("plan.dash.ok", dash_ok, "regency dashboard"),
        ("plan.whatif_a.ok", a_ok, "what-if A: regency list (no filters) and dashboard"),
        ("plan.whatif_b.ok", b_ok, "what-if B: regency list (no filters)"),
    ):
        report.value(
            key,
            "yes" if ok else "NO",
            label=f"{label}: no full scan of cases / deadlines / recommendations",
        )
    report.note(
        "Plans are of the exact SQL the selectors ran (captured), explained afterwards. 'FULL "
        "SCAN' = cases_case, cases_casedeadline or cases_recommendation read without a search "
        "condition: on PostgreSQL a Seq Scan or an index scan without 'Index Cond' reading "
        f"{FULL_SCAN_ROWS:,}+ rows; on SQLite a SCAN (also 'SCAN t USING INDEX i', which reads "
        "the whole index). 'region_code index seek': the scope's prefix is an index condition."
    )


# --------------------------------------------------------------------------- 4. registration


def _prepare_registrations(seeded, office: Organisation, count: int) -> list[int]:
    """``count`` findings of ``office`` in status under_check with every guard of "register"
    satisfied (reported person, incident date, place, description, known yesterday)."""
    today = seeded["today"]
    place = Region.objects.filter(parent_code=office.region_code).order_by(
        "code"
    ).first() or Region.objects.get(code=office.region_code)
    counter, _created = RegistrationCounter.objects.get_or_create(
        office=office, kind_code="in-TM", year=today.year
    )
    now = timezone.now()
    first = counter.last_seq + 1
    cases = [
        Case(
            election=seeded["election"],
            office=office,
            region_code=office.region_code,
            kind=CaseKind.FINDING,
            source=Source.FIELD_SUPERVISION,
            status=Status.UNDER_CHECK,
            intake_number=(
                f"{seq:03d}/TM/PL/{office.registration_label}/{office.office_code}/"
                f"{ROMAN[today.month - 1]}/{today.year}"
            ),
            received_at=now - timedelta(hours=1),
            known_date=today - timedelta(days=1),
            incident_date=today - timedelta(days=2),
            place_region_code=place.code,
            place_address="Jl. Bench",
            title=_TITLES[seq % len(_TITLES)],
            description="Prepared for the registration benchmark.",
        )
        for seq in range(first, first + count)
    ]
    with transaction.atomic():
        Case.objects.bulk_create(cases, batch_size=1000)
        RegistrationCounter.objects.filter(pk=counter.pk).update(last_seq=first + count - 1)
        ids = list(
            Case.objects.filter(intake_number__in=[c.intake_number for c in cases])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        ReportedPerson.objects.bulk_create(
            [
                ReportedPerson(
                    case_id=pk,
                    employment_type=EmploymentType.PNS,
                    position="Kepala Seksi",
                    agency="Dinas Pendidikan",
                )
                for pk in ids
            ],
            batch_size=1000,
        )
    assert len(ids) == count
    return ids


def _lock_case_row_only() -> None:
    """What-if D (not app code): ``Case.objects.select_for_update()`` locks only the case row,
    i.e. ``FOR UPDATE OF cases_case``. Today ``transition_case`` runs
    ``select_for_update().select_related("election", "office")``, and a plain ``FOR UPDATE``
    with joins also locks the joined election and office rows."""
    original = CaseQuerySet.select_for_update

    def select_for_update(self, nowait=False, skip_locked=False, of=(), no_key=False):
        return original(
            self, nowait=nowait, skip_locked=skip_locked, of=of or ("self",), no_key=no_key
        )

    CaseQuerySet.select_for_update = select_for_update


def registration_writer(
    user_id: int, case_ids: list[int], barrier, results, variant: str = ""
) -> None:
    """One OS process (started through ``benchlib.django_process``): wait for the others, then
    register each case through the service, timing every call."""
    # kombu warns once per process that the in-memory broker URL has no host (tasks run inline).
    logging.getLogger("kombu").setLevel(logging.ERROR)
    if variant == "case_row_only":
        _lock_case_row_only()
    try:
        from netra.cases.services import transition_case

        user = User.objects.get(pk=user_id)
        cases = list(Case.objects.filter(pk__in=case_ids).order_by("pk"))
        # A server process has the holiday calendar cached (lru_cache) after its first request.
        WorkingCalendar().add(timezone.localdate(), 7, DayUnit.WORKING)
        latencies, errors = [], []
        barrier.wait(timeout=120)
        began = time.monotonic()
        for case in cases:
            reset_scope(user)  # a request loads the scope once
            t0 = time.perf_counter()
            try:
                transition_case(case=case, transition="register", actor=user)
            except Exception as exc:  # noqa: BLE001 - counted and reported
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
            latencies.append(time.perf_counter() - t0)
        ended = time.monotonic()
        results.put({"latencies": latencies, "errors": errors, "began": began, "ended": ended})
    except Exception as exc:  # noqa: BLE001
        results.put({"fatal": f"{type(exc).__name__}: {exc}"})
        raise


def _run_writers(db_name: str, shares: list[tuple[User, list[int]]], variant: str) -> dict:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(len(shares))
    results = ctx.Queue()
    processes = [
        ctx.Process(
            target=django_process,
            args=(
                "bench_cases:registration_writer",
                db_name,
                user.pk,
                ids,
                barrier,
                results,
                variant,
            ),
        )
        for user, ids in shares
    ]
    connection.close()  # no connection held open across the run (SQLite file, PG locks)
    for process in processes:
        process.start()
    outcome = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    fatal = [o["fatal"] for o in outcome if "fatal" in o]
    assert not fatal, fatal
    return {
        "latencies": [x for o in outcome for x in o["latencies"]],
        "errors": [e for o in outcome for e in o["errors"]],
        "seconds": max(o["ended"] for o in outcome) - min(o["began"] for o in outcome),
    }


def _check_numbers(office: Organisation, case_ids: list[int], before: int, year: int) -> dict:
    """Sequence numbers of one office's registered cases: unique, contiguous after ``before``
    (the counter before the run), allocated in commit order (event ids), counter = last."""
    numbers = dict(
        Case.objects.filter(pk__in=case_ids, registration_number__isnull=False).values_list(
            "pk", "registration_number"
        )
    )
    seqs = [int(n.split("/", 1)[0]) for n in numbers.values()]
    expected = set(range(before + 1, before + len(case_ids) + 1))
    events = list(
        CaseEvent.objects.filter(case_id__in=case_ids, transition="register")
        .order_by("pk")
        .values_list("case_id", flat=True)
    )
    in_event_order = [int(numbers[c].split("/", 1)[0]) for c in events if c in numbers]
    counter = RegistrationCounter.objects.get(office=office, kind_code="TM", year=year)
    return {
        "registered": len(numbers),
        "duplicates": len(seqs) - len(set(seqs)),
        "gaps": len(expected - set(seqs)) + len(set(seqs) - expected),
        "out_of_order": sum(1 for a, b in itertools.pairwise(in_event_order) if b <= a),
        "range": f"{min(seqs)}..{max(seqs)}" if seqs else "-",
        "counter_ok": counter.last_seq == before + len(numbers),
    }


def _writers_for(office: Organisation, count: int, tag: str) -> list[User]:
    users = []
    for number in range(1, count + 1):
        user = User.objects.create(
            username=f"bench.{tag}.{number}", full_name=f"Bench writer {tag} {number}"
        )
        Membership.objects.create(user=user, organisation=office, role=Role.HANDLING_STAFF)
        users.append(user)
    return users


def bench_registration(report: Report, users: dict[str, User], seeded) -> None:
    backend = report.backend
    total = int(os.environ.get("NETRA_BENCH_REGISTRATIONS") or DEFAULT_REGISTRATIONS[backend])
    total -= total % WRITERS
    report.section(
        f"Registration numbers: transition_case(register) by 1 and {WRITERS} concurrent OS "
        "processes"
    )
    report.value("reg.total", total, label="registrations per run (prepared cases)")
    report.value("reg.per_writer", total // WRITERS, label=f"of which per process with {WRITERS}")
    year = seeded["today"].year
    serang = Organisation.objects.get(pk=seeded["serang"])
    # Kota Serang and the other regency/city offices of Banten, one writer each (spread runs).
    others = list(
        Organisation.objects.filter(kind=OrgKind.BAWASLU_REGENCY, region_code__startswith="36.")
        .exclude(pk=serang.pk)
        .order_by("region_code")[: WRITERS - 1]
    )
    assert len(others) == WRITERS - 1
    same_office = _writers_for(serang, WRITERS, "serang")
    spread_writers = [same_office[0]] + [_writers_for(o, 1, o.region_code)[0] for o in others]
    spread_offices = [serang, *others]
    db_name = connection.settings_dict["NAME"]
    runs = [
        # key, processes, offices, variant, label
        ("one", 1, 1, "", "1 process"),
        ("many", WRITERS, 1, "", f"{WRITERS} processes, one office"),
    ]
    if connection.vendor == "postgresql":
        runs += [
            ("spread", WRITERS, WRITERS, "", f"{WRITERS} processes, {WRITERS} offices"),
            (
                "spread_d",
                WRITERS,
                WRITERS,
                "case_row_only",
                f"what-if D: {WRITERS} processes, {WRITERS} offices",
            ),
        ]
    results = {}
    for key, processes, offices, variant, label in runs:
        report.progress(f"registering {total} cases: {label} ...")
        batches = []  # (office, case ids, counter before)
        for office in spread_offices[:offices]:
            ids = _prepare_registrations(seeded, office, total // offices)
            counter = RegistrationCounter.objects.filter(
                office=office, kind_code="TM", year=year
            ).first()
            batches.append((office, ids, counter.last_seq if counter else 0))
        if offices == 1:
            ids = batches[0][1]
            shares = [(u, ids[i::processes]) for i, u in enumerate(same_office[:processes])]
        else:
            shares = [(u, b[1]) for u, b in zip(spread_writers, batches, strict=True)]
        run_ = _run_writers(db_name, shares, variant)
        checks = [_check_numbers(o, ids, before, year) for o, ids, before in batches]
        check = {
            k: sum(c[k] for c in checks)
            for k in ("registered", "duplicates", "gaps", "out_of_order")
        }
        check["counter_ok"] = all(c["counter_ok"] for c in checks)
        check["range"] = checks[0]["range"] if offices == 1 else f"{offices} counters"
        results[key] = (run_, check)
        report.timing(
            f"reg.{key}.latency",
            run_["latencies"],
            label=f"{label}: latency of one registration",
            baseline="reg.one.latency",
        )
    for key, _processes, _offices, _variant, label in runs:
        run_, check = results[key]
        report.value(
            f"reg.{key}.rate",
            round(check["registered"] / run_["seconds"], 1),
            unit="registrations/s",
            label=f"{label}: throughput",
            baseline="reg.one.rate",
        )
        report.value(f"reg.{key}.registered", check["registered"], label=f"{label}: registered")
        for item, text in (
            ("errors", "errors"),
            ("duplicates", "duplicate numbers"),
            ("gaps", "gaps (missing or outside the expected range)"),
            ("out_of_order", "numbers out of commit order"),
        ):
            value = len(run_["errors"]) if item == "errors" else check[item]
            report.value(
                f"reg.{key}.{item}", value, label=f"{label}: {text}", goal=Goal("value", 1)
            )
        report.value(
            f"reg.{key}.range", check["range"], label=f"{label}: sequence numbers allocated"
        )
        report.value(
            f"reg.{key}.counter",
            "yes" if check["counter_ok"] else "NO",
            label=f"{label}: counter row = last number",
        )
        if run_["errors"]:
            report.note(f"{label}: first errors: " + " | ".join(sorted(set(run_["errors"]))[:3]))
    report.note(
        "Each run registers the same number of prepared findings (status under_check, guards "
        "satisfied) through transition_case(..., 'register', actor): lock, scope and role "
        "checks, guards, number from the counter row, clocks, event, audit log, notification "
        "task inline (no e-mail: the writers have no address). Each process is a spawned OS "
        "process with its own connection and handling-staff user; they start together at a "
        f"barrier. 'one office': Bawaslu Kota Serang's counter, each of the {WRITERS} takes "
        f"every {WRITERS}th case. Throughput = registrations / (last finish - first start). "
        "Counters continue from the seeded numbers of this year, so 'gaps' checks the range "
        "after each counter's value before the run; 'out of commit order' compares numbers with "
        "the order of the register events."
    )
    if connection.vendor == "postgresql":
        report.note(
            f"'{WRITERS} offices': Kota Serang and {WRITERS - 1} other Banten offices, one process "
            "each with its own counter, so nothing needs to wait. What-if D is NOT the app's code: "
            "the same run with Case.objects.select_for_update() locking only the case row (FOR "
            "UPDATE OF cases_case). Today transition_case's select_for_update().select_related("
            "'election', 'office') emits a plain FOR UPDATE over the join, which also locks the "
            "office and the election row: transitions of different cases of one election wait "
            "for each other, and so do inserts referencing that election (FOR KEY SHARE)."
        )
    else:
        report.note(
            "SQLite: one writer at a time for the whole database (BEGIN IMMEDIATE, busy timeout "
            "20 s); concurrent processes queue on the file lock, so more processes add waiting, "
            "not throughput. SELECT ... FOR UPDATE does not exist there, so the spread and "
            "what-if D runs are PostgreSQL only."
        )
