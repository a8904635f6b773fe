"""What rendering reuses from one document to the next (the demo renders dozens): WeasyPrint's
font configuration per thread, except for a document with fonts of its own; the Word styles
looked up once per DOCX, with the same result as python-docx's style API."""

import io
import threading

from docx import Document
from docx.enum.style import WD_STYLE_TYPE

from netra.documents.html_docx import to_docx
from netra.documents.rendering import _font_config, html_to_pdf

PLAIN = "<html><body><p>Surat</p></body></html>"
OWN_FONT = ("<html><head><style>@font-face { font-family: Kop; src: url(data:font/ttf;base64,) }"
            "</style></head><body><p>Surat</p></body></html>")


def test_the_font_configuration_is_reused_in_a_thread_but_not_for_own_fonts():
    first = _font_config(PLAIN)
    assert _font_config(PLAIN) is first
    assert _font_config(OWN_FONT) is not first
    assert _font_config(OWN_FONT) is not _font_config(OWN_FONT)
    other: list = []
    thread = threading.Thread(target=lambda: other.append(_font_config(PLAIN)))
    thread.start()
    thread.join()
    assert other[0] is not first


def test_pdfs_rendered_one_after_another_are_the_same():
    first = html_to_pdf(PLAIN)
    second = html_to_pdf(PLAIN)
    assert first.startswith(b"%PDF")
    assert len(first) == len(second)


def test_docx_styles_are_the_built_in_ones():
    html = ("<h1>Judul</h1><ul><li>satu</li></ul><ol><li>dua</li></ol>"
            "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>"
            '<table class="signatures"><tr><td>Ketua</td></tr></table>')
    document = Document(io.BytesIO(to_docx(html, title="t")))
    styles = [p.style.name for p in document.paragraphs if p.text]
    assert styles == ["Heading 1", "List Bullet", "List Number"]
    grid, signatures = document.tables
    assert grid.style.name == "Table Grid"
    assert signatures.style.name == document.styles.default(WD_STYLE_TYPE.TABLE).name
    assert [[c.text for c in row.cells] for row in grid.rows] == [["A", "B"], ["1", "2"]]
