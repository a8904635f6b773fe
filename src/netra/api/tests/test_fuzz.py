"""Fuzzing the whole API with schemathesis (issue #14, point 5).

Every operation of ``/api/v1/openapi.json`` gets generated requests, sent through Django's WSGI
application with a Bearer token, once as a national user (Bawaslu RI administrator) and once as a
district user (a Panwascam field supervisor), over a small Serang world with cases in several
statuses. Any 5xx, any status code the document does not declare, any body that does not match
the declared schema, or a wrong content type fails the test.

Bounded and reproducible: ``MAX_EXAMPLES`` per operation and user, Hypothesis deadline off,
derandomized (a fixed seed), no example database. Path ids and body ids are drawn half the time
from the rows that exist, so detail and write operations are reached, not only answered 404.
The request count is printed in the terminal summary (``fuzz: N requests``).
"""

from __future__ import annotations

import os
import time
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import schemathesis
import time_machine
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.internal.conjecture.utils import many as _many
from hypothesis_jsonschema import _from_schema as _jsonschema_strategies
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from netra.accounts.models import Membership
from netra.accounts.roles import Role
from netra.accounts.services import create_api_token
from netra.accounts.tests.factories import UserFactory
from netra.cases.models import Case, Recommendation, ReportedPerson
from netra.cases.tests.factories import advance, build_world, open_finding, open_report
from netra.cases.workflow import Status
from netra.orgs.models import Organisation
from netra.rules.models import ViolationType

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore::DeprecationWarning:schemathesis.*"),
]
# django-ninja writes OpenAPI 3.1; schemathesis 3.x reads it behind this switch.
schemathesis.experimental.OPEN_API_3_1.enable()


class _LegacyMany:
    """hypothesis-jsonschema 0.23 drives ``many`` with ``more()``/``reject()``; the pinned
    Hypothesis only offers ``with many(...) as elements: for _ in elements``. This adapter
    gives the old interface on top of the new one (remove it when the pins agree again)."""

    def __init__(self, *args, **kwargs):
        self._many = _many(*args, **kwargs).__enter__()
        self._elements = iter(self._many)

    def more(self) -> bool:
        try:
            next(self._elements)
        except StopIteration:
            self._many.__exit__(None, None, None)
            return False
        return True

    def reject(self, why=None) -> None:
        self._many.reject(why)


if not hasattr(_many, "more"):
    _jsonschema_strategies.cu = SimpleNamespace(many=_LegacyMany)

#: Examples per operation and per user (``NETRA_FUZZ_EXAMPLES`` overrides, e.g. for a longer
#: local run).
MAX_EXAMPLES = int(os.environ.get("NETRA_FUZZ_EXAMPLES", "12"))
CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)
MONDAY = datetime(2024, 9, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def world(regions, settings, tmp_path):
    """The Serang world with cases received, under check, registered and forwarded."""
    settings.MEDIA_ROOT = tmp_path / "private"
    with time_machine.travel(MONDAY, tick=False):
        w = build_world()
        ri = Organisation.objects.get(kind="bawaslu_ri")
        national = UserFactory(username="admin.ri.fuzz")
        Membership.objects.create(user=national, organisation=ri, role=Role.ADMINISTRATOR)
        open_finding(w)
        open_report(w)
        open_finding(w, office=w.cipocok, actor=w.supervisor, title="Lurah at a campaign")
        advance(open_finding(w), w, Status.REGISTERED)
        advance(open_report(w), w, Status.FORWARDED)
    return w, national


def _ids(w) -> dict[str, list]:
    cases = list(Case.objects.values_list("pk", flat=True))
    return {
        "case_id": cases,
        "person_id": list(ReportedPerson.objects.values_list("pk", flat=True)),
        "reported_person_id": list(ReportedPerson.objects.values_list("pk", flat=True)),
        "recommendation_id": list(Recommendation.objects.values_list("pk", flat=True)),
        "pk": list(Organisation.objects.values_list("pk", flat=True)),
        "office_id": [w.serang.pk, w.cipocok.pk, w.pkd_cipare.pk],
        "election_id": [w.pemilu.pk, w.pilkada.pk],
        "code": ["36", "36.73", "36.73.05"],
        "name": ["start_check", "register", "close", "acknowledge"],
        "version": [1, 2, 3],
        "violation_type_ids": [list(ViolationType.objects.values_list("pk", flat=True)[:2])],
    }


def _biased(strategy, known: dict[str, list]):
    """Half the time, replace generated ids (path and body) with ids of existing rows."""

    @st.composite
    def draw(draw_):
        case = draw_(strategy)
        for name, values in known.items():
            if not values:
                continue
            if case.path_parameters and name in case.path_parameters and draw_(st.booleans()):
                case.path_parameters[name] = draw_(st.sampled_from(values))
            if isinstance(case.body, dict) and name in case.body and draw_(st.booleans()):
                case.body[name] = draw_(st.sampled_from(values))
        return case

    return draw()


def _run(schema, headers: dict[str, str], known: dict[str, list]) -> tuple[int, int]:
    """Fuzz every operation as one caller; returns (requests, operations)."""
    sent = 0
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
            print_blob=False,
        )
        @given(case=_biased(operation.as_strategy(), known))
        def check(case):
            nonlocal sent
            response = case.call(headers=headers)
            sent += 1
            case.validate_response(response, checks=CHECKS)

        check()
    return sent, operations


@pytest.fixture
def keep_test_connection():
    """Requests go through the real WSGI handler, whose request signals close the database
    connection when it is not in autocommit mode, i.e. inside the test's transaction (on
    PostgreSQL; SQLite's in-memory database survives it). Django's test client disconnects
    them the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_whole_api_as_national_and_district_user(
    world, keep_test_connection, record_property, request
):
    w, national = world
    schema = schemathesis.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    known = _ids(w)
    started = time.monotonic()
    total = operations = 0
    with time_machine.travel(MONDAY, tick=True):
        for user in (national, w.supervisor):
            _token, key = create_api_token(user=user, name="fuzz")
            sent, operations = _run(schema, {"Authorization": f"Bearer {key}"}, known)
            total += sent
    assert operations >= 16
    assert total >= operations * 2
    request.node.user_properties.append(
        ("fuzz_requests", {"requests": total, "operations": operations})
    )
    record_property("fuzz_seconds", round(time.monotonic() - started, 1))
