"""Sample files for intake tests, built in memory (no binary fixtures in the repository)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112
CAMERA_MAKE = 0x010F

# A minimal valid PDF without metadata: intake rewrites PDFs, and this one comes back identical.
PDF = (
    b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\n/Type /Catalog\n/Pages 2 0 R\n>>\nendobj\n"
    b"2 0 obj\n<<\n/Type /Pages\n/Count 1\n/Kids [ 3 0 R ]\n>>\nendobj\n3 0 obj\n<<\n"
    b"/Type /Page\n/Resources <<\n>>\n/MediaBox [ 0.0 0.0 72 72 ]\n/Parent 2 0 R\n>>\nendobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000015 00000 n \n0000000064 00000 n \n"
    b"0000000123 00000 n \ntrailer\n<<\n/Size 4\n/Root 1 0 R\n>>\nstartxref\n215\n%%EOF\n"
)
# Starts like a PDF but has no cross-reference table: no reader can make sense of it.
DAMAGED_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq>'
    b"<rdf:li>Budi Santoso XMP</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF>"
    b'</x:xmpmeta><?xpacket end="w"?>'
)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def huge_png(width: int = 12_000, height: int = 12_000) -> bytes:
    """A real, valid grey PNG of ``width`` × ``height`` pixels that weighs about 140 kB: all
    zeros compress to nothing, but decoding it would take width × height bytes of memory."""
    compressor = zlib.compressobj(1)
    row = b"\x00" * (width + 1)  # filter byte + one byte per pixel
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", idat)
            + png_chunk(b"IEND", b""))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that only claims its size (no pixel data): enough for Pillow's header read."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(b"")) + png_chunk(b"IEND", b""))


def png_bytes(size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 128, 0)).save(out, format="PNG")
    return out.getvalue()


def jpeg_with_gps(width=40, height=20, orientation=6) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((20, 20, 220), (0, 0, width // 4, height))  # a blue band on the left edge
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[CAMERA_MAKE] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (6.0, 7.0, 12.5), 3: "E", 4: (106.0, 9.0, 3.2)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def pdf_with_metadata(*, signed: bool = False, password: str = "") -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, NumberObject

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "Budi Santoso", "/Title": "Laporan rahasia",
                         "/Creator": "Kantor Camat"})
    writer.xmp_metadata = XMP
    if signed:
        writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/SigFlags"): NumberObject(3)})
    if password:
        writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


CORE_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
    "</cp:coreProperties>"
)
CUSTOM_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="Reporter">'
    "<vt:lpwstr>{author}</vt:lpwstr></property></Properties>"
)


def docx_with_metadata(author: str = "Budi Santoso", company: str = "Kantor Camat") -> bytes:
    """A Word document with the author in core.xml, the company in app.xml and a custom
    property (added to the package as Word does)."""
    from docx import Document

    document = Document()
    document.add_paragraph("Witness statement")
    document.core_properties.author = author
    document.core_properties.last_modified_by = author
    document.core_properties.title = "Statement of " + author
    out = io.BytesIO()
    document.save(out)
    return add_custom_properties(out.getvalue(), author=author, company=company)


def add_custom_properties(package: bytes, *, author: str, company: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "docProps/app.xml":
                data = data.replace(b"</Properties>",
                                    f"<Company>{company}</Company></Properties>".encode())
            elif entry.filename == "_rels/.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/custom-properties" '
                    b'Target="docProps/custom.xml"/></Relationships>')
            elif entry.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/docProps/custom.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>')
            target.writestr(entry, data)
        target.writestr("docProps/custom.xml", CUSTOM_XML.format(author=author))
    return out.getvalue()


def xlsx_with_metadata(author: str = "Budi Santoso") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Attendance list"
    workbook.properties.creator = author
    workbook.properties.lastModifiedBy = author
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pptx_with_metadata(author: str = "Budi Santoso") -> bytes:
    """A skeleton PowerPoint package (enough to be recognised and cleaned)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml",
                         '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"/>')
        package.writestr("_rels/.rels",
                         '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                         'openxmlformats.org/package/2006/relationships"/>')
        package.writestr("ppt/presentation.xml", "<p:presentation/>")
        package.writestr("docProps/core.xml", CORE_XML.format(author=author))
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.txt", "not an office document")
    return out.getvalue()
