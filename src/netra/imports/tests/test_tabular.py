import csv
import datetime as dt
import io

import pytest

from netra.imports.tabular import TableError, read_table

from .conftest import xlsx_bytes


def rows_of(table):
    return [(r.number, r.values) for r in table]


def test_csv_utf8_with_bom_and_comma():
    table = read_table("\ufeffNama,Kota\nBudi,Serang\n".encode())
    assert table.format == "csv"
    assert table.headers == ["Nama", "Kota"]
    assert rows_of(table) == [(2, {"Nama": "Budi", "Kota": "Serang"})]


def test_csv_cp1252_is_decoded():
    table = read_table("Nama;Kota\nJosé Café;Köln\n".encode("cp1252"))
    assert rows_of(table) == [(2, {"Nama": "José Café", "Kota": "Köln"})]


def test_csv_mojibake_is_repaired():
    broken = "Nama,Kota\nSiti,JakartaÂ Selatan\nAndi,CafÃ©\n"
    table = read_table(broken.encode())
    assert [r.values["Kota"] for r in table] == ["Jakarta Selatan", "Café"]


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_delimiter_is_sniffed(delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerows(
        [["Nama", "Kota", "Catatan"], ["Budi", "Serang", "a, b; c"], ["Ani", "Cilegon", "x"]]
    )
    table = read_table(buffer.getvalue().encode())
    assert table.headers == ["Nama", "Kota", "Catatan"]
    assert list(table)[0].values["Catatan"] == "a, b; c"


def test_cells_stripped_blank_lines_skipped_numbers_kept():
    text = "Nama,Kota\n  Budi  , Serang \n\n , \nAni,Cilegon\n"
    assert rows_of(read_table(text.encode())) == [
        (2, {"Nama": "Budi", "Kota": "Serang"}),
        (5, {"Nama": "Ani", "Kota": "Cilegon"}),
    ]


def test_short_rows_are_padded_and_trailing_unnamed_columns_ignored():
    table = read_table(b"Nama,Kota,,\nBudi\nAni,Cilegon,x,y\n")
    assert table.headers == ["Nama", "Kota"]
    assert rows_of(table) == [
        (2, {"Nama": "Budi", "Kota": ""}),
        (3, {"Nama": "Ani", "Kota": "Cilegon"}),
    ]


def test_xlsx_values_as_text_even_named_csv():
    data = xlsx_bytes(
        [
            ["Nama", "Lahir", "Jumlah", "Nilai"],
            ["Budi", dt.datetime(2024, 1, 2), 3.0, 2.5],  # noqa: DTZ001 - naive in a sheet
            [None, None, None, None],
            ["Ani", dt.date(2023, 12, 31), 12, None],
        ]
    )
    table = read_table(io.BytesIO(data), filename="wrong-name.csv")
    assert table.format == "xlsx"
    assert rows_of(table) == [
        (2, {"Nama": "Budi", "Lahir": "2024-01-02", "Jumlah": "3", "Nilai": "2.5"}),
        (4, {"Nama": "Ani", "Lahir": "2023-12-31", "Jumlah": "12", "Nilai": ""}),
    ]
    assert table.count_rows() == 2


def test_path_is_accepted(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(b"a,b\n1,2\n")
    assert rows_of(read_table(path)) == [(2, {"a": "1", "b": "2"})]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.7\n...", "wrong_format"),
        (b"\x89PNG\r\n\x1a\n0000", "wrong_format"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old_excel"),
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"a,b\n1,\x002\n", "nul_bytes"),
        (b"Nama,Kota,Nama\n1,2,3\n", "duplicate_header"),
        (b"Nama,nama\n1,2\n", "duplicate_header"),
        (b"Nama,,Kota\n1,2,3\n", "empty_header"),
        (b"PK\x03\x04junk", "wrong_format"),
    ],
    ids=[
        "pdf",
        "png",
        "xls",
        "empty",
        "blank",
        "nul",
        "duplicate",
        "duplicate-case",
        "unnamed",
        "bad-zip",
    ],
)
def test_refusals(data, code):
    with pytest.raises(TableError) as caught:
        read_table(data)
    assert caught.value.code == code
    assert caught.value.message


def test_refusal_message_is_translated():
    from django.utils import translation

    with translation.override("id"), pytest.raises(TableError) as caught:
        read_table(b"%PDF-1.4")
    assert "CSV" in caught.value.message
    assert caught.value.message != (
        "This file is not a table. Upload a CSV file or an Excel workbook (.xlsx)."
    )


def test_size_and_row_limits(settings):
    settings.NETRA_IMPORT_MAX_BYTES = 10
    with pytest.raises(TableError) as caught:
        read_table(b"Nama,Kota\nBudi,Serang\n")
    assert caught.value.code == "too_big"
    settings.NETRA_IMPORT_MAX_BYTES = 1000
    settings.NETRA_IMPORT_MAX_ROWS = 2
    table = read_table(b"a\n1\n2\n3\n")
    with pytest.raises(TableError) as caught:
        table.count_rows()
    assert caught.value.code == "too_many_rows"


def test_repair_leaves_entities_quotes_and_good_text_alone():
    text = "Nama,Catatan\nSiti,JakartaÂ Selatan\nAndi,R&amp;D “tim” Sérang\n"
    assert [r.values["Catatan"] for r in read_table(text.encode())] == [
        "Jakarta Selatan",
        "R&amp;D “tim” Sérang",
    ]


def test_xlsx_mojibake_cell_is_repaired_and_gap_rows_keep_numbers():
    data = xlsx_bytes([["Nama"], ["CafÃ©"], [None], [None], ["Köln"]])
    assert rows_of(read_table(data)) == [(2, {"Nama": "Café"}), (5, {"Nama": "Köln"})]


def test_csv_count_agrees_with_the_rows_read():
    """The fast count (no cleaning) counts exactly the rows the import then reads: blank lines,
    cells of spaces, non-breaking spaces and cells beyond the header are not rows; mojibake is."""
    text = (
        "Nama,Kota\n"
        "Budi,Serang\n"
        "\n"
        " , \n"
        "\u00a0,\u202f\n"
        ",,extra beyond the header\n"
        "Ã\u0081ni,Cilegon\n"
        ",Pandeglang\n"
    )
    table = read_table(text.encode(), filename="t.csv")
    assert [number for number, _values in rows_of(table)] == [2, 7, 8]
    fresh = read_table(text.encode(), filename="t.csv")
    assert fresh.count_rows() == 3


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("Nama,Kota\nBudi,Serang\nAni,Cilegon\n", 2),
        ("Nama,Kota\r\nBudi,Serang\r\nAni,Cilegon\r\n\r\n,\r\n", 2),
        ("Nama;Kota\nBudi;Serang\n;\n;;\n\n", 1),
        ('Nama,Kota\n"Budi\nSantoso",Serang\n\n,\nAni,Cilegon\n', 2),
        ("Nama,Kota\n,\n \n", 0),
    ],
    ids=["lf", "crlf-trailing-blank", "trailing-delimiters", "multiline-cell", "blank"],
)
def test_estimate_is_cheap_and_never_below_the_rows(text, rows):
    """The estimate (line breaks, no parse) is what a job shows until its run has counted: exact
    for the usual file, more when cells span lines or blank lines sit between rows."""
    estimate = read_table(text.encode()).estimate_rows()
    assert estimate >= rows == read_table(text.encode()).count_rows()
    if '"' not in text and "\n\n," not in text:
        assert estimate == rows


def test_records_are_cleaned_padded_cells_and_rows_keep_their_numbers():
    text = "Nama,Kota\n  Budi  ,\u00a0Serang\u00a0,extra\n\n,\nJakartaÂ Selatan\n"
    assert list(read_table(text.encode()).records()) == [
        (2, ["Budi", "Serang"]),
        (5, ["Jakarta Selatan", ""]),
    ]
