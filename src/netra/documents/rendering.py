"""Rendering: a template and plain data in, PDF or DOCX bytes out.

* HTML body → PDF: the body is rendered by the restricted Django engine, placed in the shared
  A4 page (letterhead, running footer with page numbers) and laid out by WeasyPrint. WeasyPrint
  fetches nothing from the network or the disk: its URL fetcher answers only ``data:`` URIs and
  Netra's own static files (``/static/…``), and refuses everything else.
* HTML body → DOCX: the same page through the small builder in ``html_docx`` (editable Word).
* Word template → DOCX: docxtpl fills the placeholders; the letterhead and footer are whatever
  the office put in its Word file.
* Word template → PDF is not offered (it would need LibreOffice on every server): a kind that
  needs PDF keeps an HTML template, and ``selectors.active_template`` picks by format.
"""

from __future__ import annotations

import io
import logging
import mimetypes
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .engine import render_docx_template, render_html_body
from .models import DocumentTemplate

logger = logging.getLogger(__name__)

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {"pdf": "application/pdf", "docx": DOCX_MIME}
# Relative URLs in a template resolve against this origin, which the fetcher maps to Netra's
# static files; nothing is ever requested from it.
BASE_URL = "https://netra.invalid/"


class DocumentError(Exception):
    """The layout engine could not produce the file."""


@dataclass(frozen=True)
class RenderedDocument:
    """Bytes of a generated document with its type."""

    data: bytes
    fmt: str
    template: DocumentTemplate
    # The plain text of the body (what a reader sees, without letterhead and footer): for
    # checks such as ``placeholders.find_placeholders``.
    text: str = ""

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.fmt]


def _static_path(url: str) -> Path | None:
    """The file behind a URL under ``BASE_URL`` + ``STATIC_URL``, if Netra serves it."""
    prefix = BASE_URL.rstrip("/") + settings.STATIC_URL
    if not url.startswith(prefix):
        return None
    relative = unquote(urlsplit(url).path[len(urlsplit(prefix).path) :])
    if not relative or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


def url_fetcher():
    """A WeasyPrint URL fetcher that serves ``data:`` URIs and Netra's static files only.

    Every refused URL is logged and kept in ``refused`` (a template cannot reach the network,
    the cloud metadata service or local files such as ``/etc/passwd``)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if url.lower().startswith("data:"):
                return super().fetch(url, headers)
            path = _static_path(url)
            if path is None:
                self.refused.append(url)
                logger.warning("Document rendering refused to fetch %s", url)
                raise ValueError(f"Documents may not fetch {url}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    return StaticOnlyFetcher()


def page_html(
    *, body: str, title: str, language: str, letterhead: dict | None = None, footer: str = ""
) -> str:
    """The shared A4 page around a rendered body."""
    return render_to_string(
        "documents/page.html",
        {
            "title": title,
            "language": language,
            "letterhead": letterhead or {},
            "body": mark_safe(body),  # noqa: S308 - the admin's template output, autoescaped
            "footer": footer,
        },
    )


_fonts = threading.local()


def _font_config(html: str):
    """The WeasyPrint font configuration for ``html``: one per thread, reused from document to
    document (building one loads every system font through Fontconfig, about a fifth of the
    time of a one-page letter), unless the document declares fonts of its own (``@font-face``,
    which WeasyPrint adds to the configuration it is given): those get a fresh one, so that no
    document sees another's fonts."""
    from weasyprint.text.fonts import FontConfiguration

    if "@font-face" in html.lower():
        return FontConfiguration()
    config = getattr(_fonts, "config", None)
    if config is None:
        config = _fonts.config = FontConfiguration()
    return config


def html_to_pdf(html: str, *, fetcher=None) -> bytes:
    """HTML → PDF with WeasyPrint and the static-only fetcher."""
    from weasyprint import HTML

    try:
        return HTML(
            string=html, base_url=BASE_URL, url_fetcher=fetcher or url_fetcher()
        ).write_pdf(font_config=_font_config(html))
    except Exception as exc:
        raise DocumentError(str(exc)) from exc


def html_to_docx(html: str, *, title: str) -> bytes:
    from .html_docx import to_docx

    return to_docx(html, title=title)


def reproducible_zip(data: bytes) -> bytes:
    """The same DOCX with fixed member timestamps, so that rendering the same data twice gives
    the same bytes (and the same SHA-256); python-docx stamps members with the current time."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def render_template(
    *,
    template: DocumentTemplate,
    context: dict,
    fmt: str,
    letterhead: dict | None = None,
    footer: str = "",
) -> RenderedDocument:
    """Render ``template`` with ``context`` as ``fmt`` (``pdf`` or ``docx``).

    ``letterhead`` (``name``, ``address``, ``phone``, ``email``) and ``footer`` apply to HTML
    templates; a Word template carries its own. Raises ``DocumentError``."""
    if fmt not in CONTENT_TYPES:
        raise DocumentError(f"Unknown format {fmt!r}")
    if template.is_docx:
        if fmt != "docx":
            raise DocumentError("A Word template produces DOCX only")
        with template.docx_file.open("rb") as handle:
            source = handle.read()
        data = reproducible_zip(render_docx_template(source, context))
        return RenderedDocument(data, fmt, template, text=docx_text(data))
    body = render_html_body(template.body, context)
    html = page_html(
        body=body,
        title=template.title,
        language=template.language,
        letterhead=letterhead,
        footer=footer,
    )
    if fmt == "pdf":
        data = html_to_pdf(html)
    else:
        data = reproducible_zip(html_to_docx(html, title=template.title))
    return RenderedDocument(data, fmt, template, text=html_text(body))


def html_text(html: str) -> str:
    """The text a reader sees in an HTML fragment (tags removed, entities decoded)."""
    import html as html_module

    from django.utils.html import strip_tags

    return html_module.unescape(strip_tags(html))


def docx_text(data: bytes) -> str:
    """The text of a DOCX: paragraphs and table cells of the body."""
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)
