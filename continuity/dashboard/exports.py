"""CSV and XLSX exports of the dashboard's tables and drill-down lists: the same `Table` the
page shows, so an export always matches the screen (wsp_crm.exports writes the files)."""

import datetime
import decimal

from django.utils.text import slugify

from wsp_crm import exports

FORMATS = ("csv", "xlsx")


def cell_text(cell):
    return str(cell)


def cell_value(cell):
    """XLSX keeps numbers (a day count, a total) as numbers, also when the page prints them as
    they are; a figure shown otherwise (a percentage, a date as dd-mm-yyyy, "–") is the text
    the page shows."""
    value = cell.value
    numeric = isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool)
    if numeric and cell.display in ("", str(value)):
        return value
    if cell.display:
        return cell.display
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value
    return str(value)


def filename(table, extension):
    return f"{slugify(str(table.title)) or 'export'}.{extension}"


def _rows(table, convert):
    yield [str(column) for column in table.columns]
    for row in table.rows:
        yield [convert(cell) for cell in row]


def export_response(table, fmt):
    if fmt == "xlsx":
        return exports.xlsx_response(filename(table, fmt), table.title, _rows(table, cell_value))
    return exports.csv_response(filename(table, fmt), _rows(table, cell_text))
