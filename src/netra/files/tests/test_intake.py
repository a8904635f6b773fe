"""Shared file intake: limits, type by content, pixel limit before decoding, metadata stripping
of images, PDFs and Office documents, SHA-256."""

import hashlib
import io
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageFile
from pypdf import PdfReader

from netra.files.intake import AcceptedFile, UploadPolicy, accept_upload, check_file_count
from netra.files.metadata import strip_office_metadata

from . import samples

EVERYTHING = UploadPolicy(types=frozenset({"jpeg", "png", "webp", "gif", "pdf", "mp3", "docx",
                                           "xlsx", "pptx", "text"}))
IMAGES = UploadPolicy(types=frozenset({"jpeg", "png"}))


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def refusal(name: str, data: bytes, policy: UploadPolicy = EVERYTHING,
            language: str = "en") -> ValidationError:
    with translation.override(language), pytest.raises(ValidationError) as refused:
        accept_upload(upload(name, data), policy=policy)
    return refused.value


def core_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("docProps/core.xml").decode()


class TestPixelLimit:
    @pytest.fixture
    def no_decoding(self, monkeypatch):
        """Fail the test if any image is decoded (its pixels loaded into memory). The samples
        used with it are built without Pillow."""
        decoded = []

        def spy(self, *args, **kwargs):
            decoded.append(self.size)
            raise AssertionError(f"image of {self.size} decoded")

        monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
        monkeypatch.setattr(Image.Image, "load", spy)
        return decoded

    @pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
    def test_a_12000_by_12000_png_is_refused_before_it_is_decoded(self, settings, no_decoding):
        settings.NETRA_UPLOAD_MAX_PIXELS = 40_000_000
        bomb = samples.huge_png(12_000, 12_000)
        assert len(bomb) < 1024 * 1024  # small on the wire, 144 MB once decoded

        error = refusal("flyer.png", bomb)

        assert error.code == "too_many_pixels"
        assert error.messages == [
            "The image is 12000 × 12000 pixels (144 megapixels); the limit is 40 megapixels."
        ]
        assert no_decoding == []

    @pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
    def test_the_refusal_is_in_indonesian_by_default(self, settings):
        settings.NETRA_UPLOAD_MAX_PIXELS = 40_000_000
        error = refusal("flyer.png", samples.png_header_only(12_000, 12_000), language="id")
        assert error.messages == [
            "Gambar berukuran 12000 × 12000 piksel (144 megapiksel); batasnya 40 megapiksel."
        ]

    def test_an_image_beyond_pillows_own_guard_is_refused_too(self, no_decoding):
        # 20,000 × 20,000 is past twice Pillow's MAX_IMAGE_PIXELS: Image.open itself refuses.
        error = refusal("big.png", samples.png_header_only(20_000, 20_000))
        assert error.code == "too_many_pixels"
        assert "the limit is 40 megapixels" in error.messages[0]
        assert no_decoding == []

    def test_the_limit_comes_from_the_policy_or_the_setting(self, settings):
        settings.NETRA_UPLOAD_MAX_PIXELS = 100
        assert refusal("a.png", samples.png_bytes((20, 20)), IMAGES).code == "too_many_pixels"
        accepted = accept_upload(upload("a.png", samples.png_bytes((10, 10))), policy=IMAGES)
        assert accepted.file_type.key == "png"
        roomy = UploadPolicy(types=frozenset({"png"}), max_pixels=1000)
        assert accept_upload(upload("a.png", samples.png_bytes((20, 20))), policy=roomy)

    def test_without_stripping_the_pixel_limit_still_holds(self, settings):
        settings.NETRA_UPLOAD_MAX_PIXELS = 100
        keep = UploadPolicy(types=frozenset({"png"}), strip_metadata=False)
        assert refusal("a.png", samples.png_bytes((20, 20)), keep).code == "too_many_pixels"

    def test_a_damaged_image_is_refused(self):
        error = refusal("photo.png", samples.png_bytes()[:45])
        assert error.messages == ["The image could not be read; it may be damaged."]

    def test_a_damaged_image_is_refused_after_weasyprint_was_imported(self):
        import weasyprint  # noqa: F401  (sets Pillow's LOAD_TRUNCATED_IMAGES process-wide)

        error = refusal("photo.png", samples.png_bytes()[:45])
        assert error.messages == ["The image could not be read; it may be damaged."]

    def test_damaged_images_are_refused_by_concurrent_threads(self, monkeypatch):
        """The strict decode toggles Pillow's process-wide flag: threads of a threaded server
        must not undo each other's toggle (a damaged image accepted, the flag left off)."""
        import weasyprint  # noqa: F401  (sets Pillow's LOAD_TRUNCATED_IMAGES process-wide)

        assert ImageFile.LOAD_TRUNCATED_IMAGES is True
        decode = ImageFile.ImageFile.load
        start = threading.Barrier(8)

        def slow_decode(image):
            time.sleep(0.02)  # widen the window in which another thread runs
            return decode(image)

        monkeypatch.setattr(ImageFile.ImageFile, "load", slow_decode)
        good, damaged = samples.png_bytes(), samples.png_bytes()[:45]

        def attempt(number: int) -> str:
            data = damaged if number % 2 else good
            if number < 8:
                start.wait(timeout=10)
            try:
                accept_upload(upload("photo.png", data), policy=IMAGES)
            except ValidationError as error:
                return f"{number % 2}:{error.code}"
            return f"{number % 2}:accepted"

        with ThreadPoolExecutor(max_workers=8) as pool:
            outcomes = list(pool.map(attempt, range(32)))

        assert set(outcomes) == {"0:accepted", "1:bad_image"}
        assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # WeasyPrint's setting is left as it was


class TestImages:
    def test_jpeg_loses_gps_and_camera_and_keeps_its_orientation(self):
        original = samples.jpeg_with_gps(width=40, height=20, orientation=6)
        with Image.open(io.BytesIO(original)) as before:
            assert before.getexif().get_ifd(samples.GPS_IFD)

        accepted = accept_upload(upload("IMG_0001.jpg", original), policy=IMAGES)

        assert accepted.metadata_stripped is True
        with Image.open(io.BytesIO(accepted.data)) as after:
            exif = after.getexif()
            assert not exif.get_ifd(samples.GPS_IFD)
            assert samples.GPS_IFD not in exif
            assert samples.CAMERA_MAKE not in exif
            assert after.size == (20, 40)  # orientation 6 applied to the pixels
        assert b"PhoneMaker" not in accepted.data
        assert accepted.original_sha256 == hashlib.sha256(original).hexdigest()
        assert accepted.sha256 == hashlib.sha256(accepted.data).hexdigest()


class TestPdf:
    def test_info_dictionary_and_xmp_are_removed(self):
        original = samples.pdf_with_metadata()
        before = PdfReader(io.BytesIO(original))
        assert before.metadata["/Author"] == "Budi Santoso"
        assert before.xmp_metadata is not None

        accepted = accept_upload(upload("laporan.pdf", original), policy=EVERYTHING)

        after = PdfReader(io.BytesIO(accepted.data))
        assert after.metadata is None
        assert after.xmp_metadata is None
        assert "/Metadata" not in after.trailer["/Root"]
        assert len(after.pages) == 1
        for secret in (b"Budi Santoso", b"Laporan rahasia", b"Kantor Camat"):
            assert secret not in accepted.data
        assert accepted.metadata_stripped is True
        assert accepted.sha256 == hashlib.sha256(accepted.data).hexdigest()

    def test_a_signed_pdf_is_kept_byte_for_byte(self):
        original = samples.pdf_with_metadata(signed=True)
        accepted = accept_upload(upload("signed.pdf", original), policy=EVERYTHING)
        assert accepted.data == original
        assert accepted.metadata_stripped is False

    def test_a_pdf_that_needs_a_password_is_refused(self):
        error = refusal("locked.pdf", samples.pdf_with_metadata(password="rahasia"))
        assert error.messages == [
            "The PDF is protected with a password; upload it without the password."
        ]

    def test_a_damaged_pdf_is_refused(self):
        error = refusal("scan.pdf", samples.DAMAGED_PDF)
        assert error.messages == ["The PDF could not be read; it may be damaged."]

    def test_a_clean_pdf_comes_back_unchanged(self):
        accepted = accept_upload(upload("scan.pdf", samples.PDF), policy=EVERYTHING)
        assert accepted.data == samples.PDF


class TestOffice:
    def test_docx_loses_its_properties_and_still_opens(self):
        from docx import Document

        original = samples.docx_with_metadata(author="Budi Santoso", company="Kantor Camat")
        assert "Budi Santoso" in core_xml(original)

        accepted = accept_upload(upload("statement.docx", original), policy=EVERYTHING)

        assert accepted.file_type.key == "docx"
        assert accepted.metadata_stripped is True
        assert "creator" not in core_xml(accepted.data)
        with zipfile.ZipFile(io.BytesIO(accepted.data)) as package:
            assert b"Kantor Camat" not in package.read("docProps/app.xml")
            assert b"Budi Santoso" not in package.read("docProps/custom.xml")
            assert {e.date_time for e in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            assert package.testzip() is None
        document = Document(io.BytesIO(accepted.data))
        assert [p.text for p in document.paragraphs] == ["Witness statement"]
        assert document.core_properties.author == ""
        assert document.core_properties.title == ""

    def test_xlsx_loses_its_creator_and_still_opens(self):
        from openpyxl import load_workbook

        accepted = accept_upload(upload("list.xlsx", samples.xlsx_with_metadata()),
                                 policy=EVERYTHING)

        assert "Budi Santoso" not in core_xml(accepted.data)
        workbook = load_workbook(io.BytesIO(accepted.data))
        assert workbook.active["A1"].value == "Attendance list"
        assert workbook.properties.creator != "Budi Santoso"

    def test_pptx_is_recognised_and_cleaned(self):
        accepted = accept_upload(upload("slides.pptx", samples.pptx_with_metadata()),
                                 policy=EVERYTHING)
        assert accepted.file_type.key == "pptx"
        assert "Budi Santoso" not in core_xml(accepted.data)

    def test_a_package_with_duplicate_entries_is_refused(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as package:
            package.writestr("[Content_Types].xml", "<Types/>")
            package.writestr("word/document.xml", "<w:document/>")
            with pytest.warns(UserWarning, match="Duplicate name"):
                package.writestr("word/document.xml", "<w:document>other</w:document>")
        error = refusal("twice.docx", out.getvalue())
        assert error.messages == ["The document could not be read; it may be damaged."]

    def test_stripping_is_idempotent(self):
        once, _ = strip_office_metadata(samples.docx_with_metadata())
        twice, _ = strip_office_metadata(once)
        assert core_xml(once) == core_xml(twice)


class TestTypeAndSize:
    def test_a_pdf_name_over_png_content_is_refused(self):
        error = refusal("invoice.pdf", samples.png_bytes())
        assert error.code == "type_mismatch"
        assert error.messages == ["The file says .pdf but its content is a PNG image."]

    def test_content_the_policy_does_not_list_is_refused_with_what_is_accepted(self):
        error = refusal("scan.pdf", samples.PDF, IMAGES)
        assert error.code == "type_refused"
        assert error.messages == [
            "This kind of file is not accepted: its content is a PDF document. "
            "Accepted: a JPEG image, a PNG image."
        ]

    def test_a_name_the_policy_accepts_over_other_content_is_a_mismatch(self):
        error = refusal("photo.jpg", samples.PDF, IMAGES)
        assert error.messages == ["The file says .jpg but its content is a PDF document."]

    def test_empty_and_too_big(self, settings):
        assert refusal("a.txt", b"").messages == ["The file is empty."]
        settings.NETRA_UPLOAD_MAX_BYTES = 1024 * 1024
        error = refusal("a.txt", b"a" * (1536 * 1024))
        assert error.code == "too_big"
        assert error.messages == ["The file is 1.5 MB; the limit is 1 MB."]

    def test_size_is_checked_on_the_bytes_when_nothing_is_declared(self):
        small = UploadPolicy(types=frozenset({"text"}), max_bytes=10)
        stream = io.BytesIO(b"x" * 50)
        stream.name = "a.txt"
        with pytest.raises(ValidationError) as refused:
            accept_upload(stream, policy=small)
        assert refused.value.code == "too_big"

    def test_accepted_file_carries_name_type_size_and_hash(self):
        data = "Kronologi: pukul 09.00 …".encode()
        accepted = accept_upload(upload("../../etc/kronologi.txt", data), policy=EVERYTHING)
        assert isinstance(accepted, AcceptedFile)
        assert accepted.name == "kronologi.txt"
        assert accepted.content_type == "text/plain"
        assert accepted.extension == "txt"
        assert accepted.size == len(data)
        assert accepted.sha256 == hashlib.sha256(data).hexdigest()
        assert accepted.metadata_stripped is False

    def test_a_policy_with_unknown_types_is_a_programming_error(self):
        with pytest.raises(ValueError, match="exe"):
            UploadPolicy(types=frozenset({"png", "exe"}))


class TestCount:
    def test_count_limit_with_default_and_own_message(self, settings):
        settings.NETRA_UPLOAD_MAX_FILES = 3
        check_file_count(2)
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            check_file_count(3)
        assert refused.value.messages == ["This already holds the maximum of 3 files."]
        with pytest.raises(ValidationError) as refused:
            check_file_count(5, limit=5, message="Activity full (%(limit)d).")
        assert refused.value.messages == ["Activity full (5)."]
        assert refused.value.code == "too_many_files"
