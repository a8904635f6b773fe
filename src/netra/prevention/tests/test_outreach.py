"""Banners (3), declarations and MoUs (4), KPP cadres (5): forms, coverage, scope, the cadre
report raising initial information, sustainability and reminders."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from netra.prevention import services
from netra.prevention.models import (
    Agreement,
    BannerPlacement,
    Cadre,
    CadreEntry,
    Declaration,
    FollowUp,
)

pytestmark = pytest.mark.django_db


def test_banner_coverage_counts_villages_per_district(client, staff, kota):
    client.force_login(staff)
    response = client.post(reverse("prevention:banner_create"), {
        "office": kota.pk, "village_code": "36.73.01.1002", "title": "ASN netral, pemilu damai",
        "position": "Depan kantor kelurahan", "placed_on": "2024-01-05"})
    assert response.status_code == 302
    assert BannerPlacement.objects.get().region_code == "36.73.01.1002"
    page = client.get(reverse("prevention:banner_list")).content.decode()
    assert "1 dari 1 desa/kelurahan" in page  # Serang: Cipare has its banner
    assert "0 dari 1 desa/kelurahan" in page  # Cipocok Jaya has none yet


def test_a_banner_must_stand_in_a_village_of_the_office(client, staff, kota):
    client.force_login(staff)
    for code in ("36.73.01", "36.04.01"):
        response = client.post(reverse("prevention:banner_create"), {
            "office": kota.pk, "village_code": code, "title": "Baliho",
            "placed_on": "2024-01-05"})
        assert response.status_code == 400
    assert not BannerPlacement.objects.exists()


def test_declarations_are_counted_per_agency(client, staff, kota):
    client.force_login(staff)
    for name, kind in (("Drs. H. Ahmad", "neutrality"), ("Ir. Budi", "integrity_pact"),
                       ("Siti, S.Pd.", "neutrality")):
        response = client.post(reverse("prevention:declaration_create"), {
            "office": kota.pk, "kind": kind, "signer_name": name, "signer_position": "Kepala",
            "agency": "Dinas Pendidikan Kota Serang", "signed_on": "2024-01-08"})
        assert response.status_code == 302
    page = client.get(reverse("prevention:declaration_list")).content.decode()
    assert "Dinas Pendidikan Kota Serang</td><td>2</td><td>1</td><td>3" in page


def test_a_future_signature_date_is_refused(client, staff, kota):
    client.force_login(staff)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(reverse("prevention:declaration_create"), {
        "office": kota.pk, "kind": "neutrality", "signer_name": "A", "agency": "Dinas",
        "signed_on": tomorrow.isoformat()})
    assert response.status_code == 400
    assert "Tanggal tidak boleh di masa depan." in response.content.decode()
    assert not Declaration.objects.exists()


def test_mou_follow_ups_are_tracked(client, staff, kota):
    client.force_login(staff)
    client.post(reverse("prevention:agreement_create"), {
        "office": kota.pk, "partner": "Pemerintah Kota Serang",
        "title": "Pengawasan netralitas ASN", "signed_on": "2023-11-01"})
    mou = Agreement.objects.get()
    client.post(reverse("prevention:follow_up_create", args=[mou.pk]), {
        "description": "Surat edaran wali kota", "owner": "Sekretariat Daerah",
        "due_on": "2023-12-01"})
    follow_up = FollowUp.objects.get()
    page = client.get(reverse("prevention:declaration_list")).content.decode()
    assert "lewat tenggat" in page
    client.post(reverse("prevention:follow_up_status", args=[follow_up.pk]), {"status": "done"})
    follow_up.refresh_from_db()
    assert follow_up.status == "done"


def test_handling_staff_cannot_close_a_follow_up(client, member, staff, kota):
    mou = services.add_agreement(actor=staff, office=kota, partner="Pemkot", title="MoU",
                                 signed_on=date(2023, 11, 1))
    follow_up = services.add_follow_up(actor=staff, agreement=mou, description="x",
                                       owner="y", due_on=date(2023, 12, 1))
    client.force_login(member("handling_staff", org=kota))
    response = client.post(reverse("prevention:follow_up_status", args=[follow_up.pk]),
                           {"status": "done"})
    assert response.status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.status == "planned"


@pytest.fixture
def cadre(staff, kota):
    return services.add_cadre(actor=staff, office=kota, village_code="36.73.01.1002",
                              name="Rina Marlina", email="rina@example.org",
                              trained_on=date(2023, 6, 1))


def test_a_cadre_gets_a_certificate(client, staff, cadre):
    assert cadre.certificate_number == f"KPP/2023/{cadre.pk:05d}"
    client.force_login(staff)
    pdf = client.get(reverse("prevention:cadre_certificate", args=[cadre.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("prevention:cadre_certificate", args=[cadre.pk, "docx"]))
    assert docx.content[:2] == b"PK"
    assert client.get(reverse("prevention:cadre_certificate",
                              args=[cadre.pk, "exe"])).status_code == 404


def test_a_cadre_report_raises_initial_information_once(client, member, kota, cadre, election):
    supervisor = member("field_supervisor", org=kota)
    client.force_login(supervisor)
    response = client.post(reverse("prevention:cadre_entry_create", args=[cadre.pk]), {
        "kind": "report", "happened_on": "2024-01-20",
        "title": "Lurah mengajak warga memilih calon tertentu",
        "description": "Dalam pengajian, lurah mengajak warga memilih calon tertentu.",
        "place_region_code": "36.73.01.1002"})
    assert response.status_code == 302
    entry = CadreEntry.objects.get()
    client.post(reverse("prevention:cadre_entry_raise", args=[entry.pk]),
                {"election": election.pk})
    entry.refresh_from_db()
    assert entry.case_id
    assert entry.intake_number
    from netra.cases import selectors as case_selectors

    summary = case_selectors.source_case_summary(entry)
    assert summary is not None
    assert summary.case_id == entry.case_id
    # A second click raises nothing more.
    client.post(reverse("prevention:cadre_entry_raise", args=[entry.pk]),
                {"election": election.pk})
    assert case_selectors.source_case_summary(entry).case_id == entry.case_id


def test_prevention_staff_are_told_who_may_raise(client, staff, cadre, election):
    entry = services.add_cadre_entry(actor=staff, cadre=cadre, kind="report",
                                     happened_on=date(2024, 1, 20), title="Dugaan")
    client.force_login(staff)
    response = client.post(reverse("prevention:cadre_entry_raise", args=[entry.pk]),
                           {"election": election.pk}, follow=True)
    assert "Hanya petugas yang menangani pelanggaran" in response.content.decode()
    entry.refresh_from_db()
    assert entry.case_id is None


def test_cadre_sustainability_and_reminders(client, staff, kota, cadre, settings):
    settings.NETRA_PREVENTION_CADRE_ACTIVE_MONTHS = 3
    active = services.add_cadre(actor=staff, office=kota, village_code="36.73.01.1002",
                                name="Dedi", trained_on=date(2023, 6, 1))
    services.add_cadre_entry(actor=staff, cadre=active, kind="activity",
                             happened_on=timezone.localdate() - timedelta(days=10),
                             title="Sosialisasi RT")
    page = client.get(reverse("prevention:cadre_list"))
    client.force_login(staff)
    page = client.get(reverse("prevention:cadre_list")).content.decode()
    assert "<td>Cipare</td><td>Serang</td><td>2</td><td>1</td>" in page
    call_command("remind_inactive_cadres")
    assert [m.to for m in mail.outbox] == [["rina@example.org"]]


def test_a_cadre_lives_in_a_village_of_the_office(staff, kota):
    with pytest.raises(services.ValidationError):
        services.add_cadre(actor=staff, office=kota, village_code="36.04.01", name="X",
                           trained_on=date(2023, 6, 1))
    assert not Cadre.objects.exists()


def test_a_province_sees_banner_coverage_per_regency(client, member, staff, kota):
    services.add_banner(actor=staff, office=kota, village_code="36.73.01.1002", title="Baliho",
                        placed_on=date(2024, 1, 5))
    client.force_login(member("prevention_staff", "36"))
    page = client.get(reverse("prevention:banner_list")).content.decode()
    assert "<td>Kota Serang</td><td>1 dari 2 desa/kelurahan</td>" in page


def test_banner_coverage_chart_ranks_districts_by_share(client, staff, kota):
    from netra.prevention.selectors import AreaCoverage
    from netra.prevention.views import banner_chart

    chart = banner_chart([AreaCoverage("36.73.05", "Cipocok Jaya", 4, 1),
                          AreaCoverage("36.73.01", "Serang", 2, 2),
                          AreaCoverage("36.73.02", "Kasemen", 4, 3)], level=3)
    assert chart.labels == ("Serang (2/2)", "Kasemen (3/4)", "Cipocok Jaya (1/4)")
    assert chart.series[0].values == (100, 75, 25)
    assert chart.percent
    assert chart.horizontal
    # On the page: the ranked chart of the office's districts, downloadable as PNG and SVG.
    services.add_banner(actor=staff, office=kota, village_code="36.73.01.1002", title="Baliho",
                        placed_on=date(2024, 1, 5))
    client.force_login(staff)
    page = client.get(reverse("prevention:banner_list"))
    chart = page.context["chart"]
    assert chart.labels == ("Serang (1/1)", "Cipocok Jaya (0/1)")
    assert chart.series[0].values == (100, 0)
    assert "chart=prevention-banners&amp;format=png" in page.content.decode()
    png = client.get(reverse("prevention:banner_list"), {"chart": "prevention-banners",
                                                          "format": "png"})
    assert png.status_code == 200
    assert png["Content-Type"] == "image/png"
    assert client.get(reverse("prevention:banner_list"),
                      {"chart": "other", "format": "png"}).status_code == 404


def test_a_province_gets_the_regency_ranking(client, member, staff, kota):
    services.add_banner(actor=staff, office=kota, village_code="36.73.01.1002", title="Baliho",
                        placed_on=date(2024, 1, 5))
    client.force_login(member("prevention_staff", "36"))
    chart = client.get(reverse("prevention:banner_list")).context["chart"]
    assert "Kota Serang (1/2)" in chart.labels
    assert chart.series[0].values[chart.labels.index("Kota Serang (1/2)")] == 50
