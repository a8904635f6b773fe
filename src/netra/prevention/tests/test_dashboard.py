"""Dashboard (7) and demo data (8): figures per office and election, charts, XLSX export, the
home chart, the Serang demo."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from netra.core.charts import dashboard_charts
from netra.prevention import services
from netra.prevention.models import Activity, BudgetLine, Letter

pytestmark = pytest.mark.django_db


def _stat(html: str, name: str) -> str:
    marker = f'data-stat="{name}">'
    start = html.index(marker) + len(marker)
    return html[start:html.index("<", start)]


def test_dashboard_counts_what_the_office_did(client, staff, kota, kabupaten, make_activity,
                                              election):
    make_activity(participants_count=40, target_groups=["asn", "village_heads"],
                  area_codes=["36.73.01.1002"], election=election)
    make_activity(activity_type="bimtek", participants_count=20, target_groups=["asn"])
    make_activity(office=kabupaten, participants_count=500)
    services.save_budget_line(actor=staff, office=kota, fiscal_year=2024, programme="P",
                              allocation="Rp 1.633.859.000", realization="Rp 954.166.592")
    client.force_login(staff)
    html = client.get(reverse("prevention:home")).content.decode()
    assert _stat(html, "activities") == "2"
    assert _stat(html, "participants") == "60"
    assert _stat(html, "villages") == "1"
    assert "58,4%" in _stat(html, "budget") or "58.4%" in _stat(html, "budget")
    only_election = client.get(reverse("prevention:home") + f"?election={election.pk}")
    assert _stat(only_election.content.decode(), "activities") == "1"


def test_dashboard_exports_xlsx_and_charts(client, staff, make_activity):
    make_activity()
    client.force_login(staff)
    response = client.get(reverse("prevention:home") + "?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    assert ("Kegiatan menurut jenis", "Sosialisasi", 1) in rows
    png = client.get(reverse("prevention:home") + "?chart=prevention-by-type&format=png")
    assert png["Content-Type"] == "image/png"


def test_the_home_dashboard_shows_prevention_to_those_who_see_it(staff, member, kota,
                                                                 make_activity):
    make_activity()
    keys = [c.key for c in dashboard_charts(staff)]
    assert "prevention-home" in keys
    officer = member("recipient_officer", org=kota.__class__.objects.create(
        name="BKPSDM", kind="bkpsdm", region_code="36.73"))
    assert "prevention-home" not in [c.key for c in dashboard_charts(officer)]


def test_delivered_letters_change_the_dashboard(client, staff, kota):
    from django.test import TestCase

    recipients = services.create_recipient_list(actor=staff, office=kota, name="Sekolah")
    services.add_recipient(recipient_list=recipients, recipient_type="school", name="SD 1")
    with TestCase.captureOnCommitCallbacks(execute=True):
        run = services.start_letter_run(actor=staff, recipient_list=recipients,
                                        subject="Imbauan", message="Netral.",
                                        letter_date=date(2024, 1, 10))
    client.force_login(staff)
    assert _stat(client.get(reverse("prevention:home")).content.decode(), "letters") == "0 / 1"
    services.mark_letters(actor=staff, run=run, letter_ids=[Letter.objects.get().pk],
                          status="delivered", on=date(2024, 1, 11))
    assert _stat(client.get(reverse("prevention:home")).content.decode(), "letters") == "1 / 1"


def test_demo_loader_is_idempotent_and_serang_like(
        regions, org_factory, django_capture_on_commit_callbacks):
    from netra.prevention.demo import load

    org_factory("36.73", "bawaslu_regency", "Bawaslu Kota Serang")
    with django_capture_on_commit_callbacks(execute=True):
        load()
    load()
    assert Activity.objects.filter(activity_type="cadre_training").count() == 12
    lines = BudgetLine.objects.all()
    assert sum(line.allocation for line in lines) == 1_633_859_000
    assert sum(line.realization for line in lines) == 954_166_592
    assert Letter.objects.count() == 10
