"""Reading an import file: bytes -> ParsedFile, or ImportFileError for the file as a whole.

Decodes UTF-8 (with or without BOM), UTF-16 with BOM, else Windows cp1252 as Excel saves it (a
UTF-8 file with a few invalid bytes stays UTF-8: the rows holding them get an error); sniffs the
delimiter (semicolon, comma or tab); maps the Dutch or English headers to the columns
of columns.py; enforces the size limits (MAX_BYTES, MAX_ROWS). Every cell is kept as cleaned
text: validation.RowParser turns it into values. A record that runs over more than one line
(a quote that is never closed swallows the next rows) is an error of that row, naming the lines.
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .columns import COLUMN_BY_KEY, COLUMNS, FORMULA_START, REQUIRED_COLUMNS, fold

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
DELIMITERS = (";", ",", "\t")


class ImportFileError(Exception):
    """The file as a whole cannot be imported (too large, unreadable, a required column missing).

    Its message is meant for the user (Dutch under the Dutch locale)."""


@dataclass
class Row:
    number: int
    cells: dict  # column key -> cleaned text
    employer: dict = field(default_factory=dict)  # model field -> value; only what is filled in
    location: dict | None = None
    contact: dict | None = None  # model field -> value; only what is filled in
    errors: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # reading's errors, for the whole row
    # What happened (or, in a dry run, would happen) to this row.
    employer_action: str = ""  # create | update | unchanged
    contact_action: str = ""  # create | update | unchanged
    changes: list = field(default_factory=list)

    @property
    def employer_name(self):
        return self.cells.get("employer_name", "")

    @property
    def contact_name(self):
        return self.cells.get("contact_name", "")


@dataclass
class ParsedFile:
    rows: list
    headers: dict  # column key -> the header as written in the file
    ignored_columns: list
    delimiter: str
    encoding: str


# Multi-byte UTF-8 sequences: a file with these is UTF-8 even when a few bytes are invalid
# (Windows cp1252 text almost never forms them).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_INVALID_UTF8 = re.compile(rb"[\x80-\xff]")


def _mostly_utf8(raw):
    """True for a UTF-8 file with a few invalid bytes: a BOM, or more valid multi-byte sequences
    than bytes outside them."""
    if raw.startswith(codecs.BOM_UTF8):
        return True
    valid = len(_UTF8_SEQUENCE.findall(raw))
    stray = len(_INVALID_UTF8.findall(_UTF8_SEQUENCE.sub(b"", raw)))
    return valid > 0 and stray < valid


def invalid_lines(text):
    """The line numbers (as csv counts them) that hold a replacement character."""
    lines = io.StringIO(text, newline="")
    return {number for number, line in enumerate(lines, start=1) if "\ufffd" in line}


def decode(raw):
    """bytes -> (text, encoding): UTF-8 (BOM or not), UTF-16 with BOM, else Windows cp1252.

    A UTF-8 file with a few invalid bytes is decoded as UTF-8 with U+FFFD in their place
    (encoding "utf-8-invalid"): read_file() puts an error on the rows that hold them."""
    if raw.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            _(
                "This is an Excel workbook, not a CSV file. In Excel choose Save as, "
                "CSV (semicolon-separated) or CSV UTF-8, and upload that file."
            )
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8-sig", "cp1252")
    for encoding in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            if encoding == "utf-8-sig" and _mostly_utf8(raw):
                return raw.decode(encoding, errors="replace"), "utf-8-invalid"
            continue
        if "\x00" not in text:
            return text, encoding
    raise ImportFileError(
        _("The file cannot be read as text. Save it as CSV (UTF-8) in Excel and try again.")
    )


def sniff_delimiter(text):
    """The delimiter that occurs most in the header line (Dutch Excel writes semicolons)."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=counts.get)
    return best if counts[best] else ","


def clean_cell(value):
    """Trim, and undo Excel's ="0123" text trick and the export's guard against formulas."""
    value = (value or "").replace("\xa0", " ").strip()
    if len(value) >= 3 and value.startswith('="') and value.endswith('"'):
        value = value[2:-1].strip()
    if value.startswith("'") and value[1:2] in FORMULA_START:
        value = value[1:]
    return value


def _header_key(text):
    return fold(text).replace(" ", "")


def map_headers(header_row):
    """-> (column key -> position, column key -> header text, ignored headers)."""
    aliases = {}
    for column in COLUMNS:
        for name in (column.key, column.header, *column.aliases.split("|")):
            aliases.setdefault(_header_key(name), column.key)
    positions, headers, ignored = {}, {}, []
    for index, header in enumerate(header_row):
        text = clean_cell(header.lstrip("\ufeff"))
        if not text:
            continue
        key = aliases.get(_header_key(text))
        if key is None:
            ignored.append(text)
        elif key in positions:
            raise ImportFileError(
                _('The columns "%(first)s" and "%(second)s" mean the same; keep one of them.')
                % {"first": headers[key], "second": text}
            )
        else:
            positions[key] = index
            headers[key] = text
    for key in REQUIRED_COLUMNS:
        if key not in positions:
            found = ", ".join(f'"{clean_cell(h)}"' for h in header_row if clean_cell(h))
            raise ImportFileError(
                _(
                    'The column "%(column)s" is missing. The first row of the file must hold '
                    "the column names (see the sample file). Columns found: %(found)s."
                )
                % {"column": COLUMN_BY_KEY[key].header, "found": found or "—"}
            )
    return positions, headers, ignored


def _invalid_bytes_message(line):
    return _(
        "Line %(line)d holds characters that are not valid UTF-8 (shown as �). Correct "
        "them, or save the file again as CSV UTF-8, and upload it again."
    ) % {"line": line}


def _record_problems(record, first, last, bad_lines):
    """What reading found wrong with the record on lines first..last (messages for the row)."""
    problems = []
    if last > first:
        problems.append(
            _(
                'Lines %(first)d to %(last)d were read as one row: a quote (") in line '
                "%(first)d is not closed. Remove the quote or close it, and upload the file again."
            )
            % {"first": first, "last": last}
        )
    elif any("\n" in cell or "\r" in cell for cell in record):
        problems.append(
            _(
                'Line %(line)d: a quote (") is not closed. Remove the quote or close it, and '
                "upload the file again."
            )
            % {"line": first}
        )
    bad = sorted(line for line in bad_lines if first <= line <= last)
    if bad:
        problems.append(_invalid_bytes_message(bad[0]))
    return problems


def read_file(raw):
    """Decode the bytes and split them into rows; ImportFileError when the file is unusable."""
    if len(raw) > MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)d MB. Split it into smaller files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    text, encoding = decode(raw)
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    bad_lines = invalid_lines(text) if encoding == "utf-8-invalid" else set()
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        header_row = next(reader)
        while not any(cell.strip() for cell in header_row):
            header_row = next(reader)
        if bad_lines & set(range(1, reader.line_num + 1)):
            raise ImportFileError(_invalid_bytes_message(min(bad_lines)))
        positions, headers, ignored = map_headers(header_row)
        last = reader.line_num
        for record in reader:
            number, last = last + 1, reader.line_num
            cells = {
                key: clean_cell(record[index]) if index < len(record) else ""
                for key, index in positions.items()
            }
            if not any(cells.values()):
                continue  # Excel leaves rows of bare delimiters at the end
            if len(rows) == MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(max)s rows. Split it into smaller files.")
                    % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
                )
            problems = _record_problems(record, number, last, bad_lines)
            rows.append(Row(number=number, cells=cells, problems=problems))
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    except csv.Error as exc:
        raise ImportFileError(
            _("The file is not a valid CSV file (%(problem)s).") % {"problem": exc}
        ) from exc
    if not rows:
        raise ImportFileError(_("The file has column names but no rows to import."))
    return ParsedFile(rows, headers, ignored, delimiter, encoding)
