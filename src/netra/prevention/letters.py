"""Generated documents of prevention, through ``netra.documents``: the appeal letter (surat
imbauan) and the KPP cadre certificate (sertifikat kader).

Administrators may upload their own template for each kind (an HTML body for PDF, a Word file
for DOCX); until they do, the built-in HTML default below is used, so a fresh installation
can generate letters at once.
"""

from __future__ import annotations

import functools
import hashlib
import re

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from netra.documents import registry
from netra.documents.models import DocumentTemplate
from netra.documents.rendering import RenderedDocument, render_template
from netra.documents.selectors import active_template

LETTER_KEY = "prevention.appeal_letter"
CERTIFICATE_KEY = "prevention.cadre_certificate"

DEFAULT_LETTER = """<p class="right">{{ office.city }}, {{ letter.date }}</p>
<p>Nomor: {{ letter.number }}<br>Lampiran: -<br>Perihal: <strong>{{ letter.subject }}</strong></p>
<p>Kepada Yth.<br><strong>{{ recipient.addressee|default:"Pimpinan" }} {{ recipient.name }}</strong>
{% if recipient.address %}<br>{{ recipient.address }}{% endif %}
{% if recipient.district %}<br>Kecamatan {{ recipient.district }}{% endif %}<br>di tempat</p>
{% for paragraph in letter.paragraphs %}<p>{{ paragraph }}</p>{% endfor %}
<div class="signature"><p>{{ office.name }}</p><p>&nbsp;</p><p>&nbsp;</p>
<p><strong>{{ signatory|default:"Ketua" }}</strong></p></div>"""

DEFAULT_CERTIFICATE = """<h1>SERTIFIKAT</h1>
<p class="center">Nomor: {{ cadre.certificate_number }}</p>
<p class="center">diberikan kepada</p>
<p class="center"><strong>{{ cadre.name }}</strong></p>
<p class="center">{{ cadre.village }}</p>
<p class="center">sebagai Kader Pengawas Partisipatif (KPP) yang telah mengikuti
{{ training.title|default:"pelatihan kader pengawas partisipatif" }}
pada {{ cadre.trained_on }}.</p>
<div class="signature"><p>{{ office.city }}, {{ today }}</p><p>{{ office.name }}</p>
<p>&nbsp;</p><p>&nbsp;</p><p><strong>Ketua</strong></p></div>"""

LETTER_HELP = _(
    "Available data: office (name, city, address), letter (number, date, subject, paragraphs), "
    "recipient (name, addressee, type, address, district), signatory, today."
)
CERTIFICATE_HELP = _(
    "Available data: office (name, city), cadre (name, village, trained_on, "
    "certificate_number), training (title, dates), today."
)


def letter_sample() -> dict:
    return {
        "office": {"name": "Bawaslu Kota Serang", "city": "Serang", "address": "Jl. Contoh 1"},
        "letter": {"number": "0001/PM.00.02/03/2024", "date": "1 Maret 2024",
                   "subject": "Imbauan netralitas ASN", "paragraphs": ["Dengan hormat."]},
        "recipient": {"name": "SD Negeri 1 Serang", "addressee": "Kepala Sekolah",
                      "type": "Sekolah", "address": "Jl. Contoh 2", "district": "Serang"},
        "signatory": "Ketua",
        "today": "1 Maret 2024",
    }


def certificate_sample() -> dict:
    return {
        "office": {"name": "Bawaslu Kota Serang", "city": "Serang"},
        "cadre": {"name": "Siti Aminah", "village": "Cipare", "trained_on": "1 Maret 2024",
                  "certificate_number": "KPP/2024/00001"},
        "training": {"title": "Pelatihan KPP", "dates": "1 Maret 2024"},
        "today": "1 Maret 2024",
    }


def register_document_kinds() -> None:
    registry.register_kind(key=LETTER_KEY, label=_("Appeal letter (surat imbauan)"),
                           sample_context=letter_sample, help_text=LETTER_HELP)
    registry.register_kind(key=CERTIFICATE_KEY, label=_("KPP cadre certificate"),
                           sample_context=certificate_sample, help_text=CERTIFICATE_HELP)


def _template(key: str, fmt: str, default_title: str, default_body: str) -> DocumentTemplate:
    found = active_template(key=key, language=get_language() or "id",
                            on=timezone.localdate(), fmt=fmt)
    if found is not None:
        return found
    return DocumentTemplate(key=key, language="id", title=default_title, body=default_body)


def _long(value) -> str:
    return date_format(value, "j F Y") if value else ""


def _city(office) -> str:
    from netra.regions.selectors import region_get

    region = region_get(office.region_code) if office.region_code else None
    if region is None:
        return "Jakarta"
    name = region.name
    for prefix in ("Kota ", "Kabupaten ", "Kab. "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _letterhead(office) -> dict:
    return {"name": office.name, "address": office.address, "phone": office.phone,
            "email": office.email}


def letter_context(*, run, recipient, number: str, city: str | None = None) -> dict:
    office = run.office
    return {
        "office": {"name": office.name, "city": city or _city(office),
                   "address": office.address},
        "letter": {"number": number, "date": _long(run.letter_date), "subject": run.subject,
                   "paragraphs": [p.strip() for p in run.message.split("\n\n") if p.strip()]},
        "recipient": {"name": recipient.name, "addressee": recipient.addressee,
                      "type": recipient.get_recipient_type_display(),
                      "address": recipient.address, "district": recipient.district},
        "signatory": "Ketua",
        "today": _long(timezone.localdate()),
    }


def render_letter(*, run, recipient, number: str, fmt: str = "pdf",
                  city: str | None = None) -> RenderedDocument:
    template = _template(LETTER_KEY, fmt, "Surat Imbauan", DEFAULT_LETTER)
    return render_template(template=template, fmt=fmt,
                           context=letter_context(run=run, recipient=recipient, number=number,
                                                  city=city),
                           letterhead=_letterhead(run.office))


def render_letter_pdf(*, run, recipient, number: str) -> tuple[bytes, str]:
    """PDF bytes of one letter and their SHA-256."""
    city = getattr(run, "_city", None)
    if city is None:
        city = run._city = _city(run.office)
    document = render_letter(run=run, recipient=recipient, number=number, city=city)
    return document.data, hashlib.sha256(document.data).hexdigest()


# --- A whole run: one template, one page, one font configuration -----------------------------

_BODY_MARK = "<!--netra-letter-body-->"
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


class LetterRunRenderer:
    """The letters of one run (surat imbauan per penerima), fast.

    Everything that is the same for every letter is prepared once per run: the administrator's
    template is looked up and compiled once, the office's city and letterhead resolved once, the
    shared A4 page (``documents/page.html``) rendered once around a marker and split, so a letter
    is its compiled body rendered with the recipient's fields and put between the two halves.
    Its stylesheet is parsed once into a ``weasyprint.CSS`` with one ``FontConfiguration`` per
    process (fontconfig is not loaded again for every letter) and the page is given to WeasyPrint
    without its ``<style>`` block. The PDF is the same document as ``render_letter_pdf`` makes.
    """

    def __init__(self, run) -> None:
        from netra.documents.engine import template_engine
        from netra.documents.rendering import page_html

        self.run = run
        self.template = _template(LETTER_KEY, "pdf", "Surat Imbauan", DEFAULT_LETTER)
        self.city = _city(run.office)
        self.compiled = (
            None if self.template.is_docx else template_engine().from_string(self.template.body)
        )
        page = page_html(body=_BODY_MARK, title=self.template.title,
                         language=self.template.language, letterhead=_letterhead(run.office))
        found = _STYLE.search(page)
        self.css_text = found.group(1) if found else ""
        if found:
            page = page[:found.start()] + page[found.end():]
        self.head, _mark, self.tail = page.partition(_BODY_MARK)

    def html(self, *, recipient, number: str) -> str:
        """The letter's page without its stylesheet (see ``css_text``)."""
        from django.template import Context

        if self.compiled is None:
            raise TypeError("A Word letter template has no HTML page: use render_letter_pdf")
        context = letter_context(run=self.run, recipient=recipient, number=number,
                                 city=self.city)
        return self.head + self.compiled.render(Context(context)) + self.tail

    def pdf(self, html: str) -> tuple[bytes, str]:
        data = pdf_from_page(html, self.css_text)
        return data, hashlib.sha256(data).hexdigest()


@functools.cache
def _layout_tools(css_text: str):
    """One font configuration, stylesheet and URL fetcher per process and page style."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from netra.documents.rendering import url_fetcher

    fonts = FontConfiguration()
    fetcher = url_fetcher()
    return fonts, CSS(string=css_text, font_config=fonts, url_fetcher=fetcher), fetcher


def pdf_from_page(html: str, css_text: str) -> bytes:
    """Lay out one letter page (a worker process runs this too: plain strings in, bytes out)."""
    from weasyprint import HTML

    from netra.documents.rendering import BASE_URL, DocumentError

    fonts, css, fetcher = _layout_tools(css_text)
    try:
        return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(
            stylesheets=[css], font_config=fonts)
    except Exception as exc:
        raise DocumentError(str(exc)) from exc


def _pdf_job(args: tuple[str, str]) -> bytes:
    return pdf_from_page(*args)


def _spawned_worker() -> None:
    """A spawned layout process: configure Django (settings from the inherited environment)."""
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


class LetterPool:
    """Lays out letters in ``processes`` worker processes, which touch no database and only turn
    page HTML into PDF bytes, or in this process when ``processes`` is 1 or no child process
    can be started (a daemonic worker may not have children). A single-threaded process (a
    command, the Celery task run inline by one) forks, so the children inherit the configured
    Django at no cost; a multi-threaded one (a threaded web server running the task inline)
    spawns fresh processes instead, because forking a threaded process may deadlock the child."""

    def __init__(self, processes: int) -> None:
        self.executor = None
        if processes > 1:
            import multiprocessing
            import threading
            from concurrent.futures import ProcessPoolExecutor

            single = threading.active_count() == 1
            try:
                self.executor = ProcessPoolExecutor(
                    max_workers=processes,
                    mp_context=multiprocessing.get_context("fork" if single else "spawn"),
                    initializer=None if single else _spawned_worker)
            except (ValueError, OSError, AssertionError):
                self.executor = None

    def map(self, pages: list[str], css_text: str) -> list[bytes]:
        if self.executor is not None and len(pages) > 1:
            try:
                return list(self.executor.map(_pdf_job, [(p, css_text) for p in pages]))
            except (AssertionError, OSError, RuntimeError):  # no children here: go on alone
                self.close()
        return [pdf_from_page(page, css_text) for page in pages]

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def render_certificate(*, cadre, fmt: str) -> RenderedDocument:
    from netra.regions.selectors import region_get

    village = region_get(cadre.region_code)
    training = cadre.training
    context = {
        "office": {"name": cadre.office.name, "city": _city(cadre.office)},
        "cadre": {"name": cadre.name, "village": village.name if village else cadre.region_code,
                  "trained_on": _long(cadre.trained_on),
                  "certificate_number": cadre.certificate_number},
        "training": {"title": training.title if training else "",
                     "dates": _long(training.starts_on) if training else ""},
        "today": _long(timezone.localdate()),
    }
    template = _template(CERTIFICATE_KEY, fmt, "Sertifikat KPP", DEFAULT_CERTIFICATE)
    return render_template(template=template, fmt=fmt, context=context,
                           letterhead=_letterhead(cadre.office))
