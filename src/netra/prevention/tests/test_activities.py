"""Activities (point 1): create, validate, scope, calendar, template reuse, attendance import."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netra.prevention.models import Activity, Attendee

pytestmark = pytest.mark.django_db


def _post(client, kota, **extra):
    data = {"office": kota.pk, "activity_type": "socialization",
            "title": "Sosialisasi netralitas ASN Kecamatan Serang", "starts_on": "2024-03-05",
            "ends_on": "2024-03-06", "venue": "Aula Kecamatan Serang",
            "area_code": "36.73.01", "target_groups": ["asn", "village_heads"],
            "participants_count": "40"}
    data.update(extra)
    return client.post(reverse("prevention:activity_create"), data)


def test_staff_create_an_activity_in_their_jurisdiction(client, staff, kota):
    client.force_login(staff)
    response = _post(client, kota)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.region_code == "36.73"
    assert activity.area_codes == ["36.73.01"]
    assert activity.target_groups == ["asn", "village_heads"]
    page = client.get(response["Location"])
    assert "Aula Kecamatan Serang" in page.content.decode()


def test_dates_in_the_wrong_order_are_refused_in_indonesian(client, staff, kota):
    client.force_login(staff)
    response = _post(client, kota, starts_on="2024-03-06", ends_on="2024-03-05")
    assert response.status_code == 400
    assert "Tanggal selesai lebih awal dari tanggal mulai." in response.content.decode()
    assert not Activity.objects.exists()


def test_a_region_outside_the_office_is_refused(client, staff, kota, kabupaten):
    client.force_login(staff)
    response = _post(client, kota, area_code="36.04.01")
    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_another_office_cannot_be_the_organiser(client, staff, kabupaten):
    client.force_login(staff)
    response = _post(client, kabupaten)
    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_kota_serang_cannot_see_or_change_kabupaten_serang_work(
        client, staff, kabupaten, make_activity):
    theirs = make_activity(office=kabupaten, title="Rakor Kabupaten")
    client.force_login(staff)
    assert client.get(reverse("prevention:activity_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("prevention:activity_update", args=[theirs.pk])).status_code == 404
    listing = client.get(reverse("prevention:activity_list")).content.decode()
    assert "Rakor Kabupaten" not in listing


def test_handling_staff_view_but_do_not_change(client, member, kota, make_activity):
    mine = make_activity()
    handler = member("handling_staff", org=kota)
    client.force_login(handler)
    page = client.get(reverse("prevention:activity_detail", args=[mine.pk]))
    assert page.status_code == 200
    # No "Edit" or "Use as template" for a role that may not change prevention work.
    assert reverse("prevention:activity_update", args=[mine.pk]) not in page.content.decode()
    assert reverse("prevention:activity_create") not in page.content.decode()
    assert client.get(reverse("prevention:activity_update", args=[mine.pk])).status_code == 404
    assert client.get(reverse("prevention:activity_create")).status_code == 404
    response = _post(client, kota)
    assert response.status_code == 404
    assert Activity.objects.count() == 1


def test_recipient_officers_see_no_prevention(client, member, org_factory):
    officer = member("recipient_officer", org=org_factory("36.73", "bkpsdm", "BKPSDM Serang"))
    client.force_login(officer)
    assert client.get(reverse("prevention:home")).status_code == 404


def test_use_as_template_copies_everything_but_dates(client, staff, kota, make_activity):
    past = make_activity(venue="Aula Bawaslu", description="Materi netralitas",
                         target_groups=["asn", "bpd"])
    client.force_login(staff)
    page = client.get(reverse("prevention:activity_detail", args=[past.pk])).content.decode()
    assert f'{reverse("prevention:activity_create")}?from={past.pk}' in page
    form = client.get(reverse("prevention:activity_create") + f"?from={past.pk}")
    html = form.content.decode()
    assert 'value="Aula Bawaslu"' in html
    assert "Materi netralitas" in html
    response = _post(client, kota, **{"from": past.pk})
    assert response.status_code == 302


def test_calendar_shows_the_activity_on_its_days(client, staff, make_activity):
    make_activity(title="Bimtek PKD", starts_on=date(2024, 3, 5), ends_on=date(2024, 3, 7))
    client.force_login(staff)
    page = client.get(reverse("prevention:activity_calendar") + "?month=2024-03")
    assert page.status_code == 200
    assert page.content.decode().count("Bimtek PKD") == 3
    other = client.get(reverse("prevention:activity_calendar") + "?month=2024-04")
    assert "Bimtek PKD" not in other.content.decode()


CSV = (
    "Nama Lengkap;Jabatan;Instansi\n"
    "Ahmad Fauzi;Camat;Kecamatan Serang\n"
    "Siti Aminah;Lurah;Kelurahan Cipare\n"
    ";Sekretaris;Kelurahan Cipare\n"
    "Budi Santoso;Kepala Desa;Desa Cinangka\n"
)


def _import(client, activity, text=CSV, name="hadir.csv"):
    upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("prevention:activity_attendance", args=[activity.pk]),
                       {"upload": upload})


def test_attendance_import_reports_bad_rows_and_imports_the_rest(
        client, staff, make_activity):
    activity = make_activity(participants_count=0)
    client.force_login(staff)
    response = _import(client, activity)
    assert response.status_code == 302
    assert "/imports/" in response["Location"]
    assert set(Attendee.objects.values_list("name", flat=True)) == {
        "Ahmad Fauzi", "Siti Aminah", "Budi Santoso"}
    job_page = client.get(response["Location"]).content.decode()
    assert "4" in job_page  # the bad row's line number is on the report
    activity.refresh_from_db()
    assert activity.participants_count == 3
    # The same file again adds nobody twice.
    _import(client, activity)
    assert Attendee.objects.count() == 3


def test_attendance_import_needs_change_rights(client, member, kota, make_activity):
    activity = make_activity()
    client.force_login(member("handling_staff", org=kota))
    assert _import(client, activity).status_code == 404
    assert not Attendee.objects.exists()


def test_activity_photo_goes_through_file_intake(client, staff, make_activity):
    activity = make_activity()
    client.force_login(staff)
    bad = SimpleUploadedFile("foto.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(reverse("prevention:activity_file", args=[activity.pk]),
                           {"kind": "photo", "upload": bad})
    assert response.status_code == 400
    assert not activity.files.exists()
    pdf = SimpleUploadedFile("undangan.pdf", _pdf(), content_type="application/pdf")
    response = client.post(reverse("prevention:activity_file", args=[activity.pk]),
                           {"kind": "document", "upload": pdf})
    assert response.status_code == 302
    row = activity.files.get()
    assert len(row.sha256) == 64
    download = client.get(reverse("prevention:activity_file_download", args=[row.pk]))
    assert download.status_code == 200


def _pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_options_request_to_an_import_page_is_answered(client, staff, make_activity):
    """The import views named their job-options hook ``options``, which is also Django's HTTP
    OPTIONS handler: an OPTIONS request (a browser's preflight) failed with a TypeError."""
    activity = make_activity()
    client.force_login(staff)
    response = client.options(reverse("prevention:activity_attendance", args=[activity.pk]))
    assert response.status_code == 200
    assert "POST" in response["Allow"]


def test_form_page_titles_follow_each_users_language(client, staff, member, kota):
    """Page titles and success messages were translated once, when the views module was
    imported, so every later visitor saw them in that first language."""
    english_staff = member("prevention_staff", org=kota)
    english_staff.language = "en"
    english_staff.save(update_fields=["language"])
    url = reverse("prevention:activity_create")
    client.force_login(english_staff)
    assert "New activity" in client.get(url).content.decode()
    client.force_login(staff)
    assert "Kegiatan baru" in client.get(url).content.decode()
