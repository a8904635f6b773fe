"""The statistics page draws its charts in Chromium, from Netra's own static files, on a phone and
on a desktop screen.

Screenshots land in ``test-results/screens/statistics-charts-*.png`` for a look by eye.
"""

from datetime import date

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = {
    "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 1},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}

CANVAS_INK = """canvas => {
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked += 1;
  return inked;
}"""


@pytest.fixture
def cases(demo):
    """A dozen findings and reports of Bawaslu Kota Serang and a Panwascam, with violation forms
    and answered recommendations: every chart has something to draw."""
    from importlib import import_module

    from django.apps import apps

    from netra.cases.choices import CaseKind, RecommendationStatus
    from netra.cases.models import Recommendation
    from netra.cases.tests.factories import CaseFactory
    from netra.cases.workflow import Status
    from netra.orgs.models import Organisation
    from netra.rules.choices import Category
    from netra.rules.models import ViolationType

    if not ViolationType.objects.exists():  # a transactional test's flush removed the catalogue
        import_module("netra.rules.migrations.0002_reference_rules").seed(apps, None)
    city = Organisation.objects.get(name="Bawaslu Kota Serang")
    district = Organisation.objects.get(name="Panwaslu Kecamatan Cipocok Jaya")
    bkn = Organisation.objects.get(name="Badan Kepegawaian Negara (BKN)")
    forms = list(ViolationType.objects.filter(category=Category.NON_STAGE_ASN)[:3])
    plan = [
        (city, CaseKind.FINDING, Category.NON_STAGE_ASN, Status.SANCTION_IMPOSED, 0),
        (city, CaseKind.FINDING, Category.NON_STAGE_ASN, Status.SANCTION_IMPOSED, 1),
        (city, CaseKind.FINDING, Category.NON_STAGE_ASN, Status.RECOMMENDATION_REJECTED, 2),
        (city, CaseKind.REPORT, Category.NON_STAGE_ASN, Status.FORWARDED, 0),
        (city, CaseKind.REPORT, Category.NON_STAGE_ASN, Status.REGISTERED, 1),
        (city, CaseKind.FINDING, Category.CRIME, Status.REGISTERED, None),
        (city, CaseKind.FINDING, Category.OTHER_LAWS, Status.UNDER_CHECK, None),
        (district, CaseKind.FINDING, Category.NON_STAGE_ASN, Status.REGISTERED, 0),
        (district, CaseKind.FINDING, Category.NON_STAGE_ASN, Status.UNDER_CHECK, None),
    ]
    answers = {Status.SANCTION_IMPOSED: RecommendationStatus.SANCTIONED,
               Status.RECOMMENDATION_REJECTED: RecommendationStatus.REFUSED,
               Status.FORWARDED: RecommendationStatus.SENT}
    for office, kind, category, status, form in plan:
        case = CaseFactory(office=office, kind=kind, category=category, status=status)
        if form is not None and forms:
            case.violation_types.set([forms[form % len(forms)]])
        if status in answers:
            Recommendation.objects.create(case=case, recipient=bkn, status=answers[status],
                                          sent_on=date(2024, 9, 2), due_on=date(2024, 9, 16))


@pytest.mark.parametrize("screen", list(SCREENS))
def test_statistics_page_draws_its_charts(screen, cases, new_context, live_server, log_in,
                                          screenshot, check_page):
    context = new_context(reduced_motion="reduce", **SCREENS[screen])
    page = context.new_page()
    outside = []
    page.on("request", lambda request: None if request.url.startswith(
        (live_server.url, "data:", "blob:")) else outside.append(request.url))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, "analis.serang")

    page.goto("/cases/statistics/")
    figures = page.locator("figure.chart[data-chart]")
    expect(figures.first).to_have_attribute("data-drawn", "true")
    count = figures.count()
    assert count == 5
    for index in range(count):
        figure = figures.nth(index)
        expect(figure).to_have_attribute("data-drawn", "true")
        canvas = figure.locator("canvas")
        expect(canvas).to_be_visible()
        box = canvas.bounding_box()
        assert box["width"] > 100, box
        assert box["height"] > 100, box
        assert box["width"] <= SCREENS[screen]["viewport"]["width"]
        assert canvas.evaluate(CANVAS_INK) > 0, "the canvas is blank"
        # The figures table is folded once the chart is drawn, and still one click away.
        details = figure.locator("details.chart-data")
        expect(details).not_to_have_attribute("open", "")
    # Chart.js holds the page's own figures.
    labels = page.evaluate("""() => {
      const canvas = document.querySelector("#chart-category canvas");
      return window.Chart.getChart(canvas).data.labels;
    }""")
    assert "Non-stage supervision (ASN neutrality)" in labels
    category = page.locator("#chart-category")
    category.locator("summary").click()
    expect(category.get_by_role("row", name="Election crime")).to_be_visible()

    assert page.evaluate("document.documentElement.scrollWidth") <= SCREENS[screen][
        "viewport"]["width"]
    assert not outside, f"requests outside Netra: {outside}"
    assert not errors, errors
    check_page(page)
    screenshot(page, f"statistics-charts-{screen}")

    # "Download PNG" saves the picture.
    with page.expect_download() as download:
        category.get_by_role("link", name="Download PNG").click()
    assert download.value.suggested_filename == "statistics-category.png"
