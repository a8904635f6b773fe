"""Bar charts of case handling on the home dashboard (issue #15 point 5): by status, by category
and kind, monthly intake, follow-up by recipient body; scoped to the user's jurisdiction, each
downloadable as PNG or SVG."""

import json
import re

import pytest

from netra.cases.dashboard import monthly_intake_chart

from .conftest import TODAY
from .factories import advance, open_finding

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_private_media")]

KEYS = ["cases-status", "cases-category", "cases-monthly", "cases-follow-up"]


def _english(*users):
    for user in users:
        user.language = "en"
        user.save(update_fields=["language"])


def _chart_data(html: str, key: str) -> dict:
    match = re.search(rf'<script id="chart-{key}-data" type="application/json">(.*?)</script>',
                      html, re.S)
    assert match, f"chart {key} missing"
    return json.loads(match.group(1))


def test_handlers_home_shows_the_four_charts_with_downloads(w, client):
    _english(w.handler)
    advance(open_finding(w), w, "forwarded")
    open_finding(w)
    client.force_login(w.handler)
    html = client.get("/").content.decode()
    for key in KEYS:
        assert f'id="chart-{key}"' in html
        assert f"?chart={key}&amp;format=png" in html
        assert f"?chart={key}&amp;format=svg" in html
    status = _chart_data(html, "cases-status")
    assert dict(zip(status["labels"], status["series"][0]["values"], strict=True)) == {
        "Received": 1, "Forwarded with recommendation": 1}
    monthly = _chart_data(html, "cases-monthly")
    assert len(monthly["labels"]) == 12
    assert monthly["labels"][-1] == "Sep 2024"
    assert monthly["series"][0]["values"][-1] == 2  # two findings received this month
    follow_up = _chart_data(html, "cases-follow-up")
    assert follow_up["labels"] == [w.bkn.name]
    assert [s["name"] for s in follow_up["series"]] == [
        "Sanction imposed", "Refused", "No answer yet"]
    assert [s["values"] for s in follow_up["series"]] == [[0], [0], [1]]


def test_charts_are_scoped_to_the_jurisdiction(w, client):
    advance(open_finding(w), w, "registered")
    # Kabupaten Serang's handler sees none of Kota Serang's cases: no case chart at all.
    client.force_login(w.other_handler)
    html = client.get("/").content.decode()
    for key in KEYS:
        assert f'id="chart-{key}"' not in html
    # The civil-service body sees only what was recommended to it.
    client.force_login(w.bkn_officer)
    assert 'id="chart-cases-status"' not in client.get("/").content.decode()
    advance(open_finding(w), w, "forwarded")
    html = client.get("/").content.decode()
    status = _chart_data(html, "cases-status")
    assert sum(status["series"][0]["values"]) == 1


def test_a_chart_downloads_as_png_and_svg(w, client):
    advance(open_finding(w), w, "registered")
    client.force_login(w.handler)
    png = client.get("/", {"chart": "cases-status", "format": "png"})
    assert png.status_code == 200
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    assert 'filename="cases-status.png"' in png["Content-Disposition"]
    svg = client.get("/", {"chart": "cases-monthly", "format": "svg"})
    assert svg.status_code == 200
    assert b"<svg" in svg.content


def test_unknown_or_out_of_scope_chart_downloads_answer_404(w, client):
    advance(open_finding(w), w, "registered")
    client.force_login(w.handler)
    assert client.get("/", {"chart": "nope", "format": "png"}).status_code == 404
    assert client.get("/", {"chart": "cases-status", "format": "gif"}).status_code == 404
    client.force_login(w.other_handler)  # nothing in scope: the chart does not exist for them
    assert client.get("/", {"chart": "cases-status", "format": "png"}).status_code == 404


def test_monthly_intake_counts_the_last_twelve_months(w):
    open_finding(w)
    spec = monthly_intake_chart(w.handler, today=TODAY)
    assert spec is not None
    assert spec.labels[0] == "Oct 2023"
    assert spec.labels[-1] == "Sep 2024"
    assert monthly_intake_chart(w.other_handler, today=TODAY) is None
