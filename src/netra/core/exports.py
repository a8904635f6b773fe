"""CSV and XLSX downloads of a list the user is allowed to see."""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

FORMATS = ("csv", "xlsx")


class _Echo:
    def write(self, value):
        return value


def _safe_cell(value) -> object:
    """Neutralise spreadsheet formula injection in user-entered text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def export_response(
    *, fmt: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse | StreamingHttpResponse:
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def stream():
            yield "\ufeff"  # BOM so Excel opens UTF-8 correctly
            yield writer.writerow([str(h) for h in headers])
            for row in rows:
                yield writer.writerow([_safe_cell(v) for v in row])

        streamed = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        streamed["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return streamed
    if fmt == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=filename[:31])
        sheet.append([str(h) for h in headers])
        widths = [len(str(h)) for h in headers]
        for row in rows:
            values = [_safe_cell(v) for v in row]
            sheet.append(values)
            widths = [max(w, len(str(v))) for w, v in zip(widths, values, strict=False)]
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    raise ValueError(fmt)


__all__ = ["FORMATS", "export_response", "get_column_letter"]
