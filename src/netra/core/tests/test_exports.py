"""CSV/XLSX export helper."""

import io

import pytest
from openpyxl import load_workbook

from netra.core.exports import export_response


def test_csv_has_bom_header_and_neutralised_formulas():
    response = export_response(
        fmt="csv",
        filename="x",
        headers=["A", "B"],
        rows=[("=1+1", None), ("@cmd", 3), ("biasa", "-5")],
    )
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffA,B\r\n")
    assert text.splitlines()[1:] == ["'=1+1,", "'@cmd,3", "biasa,'-5"]


def test_xlsx_rows():
    response = export_response(
        fmt="xlsx",
        filename="organisasi",
        headers=["Nama", "Jumlah"],
        rows=[("Bawaslu", 3), ("+SUM(A1)", 4)],
    )
    sheet = load_workbook(io.BytesIO(response.content))["organisasi"]
    assert list(sheet.iter_rows(values_only=True)) == [
        ("Nama", "Jumlah"),
        ("Bawaslu", 3),
        ("'+SUM(A1)", 4),
    ]


def test_unknown_format():
    with pytest.raises(ValueError, match="pdf"):
        export_response(fmt="pdf", filename="x", headers=[], rows=[])
