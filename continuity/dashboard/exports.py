"""CSV and XLSX exports of the dashboard's tables and drill-down lists: the same `Table` the
page shows, so an export always matches the screen."""

import csv
import datetime
import io

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_text(cell):
    return str(cell)


def cell_value(cell):
    """XLSX keeps numbers and dates as such; a figure shown as a percentage stays text."""
    if cell.display:
        return cell.display
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool | int | float | datetime.date):
        return value
    return str(value)


def filename(table, extension):
    return f"{slugify(str(table.title)) or 'export'}.{extension}"


def table_csv(table):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(column) for column in table.columns])
    for row in table.rows:
        writer.writerow([cell_text(cell) for cell in row])
    # A byte-order mark so that Excel opens the file as UTF-8.
    return "\ufeff" + buffer.getvalue()


def table_xlsx(table):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (str(table.title)[:31] or "Export").replace("/", "-").replace(":", "-")
    sheet.append([str(column) for column in table.columns])
    for row in table.rows:
        sheet.append([cell_value(cell) for cell in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        width = max(len(str(c.value or "")) for c in sheet[cell.column_letter])
        sheet.column_dimensions[cell.column_letter].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(table, fmt):
    if fmt == "xlsx":
        response = HttpResponse(table_xlsx(table), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(table, fmt)}"'
    return response
