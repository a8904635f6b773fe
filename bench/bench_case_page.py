"""Case page benchmark (issue #15, "Measured"): the phone-first case page of a case holding 30
timeline events and 20 documents, beside the bare case-detail read in the same run.

Setup (not timed): the Banten regions, the Serang world of the case tests (offices, recipient
bodies, users), one finding walked through the workflow to "forwarded with recommendation" at
BKN by the services, topped up to 30 timeline events and 20 documents of record.

Rows (one call each):

* baseline: ``cases.selectors.case_read`` (the case page's read model: the case and every
  relation the page shows, prefetched), evaluated;
* the bare ``Case`` row by primary key, for scale;
* ``GET /cases/<pk>/`` as the city office's handling staff (Django test client, logged in):
  scope checks, the read model, identity reveal, forms, template rendering; its ratio to the
  read model is the cost of everything around the data.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta

from benchlib import Report, time_calls
from django.conf import settings
from django.core import signals
from django.db import close_old_connections, connection
from django.test import Client
from django.utils import timezone

from netra.cases import selectors
from netra.cases.choices import DocumentKind
from netra.cases.models import Case, CaseEvent
from netra.cases.tests.factories import advance, attach, build_world, open_finding
from netra.regions.services import import_regions

TITLE = "Case page: render of a case with 30 events and 20 documents, beside the bare case read"
ITERATIONS = 100
WARMUP = 10

EVENTS = 30
DOCUMENTS = 20


def run(report: Report) -> None:
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="netra-bench-case-page-")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.NETRA_OTP_REQUIRED = False  # a logged-in test client, no second factor to enter
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    report.progress("regions and the Serang world ...")
    import_regions(province="36")
    world = build_world()
    case = seed_case(world)
    report.note(f"case {case.number}: {case.events.count()} events, "
                f"{case.documents.count()} documents, status {case.status}.")

    reps = {"iterations": report.iterations, "warmup": report.warmup}
    user = world.handler

    def read_model():
        loaded = selectors.case_read(user=user, pk=case.pk)
        # touch every prefetched relation the page reads
        for name in ("reported_persons", "violation_types", "deadlines", "recommendations",
                     "events"):
            list(getattr(loaded, name).all())

    def bare():
        Case.objects.get(pk=case.pk)

    # One connection for the whole run, as the test client in the test suite keeps it (Django
    # closes it after each request otherwise, and the query count below would read nothing).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(user)
    url = f"/cases/{case.pk}/"

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        assert b"data-case-sections" in response.content

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        page()
    size = len(client.get(url).content)
    report.note(f"page: {len(queries)} queries, {size / 1024:.0f} KiB of HTML.")

    report.section("One case read or page")
    report.progress("read model ...")
    report.timing("case_read", time_calls(read_model, **reps),
                  label="baseline: selectors.case_read with its relations")
    report.progress("bare row ...")
    report.timing("case_row", time_calls(bare, **reps), label="bare Case row by pk",
                  baseline="case_read")
    report.progress("case page ...")
    report.timing("case_page", time_calls(page, **reps),
                  label="GET case page (handling staff, 30 events, 20 documents)",
                  baseline="case_read")


def seed_case(world) -> Case:
    case = advance(open_finding(world), world, "forwarded")
    kinds = list(DocumentKind.values)
    for i in range(DOCUMENTS - case.documents.count()):
        attach(case, kinds[i % len(kinds)], actor=world.handler)
    existing = case.events.count()
    start = timezone.now() - timedelta(days=EVENTS)
    CaseEvent.objects.bulk_create([
        CaseEvent(case=case, transition="note", from_status=case.status, to_status=case.status,
                  actor=world.handler, at=start + timedelta(hours=i),
                  note=f"Catatan penanganan ke-{i + 1}: saksi dihubungi, dokumen diperiksa.")
        for i in range(EVENTS - existing)
    ])
    return case
