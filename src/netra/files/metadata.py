"""Metadata stripping (penghapusan metadata) and the image pixel limit.

* Images (JPEG, PNG, WebP, GIF) are re-encoded without EXIF (GPS location, camera serial), XMP or
  comments; a still photo's EXIF orientation is applied to the pixels first so it looks the same.
  The pixel count is read from the header and checked BEFORE any pixel is decoded: a
  12,000 × 12,000 PNG of a few hundred kilobytes is refused without allocating its 430 MB.
* PDFs lose their document information dictionary (/Author, /Title, /Creator, /Producer …), every
  XMP ``/Metadata`` stream and ``/PieceInfo`` application data, and are rewritten from their object
  graph (earlier incremental revisions, which may still hold old metadata, are dropped). A
  digitally signed PDF is kept byte for byte: rewriting it would break the signature.
* Office documents (docx, xlsx, pptx) get empty-but-valid ``docProps/core.xml`` (author, last
  editor, dates, title), ``app.xml`` (application, company, template, editing time) and
  ``custom.xml``; every zip entry gets a fixed timestamp. The document itself is untouched and
  opens as before. Comments and tracked changes keep their authors: they are content.
* Video and audio are stored as they are (their tags are not stripped).
"""

from __future__ import annotations

import io
import posixpath
import threading
import zipfile
from typing import cast
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError
from pypdf.generic import DictionaryObject, NameObject

from .types import FileType

KEEP_IMAGE_INFO = ("icc_profile", "transparency", "duration", "loop", "dpi", "background")


def megapixels(pixels: int) -> str:
    """A pixel count in megapixels, localised (``144``, ``0,5``)."""
    value = pixels / 1_000_000
    places = 0 if value >= 10 or value == int(value) else 1
    return number_format(round(value, places), decimal_pos=places)


def _too_many_pixels(width: int, height: int, limit: int) -> ValidationError:
    return ValidationError(
        _("The image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); the limit is "
          "%(limit)s megapixels.")
        % {"width": width, "height": height, "megapixels": megapixels(width * height),
           "limit": megapixels(limit)},
        code="too_many_pixels",
    )


def _bad_image() -> ValidationError:
    return ValidationError(_("The image could not be read; it may be damaged."), code="bad_image")


def _open_image(data: bytes, file_type: FileType, max_pixels: int) -> Image.Image:
    """Open an image reading only its header, and refuse it when it has more than
    ``max_pixels`` pixels (before anything is decoded). The caller closes it."""
    try:
        image = Image.open(io.BytesIO(data), formats=[file_type.image_format])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own guard (twice MAX_IMAGE_PIXELS) fired while reading the header.
        raise ValidationError(
            _("The image has too many pixels; the limit is %(limit)s megapixels.")
            % {"limit": megapixels(max_pixels)},
            code="too_many_pixels",
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise _bad_image() from exc
    width, height = image.size
    if width * height > max_pixels:
        image.close()
        raise _too_many_pixels(width, height, max_pixels)
    return image


# Pillow reads ``ImageFile.LOAD_TRUNCATED_IMAGES`` (one process-wide flag, which WeasyPrint sets
# True on import) while decoding, and has no per-image switch. A damaged upload must be refused,
# so intake decodes with the flag off. Unguarded, two threads of a threaded server interleave
# their save/set/restore: one decodes with the flag back on (a truncated image is accepted) and
# the flag ends off for good (WeasyPrint then fails on an image it would have tolerated). All
# of Netra's toggling goes through this lock, held for the decode only.
_TRUNCATED_FLAG_LOCK = threading.Lock()


def _load_strictly(image: Image.Image) -> None:
    """Decode ``image`` refusing truncated data (``OSError``), whatever the process-wide flag,
    and leave the flag as it was."""
    with _TRUNCATED_FLAG_LOCK:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def check_image_pixels(data: bytes, file_type: FileType, *, max_pixels: int) -> None:
    """Refuse an image over ``max_pixels`` (header only, nothing decoded)."""
    _open_image(data, file_type, max_pixels).close()


def strip_image_metadata(data: bytes, file_type: FileType, *, max_pixels: int) -> bytes:
    """Re-encode an image without EXIF (GPS location, camera serial), XMP or comments, keeping
    its visible orientation (EXIF orientation is applied to the pixels first). Images over
    ``max_pixels`` are refused before they are decoded."""
    image = _open_image(data, file_type, max_pixels)
    try:
        with image:
            _load_strictly(image)
            frames = getattr(image, "n_frames", 1)
            # Animations keep their frames as they are; a still photo gets its orientation.
            clean = image if frames > 1 else ImageOps.exif_transpose(image)
            clean.info = {k: v for k, v in image.info.items() if k in KEEP_IMAGE_INFO}
            out = io.BytesIO()
            options: dict = {"format": file_type.image_format}
            if "icc_profile" in clean.info:
                options["icc_profile"] = clean.info["icc_profile"]
            if file_type.image_format == "JPEG":
                if clean.mode not in ("RGB", "L", "CMYK"):
                    clean = clean.convert("RGB")
                options["quality"] = 95
            elif file_type.image_format == "WEBP":
                options.update(quality=95)
            if frames > 1:
                options["save_all"] = True
            clean.save(out, **options)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombError) as exc:
        raise _bad_image() from exc


# --- PDF ---------------------------------------------------------------------------------------

PDF_PRIVATE_KEYS = (NameObject("/Metadata"), NameObject("/PieceInfo"))


def _bad_pdf() -> ValidationError:
    return ValidationError(_("The PDF could not be read; it may be damaged."), code="bad_pdf")


def _is_signed(reader: PdfReader) -> bool:
    # The document catalogue is always a dictionary (pypdf raises on a file without one).
    root = cast(DictionaryObject, reader.trailer["/Root"].get_object())
    if "/Perms" in root:
        return True
    form = root.get("/AcroForm")
    if form is None:
        return False
    flags = form.get_object().get("/SigFlags", 0)
    try:
        return bool(int(flags) & 1)
    except (TypeError, ValueError):
        return False


def strip_pdf_metadata(data: bytes) -> tuple[bytes, bool]:
    """``(bytes, stripped)``: the PDF without its information dictionary, XMP and /PieceInfo,
    rewritten from its object graph; ``stripped`` says whether that changed anything. A signed
    PDF comes back unchanged.
    Refuses a PDF that cannot be parsed or needs a password."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("password needed")
        if _is_signed(reader):
            return data, False
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        # pypdf has no public iterator over a writer's objects; _objects is its object table.
        for obj in writer._objects:
            if isinstance(obj, DictionaryObject):
                for key in PDF_PRIVATE_KEYS:
                    obj.pop(key, None)
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        out = io.BytesIO()
        writer.write(out)
    except (FileNotDecryptedError, DependencyError) as exc:
        raise ValidationError(
            _("The PDF is protected with a password; upload it without the password."),
            code="pdf_encrypted",
        ) from exc
    except (PdfReadError, PyPdfError, KeyError, ValueError, TypeError, AttributeError,
            RecursionError, OSError) as exc:
        raise _bad_pdf() from exc
    cleaned = out.getvalue()
    return cleaned, cleaned != data


# --- Office (OOXML) ----------------------------------------------------------------------------

REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
APP_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
           "extended-properties")
CUSTOM_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
              "custom-properties")
_XML = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
EMPTY_CORE = (
    _XML + '<cp:coreProperties '
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
).encode()
EMPTY_APP = (
    _XML + '<Properties '
    'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>'
).encode()
EMPTY_CUSTOM = (
    _XML + '<Properties '
    'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>'
).encode()
DEFAULT_PROPERTY_PARTS = {"docProps/core.xml": EMPTY_CORE, "docProps/app.xml": EMPTY_APP,
                          "docProps/custom.xml": EMPTY_CUSTOM}
EMPTY_BY_REL = {CORE_REL: EMPTY_CORE, APP_REL: EMPTY_APP, CUSTOM_REL: EMPTY_CUSTOM}
# A package that unpacks to more than this, or holds more entries, is refused (zip bomb).
MAX_PACKAGE_UNPACKED = 512 * 1024 * 1024
MAX_PACKAGE_ENTRIES = 10_000
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _bad_document() -> ValidationError:
    return ValidationError(_("The document could not be read; it may be damaged."),
                           code="bad_document")


def _property_parts(package: zipfile.ZipFile) -> dict[str, bytes]:
    """Part name → empty replacement for the package's property parts (from ``_rels/.rels``,
    plus the usual ``docProps/*.xml`` names)."""
    parts = dict(DEFAULT_PROPERTY_PARTS)
    # ElementTree (expat) does not resolve external entities or fetch anything, and the part
    # is a few hundred bytes in a genuine package.
    try:
        if package.getinfo("_rels/.rels").file_size > 1024 * 1024:
            return parts
        rels = ElementTree.fromstring(package.read("_rels/.rels"))  # noqa: S314
    except (KeyError, ElementTree.ParseError):
        return parts
    for rel in rels.iter(f"{REL_NS}Relationship"):
        empty = EMPTY_BY_REL.get(rel.get("Type", ""))
        target = rel.get("Target", "")
        if empty is not None and target and rel.get("TargetMode") != "External":
            parts[posixpath.normpath(target.lstrip("/"))] = empty
    return parts


def strip_office_metadata(data: bytes) -> tuple[bytes, bool]:
    """``(bytes, stripped)``: the OOXML package with empty property parts and fixed entry
    timestamps. Refuses a package that is damaged, encrypted, ambiguous or a zip bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
            names = [e.filename for e in entries]
            if (len(entries) > MAX_PACKAGE_ENTRIES or len(set(names)) != len(names)
                    or sum(e.file_size for e in entries) > MAX_PACKAGE_UNPACKED
                    or any(e.flag_bits & 0x1 for e in entries)):
                raise _bad_document()
            replace = _property_parts(package)
            out = io.BytesIO()
            stripped = False
            with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as clean:
                for entry in entries:
                    info = zipfile.ZipInfo(entry.filename, date_time=ZIP_EPOCH)
                    info.compress_type = (zipfile.ZIP_STORED
                                          if entry.compress_type == zipfile.ZIP_STORED
                                          else zipfile.ZIP_DEFLATED)
                    info.external_attr = 0o600 << 16
                    if entry.filename in replace:
                        clean.writestr(info, replace[entry.filename])
                        stripped = True
                        continue
                    with package.open(entry) as source, clean.open(info, "w") as target:
                        while chunk := source.read(1024 * 1024):
                            target.write(chunk)
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
            NotImplementedError, RuntimeError) as exc:
        raise _bad_document() from exc
    return out.getvalue(), stripped


def strip_metadata(data: bytes, file_type: FileType, *, max_pixels: int) -> tuple[bytes, bool]:
    """``(bytes, stripped)`` for any accepted type: images, PDFs and Office documents are
    cleaned; video, audio and text are returned as they are (``stripped`` False)."""
    if file_type.is_image:
        return strip_image_metadata(data, file_type, max_pixels=max_pixels), True
    if file_type.is_pdf:
        return strip_pdf_metadata(data)
    if file_type.office:
        return strip_office_metadata(data)
    return data, False
