"""One case read model: the case page and the API read a case through ``selectors.case_read``,
in a fixed number of queries however much the case holds (issue #13 point 7)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netra.cases import services

from .factories import advance, open_finding, pns

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_private_media")]

# Measured on a forwarded case (session, user, memberships, scope checks, the case, its persons,
# classification, clocks, recommendations and sanctions, timeline, evidence, documents, history,
# links, possible duplicates, and the forms' choices). Before the read model: 33 and 14; 32 before
# the page stopped building the classification form it drops once the facts are locked, and
# read the recommendation's sender and the upload form's choices from the read model.
PAGE_CAP = 29
API_CAP = 14


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _counts(client, case) -> tuple[int, int]:
    return (_queries(client, reverse("cases:case_detail", args=[case.pk])),
            _queries(client, f"/api/v1/cases/{case.pk}"))


def test_forwarded_case_page_and_api_stay_under_the_query_cap(w, client):
    case = advance(open_finding(w), w, "forwarded")
    client.force_login(w.handler)
    page, api = _counts(client, case)
    assert page <= PAGE_CAP
    assert api <= API_CAP


def test_query_count_does_not_grow_with_what_the_case_holds(w, client):
    # Both at the same step: what the page reads depends on the step (e.g. the registration
    # clock's rule before registration, the sanctions after forwarding), not on the amount held.
    small = open_finding(w)
    services.add_witness(case=small, actor=w.handler, name="Saksi", contact="0812")
    big = open_finding(w, persons=[pns(nip="", name=f"Pegawai {i}") for i in range(6)])
    for i in range(5):
        services.add_witness(case=big, actor=w.handler, name=f"Saksi {i}", contact="0812")
    client.force_login(w.handler)
    _counts(client, small)  # reference data (regions, offices, rules) cached, as in steady state
    big_page, big_api = _counts(client, big)
    small_page, small_api = _counts(client, small)
    assert big_page <= small_page
    assert big_api <= small_api
