"""What the submission fast path relies on: the signed-cookie grant instead of a database session,
and the reference-data cache (offices, regions, deadline rule, holidays, open elections) that an
administrator's change invalidates."""

from datetime import date

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netra.cases.intake import responsible_office
from netra.elections.selectors import active_election, active_election_list
from netra.orgs.models import Organisation
from netra.orgs.selectors import nearest_office
from netra.portal import grants
from netra.portal.models import Submission
from netra.regions.models import Region
from netra.regions.selectors import region_get
from netra.rules.calendar import WorkingCalendar
from netra.rules.choices import HolidayKind
from netra.rules.models import DeadlineRule, Holiday
from netra.rules.selectors import RuleMissing, deadline_rule

from .conftest import form_data
from .test_views import receipt_code, submit

pytestmark = pytest.mark.django_db


# --- The grant: a signed cookie ------------------------------------------------------------


def test_a_submission_touches_no_session_and_grants_by_signed_cookie(client, w):
    client.get("/portal/report/")
    response = submit(client, w)
    assert response.status_code == 200
    assert Session.objects.count() == 0
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies
    cookie = response.cookies[grants.COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/portal/"
    submission = Submission.objects.get()
    assert client.get(f"/portal/status/{submission.pk}/").status_code == 200


def test_csrf_is_still_checked_without_a_session(w):
    from netra.portal.tests.conftest import CommittingClient

    strict = CommittingClient(enforce_csrf_checks=True)
    strict.get("/portal/report/")
    token = strict.cookies[django_settings.CSRF_COOKIE_NAME].value
    refused = strict.post("/portal/report/", form_data(w, idempotency_key="c" * 32))
    assert refused.status_code == 403
    accepted = strict.post("/portal/report/", {**form_data(w, idempotency_key="c" * 32),
                                                "csrfmiddlewaretoken": token})
    assert accepted.status_code == 200
    assert Submission.objects.count() == 1


def test_the_cookie_is_secure_in_production(client, w, settings):
    settings.SESSION_COOKIE_SECURE = True
    assert submit(client, w).cookies[grants.COOKIE]["secure"]


def test_a_tampered_or_foreign_cookie_grants_nothing(client, w):
    submit(client, w, idempotency_key="a" * 32)
    mine = Submission.objects.get()
    other = client.__class__()
    submit(other, w, idempotency_key="b" * 32, title="Another report")
    theirs = Submission.objects.exclude(pk=mine.pk).get()
    assert client.get(f"/portal/status/{theirs.pk}/").status_code == 404

    signed = client.cookies[grants.COOKIE].value
    # Claim the other submission under the same signature: refused.
    value = signed.replace(f":{mine.pk}:", f":{theirs.pk}:")
    assert value != signed
    client.cookies[grants.COOKIE] = value
    assert client.get(f"/portal/status/{theirs.pk}/").status_code == 404
    assert client.get(f"/portal/status/{mine.pk}/").status_code == 404
    # Signed with the secret key but for another purpose (salt): refused.
    client.cookies[grants.COOKIE] = signing.get_cookie_signer(salt="other").sign(
        f"{'v' * 16}:{theirs.pk}")
    assert client.get(f"/portal/status/{theirs.pk}/").status_code == 404
    # Unsigned: refused.
    client.cookies[grants.COOKIE] = f"{'v' * 16}:{theirs.pk}"
    assert client.get(f"/portal/status/{theirs.pk}/").status_code == 404


def test_an_expired_grant_opens_nothing(client, w, settings, frozen):
    submit(client, w)
    submission = Submission.objects.get()
    frozen.shift(grants.max_age() + 5)
    assert client.get(f"/portal/status/{submission.pk}/").status_code == 404


def test_a_receipt_code_grants_only_its_submission(client, w):
    code = receipt_code(submit(client, w, idempotency_key="a" * 32))
    first = Submission.objects.get()
    submit(client.__class__(), w, idempotency_key="b" * 32, title="Another report")
    second = Submission.objects.exclude(pk=first.pk).get()
    visitor = client.__class__()
    assert visitor.post("/portal/status/", {"code": code}).status_code == 302
    assert visitor.get(f"/portal/status/{first.pk}/").status_code == 200
    assert visitor.get(f"/portal/status/{second.pk}/").status_code == 404
    assert Session.objects.count() == 0


def test_the_per_session_limit_counts_the_cookie_visitor(client, w, settings):
    settings.NETRA_PORTAL_SUBMIT_PER_IP = (100, 3600)
    settings.NETRA_PORTAL_SUBMIT_PER_SESSION = (2, 3600)
    codes = [submit(client, w, idempotency_key=f"{n}" * 32, title=f"Report {n}").status_code
             for n in range(1, 4)]
    assert codes == [200, 200, 429]
    # Another browser (another visitor id) is not limited by the first one's count.
    assert submit(client.__class__(), w, idempotency_key="9" * 32).status_code == 200


# --- Reference-data cache -----------------------------------------------------------------


def _queries(fn):
    with CaptureQueriesContext(connection) as captured:
        result = fn()
    return result, len(captured)


def test_the_office_lookup_is_cached_and_a_change_invalidates_it(w):
    office, n = _queries(lambda: responsible_office("36.73.01.1002"))
    assert n >= 1
    again, n = _queries(lambda: responsible_office("36.73.01.1002"))
    assert (again, n) == (office, 0)
    office.name = "Bawaslu Kota Serang (renamed)"
    office.save()
    assert responsible_office("36.73.01.1002").name == "Bawaslu Kota Serang (renamed)"
    nearer = Organisation.objects.create(kind=office.kind, region_code="36.73.01.1002",
                                         name="A nearer office")
    assert responsible_office("36.73.01.1002") == nearer
    nearer.delete()
    assert responsible_office("36.73.01.1002") == office
    assert nearest_office("99.99", ["bawaslu_regency"]) is None


def test_the_region_lookup_is_cached_and_a_change_invalidates_it(w):
    region, n = _queries(lambda: region_get("36.73.01"))
    assert n == 1
    assert _queries(lambda: region_get("36.73.01")) == (region, 0)
    region.name = "Serang (renamed)"
    region.save()
    assert region_get("36.73.01").name == "Serang (renamed)"
    # An unknown code is not remembered: a row added without signals is found at once.
    assert region_get("36.73.09") is None
    Region.objects.bulk_create([Region(code="36.73.09", name="New district", level=3,
                                       kind="kecamatan", parent_code="36.73")])
    assert region_get("36.73.09").name == "New district"
    Region.objects.get(code="36.73.09").delete()
    assert region_get("36.73.09") is None


def test_the_deadline_rule_is_cached_and_a_change_invalidates_it(w):
    def rule():
        return deadline_rule(key="report_window", election_kind="pilkada", case_kind="report",
                             on=date(2024, 9, 2))

    first, n = _queries(rule)
    assert n >= 1
    assert _queries(rule) == (first, 0)
    first.days = 3
    first.save()
    assert rule().days == 3
    DeadlineRule.objects.filter(key="report_window", election_kind="pilkada").delete()
    with pytest.raises(RuleMissing):
        rule()
    with pytest.raises(RuleMissing):  # the missing rule is remembered until a change
        _queries(rule)
    DeadlineRule.objects.create(key="report_window", election_kind="pilkada", days=5,
                                unit="calendar", valid_from=date(2020, 1, 1),
                                legal_source="test")
    assert rule().days == 5


def test_the_holiday_table_is_cached_and_a_change_invalidates_it(w):
    friday = date(2024, 9, 6)
    assert WorkingCalendar().is_working_day(friday)
    _, n = _queries(WorkingCalendar)
    assert n == 0
    holiday = Holiday.objects.create(date=friday, name="Cuti bersama (test)",
                                     kind=HolidayKind.JOINT_LEAVE)
    assert not WorkingCalendar().is_working_day(friday)
    holiday.delete()
    assert WorkingCalendar().is_working_day(friday)


def test_the_open_elections_are_cached_and_a_change_invalidates_them(w):
    listed, n = _queries(active_election_list)
    assert w.pilkada in listed
    assert n == 1
    assert _queries(active_election_list) == (listed, 0)
    w.pilkada.is_active = False
    w.pilkada.save()
    assert active_election(w.pilkada.pk) is None
    assert w.pilkada not in active_election_list()


def test_a_report_form_closed_election_is_refused_at_once(client, w):
    client.get("/portal/report/")  # the form's choices are now cached
    w.pilkada.is_active = False
    w.pilkada.save()
    response = submit(client, w)
    assert response.status_code == 400
    assert Submission.objects.count() == 0


def test_the_cache_failing_falls_back_to_the_database(w, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    assert region_get("36.73").name == "Kota Serang"
    assert responsible_office("36.73.01.1002") is not None


def test_a_submission_reads_no_reference_table_once_warm(w):
    # A plain client: the case is opened after commit (never, inside the test's transaction),
    # so the queries are the acknowledgement's own.
    browser = Client()
    browser.post("/portal/report/", form_data(w, idempotency_key="w" * 32))  # warms the caches
    with CaptureQueriesContext(connection) as captured:
        response = browser.post("/portal/report/", form_data(
            w, idempotency_key="x" * 32, title="Second report"))
    assert response.status_code == 200
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    for table in ("orgs_organisation", "regions_region", "rules_deadlinerule",
                  "rules_holiday", "elections_election", "django_session"):
        assert f'"{table}"' not in sql, table
    assert len(captured) <= 6, sql


def test_a_retry_needs_no_look_up_first_and_still_finds_its_row(client, w):
    from netra.portal import services
    from netra.portal.forms import ReportForm

    form = ReportForm(form_data(w, idempotency_key="r" * 32))
    assert form.is_valid(), form.errors
    first = services.submit_report(data=form.report_input(), idempotency_key="r" * 32)
    again = services.submit_report(data=form.report_input(), idempotency_key="r" * 32)
    assert (again.created, again.submission.pk, again.receipt_code) == (
        False, first.submission.pk, first.receipt_code)
    # The election closed between the first answer and the retry: the retry still gets its
    # receipt, not a refusal.
    w.pilkada.is_active = False
    w.pilkada.save()
    late = services.submit_report(data=form.report_input(), idempotency_key="r" * 32)
    assert (late.created, late.submission.pk) == (False, first.submission.pk)
    assert Submission.objects.count() == 1


def test_queuing_a_case_opening_keeps_no_result():
    """The queued layout's acknowledging request neither subscribes to nor waits for a result
    (two Redis round trips per submission when a result is kept)."""
    from netra.portal import tasks

    assert tasks.open_submission_case.ignore_result


def test_report_forms_do_not_share_what_one_of_them_changes(w):
    from netra.portal.forms import ReportForm

    first, second = ReportForm(), ReportForm()
    first.fields["title"].required = False
    first.fields["election"].choices = [("", "—")]
    assert second.fields["title"].required
    assert ReportForm.base_fields["title"].required
    assert (w.pilkada.pk, w.pilkada.name) in second.fields["election"].choices
    assert (w.pilkada.pk, w.pilkada.name) in ReportForm().fields["election"].choices
    html = str(ReportForm()["evidence"]) + str(ReportForm()["website"])
    assert 'accept="image/jpeg,image/png,image/webp,image/gif,application/pdf,video/mp4"' in html
    assert 'tabindex="-1"' in html


@pytest.mark.parametrize("language", ["id", "en"])
def test_report_dates_read_iso_and_typed_dates_alike(w, language):
    from django.utils import translation

    from netra.portal.forms import ReportForm

    with translation.override(language):
        iso = ReportForm(form_data(w, incident_date="2024-08-30", known_date="2024-08-31"))
        assert iso.is_valid(), iso.errors
        assert iso.cleaned_data["incident_date"] == date(2024, 8, 30)
        typed = "30/08/2024" if language == "id" else "08/30/2024"
        other = ReportForm(form_data(w, incident_date=typed, known_date="2024-08-31"))
        assert other.is_valid(), other.errors
        assert other.cleaned_data["incident_date"] == date(2024, 8, 30)
        wrong = ReportForm(form_data(w, incident_date="2024-02-30", known_date="2024-08-31"))
        assert not wrong.is_valid()
        assert wrong.errors["incident_date"]


def test_the_fingerprint_and_pending_report_are_those_of_before():
    """Stored fingerprints must still match a retry after the change from ``asdict``."""
    import hashlib
    import json
    from dataclasses import asdict

    from netra.portal.services import ReportInput, _pending_payload

    data = ReportInput(election_id=3, anonymous=False, title="Camat é", description="d",
                       known_date=date(2024, 8, 31), incident_date=None,
                       place_region_code="36.73.01", reporter_name="Dewi",
                       persons=(("pns", "Camat", "Kecamatan", "Budi", ""),))
    old = asdict(data)
    old.pop("evidence")
    expected = hashlib.sha256(json.dumps({**old, "evidence": []}, sort_keys=True, default=str,
                                         ensure_ascii=False).encode()).hexdigest()
    assert data.fingerprint() == expected
    files = [{"path": "portal/pending/x.jpg", "name": "x.jpg", "sha256": "0" * 64}]
    assert _pending_payload(data, files) == json.dumps({**old, "evidence": files}, default=str,
                                                       ensure_ascii=False)


def test_a_submission_reads_the_open_elections_once(client, w, monkeypatch):
    from netra.elections import selectors as election_selectors
    from netra.portal import forms

    calls = []
    real = election_selectors.active_election_list

    def counted():
        calls.append(1)
        return real()

    monkeypatch.setattr(forms, "active_election_list", counted)
    monkeypatch.setattr(election_selectors, "active_election_list", counted)
    response = submit(client, w)
    assert response.status_code == 200
    assert len(calls) == 1


def test_a_counted_limit_increments_without_re_adding_its_counter(client, w, monkeypatch):
    """After the window's first attempt a limit costs one increment per counter (with Redis:
    EXISTS + INCRBY, no failing SET NX first); the counts are those of before."""
    from netra.core import ratelimit as core_ratelimit

    submit(client, w)
    added = []
    real_add = core_ratelimit.cache.add

    def recording_add(key, *args, **kwargs):
        added.append(key)
        return real_add(key, *args, **kwargs)

    counted = []
    real_incr = core_ratelimit.cache.incr

    def recording_incr(key, *args, **kwargs):
        value = real_incr(key, *args, **kwargs)
        counted.append((key, value))
        return value

    monkeypatch.setattr(core_ratelimit.cache, "add", recording_add)
    monkeypatch.setattr(core_ratelimit.cache, "incr", recording_incr)
    submit(client, w, idempotency_key="n" * 32, title="A second report")
    assert not [key for key in added if key.startswith("netra:rl:")]
    submit_counts = [value for key, value in counted if key.startswith("netra:rl:portal:submit:")]
    assert submit_counts == [2, 2]  # per address and per browser, second attempt each
