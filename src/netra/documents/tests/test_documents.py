"""Shared document generation: the registry with a kind that is not a case document, HTML → PDF
with WeasyPrint, Word templates with docxtpl placeholders, template validation at save time
(model and admin), and the URL fetcher that keeps templates off the network and the disk."""

import io
import urllib.request
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from docx import Document
from pypdf import PdfReader

from netra.documents import registry
from netra.documents.models import DocumentTemplate
from netra.documents.rendering import (
    DOCX_MIME,
    DocumentError,
    html_to_pdf,
    page_html,
    render_template,
    url_fetcher,
)
from netra.documents.selectors import active_template

KEY = "testing.letter"


def sample() -> dict:
    return {
        "today": "1 April 2024",
        "person": {"name": "", "position": ""},
        "items": [{"label": ""}],
    }


CONTEXT = {
    "today": "1 April 2024",
    "person": {"name": "Dewi Lestari", "position": "Kepala Desa"},
    "items": [{"label": "Spanduk"}, {"label": "Baliho"}],
}


@pytest.fixture(autouse=True)
def test_kind():
    """A document kind of an imaginary module: the registry is not only for cases."""
    registry.register_kind(
        key=KEY, label="Test letter", sample_context=sample, help_text="person, items, today"
    )
    yield registry.get_kind(KEY)
    registry.unregister_kind(KEY)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


def make_docx(*paragraphs: str, footer: str = "") -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [p.text for p in document.sections[0].footer.paragraphs]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def html_template(body: str, **kw) -> DocumentTemplate:
    fields = {"key": KEY, "language": "id", "title": "Surat Uji", "valid_from": date(2024, 1, 1)}
    fields.update(kw)
    template = DocumentTemplate(body=body, **fields)
    template.full_clean()
    template.save()
    return template


def docx_template(data: bytes, **kw) -> DocumentTemplate:
    fields = {"key": KEY, "language": "id", "title": "Surat Word", "valid_from": date(2024, 1, 1)}
    fields.update(kw)
    template = DocumentTemplate(docx_file=ContentFile(data, name="surat.docx"), **fields)
    template.full_clean()
    template.save()
    return template


@pytest.mark.django_db
class TestRendering:
    def test_html_template_to_pdf(self):
        template = html_template(
            "<h1>SURAT UJI</h1><p>Kepada {{ person.name }}, {{ person.position }}</p>"
            "<ol>{% for i in items %}<li>{{ i.label }}</li>{% endfor %}</ol>"
        )
        rendered = render_template(
            template=template,
            context=CONTEXT,
            fmt="pdf",
            letterhead={"name": "Bawaslu Kota Serang", "address": "Jl. Ahmad Yani"},
            footer="001/TEST · Surat Uji",
        )
        assert rendered.data.startswith(b"%PDF")
        assert rendered.content_type == "application/pdf"
        reader = PdfReader(io.BytesIO(rendered.data))
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
        text = pdf_text(rendered.data)
        for value in (
            "SURAT UJI",
            "Dewi Lestari",
            "Kepala Desa",
            "Spanduk",
            "Baliho",
            "BAWASLU KOTA SERANG",
            "001/TEST",
        ):
            assert value in text, value

    def test_html_template_to_docx(self):
        template = html_template("<h1>SURAT UJI</h1><p>Kepada {{ person.name }}</p>")
        rendered = render_template(
            template=template, context=CONTEXT, fmt="docx", footer="001/TEST"
        )
        assert rendered.content_type == DOCX_MIME
        text = docx_text(rendered.data)
        assert "Kepada Dewi Lestari" in text
        assert "001/TEST" in text

    def test_docx_template_with_placeholders_to_docx(self, media):
        template = docx_template(
            make_docx(
                "Kepada Yth. {{ person.name }} ({{ person.position }})",
                "{% for i in items %}{{ i.label }}; {% endfor %}",
                footer="Serang, {{ today }}",
            )
        )
        assert template.is_docx
        assert template.formats == ("docx",)
        rendered = render_template(template=template, context=CONTEXT, fmt="docx")
        text = docx_text(rendered.data)
        assert "Kepada Yth. Dewi Lestari (Kepala Desa)" in text
        assert "Spanduk; Baliho;" in text
        assert "Serang, 1 April 2024" in text
        assert "{{" not in text

    def test_docx_template_escapes_markup_in_values(self, media):
        template = docx_template(make_docx("Nama: {{ person.name }}"))
        context = dict(CONTEXT, person={"name": "A & B <w:p/>", "position": ""})
        rendered = render_template(template=template, context=context, fmt="docx")
        assert "Nama: A & B <w:p/>" in docx_text(rendered.data)

    def test_docx_template_gives_no_pdf(self, media):
        template = docx_template(make_docx("{{ person.name }}"))
        with pytest.raises(DocumentError):
            render_template(template=template, context=CONTEXT, fmt="pdf")

    def test_rendering_the_same_data_later_gives_the_same_bytes(self, media):
        html = html_template("<p>{{ person.name }}</p>")
        word = docx_template(make_docx("{{ person.name }}"), title="Word")
        for template, fmt in ((html, "pdf"), (html, "docx"), (word, "docx")):
            with time_machine.travel(datetime(2024, 4, 1, 9, tzinfo=UTC), tick=False):
                first = render_template(template=template, context=CONTEXT, fmt=fmt).data
            with time_machine.travel(datetime(2024, 4, 2, 15, tzinfo=UTC), tick=False):
                second = render_template(template=template, context=CONTEXT, fmt=fmt).data
            assert first == second, fmt

    def test_static_files_and_data_uris_load_anything_else_is_refused(self, monkeypatch):
        fetcher = url_fetcher()
        assert fetcher.fetch("data:text/plain;base64,SGFsbw==").read() == b"Halo"

        def no_network(*args, **kwargs):
            raise AssertionError("the renderer tried to open a URL")

        monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
        for url in (
            "http://169.254.169.254/latest/meta-data/",
            "https://example.org/x.png",
            "file:///etc/passwd",
            "https://netra.invalid/etc/passwd",
            "https://netra.invalid/static/../../etc/passwd",
            "ftp://example.org/a",
        ):
            with pytest.raises(ValueError, match="may not fetch"):
                fetcher.fetch(url)
        assert fetcher.refused == [
            "http://169.254.169.254/latest/meta-data/",
            "https://example.org/x.png",
            "file:///etc/passwd",
            "https://netra.invalid/etc/passwd",
            "https://netra.invalid/static/../../etc/passwd",
            "ftp://example.org/a",
        ]
        css = fetcher.fetch("https://netra.invalid/static/netra/netra.css")
        assert css.read()

    def test_a_template_cannot_fetch_while_rendering(self, monkeypatch):
        opened = []
        monkeypatch.setattr(
            urllib.request.OpenerDirector, "open", lambda self, url, *a, **k: opened.append(url)
        )
        fetcher = url_fetcher()
        html = page_html(
            body='<p>Isi</p><img src="http://169.254.169.254/x"><img src="/etc/passwd">'
            '<link rel="stylesheet" href="file:///etc/passwd">',
            title="Uji",
            language="id",
        )
        data = html_to_pdf(html, fetcher=fetcher)
        assert "Isi" in pdf_text(data)
        assert "root:" not in pdf_text(data)
        assert opened == []
        assert "http://169.254.169.254/x" in fetcher.refused
        assert "https://netra.invalid/etc/passwd" in fetcher.refused
        assert "file:///etc/passwd" in fetcher.refused


@pytest.mark.django_db
class TestValidation:
    def test_unknown_placeholder_in_html_is_refused_with_its_name(self):
        template = DocumentTemplate(
            key=KEY,
            language="id",
            title="Salah",
            body="<p>{{ person.nmae }} {{ nosuch }}</p>",
            valid_from=date(2024, 1, 1),
        )
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            template.full_clean()
        messages = refused.value.message_dict["body"]
        assert messages[0].startswith("Unknown placeholder “person.nmae”.")
        assert "items, person, today" in messages[0]
        assert messages[1].startswith("Unknown placeholder “nosuch”.")

    @pytest.mark.parametrize(
        "body",
        [
            "{% for i in items %}{{ i.lable }}{% endfor %}",
            "{% if person.nam %}x{% endif %}",
            "{{ today|default:person.x }}",
            "{% with p=person %}{{ p.age }}{% endwith %}",
            "{% load i18n %}{% blocktranslate with n=person.nama %}{{ n }}{% endblocktranslate %}",
            "{% load i18n %}{% blocktranslate %}{{ salah }}{% endblocktranslate %}",
        ],
    )
    def test_unknown_placeholders_are_found_everywhere(self, body):
        template = DocumentTemplate(
            key=KEY, language="id", title="Salah", body=body, valid_from=date(2024, 1, 1)
        )
        with pytest.raises(ValidationError) as refused:
            template.full_clean()
        assert refused.value.error_dict["body"][0].code == "unknown_placeholder"

    def test_known_placeholders_pass(self):
        html_template(
            "{% load i18n %}{% for i in items %}{{ forloop.counter }}. {{ i.label|upper }}"
            "{% empty %}-{% endfor %}{% if person.name %}{{ person.name }}{% endif %}"
            "{% with p=person %}{{ p.position }}{% endwith %}{{ items.0.label }}"
            "{% blocktranslate with n=person.name %}To {{ n }}{% endblocktranslate %}"
            "{{ person.name.upper }}"
        )

    def test_message_is_in_indonesian(self):
        template = DocumentTemplate(
            key=KEY,
            language="id",
            title="Salah",
            body="{{ person.nmae }}",
            valid_from=date(2024, 1, 1),
        )
        with translation.override("id"), pytest.raises(ValidationError) as refused:
            template.full_clean()
        assert "Placeholder tidak dikenal “person.nmae”" in refused.value.message_dict["body"][0]

    def test_docx_unknown_placeholder_and_syntax_error_are_refused(self, media):
        for paragraphs, code in (
            (["Kepada {{ person.nmae }}"], "unknown_placeholder"),
            (["{% for i in items %}{{ i.lable }}{% endfor %}"], "unknown_placeholder"),
            (["Kepada {{ person.name "], "template_syntax"),
            (["{% for i in items %}tanpa akhir"], "template_syntax"),
        ):
            template = DocumentTemplate(
                key=KEY,
                language="id",
                title="Salah",
                docx_file=ContentFile(make_docx(*paragraphs), name="salah.docx"),
                valid_from=date(2024, 1, 1),
            )
            with pytest.raises(ValidationError) as refused:
                template.full_clean()
            assert refused.value.error_dict["docx_file"][0].code == code, paragraphs

    def test_not_a_word_file_is_refused(self, media):
        template = DocumentTemplate(
            key=KEY,
            language="id",
            title="Salah",
            docx_file=ContentFile(b"%PDF-1.4 nope", name="x.docx"),
            valid_from=date(2024, 1, 1),
        )
        with pytest.raises(ValidationError) as refused:
            template.full_clean()
        assert refused.value.error_dict["docx_file"][0].code == "docx_invalid"

    def test_exactly_one_source_and_a_known_kind(self, media):
        both = DocumentTemplate(
            key=KEY,
            language="id",
            title="Dua",
            body="<p>x</p>",
            docx_file=ContentFile(make_docx("x"), name="x.docx"),
            valid_from=date(2024, 1, 1),
        )
        with pytest.raises(ValidationError) as refused:
            both.full_clean()
        assert refused.value.error_dict["__all__"][0].code == "one_source"
        neither = DocumentTemplate(
            key=KEY, language="id", title="Kosong", valid_from=date(2024, 1, 1)
        )
        with pytest.raises(ValidationError):
            neither.full_clean()
        unknown = DocumentTemplate(
            key="nosuch.kind", language="id", title="X", body="x", valid_from=date(2024, 1, 1)
        )
        with pytest.raises(ValidationError) as refused:
            unknown.full_clean()
        assert "key" in refused.value.message_dict


@pytest.mark.django_db
class TestRegistryAndSelection:
    def test_registry_lists_a_second_module_kind(self, test_kind):
        assert registry.get_kind(KEY) is test_kind
        assert test_kind.app_label == "testing"
        keys = [kind.key for kind in registry.kinds()]
        assert KEY in keys
        assert "cases.recommendation_letter" in keys  # registered by cases' AppConfig
        with pytest.raises(ValueError, match="app.name"):
            registry.register_kind(key="nodot", label="x", sample_context=dict)
        with pytest.raises(ValueError, match="formats"):
            registry.register_kind(
                key="testing.odt", label="x", sample_context=dict, formats=["odt"]
            )

    def test_newest_in_force_by_format_and_language(self, media):
        old_html = html_template("<p>lama</p>", valid_from=date(2020, 1, 1))
        word = docx_template(make_docx("{{ person.name }}"), valid_from=date(2023, 1, 1))
        html_template("<p>masa depan</p>", valid_from=date(2999, 1, 1))
        expired = html_template(
            "<p>habis</p>", valid_from=date(2022, 1, 1), valid_to=date(2022, 12, 31)
        )
        on = date(2024, 6, 1)
        assert active_template(key=KEY, language="id", on=on, fmt="docx") == word
        # PDF comes from the HTML template in force, never from a Word file.
        assert active_template(key=KEY, language="id", on=on, fmt="pdf") == old_html
        assert active_template(key=KEY, language="id", on=date(2022, 6, 1), fmt="pdf") == expired
        # No English template: Indonesian is the fallback; an English one wins once it exists.
        assert active_template(key=KEY, language="en", on=on, fmt="pdf") == old_html
        english = html_template("<p>english</p>", language="en", valid_from=date(2021, 1, 1))
        assert active_template(key=KEY, language="en", on=on, fmt="pdf") == english
        assert active_template(key="testing.other", language="id", on=on, fmt="pdf") is None


@pytest.mark.django_db
class TestAdmin:
    def test_admin_refuses_an_unknown_placeholder_next_to_the_field(self, admin_client):
        url = reverse("admin:documents_documenttemplate_add")
        page = admin_client.get(url)
        assert page.status_code == 200
        assert KEY in page.content.decode()  # the test kind is offered
        response = admin_client.post(
            url,
            {
                "key": KEY,
                "language": "id",
                "title": "Salah",
                "body": "<p>{{ person.nmae }}</p>",
                "valid_from": "2024-01-01",
                "is_active": "on",
            },
            headers={"Accept-Language": "id"},
        )
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert "person.nmae" in errors["body"][0]
        assert not DocumentTemplate.objects.filter(title="Salah").exists()

    def test_admin_accepts_an_uploaded_word_template(self, admin_client, media):
        url = reverse("admin:documents_documenttemplate_add")
        upload = ContentFile(make_docx("Kepada {{ person.name }}"), name="surat.docx")
        response = admin_client.post(
            url,
            {
                "key": KEY,
                "language": "id",
                "title": "Surat Word",
                "body": "",
                "docx_file": upload,
                "valid_from": "2024-01-01",
                "is_active": "on",
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        template = DocumentTemplate.objects.get(title="Surat Word")
        assert template.is_docx
        rendered = render_template(template=template, context=CONTEXT, fmt="docx")
        assert "Kepada Dewi Lestari" in docx_text(rendered.data)
        assert (
            admin_client.get(reverse("admin:documents_documenttemplate_changelist")).status_code
            == 200
        )
        # The change page links the stored file to the admin download, not to a public URL.
        change = admin_client.get(
            reverse("admin:documents_documenttemplate_change", args=[template.pk])
        )
        link = reverse("admin:documents_documenttemplate_docx", args=[template.pk])
        assert f'href="{link}"' in change.content.decode()
        download = admin_client.get(link)
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment;")
        assert b"".join(download.streaming_content).startswith(b"PK")
        # Saving the change form again without a new upload keeps (and re-checks) the file.
        response = admin_client.post(
            reverse("admin:documents_documenttemplate_change", args=[template.pk]),
            {
                "key": KEY,
                "language": "id",
                "title": "Surat Word v2",
                "body": "",
                "valid_from": "2024-01-01",
                "is_active": "on",
            },
        )
        assert response.status_code == 302
        template.refresh_from_db()
        assert template.title == "Surat Word v2"
        assert template.is_docx
