"""A small HTML → DOCX converter for HTML document templates: headings, paragraphs, line
breaks, bold/italic/underline, bulleted and numbered lists and simple tables. An element with
``id="footer"`` becomes the page footer.

Kept for templates written as HTML (the bodies shipped with Netra and any an administrator wrote
before Word templates existed); a letter an office keeps as a Word file is better uploaded as a
``.docx`` template, which docxtpl fills without any conversion.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCKS = {"p", "div", "li", "blockquote", "section", "article", "header", "footer"}
SKIPPED = {"style", "script", "title", "head"}


class _DocxBuilder(HTMLParser):
    """A small HTML → DOCX converter for what document templates use: headings, paragraphs,
    line breaks, bold/italic/underline, bulleted and numbered lists and simple tables. An element
    with ``id="footer"`` becomes the page footer."""

    def __init__(self, document) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = document
        self.paragraph = None
        self.pending_style: str | None = None
        self.pending_align: str | None = None
        self.bold = self.italic = self.underline = 0
        self.lists: list[str] = []
        self.skip = 0
        self.tables: list[dict] = []
        self.footer_depth = 0
        self.depth = 0
        self.footer_text: list[str] = []
        self.style_ids: dict[tuple[str, int], str | None] = {}

    def _style_id(self, name: str, style_type) -> str | None:
        """The id of the built-in style ``name``, looked up once per document (python-docx
        scans every style of the document on each lookup)."""
        key = (name, int(style_type))
        if key not in self.style_ids:
            self.style_ids[key] = self.doc.part.get_style_id(name, style_type)
        return self.style_ids[key]

    # helpers
    @staticmethod
    def _align(attrs: dict) -> str | None:
        classes = (attrs.get("class") or "").split()
        style = (attrs.get("style") or "").replace(" ", "").lower()
        for name in ("center", "right", "justify"):
            if name in classes or f"text-align:{name}" in style:
                return name
        return None

    def _close(self) -> None:
        self.paragraph = None
        self.pending_style = None
        self.pending_align = None

    def _ensure(self):
        if self.paragraph is None:
            from docx.enum.style import WD_STYLE_TYPE
            from docx.enum.text import WD_ALIGN_PARAGRAPH

            self.paragraph = self.doc.add_paragraph()
            if self.pending_style:  # what ``add_paragraph(style=...)`` sets, looked up once
                self.paragraph._p.style = self._style_id(self.pending_style,
                                                         WD_STYLE_TYPE.PARAGRAPH)
            if self.pending_align:
                self.paragraph.alignment = {
                    "center": WD_ALIGN_PARAGRAPH.CENTER,
                    "right": WD_ALIGN_PARAGRAPH.RIGHT,
                    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
                }[self.pending_align]
        return self.paragraph

    # parser callbacks
    def handle_starttag(self, tag, attrs_list):
        attrs = dict(attrs_list)
        if tag in SKIPPED:
            self.skip += 1
            return
        self.depth += 1
        if self.footer_depth:
            return
        if attrs.get("id") == "footer":
            self.footer_depth = self.depth
            return
        if tag in {"b", "strong", "th"}:
            self.bold += 1
        if tag in {"i", "em"}:
            self.italic += 1
        if tag == "u":
            self.underline += 1
        if self.tables:
            table = self.tables[-1]
            if tag == "tr":
                table["rows"].append([])
            elif tag in {"td", "th"}:
                if not table["rows"]:
                    table["rows"].append([])
                table["rows"][-1].append(
                    {"runs": [], "header": tag == "th", "align": self._align(attrs)}
                )
            elif tag == "br" or tag in BLOCKS:
                self._cell_text("\n")
            if tag == "table":
                self.tables.append({"rows": [], "attrs": attrs})
            return
        if tag == "table":
            self._close()
            self.tables.append({"rows": [], "attrs": attrs})
        elif tag in HEADINGS:
            self._close()
            self.pending_style = f"Heading {min(HEADINGS[tag], 9)}"
            self.pending_align = self._align(attrs)
        elif tag in {"ul", "ol"}:
            self._close()
            self.lists.append(tag)
        elif tag == "li":
            self._close()
            kind = self.lists[-1] if self.lists else "ul"
            self.pending_style = "List Number" if kind == "ol" else "List Bullet"
        elif tag in BLOCKS:
            self._close()
            self.pending_align = self._align(attrs)
        elif tag == "br":
            self._ensure().add_run().add_break()
        elif tag == "hr":
            self._close()
            self.doc.add_paragraph()

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skip = max(0, self.skip - 1)
            return
        if self.footer_depth:
            if self.depth == self.footer_depth:
                self.footer_depth = 0
            self.depth -= 1
            return
        self.depth -= 1
        if tag in {"b", "strong", "th"}:
            self.bold = max(0, self.bold - 1)
        if tag in {"i", "em"}:
            self.italic = max(0, self.italic - 1)
        if tag == "u":
            self.underline = max(0, self.underline - 1)
        if tag == "table" and self.tables:
            table = self.tables.pop()
            if self.tables:  # a nested table: its text goes into the outer cell
                for row in table["rows"]:
                    self._cell_text(
                        " ".join("".join(t for t, *_f in cell["runs"]) for cell in row) + "\n"
                    )
            else:
                self._emit_table(table)
            return
        if self.tables:
            return
        if tag in HEADINGS or tag in BLOCKS:
            self._close()
        elif tag in {"ul", "ol"} and self.lists:
            self.lists.pop()
            self._close()

    def handle_data(self, data):
        if self.skip:
            return
        if self.footer_depth:
            self.footer_text.append(data)
            return
        text = re.sub(r"\s+", " ", data)
        if self.tables:
            self._cell_text(text)
            return
        if self.paragraph is None:
            text = text.lstrip()
            if not text:
                return
        run = self._ensure().add_run(text)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None
        run.underline = bool(self.underline) or None

    def _cell_text(self, text: str) -> None:
        table = self.tables[-1]
        if not table["rows"] or not table["rows"][-1]:
            if text.strip():
                if not table["rows"]:
                    table["rows"].append([])
                table["rows"][-1].append({"runs": [], "header": False, "align": None})
            else:
                return
        table["rows"][-1][-1]["runs"].append((text, bool(self.bold), bool(self.italic)))

    def _emit_table(self, table: dict) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        rows = [row for row in table["rows"] if row]
        if not rows:
            return
        columns = max(len(row) for row in rows)
        grid = self.doc.add_table(rows=len(rows), cols=columns)
        borderless = "signatures" in (table["attrs"].get("class") or "").split()
        if not borderless:  # what ``grid.style = "Table Grid"`` sets, looked up once
            grid._tbl.tblStyle_val = self._style_id("Table Grid", WD_STYLE_TYPE.TABLE)
        for r, row in enumerate(rows):
            # A new table has no merged cells: the row's cells are the grid's (``grid.cell``
            # would walk the whole table for each cell).
            targets = grid.rows[r].cells
            for c, cell in enumerate(row):
                target = targets[c]
                lines = self._cell_lines(cell["runs"])
                first = True
                for line in lines:
                    paragraph = target.paragraphs[0] if first else target.add_paragraph()
                    first = False
                    if cell["align"] == "center" or borderless:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    for text, bold, italic in line:
                        run = paragraph.add_run(text)
                        run.bold = bold or cell["header"] or None
                        run.italic = italic or None
        self.doc.add_paragraph()
        self._close()

    @staticmethod
    def _cell_lines(runs):
        lines: list[list] = [[]]
        for text, bold, italic in runs:
            parts = text.split("\n")
            for i, part in enumerate(parts):
                if i:
                    lines.append([])
                if part:
                    lines[-1].append((part, bold, italic))
        # Trim spaces at line edges and drop empty leading/trailing lines.
        cleaned = []
        for line in lines:
            if line:
                first_text = line[0][0].lstrip()
                line = [(first_text, *line[0][1:]), *line[1:]]
                last_text = line[-1][0].rstrip()
                line = [*line[:-1], (last_text, *line[-1][1:])]
                line = [part for part in line if part[0]]
            cleaned.append(line)
        while cleaned and not cleaned[0]:
            cleaned.pop(0)
        while cleaned and not cleaned[-1]:
            cleaned.pop()
        return cleaned or [[]]


def to_docx(html: str, *, title: str) -> bytes:
    """HTML → DOCX: an editable Word document with the same headings, paragraphs and tables."""
    from docx import Document
    from docx.shared import Cm

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    document.core_properties.title = title
    builder = _DocxBuilder(document)
    builder.feed(html)
    builder.close()
    footer = re.sub(r"\s+", " ", "".join(builder.footer_text)).strip()
    if footer:
        section.footer.paragraphs[0].text = footer
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
