"""Pages through the HTTP client: index (bar chart without boundaries, map with them), GeoJSON
endpoint, explanation, method pages, indicator-file import, boundaries, evaluations and scope."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from netra.imports.models import ImportJob
from netra.risk import services
from netra.risk.models import (
    Boundary,
    Evaluation,
    EvaluationAction,
    EvaluationScore,
    IndexScore,
    IndicatorValue,
)

SQUARE = {"type": "Polygon",
          "coordinates": [[[106.1, -6.1], [106.2, -6.1], [106.2, -6.2], [106.1, -6.1]]]}


@pytest.fixture
def computed(method, election, analyst_banten):
    for code, a, b in (("36.73.01", "0", "10"), ("36.73.05", "5", "30"), ("36.04.01", "10", "")):
        services.record_indicator_value(actor=None, method=method, election=election,
                                        region_code=code, indicator_key="a", raw_value=a)
        if b:
            services.record_indicator_value(actor=None, method=method, election=election,
                                            region_code=code, indicator_key="b", raw_value=b)
    services.compute_index(actor=analyst_banten, method=method, election=election)
    return method


def test_index_without_boundaries_shows_ranked_bar_chart(client, analyst_banten, computed,
                                                         election):
    client.force_login(analyst_banten)
    with translation.override("en"):
        response = client.get(reverse("risk:index"), {"method": computed.pk,
                                                      "election": election.pk},
                              HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="no-boundaries"' in page
    assert 'data-chart=' in page
    assert 'id="risk-map"' not in page
    assert page.index("Cinangka") < page.index("Cipocok Jaya") < page.index(">Serang<")
    png = client.get(reverse("risk:index"), {"method": computed.pk, "election": election.pk,
                                             "chart": "index-ranking", "format": "png"})
    assert png.status_code == 200
    assert png["Content-Type"] == "image/png"


def test_index_with_boundaries_shows_map_and_serves_geojson(client, analyst_banten, computed,
                                                            election):
    Boundary.objects.create(region_code="36.73.01", level=3, name="Serang", geometry=SQUARE)
    client.force_login(analyst_banten)
    page = client.get(reverse("risk:index"), {"method": computed.pk,
                                              "election": election.pk}).content.decode()
    assert 'id="risk-map"' in page
    assert "netra/vendor/leaflet/leaflet.js" in page
    data = json.loads(client.get(reverse("risk:map_data"), {
        "method": computed.pk, "election": election.pk, "level": 3}).content)
    assert [f["properties"]["code"] for f in data["features"]] == ["36.73.01"]
    assert data["features"][0]["properties"]["value"] == 0.0
    assert data["features"][0]["properties"]["category"] == "low"
    cases = json.loads(client.get(reverse("risk:map_data"), {
        "method": computed.pk, "election": election.pk, "level": 3,
        "layer": "cases"}).content)
    assert cases["features"][0]["properties"]["value"] == 0.0


def test_map_data_outside_scope_is_404(client, member, computed, election):
    client.force_login(member("analyst", "32"))
    response = client.get(reverse("risk:map_data"), {"method": computed.pk,
                                                     "election": election.pk})
    assert response.status_code == 404


def test_score_detail_explains_and_scopes(client, analyst_banten, member, computed):
    cinangka = IndexScore.objects.get(region_code="36.04.01")
    client.force_login(analyst_banten)
    with translation.override("en"):
        page = client.get(reverse("risk:score_detail", args=[cinangka.pk]),
                          HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Indicator B" in page
    assert "dinormalkan ulang" in page  # missing data: other weights renormalised
    client.force_login(member("analyst", "36.73"))
    assert client.get(reverse("risk:score_detail", args=[cinangka.pk])).status_code == 404
    own = IndexScore.objects.get(region_code="36.73.01")
    assert client.get(reverse("risk:score_detail", args=[own.pk])).status_code == 200


def test_method_pages_update_and_refusals(client, analyst_banten, method, member):
    client.force_login(analyst_banten)
    assert client.get(reverse("risk:method_detail", args=[method.pk])).status_code == 200
    response = client.post(reverse("risk:method_update", args=[method.pk]), {
        "name": "IKP 2", "low_below": 30, "high_from": 70, "weight_a": "70", "weight_b": "20"},
        follow=True)
    assert "100" in response.content.decode()
    method.refresh_from_db()
    assert method.name == "IKP"
    client.post(reverse("risk:method_update", args=[method.pk]), {
        "name": "IKP 2", "low_below": 30, "high_from": 70, "weight_a": "70", "weight_b": "30"})
    method.refresh_from_db()
    assert (method.name, method.low_below) == ("IKP 2", 30)
    # staff without risk.change in the region cannot change it (404 like a missing row)
    client.force_login(member("prevention_staff", "36"))
    assert client.post(reverse("risk:method_update", args=[method.pk]), {
        "name": "X", "low_below": 1, "high_from": 2, "weight_a": "50",
        "weight_b": "50"}).status_code == 404
    client.force_login(member("analyst", "36.73"))
    assert client.get(reverse("risk:method_detail", args=[method.pk])).status_code == 404


def test_compute_from_the_page(client, analyst_banten, method, election):
    services.record_indicator_value(actor=None, method=method, election=election,
                                    region_code="36.73.01", indicator_key="a", raw_value="3")
    client.force_login(analyst_banten)
    response = client.post(reverse("risk:method_compute", args=[method.pk]),
                           {"election": election.pk})
    assert response.status_code == 302
    assert IndexScore.objects.filter(method=method).count() == 1


def test_indicator_file_import_reports_rows(client, analyst_banten, method, election):
    content = (b"kode_wilayah;indikator;nilai\n"
               b"36.73.01;a;12,5\n"
               b"36.73.05;a;\n"
               b"99.99.99;a;3\n"
               b"36.73.05;b;7\n"
               b"36.73.05;zzz;1\n")
    client.force_login(analyst_banten)
    response = client.post(reverse("risk:method_import", args=[method.pk]), {
        "election": election.pk,
        "file": SimpleUploadedFile("indikator.csv", content, content_type="text/csv")})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert (job.created_count, job.error_count) == (2, 3)
    assert sorted(IndicatorValue.objects.values_list("region_code", "value")) == [
        ("36.73.01", 12.5), ("36.73.05", 7.0)]
    lines = sorted(e["row"] for e in job.errors)
    assert lines == [3, 4, 6]
    # the same file again adds nothing twice
    client.post(reverse("risk:method_import", args=[method.pk]), {
        "election": election.pk,
        "file": SimpleUploadedFile("indikator.csv", content, content_type="text/csv")})
    assert IndicatorValue.objects.count() == 2


def test_boundary_page_imports_and_reports(client, analyst_banten):
    client.force_login(analyst_banten)
    assert client.get(reverse("risk:boundary_list")).status_code == 200
    data = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"kode": "36.73.01"}, "geometry": SQUARE},
        {"type": "Feature", "properties": {"kode": "12.34"}, "geometry": SQUARE},
    ]}).encode()
    response = client.post(reverse("risk:boundary_list"), {
        "file": SimpleUploadedFile("batas.geojson", data)})
    assert response.status_code == 200
    assert "12.34" in response.content.decode()
    assert list(Boundary.objects.values_list("region_code", flat=True)) == ["36.73.01"]


def test_boundary_import_needs_change(client, member):
    client.force_login(member("prevention_staff", "36"))
    response = client.post(reverse("risk:boundary_list"), {
        "file": SimpleUploadedFile("b.geojson", b"{}")})
    assert response.status_code == 404


@pytest.fixture
def serang_evaluation(member, org_factory, election):
    office = org_factory("36.73")
    admin = member("administrator", "36.73", org=office)
    evaluation = services.open_evaluation(actor=admin, organisation=office, election=election)
    return admin, evaluation


def test_evaluation_open_score_and_actions(client, member, org_factory, election):
    office = org_factory("36.73")
    admin = member("administrator", "36.73", org=office)
    client.force_login(admin)
    assert client.get(reverse("risk:evaluation_list")).status_code == 200
    response = client.post(reverse("risk:evaluation_list"),
                           {"organisation": office.pk, "election": election.pk})
    evaluation = Evaluation.objects.get()
    assert response["Location"] == reverse("risk:evaluation_detail", args=[evaluation.pk])
    assert evaluation.scores.count() == 15
    follow_up = evaluation.scores.get(indicator__key="koordinasi-kolaborasi")
    assert follow_up.evidence.startswith("Netra:")
    coordination = follow_up.indicator_id
    response = client.post(reverse("risk:evaluation_detail", args=[evaluation.pk]), {
        f"score_{coordination}": "2", f"evidence_{coordination}": "Rakor jarang",
        f"notes_{coordination}": "", "summary": "Koordinasi lemah"})
    assert response.status_code == 302
    assert EvaluationScore.objects.get(evaluation=evaluation,
                                       indicator_id=coordination).score == 2
    client.post(reverse("risk:evaluation_action_add", args=[evaluation.pk]), {
        "description": "Rakor bulanan", "owner": "Koordinator Divisi Pencegahan",
        "due_on": "2025-03-31"})
    action = EvaluationAction.objects.get()
    assert action.due_on == date(2025, 3, 31)
    client.post(reverse("risk:evaluation_action_status", args=[evaluation.pk, action.pk]),
                {"status": "done"})
    action.refresh_from_db()
    assert action.status == "done"
    page = client.get(reverse("risk:evaluation_list")).content.decode()
    assert "2.0" in page or "2,0" in page


def test_another_province_cannot_change_your_evaluation(client, member, serang_evaluation):
    _admin, evaluation = serang_evaluation
    row = evaluation.scores.first()
    outsider = member("administrator", "32")
    client.force_login(outsider)
    url = reverse("risk:evaluation_detail", args=[evaluation.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {f"score_{row.indicator_id}": "5"}).status_code == 404
    assert client.post(reverse("risk:evaluation_action_add", args=[evaluation.pk]), {
        "description": "x", "owner": "y", "due_on": "2025-01-01"}).status_code == 404
    row.refresh_from_db()
    assert row.score is None
    assert not EvaluationAction.objects.exists()


def test_viewer_without_change_sees_but_cannot_save(client, member, serang_evaluation):
    _admin, evaluation = serang_evaluation
    row = evaluation.scores.first()
    client.force_login(member("prevention_staff", "36.73"))
    url = reverse("risk:evaluation_detail", args=[evaluation.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {f"score_{row.indicator_id}": "5"}).status_code == 404


def test_score_out_of_range_is_refused(serang_evaluation):
    from django.core.exceptions import ValidationError

    admin, evaluation = serang_evaluation
    row = evaluation.scores.first()
    with pytest.raises(ValidationError):
        services.save_evaluation_scores(actor=admin, evaluation=evaluation,
                                        scores={row.indicator_id: (9, "", "")})
    row.refresh_from_db()
    assert row.score is None


def test_pages_answer_for_viewers_and_hide_from_recipients(client, member, regions):
    client.force_login(member("prevention_staff", "36.73"))
    for name in ("risk:index", "risk:boundary_list", "risk:evaluation_list"):
        assert client.get(reverse(name)).status_code == 200, name
    client.force_login(member("recipient_officer", "36.73", kind="bkpsdm"))
    assert client.get(reverse("risk:index")).status_code == 404


def test_method_weights_decimal(method):
    assert sum(i.weight for i in method.indicators.all()) == Decimal("100")
