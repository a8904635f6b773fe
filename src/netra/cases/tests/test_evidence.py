"""Evidence uploads: validation by content, limits, EXIF stripping, hashing, private storage,
chain of custody and scoped downloads."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from netra.cases import evidence as service
from netra.cases.models import Evidence
from netra.cases.workflow import Status
from netra.core.exceptions import OutOfScope
from netra.core.storage import read_private_file
from netra.files.tests import samples

from .factories import advance, build_world, open_finding

GPS_IFD = 0x8825
ORIENTATION = 0x0112


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(regions):
    return build_world()


@pytest.fixture
def case(world):
    return open_finding(world)


def param_id(value) -> str | None:
    """Stable test ids: generated files carry zip timestamps, which would differ between
    pytest-xdist workers collecting at different seconds."""
    return "data" if isinstance(value, bytes) else None


def stored_files(root: Path) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()] if Path(root).exists() else []


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg_with_gps(width=40, height=20, orientation=6) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((20, 20, 220), (0, 0, width // 4, height))  # a blue band on the left edge
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"  # camera make
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (6.0, 7.0, 12.5), 3: "E", 4: (106.0, 9.0, 3.2)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 128, 0)).save(out, format="PNG")
    return out.getvalue()


def docx_bytes() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("Witness statement")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Attendance list"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.txt", "not an office document")
    return out.getvalue()


# A minimal valid PDF without metadata (intake parses PDFs to strip their metadata; this one has
# none, so it is stored byte for byte).
PDF = samples.PDF
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 64


@pytest.mark.django_db
class TestUpload:
    def test_photo_loses_its_gps_location_and_keeps_its_orientation(self, media, world, case):
        original = jpeg_with_gps(width=40, height=20, orientation=6)
        with Image.open(io.BytesIO(original)) as before:
            assert before.getexif().get_ifd(GPS_IFD)  # the test file really carries a location

        item = service.upload_evidence(case=case, actor=world.handler,
                                       file=upload("IMG_0001.jpg", original, "image/jpeg"),
                                       description="Flyer photo")

        assert item.exif_stripped is True
        assert item.content_type == "image/jpeg"
        stored = read_private_file(item.file)
        with Image.open(io.BytesIO(stored)) as after:
            exif = after.getexif()
            assert not exif.get_ifd(GPS_IFD)
            assert GPS_IFD not in exif
            assert 0x010F not in exif
            assert ORIENTATION not in exif
            # Orientation 6 (rotate 90° clockwise) was applied to the pixels: 40×20 → 20×40,
            # and the blue band that was on the left edge is now along the top.
            assert after.size == (20, 40)
            red, _green, blue = after.convert("RGB").getpixel((10, 2))
            assert blue > 150
            assert red < 100
        assert b"PhoneMaker" not in stored

    @pytest.mark.parametrize(("fmt", "name"), [("PNG", "screen.png"), ("WEBP", "chat.webp")])
    def test_other_image_formats_lose_their_exif_too(self, media, world, case, fmt, name):
        exif = Image.Exif()
        exif.get_ifd(GPS_IFD).update({1: "S", 2: (6.0, 7.0, 12.5)})
        out = io.BytesIO()
        Image.new("RGB", (16, 16), (1, 2, 3)).save(out, format=fmt, exif=exif.tobytes())
        with Image.open(io.BytesIO(out.getvalue())) as before:
            assert before.getexif().get_ifd(GPS_IFD)

        item = service.upload_evidence(case=case, actor=world.handler,
                                       file=upload(name, out.getvalue()))

        assert item.exif_stripped is True
        with Image.open(io.BytesIO(read_private_file(item.file))) as after:
            assert after.format == fmt
            assert not after.getexif().get_ifd(GPS_IFD)
            assert "exif" not in after.info

    def test_hash_size_and_private_random_name(self, media, world, case):
        item = service.upload_evidence(case=case, actor=world.handler,
                                       file=upload("laporan saksi.pdf", PDF))

        stored = Path(item.file.path)
        data = read_private_file(item.file)
        assert item.sha256 == hashlib.sha256(data).hexdigest()
        assert item.size == len(data) == len(PDF)
        assert stored.is_relative_to(Path(media))
        assert "laporan" not in stored.name
        assert stored.suffix == ".pdf"
        assert item.original_name == "laporan saksi.pdf"
        assert item.added_by == world.handler
        assert item.created_at is not None
        assert item.exif_stripped is False
        assert LogEntry.objects.get_for_object(item).filter(
            action=LogEntry.Action.CREATE).exists()

    @pytest.mark.parametrize(
        ("name", "data", "content_type"),
        [
            ("scan.pdf", PDF, "application/pdf"),
            ("chart.png", png_bytes(), "image/png"),
            ("statement.docx", docx_bytes(),
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ("attendance.xlsx", xlsx_bytes(),
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("chronology.txt", "Kronologi kejadian: pukul 09.00 …".encode(), "text/plain"),
            ("recording.mp3", MP3, "audio/mpeg"),
        ],
        ids=param_id,
    )
    def test_accepted_by_content(self, media, world, case, name, data, content_type):
        item = service.upload_evidence(case=case, actor=world.handler,
                                       file=upload(name, data, "application/x-whatever"))
        assert item.content_type == content_type

    @pytest.mark.parametrize(
        ("name", "data", "claimed", "actual"),
        [
            ("invoice.pdf", png_bytes(), ".pdf", "a PNG image"),
            ("photo.jpg", ELF, ".jpg", "an executable program"),
            ("photo.jpg", EXE, ".jpg", "an executable program"),
            ("statement.docx", plain_zip(), ".docx", "a compressed archive"),
            ("notes.txt", PDF, ".txt", "a PDF document"),
        ],
        ids=param_id,
    )
    def test_a_file_that_lies_about_its_type_is_refused(self, media, world, case, name, data,
                                                        claimed, actual):
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            service.upload_evidence(case=case, actor=world.handler,
                                    file=upload(name, data, "image/jpeg"))
        message = " ".join(refused.value.message_dict["file"])
        assert f"The file says {claimed} but its content is {actual}." == message
        assert not Evidence.objects.exists()
        assert stored_files(media) == []

    @pytest.mark.parametrize(
        ("name", "data", "fragment"),
        [
            ("tool.exe", EXE, "not accepted: its content is an executable program."),
            ("archive.zip", plain_zip(), "not accepted: its content is a compressed archive."),
            ("latin1.txt", "Kronologi caf\xe9".encode("latin-1"), "binary data of an unknown type"),
            ("empty.txt", b"", "The file is empty."),
        ],
        ids=param_id,
    )
    def test_unaccepted_content_is_refused(self, media, world, case, name, data, fragment):
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            service.upload_evidence(case=case, actor=world.handler, file=upload(name, data))
        assert fragment in " ".join(refused.value.messages)
        assert not Evidence.objects.exists()
        assert stored_files(media) == []

    def test_document_metadata_is_removed_from_pdf_and_word_files(self, media, world, case):
        pdf = service.upload_evidence(case=case, actor=world.handler,
                                      file=upload("surat.pdf", samples.pdf_with_metadata()))
        docx = service.upload_evidence(case=case, actor=world.handler,
                                       file=upload("statement.docx", samples.docx_with_metadata()))
        for item in (pdf, docx):
            stored = read_private_file(item.file)
            assert item.exif_stripped is True  # metadata removed
            assert item.sha256 == hashlib.sha256(stored).hexdigest()
        assert b"Budi Santoso" not in read_private_file(pdf.file)
        with zipfile.ZipFile(io.BytesIO(read_private_file(docx.file))) as package:
            assert b"Budi Santoso" not in package.read("docProps/core.xml")

    @pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
    def test_an_image_with_too_many_pixels_is_refused(self, media, settings, world, case):
        settings.NETRA_UPLOAD_MAX_PIXELS = 40_000_000
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            service.upload_evidence(case=case, actor=world.handler,
                                    file=upload("flyer.png", samples.huge_png(12_000, 12_000)))
        assert refused.value.message_dict["file"] == [
            "The image is 12000 × 12000 pixels (144 megapixels); the limit is 40 megapixels."
        ]
        assert not Evidence.objects.exists()
        assert stored_files(media) == []

    def test_a_damaged_pdf_is_refused(self, media, world, case):
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            service.upload_evidence(case=case, actor=world.handler,
                                    file=upload("scan.pdf", samples.DAMAGED_PDF))
        assert refused.value.message_dict["file"] == [
            "The PDF could not be read; it may be damaged."
        ]
        assert stored_files(media) == []

    def test_oversize_file_is_refused_with_the_limit_in_megabytes(self, media, settings, world,
                                                                   case):
        settings.NETRA_UPLOAD_MAX_BYTES = 512 * 1024
        data = b"a" * (768 * 1024)
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            service.upload_evidence(case=case, actor=world.handler,
                                    file=upload("long.txt", data))
        assert refused.value.message_dict["file"] == [
            "The file is 0.75 MB; the limit is 0.5 MB."
        ]
        assert stored_files(media) == []

    def test_per_case_count_limit(self, media, settings, world, case):
        settings.NETRA_UPLOAD_MAX_FILES = 2
        for n in range(2):
            service.upload_evidence(case=case, actor=world.handler,
                                    file=upload(f"n{n}.txt", b"note %d" % n))
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            service.upload_evidence(case=case, actor=world.handler,
                                    file=upload("n3.txt", b"one too many"))
        assert "maximum of 2 evidence files" in refused.value.messages[0]
        assert Evidence.objects.filter(case=case).count() == 2
        assert len(stored_files(media)) == 2
        # Another case has its own allowance.
        other = open_finding(world)
        service.upload_evidence(case=other, actor=world.handler, file=upload("x.txt", b"ok"))

    def test_nothing_is_half_saved_when_the_row_cannot_be_written(self, media, world, case,
                                                                  monkeypatch):
        def broken_save(self, *args, **kwargs):
            raise RuntimeError("database went away")

        monkeypatch.setattr(Evidence, "save", broken_save)
        with pytest.raises(RuntimeError):
            service.upload_evidence(case=case, actor=world.handler, file=upload("a.pdf", PDF))
        assert stored_files(media) == []

    def test_out_of_scope_or_view_only_users_may_not_upload(self, media, world, case):
        for user in (world.other_handler, world.analyst, world.bkn_officer):
            with pytest.raises(OutOfScope):
                service.upload_evidence(case=case, actor=user, file=upload("a.pdf", PDF))
        assert stored_files(media) == []

    def test_field_supervisor_uploads_to_a_case_of_their_district(self, media, world):
        case = open_finding(world, actor=world.supervisor, office=world.cipocok)
        item = service.upload_evidence(case=case, actor=world.supervisor,
                                       file=upload("a.pdf", PDF))
        assert item.added_by == world.supervisor


@pytest.mark.django_db
class TestHttp:
    def test_upload_redirects_to_the_case_with_a_message(self, client, media, world, case):
        client.force_login(world.handler)
        response = client.post(reverse("cases:evidence_upload", args=[case.pk]),
                               {"file": upload("flyer.png", png_bytes()),
                                "description": "Flyer"})
        assert response.status_code == 302
        assert response["Location"] == reverse("cases:case_detail", args=[case.pk])
        item = Evidence.objects.get(case=case)
        assert item.description == "Flyer"
        assert item.exif_stripped

    def test_refusal_is_shown_next_to_the_upload_form_with_the_typed_description(
            self, client, media, world, case):
        world.handler.language = "en"
        world.handler.save(update_fields=["language"])
        client.force_login(world.handler)
        response = client.post(reverse("cases:evidence_upload", args=[case.pk]),
                               {"file": upload("contract.pdf", ELF),
                                "description": "Kontrak kerja kampanye"})
        assert response.status_code == 400
        html = response.content.decode()
        form = html[html.index(reverse("cases:evidence_upload", args=[case.pk])):]
        form = form[:form.index("</form>")]
        assert "The file says .pdf but its content is an executable program." in form
        assert 'value="Kontrak kerja kampanye"' in form
        assert not Evidence.objects.exists()

    def test_htmx_refusal_answers_400_with_the_message(self, client, media, world, case):
        client.force_login(world.handler)
        response = client.post(reverse("cases:evidence_upload", args=[case.pk]),
                               {"file": upload("contract.pdf", ELF)},
                               headers={"HX-Request": "true"})
        assert response.status_code == 400
        assert ".pdf" in response.content.decode()

    def test_upload_out_of_scope_answers_404(self, client, media, world, case):
        for user in (world.other_handler, world.analyst):
            client.force_login(user)
            response = client.post(reverse("cases:evidence_upload", args=[case.pk]),
                                   {"file": upload("a.pdf", PDF)})
            assert response.status_code == 404
        assert stored_files(media) == []

    def test_upload_needs_post(self, client, media, world, case):
        client.force_login(world.handler)
        assert client.get(reverse("cases:evidence_upload", args=[case.pk])).status_code == 405

    def test_download_headers_body_and_access_log(self, client, media, world, case):
        item = service.upload_evidence(case=case, actor=world.handler,
                                       file=upload("Foto bendera.jpg", jpeg_with_gps()))
        client.force_login(world.commissioner)
        response = client.get(reverse("cases:evidence_download", args=[item.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "Foto bendera.jpg" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        body = b"".join(response.streaming_content)
        assert hashlib.sha256(body).hexdigest() == item.sha256
        entry = LogEntry.objects.get_for_object(item).get(action=LogEntry.Action.ACCESS)
        assert entry.actor == world.commissioner

    def test_text_is_served_as_plain_text_attachment(self, client, media, world, case):
        item = service.upload_evidence(case=case, actor=world.handler,
                                       file=upload("chronology.txt", b"<script>x</script>"))
        client.force_login(world.handler)
        response = client.get(reverse("cases:evidence_download", args=[item.pk]))
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")

    def test_download_out_of_scope_or_not_allowed_answers_404(self, client, media, world, case):
        item = service.upload_evidence(case=case, actor=world.handler, file=upload("a.pdf", PDF))
        # Another regency, an analyst (sees the case but not its evidence), a recipient body
        # with no recommendation on this case.
        for user in (world.other_handler, world.analyst, world.bkn_officer):
            client.force_login(user)
            response = client.get(reverse("cases:evidence_download", args=[item.pk]))
            assert response.status_code == 404
        assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
        client.force_login(world.handler)
        assert client.get(reverse("cases:evidence_download", args=[999_999])).status_code == 404

    def test_recipient_body_of_a_recommendation_may_download(self, client, media, world):
        case = open_finding(world)
        item = service.upload_evidence(case=case, actor=world.handler, file=upload("a.pdf", PDF))
        case = advance(case, world, Status.FORWARDED)
        recipient = case.recommendations.get().recipient
        officer = world.officer_of(recipient)
        client.force_login(officer)
        assert client.get(reverse("cases:evidence_download", args=[item.pk])).status_code == 200
        client.force_login(world.kpu_officer)
        assert client.get(reverse("cases:evidence_download", args=[item.pk])).status_code == 404

    def test_anonymous_users_are_sent_to_login(self, client, media, world, case):
        item = service.upload_evidence(case=case, actor=world.handler, file=upload("a.pdf", PDF))
        response = client.get(reverse("cases:evidence_download", args=[item.pk]))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
