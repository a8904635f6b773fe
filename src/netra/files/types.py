"""Kinds of file Netra accepts, recognised by their bytes (never by the name or the browser's
content type).

``filetype`` sniffs the signature; Office documents must be real OOXML packages (a zip with
``[Content_Types].xml`` and the main part of a Word, Excel or PowerPoint file); text must be UTF-8
without NUL bytes. ``sniff`` compares what the bytes are with what the name claims and with what
a policy allows, and says in words what is wrong.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class FileType:
    """An accepted kind of file (jenis berkas)."""

    key: str
    mime: str
    extension: str  # used on disk
    label: Promise | str  # lazy translation: "a PDF document"
    claimed_by: frozenset[str]  # file-name extensions that may carry it
    image_format: str = ""  # Pillow format when the file is an image (re-encoded on intake)
    office: bool = False  # an OOXML package (docProps rewritten on intake)

    @property
    def is_image(self) -> bool:
        return bool(self.image_format)

    @property
    def is_pdf(self) -> bool:
        return self.key == "pdf"

    @property
    def is_media(self) -> bool:
        return self.mime.startswith(("audio/", "video/"))


def _ft(key, mime, extension, label, claimed_by, image_format="", office=False) -> FileType:
    return FileType(key, mime, extension, label, frozenset(claimed_by), image_format, office)


FILE_TYPES: dict[str, FileType] = {
    t.key: t
    for t in (
        _ft("jpeg", "image/jpeg", "jpg", gettext_lazy("a JPEG image"),
            {"jpg", "jpeg", "jpe", "jfif"}, "JPEG"),
        _ft("png", "image/png", "png", gettext_lazy("a PNG image"), {"png"}, "PNG"),
        _ft("webp", "image/webp", "webp", gettext_lazy("a WebP image"), {"webp"}, "WEBP"),
        _ft("gif", "image/gif", "gif", gettext_lazy("a GIF image"), {"gif"}, "GIF"),
        _ft("pdf", "application/pdf", "pdf", gettext_lazy("a PDF document"), {"pdf"}),
        _ft("mp4", "video/mp4", "mp4", gettext_lazy("an MP4 video"), {"mp4", "m4v"}),
        _ft("m4a", "audio/mp4", "m4a", gettext_lazy("M4A audio"), {"m4a", "mp4"}),
        _ft("mp3", "audio/mpeg", "mp3", gettext_lazy("MP3 audio"), {"mp3"}),
        _ft("ogg", "audio/ogg", "ogg", gettext_lazy("OGG audio"), {"ogg", "oga", "opus"}),
        _ft("docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx", gettext_lazy("a Word document"), {"docx"}, office=True),
        _ft("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx", gettext_lazy("an Excel workbook"), {"xlsx"}, office=True),
        _ft("pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "pptx", gettext_lazy("a PowerPoint presentation"), {"pptx"}, office=True),
        _ft("text", "text/plain", "txt", gettext_lazy("plain text"),
            {"txt", "text", "csv", "log", "md"}),
    )
}
IMAGE_TYPES = frozenset(k for k, t in FILE_TYPES.items() if t.is_image)

# filetype's names for the accepted kinds.
SNIFFED = {"jpg": "jpeg", "png": "png", "apng": "png", "webp": "webp", "gif": "gif",
           "pdf": "pdf", "mp4": "mp4", "m4v": "mp4", "m4a": "m4a", "mp3": "mp3", "ogg": "ogg"}
EXECUTABLES = {"exe", "elf", "wasm", "deb", "rpm", "crx", "swf", "nes", "cab"}
ARCHIVES = {"zip", "tar", "rar", "gz", "bz2", "7z", "xz", "zst", "lz", "lz4", "lzo", "Z", "br",
            "ar", "epub"}
# Main part of each OOXML package kind.
OFFICE_MAIN_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx",
                     "ppt/presentation.xml": "pptx"}


def file_types(keys: Iterable[str]) -> list[FileType]:
    """The ``FileType`` of each key; ``KeyError`` for an unknown key (a programming error)."""
    return [FILE_TYPES[k] for k in keys]


def describe(kind) -> str:
    """What content that is not accepted is, in words."""
    if kind is None:
        return _("binary data of an unknown type")
    ext = kind.extension
    if ext in EXECUTABLES:
        return _("an executable program")
    if ext in ARCHIVES:
        return _("a compressed archive")
    if kind.mime.startswith("image/"):
        return _("an image in %(format)s format") % {"format": ext.upper()}
    if kind.mime.startswith(("audio/", "video/")):
        return _("media in %(format)s format") % {"format": ext.upper()}
    return _("a %(format)s file") % {"format": ext.upper()}


def office_type(data: bytes) -> str | None:
    """``docx``, ``xlsx`` or ``pptx`` when ``data`` is a genuine OOXML package, else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for part, key in OFFICE_MAIN_PARTS.items():
        if part in names:
            return key
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def detect(data: bytes) -> tuple[FileType | None, str]:
    """What ``data`` is: a known ``FileType``, or None and a description of the content."""
    kind = filetype.guess(data)
    if kind is not None and kind.extension in SNIFFED:
        return FILE_TYPES[SNIFFED[kind.extension]], ""
    if kind is not None and kind.extension in {"zip", "docx", "xlsx", "pptx"}:
        office = office_type(data)
        if office:
            return FILE_TYPES[office], ""
        return None, _("a compressed archive") if kind.extension == "zip" else describe(kind)
    if kind is None and _is_text(data):
        return FILE_TYPES["text"], ""
    return None, describe(kind)


def extension_of(file_name: str) -> str:
    return os.path.splitext(file_name)[1].lower().lstrip(".")


def sniff(data: bytes, file_name: str, *, allowed: frozenset[str], summary: str) -> FileType:
    """The type of ``data`` when ``allowed`` lists it and the name does not claim another type;
    otherwise a ``ValidationError`` saying what the content is (``type_mismatch`` when the name
    claims another type, ``type_refused`` when the content is not accepted here)."""
    claimed = extension_of(file_name)
    found, actual = detect(data)
    found_allowed = found is not None and found.key in allowed
    if found is not None and found_allowed and (not claimed or claimed in found.claimed_by):
        return found
    what = str(found.label) if found is not None else actual
    claims_allowed = any(claimed in FILE_TYPES[k].claimed_by for k in allowed)
    if claimed and (found_allowed or claims_allowed):
        raise ValidationError(
            _("The file says .%(ext)s but its content is %(actual)s.")
            % {"ext": claimed, "actual": what},
            code="type_mismatch",
        )
    raise ValidationError(
        _("This kind of file is not accepted: its content is %(actual)s. %(accepted)s")
        % {"actual": what, "accepted": summary},
        code="type_refused",
    )
