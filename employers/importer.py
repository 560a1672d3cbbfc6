"""CSV import of employers with their contact persons, and the export in the same format.

The one place for the whole workflow (docs/import.md describes the file for users):

1. read_file(): decode (UTF-8 with or without BOM, UTF-16 with BOM, else Windows cp1252 as Excel
   saves it), sniff the delimiter (semicolon, comma or tab), enforce the size limits and map the
   Dutch or English headers to columns.
2. RowParser turns each row into model values; Dutch words ("actief", "inclusief", "midden"),
   the English and Dutch labels and the codes are all accepted. Problems become RowErrors: the
   row number as Excel shows it, the column as named in the file, a Dutch message.
3. group_rows() groups the rows per employer (KvK number, else name + postcode); Index matches
   each group in the target region by KvK number, else name + postcode (case and spaces
   ignored), and contact persons by name, else e-mail, so importing a file twice adds nothing.
4. run_import() applies the groups through employers.services in ONE transaction, each employer
   and each contact in a savepoint of its own. A dry run does exactly the same work and rolls it
   back, so the preview shows what the real import will do. Nothing is kept while any row has
   errors, unless the caller asks for the valid rows only.

export_rows() writes employers in the import format, so an exported file imports again without
creating duplicates.
"""

import base64
import codecs
import csv
import io
import re
import unicodedata
import zlib
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import services
from .models import ContactPerson, Employer, Location, normalise_postcode

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
DELIMITERS = (";", ",", "\t")
FORMULA_START = ("=", "+", "-", "@")


class ImportFileError(Exception):
    """The file as a whole cannot be imported (too large, unreadable, a required column missing).

    Its message is meant for the user (Dutch under the Dutch locale)."""


# --- columns -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Dutch header that the export and the sample file write
    aliases: str = ""  # other accepted headers, separated by |
    max_length: int | None = None
    part: str = "employer"  # employer | location | contact


# fmt: off
COLUMNS = (
    Column("employer_name", "Naam werkgever",
           "werkgever|naam|naam organisatie|organisatie|bedrijf|bedrijfsnaam|employer|"
           "employer name|name|company|company name|organisation|organization", 200),
    Column("kvk_number", "KvK-nummer",
           "kvk|kvk nr|kvk number|coc|coc number|chamber of commerce number"),
    Column("branch_number", "Vestigingsnummer",
           "vestigingsnr|vestiging|branch|branch number|establishment number"),
    Column("sector", "Sector", "branche|bedrijfstak|industry"),
    Column("employee_count", "Aantal medewerkers",
           "medewerkers|aantal werknemers|werknemers|aantal personeelsleden|employee count|"
           "employees|number of employees|staff"),
    Column("ownership", "Publiek/privaat",
           "publiek of privaat|public/private|public or private|ownership"),
    Column("stage", "Fase", "relatiefase|fase relatie|stage|relationship stage"),
    Column("inclusion", "Inclusie", "inclusief|inclusion|inclusive"),
    Column("street", "Straat en huisnummer",
           "straat|adres|street|street and number|address", 200, "location"),
    Column("postcode", "Postcode", "postal code|zip|zip code", None, "location"),
    Column("city", "Plaats",
           "woonplaats|vestigingsplaats|stad|city|town|place", 100, "location"),
    Column("contact_name", "Contactpersoon",
           "naam contactpersoon|contact|contact name|contact person|contact person name",
           160, "contact"),
    Column("job_title", "Functie",
           "functietitel|functie contactpersoon|job title|title|position", 120, "contact"),
    Column("level", "Niveau", "niveau contactpersoon|level", None, "contact"),
    Column("roles", "Rollen", "rol|roles|role", None, "contact"),
    Column("phone", "Telefoon",
           "telefoonnummer|tel|mobiel|phone|phone number", 30, "contact"),
    Column("email", "E-mail",
           "e-mailadres|emailadres|mail|email|e-mail address|email address", 254, "contact"),
)
# fmt: on
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED_COLUMNS = ("employer_name",)
CONTACT_KEYS = tuple(column.key for column in COLUMNS if column.part == "contact")

EMPLOYER_COLUMNS = {
    "employer_name": "name",
    "kvk_number": "kvk_number",
    "branch_number": "branch_number",
    "sector": "sector",
    "employee_count": "employee_count",
    "ownership": "ownership",
    "stage": "stage",
    "inclusion": "inclusion",
}
# Model field -> column, to put a service's ValidationError in the right cell.
EMPLOYER_FIELD_COLUMNS = {model: column for column, model in EMPLOYER_COLUMNS.items()}
LOCATION_FIELD_COLUMNS = {"street": "street", "postcode": "postcode", "city": "city"}
CONTACT_FIELD_COLUMNS = {
    "name": "contact_name",
    "job_title": "job_title",
    "level": "level",
    "phone": "phone",
    "email": "email",
} | dict.fromkeys(ContactPerson.ROLE_FIELDS, "roles")

# --- values: the first word of each list is what the export writes -------------------------------

# fmt: off
SECTOR_TERMS = {
    Employer.Sector.AGRICULTURE: "land- en tuinbouw|landbouw|tuinbouw|agrarisch|glastuinbouw",
    Employer.Sector.MANUFACTURING: "industrie|productie|maakindustrie|techniek",
    Employer.Sector.CONSTRUCTION: "bouw en installatie|bouw|installatie|bouwnijverheid",
    Employer.Sector.RETAIL: "handel|detailhandel|groothandel|retail|winkel",
    Employer.Sector.LOGISTICS: "transport en logistiek|logistiek|transport|vervoer",
    Employer.Sector.HOSPITALITY: "horeca en catering|horeca|catering",
    Employer.Sector.ICT: "ict en communicatie|ict|it|communicatie|telecom",
    Employer.Sector.FINANCE:
        "financiële dienstverlening|financien|financien en verzekeringen|banken|verzekeringen",
    Employer.Sector.BUSINESS_SERVICES:
        "zakelijke dienstverlening en schoonmaak|zakelijke dienstverlening|schoonmaak|facilitair",
    Employer.Sector.GOVERNMENT: "openbaar bestuur|overheid|gemeente|rijksoverheid",
    Employer.Sector.EDUCATION: "onderwijs",
    Employer.Sector.CARE: "zorg en welzijn|zorg|welzijn|gezondheidszorg|thuiszorg",
    Employer.Sector.CULTURE: "cultuur, sport en recreatie|cultuur|sport|recreatie",
    Employer.Sector.OTHER: "overig|overige|anders|divers",
}
OWNERSHIP_TERMS = {
    Employer.Ownership.PRIVATE: "privaat|particulier|marktsector|markt|bedrijfsleven|prive",
    Employer.Ownership.PUBLIC: "publiek|publieke sector|overheid|semipubliek",
}
STAGE_TERMS = {
    Employer.Stage.PROSPECT: "prospect|potentieel|nieuw",
    Employer.Stage.INTRODUCTION: "kennismaking|introductie|intro",
    Employer.Stage.ACTIVE: "actief",
    Employer.Stage.STRATEGIC_PARTNER:
        "strategisch partner|strategische partner|strategisch partnerschap|partner",
}
INCLUSION_TERMS = {
    Employer.Inclusion.INCLUSIVE: "inclusief|ja|j|yes|y",
    Employer.Inclusion.NOT_YET: "nog niet inclusief|nog niet|niet inclusief|nee|niet|n|no",
}
LEVEL_TERMS = {
    ContactPerson.Level.TOP: "top|directie|topniveau|strategisch",
    ContactPerson.Level.MIDDLE: "midden|middenmanagement|middenkader|management|tactisch",
    ContactPerson.Level.FLOOR: "vloer|werkvloer|operationeel|shop floor",
}
ROLE_TERMS = {
    "is_director": "directeur|eigenaar|directie|dga|director|owner",
    "is_hr": "hr|p&o|hrm|personeelszaken|human resources",
    "is_supervisor":
        "begeleider|leidinggevende|werkbegeleider|praktijkbegeleider|buddy|supervisor",
    "is_champion": "kartrekker|champion",
}
# fmt: on
# A new contact without a level takes it from its roles: a director is top level, and so on.
LEVEL_FROM_ROLE = (
    ("is_director", ContactPerson.Level.TOP),
    ("is_hr", ContactPerson.Level.MIDDLE),
    ("is_supervisor", ContactPerson.Level.FLOOR),
)
ROLE_SPLIT = re.compile(r"[,;/|+\n]| en | and ", re.IGNORECASE)


def words(terms, code):
    return terms[code].split("|")


def fold(text):
    """Compare words loosely: 'Strategische  Partner' == 'strategische partner', and accents,
    punctuation and case do not count ('Financiële' == 'financiele')."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def name_key(name):
    """Employer and contact names match case- and space-insensitively."""
    return " ".join(str(name or "").casefold().split())


def postcode_key(postcode):
    return "".join(str(postcode or "").split()).upper()


def _labels(label):
    """A choice label in Dutch and in English."""
    texts = []
    for language in ("nl", "en"):
        with translation.override(language):
            texts.append(str(label))
    return texts


def _vocabulary(terms, choices):
    """Folded word -> code: the codes, the labels (Dutch and English) and our Dutch words."""
    lookup = {}
    for code, label in choices:
        if code:
            lookup[fold(code)] = code
            for text in _labels(label):
                lookup.setdefault(fold(text), code)
    for code in terms:
        for word in words(terms, code):
            lookup[fold(word)] = code
    return lookup


def _role_vocabulary():
    lookup = {}
    for role in ContactPerson.ROLE_FIELDS:
        lookup[fold(role.removeprefix("is_"))] = role
        for text in _labels(ContactPerson._meta.get_field(role).verbose_name):
            lookup.setdefault(fold(text), role)
            for part in ROLE_SPLIT.split(text):
                lookup.setdefault(fold(part), role)
    for role in ROLE_TERMS:
        for word in words(ROLE_TERMS, role):
            lookup[fold(word)] = role
    lookup.pop("", None)
    return lookup


def _examples(terms):
    return ", ".join(words(terms, code)[0] for code in terms)


# --- reading the file ----------------------------------------------------------------------------


@dataclass
class RowError:
    row: int  # as Excel numbers it: the header is row 1
    column: str  # the header as written in the file; "" for the row as a whole
    message: str


@dataclass
class Row:
    number: int
    cells: dict  # column key -> cleaned text
    employer: dict = field(default_factory=dict)  # model field -> value; only what is filled in
    location: dict | None = None
    contact: dict | None = None  # model field -> value; only what is filled in
    errors: list = field(default_factory=list)
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


def decode(raw):
    """bytes -> (text, encoding): UTF-8 (BOM or not), UTF-16 with BOM, else Windows cp1252."""
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
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        header_row, header_number = next(reader), 1
        while not any(cell.strip() for cell in header_row):
            header_row, header_number = next(reader), header_number + 1
        positions, headers, ignored = map_headers(header_row)
        for number, record in enumerate(reader, start=header_number + 1):
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
            rows.append(Row(number=number, cells=cells))
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    except csv.Error as exc:
        raise ImportFileError(
            _("The file is not a valid CSV file (%(problem)s).") % {"problem": exc}
        ) from exc
    if not rows:
        raise ImportFileError(_("The file has column names but no rows to import."))
    return ParsedFile(rows, headers, ignored, delimiter, encoding)


# --- parsing values ------------------------------------------------------------------------------


class RowParser:
    """Turns a row's cells into model values and RowErrors; nothing is looked up here."""

    CHOICES = {
        "sector": (SECTOR_TERMS, Employer.Sector.choices),
        "ownership": (OWNERSHIP_TERMS, Employer.Ownership.choices),
        "stage": (STAGE_TERMS, Employer.Stage.choices),
        "inclusion": (INCLUSION_TERMS, Employer.Inclusion.choices),
        "level": (LEVEL_TERMS, ContactPerson.Level.choices),
    }

    def __init__(self, headers):
        self.headers = headers
        self.vocabularies = {
            key: _vocabulary(terms, choices) for key, (terms, choices) in self.CHOICES.items()
        }
        self.roles = _role_vocabulary()

    def header(self, key):
        return self.headers.get(key) or COLUMN_BY_KEY[key].header

    def error(self, row, key, message):
        row.errors.append(RowError(row.number, self.header(key) if key else "", str(message)))

    def parse(self, row):
        for key, value in row.cells.items():
            limit = COLUMN_BY_KEY[key].max_length
            if limit and len(value) > limit:
                self.error(
                    row, key, _("The value is longer than %(max)d characters.") % {"max": limit}
                )
        if row.cells.get("employer_name"):
            row.employer["name"] = row.cells["employer_name"]
        else:
            self.error(row, "employer_name", _("Fill in the name of the employer."))
        self._number(
            row, "kvk_number", 8, _('"%(value)s" is not a KvK number: use exactly 8 digits.')
        )
        self._number(
            row,
            "branch_number",
            12,
            _('"%(value)s" is not a branch number: use exactly 12 digits.'),
        )
        for key in ("sector", "ownership", "stage", "inclusion"):
            value = self._choice(row, key)
            if value:
                row.employer[key] = value
        self._employee_count(row)
        self._location(row)
        self._contact(row)
        order = {header: index for index, header in enumerate(self.headers.values())}
        row.errors.sort(key=lambda error: order.get(error.column, len(order)))

    def _number(self, row, key, digits, message):
        value = row.cells.get(key, "")
        if not value:
            return
        compact = re.sub(r"[\s.\-]", "", value)
        # Excel drops leading zeros; KvK and branch numbers may start with zeros.
        if compact.isdigit() and 6 <= len(compact) < digits:
            compact = compact.zfill(digits)
        if compact.isdigit() and len(compact) == digits:
            row.employer[key] = compact
            return
        self.error(row, key, message % {"value": value})

    def _choice(self, row, key):
        value = row.cells.get(key, "")
        if not value:
            return ""
        code = self.vocabularies[key].get(fold(value))
        if code is None:
            self.error(
                row,
                key,
                _('Unknown value "%(value)s". Use one of: %(choices)s.')
                % {"value": value, "choices": _examples(self.CHOICES[key][0])},
            )
            return ""
        return code

    def _employee_count(self, row):
        value = row.cells.get("employee_count", "")
        if not value:
            return
        compact = re.sub(r"[\s.]", "", value)  # "1.200" and "1 200" are Dutch for 1200
        if compact.isdigit():
            row.employer["employee_count"] = int(compact)
            return
        self.error(
            row,
            "employee_count",
            _('"%(value)s" is not a number of employees: use a whole number such as 45.')
            % {"value": value},
        )

    def _location(self, row):
        values = {key: row.cells.get(key, "") for key in ("street", "postcode", "city")}
        if not any(values.values()):
            return
        complete = True
        for key, value in values.items():
            if not value:
                self.error(row, key, _("Fill in street and number, postcode and city together."))
                complete = False
        postcode = normalise_postcode(values["postcode"])
        if values["postcode"] and not re.fullmatch(r"[1-9]\d{3} [A-Z]{2}", postcode):
            self.error(
                row,
                "postcode",
                _('"%(value)s" is not a Dutch postcode: write it as 1234 AB.')
                % {"value": values["postcode"]},
            )
            complete = False
        if complete:
            row.location = {
                "street": values["street"],
                "postcode": postcode,
                "city": values["city"],
            }

    def _contact(self, row):
        if not any(row.cells.get(key) for key in CONTACT_KEYS):
            return
        contact = {}
        if row.cells.get("contact_name"):
            contact["name"] = row.cells["contact_name"]
        else:
            self.error(
                row,
                "contact_name",
                _("Fill in the name of the contact person, or leave all contact columns empty."),
            )
        for key in ("job_title", "phone"):
            if row.cells.get(key):
                contact[key] = row.cells[key]
        email = row.cells.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.error(
                    row, "email", _('"%(value)s" is not a valid e-mail address.') % {"value": email}
                )
            else:
                contact["email"] = email.lower()
        level = self._choice(row, "level")
        if level:
            contact["level"] = level
        if row.cells.get("roles"):
            roles = self._roles(row)
            if roles is not None:
                contact.update(roles)
        row.contact = contact

    def _roles(self, row):
        flags = dict.fromkeys(ContactPerson.ROLE_FIELDS, False)
        for part in ROLE_SPLIT.split(row.cells["roles"]):
            if not fold(part):
                continue
            role = self.roles.get(fold(part))
            if role is None:
                self.error(
                    row,
                    "roles",
                    _('Unknown role "%(value)s". Use: %(choices)s (several separated by commas).')
                    % {"value": part.strip(), "choices": _examples(ROLE_TERMS)},
                )
                return None
            flags[role] = True
        return flags


# --- grouping and matching -----------------------------------------------------------------------


@dataclass
class Group:
    """The rows of one employer in the file."""

    rows: list
    kvk: str = ""
    name: str = ""  # name_key
    postcode: str = ""  # postcode_key
    values: dict = field(default_factory=dict)  # model field -> value, from all rows
    sources: dict = field(default_factory=dict)  # model field -> the row that supplied it
    action: str = ""  # create | update | unchanged

    @property
    def first(self):
        return self.rows[0]


def group_rows(rows, parser):
    """Rows of one employer: the same KvK number, else the same name and postcode. A row without
    KvK number and postcode joins the earlier rows with that name."""
    groups, by_kvk, by_name_postcode, by_name = [], {}, {}, {}
    for row in rows:
        kvk = row.employer.get("kvk_number") or re.sub(
            r"[\s.\-]", "", row.cells.get("kvk_number", "")
        )
        name, postcode = name_key(row.employer_name), postcode_key(row.cells.get("postcode"))
        if kvk:
            group = by_kvk.get(kvk)
            if group is None and postcode:
                group = by_name_postcode.get((name, postcode))
                group = group if group is not None and not group.kvk else None
        elif postcode:
            group = by_name_postcode.get((name, postcode))
        else:
            group = by_name.get(name)
        if group is None:
            group = Group(rows=[], name=name)
            groups.append(group)
        group.rows.append(row)
        if kvk and not group.kvk:
            group.kvk = kvk
            by_kvk[kvk] = group
        if postcode:
            group.postcode = group.postcode or postcode
            by_name_postcode.setdefault((name, postcode), group)
        by_name.setdefault(name, group)
    for group in groups:
        _merge_values(group, parser)
    return groups


def _merge_values(group, parser):
    """The employer's values come from all of its rows; different values are an error."""
    for row in group.rows:
        for model_field, value in row.employer.items():
            if model_field not in group.values:
                group.values[model_field] = value
                group.sources[model_field] = row
                continue
            known = group.values[model_field]
            same = name_key(known) == name_key(value) if model_field == "name" else known == value
            if not same:
                parser.error(
                    row,
                    EMPLOYER_FIELD_COLUMNS[model_field],
                    _("This differs from row %(row)d for the same employer.")
                    % {"row": group.sources[model_field].number},
                )


class Index:
    """What the target region already holds, read in a few queries and kept up to date while
    the import adds employers, locations and contacts."""

    def __init__(self, region, groups):
        self.region = region
        kvks = {group.kvk for group in groups if group.kvk}
        self.by_kvk = {e.kvk_number: e for e in Employer.objects.filter(kvk_number__in=kvks)}
        self.by_name, self.locations, self.contacts = {}, {}, {}
        for employer in Employer.objects.filter(region=region).prefetch_related("locations"):
            self._add(employer, list(employer.locations.all()))

    def _add(self, employer, locations):
        self.by_name.setdefault(name_key(employer.name), []).append(employer)
        self.locations[employer.pk] = locations
        if employer.kvk_number:
            self.by_kvk[employer.kvk_number] = employer

    def employer_created(self, employer):
        self._add(employer, [])
        self.contacts[employer.pk] = []

    def employer_updated(self, employer, old_name):
        if name_key(old_name) != name_key(employer.name):
            self.by_name[name_key(old_name)].remove(employer)
            self.by_name.setdefault(name_key(employer.name), []).append(employer)
        if employer.kvk_number:
            self.by_kvk[employer.kvk_number] = employer

    def match(self, group):
        """-> (employer or None, column key, error message): the employer this group updates."""
        if group.kvk and group.kvk in self.by_kvk:
            found = self.by_kvk[group.kvk]
            if found.region_id != self.region.pk:
                return (
                    None,
                    "kvk_number",
                    _(
                        "This KvK number belongs to an employer of another region; the import "
                        "does not change it. Ask that region or a WSP admin."
                    ),
                )
            return found, None, None
        named = self.by_name.get(group.name, [])
        if group.postcode:
            postcodes = {
                e.pk: {postcode_key(loc.postcode) for loc in self.locations[e.pk]} for e in named
            }
            candidates = [e for e in named if group.postcode in postcodes[e.pk]]
            if not candidates:  # recorded earlier without an address
                candidates = [e for e in named if not postcodes[e.pk]]
        else:
            candidates = list(named)
        if group.kvk:  # an employer with another KvK number is another employer
            candidates = [e for e in candidates if not e.kvk_number]
        if len(candidates) <= 1:
            return (candidates[0] if candidates else None), None, None
        if group.postcode:
            message = _(
                "Several employers in this region have this name and postcode; "
                "fill in the KvK number to choose one."
            )
        else:
            message = _(
                "Several employers in this region have this name; fill in the KvK number "
                "or the postcode to choose one."
            )
        return None, "employer_name", message

    def load_contacts(self, employers):
        wanted = {employer.pk for employer in employers} - set(self.contacts)
        for pk in wanted:
            self.contacts[pk] = []
        for contact in ContactPerson.objects.filter(employer_id__in=wanted).order_by("pk"):
            self.contacts[contact.employer_id].append(contact)


# --- writing: through the services, or (dry run) validated in memory -----------------------------


class ServiceWriter:
    """Writes through employers.services, as every other page does."""

    dry = False

    def __init__(self, *, region, by):
        self.region = region
        self.by = by

    def employer_create(self, values):
        return services.employer_create(region=self.region, by=self.by, **values)

    def employer_update(self, employer, updates):
        services.employer_update(employer=employer, by=self.by, **updates)

    def location_add(self, employer, values):
        return services.location_add(employer=employer, by=self.by, **values)

    def contact_add(self, employer, values):
        return services.contact_add(employer=employer, by=self.by, **values)

    def contact_update(self, person, details):
        services.contact_update(contact=person, by=self.by, **details)

    def contact_change_role(self, person, roles):
        services.contact_change_role(contact=person, by=self.by, **roles)

    def reload(self, instance):
        instance.refresh_from_db()


def _known_fields(values, allowed):
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


class DryRunWriter(ServiceWriter):
    """The preview: the same field checks as the services (full_clean), in memory, so that a
    preview of 10,000 rows takes seconds. What only the database knows (is a KvK number taken?)
    the Index answers. New objects get negative ids; nothing is saved."""

    dry = True

    def __init__(self, *, region, by):
        super().__init__(region=region, by=by)
        self.next_id = 0

    def _new(self, instance, exclude):
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        self.next_id -= 1
        instance.pk = self.next_id
        return instance

    def _change(self, instance, values, exclude):
        for name, value in values.items():
            setattr(instance, name, value)
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)

    def employer_create(self, values):
        _known_fields(values, services.EMPLOYER_FIELDS)
        employer = Employer(region=self.region, **values)
        return self._new(employer, ["region", "created_by", "updated_by"])

    def employer_update(self, employer, updates):
        _known_fields(updates, services.EMPLOYER_FIELDS)
        self._change(employer, updates, ["region", "created_by", "updated_by"])

    def location_add(self, employer, values):
        _known_fields(values, services.LOCATION_FIELDS)
        return self._new(Location(employer=employer, **values), ["employer"])

    def contact_add(self, employer, values):
        _known_fields(values, services.CONTACT_FIELDS)
        person = ContactPerson(employer=employer, **values)
        person.active_since = person.active_since or timezone.localdate()
        return self._new(person, ["employer", "successor"])

    def contact_update(self, person, details):
        self._change(person, details, ["employer", "successor"])

    def contact_change_role(self, person, roles):
        self._change(person, roles, ["employer", "successor"])

    def reload(self, instance):
        if instance.pk and instance.pk > 0:
            instance.refresh_from_db()


# --- applying ------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    rows: list
    ignored_columns: list
    delimiter: str
    encoding: str
    dry_run: bool
    valid_only: bool
    written: bool = False
    employers_created: int = 0
    employers_updated: int = 0
    employers_unchanged: int = 0
    contacts_created: int = 0
    contacts_updated: int = 0
    contacts_unchanged: int = 0

    @property
    def errors(self):
        return [error for row in self.rows for error in row.errors]

    @property
    def has_errors(self):
        return any(row.errors for row in self.rows)

    @property
    def error_row_count(self):
        return sum(1 for row in self.rows if row.errors)

    @property
    def valid_row_count(self):
        return len(self.rows) - self.error_row_count

    @property
    def encoding_label(self):
        labels = {"utf-8-sig": "UTF-8", "cp1252": _("Windows (Excel)"), "utf-16": "UTF-16"}
        return labels.get(self.encoding, self.encoding)

    @property
    def delimiter_label(self):
        return {";": _("semicolon"), ",": _("comma"), "\t": _("tab")}[self.delimiter]


class _Failed(Exception):
    """Roll back the savepoint of one employer or contact (the errors are on its rows)."""

    def __init__(self, row=None):
        super().__init__(row.number if row else None)
        self.row = row


def _label(model, name):
    return str(model._meta.get_field(name).verbose_name)


class Importer:
    def __init__(self, parsed, *, region, by):
        self.parsed = parsed
        self.region = region
        self.by = by
        self.parser = RowParser(parsed.headers)
        self.created, self.updated, self.unchanged = set(), set(), set()

    def savepoint(self):
        """Valid-only imports keep what succeeded: each employer and contact gets a savepoint.
        Otherwise any error rolls everything back, and a dry run writes nothing at all."""
        return transaction.atomic() if self.valid_only and not self.writer.dry else nullcontext()

    def run(self, *, dry_run, valid_only):
        self.valid_only = valid_only
        writer_class = DryRunWriter if dry_run else ServiceWriter
        self.writer = writer_class(region=self.region, by=self.by)
        rows = self.parsed.rows
        for row in rows:
            self.parser.parse(row)
        groups = group_rows(rows, self.parser)
        result = ImportResult(
            rows=rows,
            ignored_columns=self.parsed.ignored_columns,
            delimiter=self.parsed.delimiter,
            encoding=self.parsed.encoding,
            dry_run=dry_run,
            valid_only=valid_only,
        )
        with transaction.atomic():
            self.index = Index(self.region, groups)
            self.index.load_contacts(
                employer for employer, _column, _error in map(self.index.match, groups) if employer
            )
            for group in groups:
                self._apply_group(group)
            actions = Counter(group.action for group in groups)
            result.employers_created = actions["create"]
            result.employers_updated = actions["update"]
            result.employers_unchanged = actions["unchanged"]
            result.contacts_created = len(self.created)
            result.contacts_updated = len(self.updated - self.created)
            result.contacts_unchanged = len(self.unchanged - self.created - self.updated)
            result.written = not dry_run and (valid_only or not result.has_errors)
            if not result.written:
                transaction.set_rollback(True)
        return result

    def error_from_service(self, exc, row, columns):
        """A service's ValidationError -> RowErrors in the matching columns."""
        if hasattr(exc, "error_dict"):
            for model_field, messages in exc.message_dict.items():
                for message in messages:
                    self.parser.error(row, columns.get(model_field), message)
        else:
            for message in exc.messages:
                self.parser.error(row, None, message)

    def _apply_group(self, group):
        """Save one employer with its addresses and contacts in a savepoint of its own. The
        employer is kept only when at least one of its rows is valid."""
        contact_headers = {self.parser.header(key) for key in CONTACT_KEYS}
        culprit = next(
            (
                row
                for row in group.rows
                if any(error.column not in contact_headers for error in row.errors)
            ),
            None,
        )
        if culprit is not None:
            self._fail_group(group, culprit)
            return
        employer, column, problem = self.index.match(group)
        if problem:
            self.parser.error(group.first, column, problem)
            self._fail_group(group, group.first)
            return
        valid = [row for row in group.rows if not row.errors]
        if not valid:
            return
        if employer is not None:
            self.index.load_contacts([employer])
        outcome = GroupOutcome(employer=employer, is_new=employer is None)
        try:
            with self.savepoint():
                self._save_employer(outcome, valid)
                for row in valid:
                    if row.contact is not None:
                        self._apply_contact(outcome, row)
                if all(row.errors for row in valid):
                    raise _Failed()
        except _Failed as failure:
            self._undo(outcome)
            if failure.row is not None:
                self._fail_group(group, failure.row)
            else:
                self._clear(group)
            return
        self._commit(group, outcome, valid)

    def _fail_group(self, group, culprit):
        self._clear(group)
        for row in group.rows:
            if not row.errors:
                self.parser.error(
                    row,
                    None,
                    _("Not imported: the employer's details in row %(row)d have errors.")
                    % {"row": culprit.number},
                )

    def _clear(self, group):
        group.action = ""
        for row in group.rows:
            row.employer_action = row.contact_action = ""
            row.changes = []

    def _undo(self, outcome):
        """The savepoint was rolled back: forget what the group changed in memory."""
        if outcome.employer is not None and not outcome.is_new:
            self.writer.reload(outcome.employer)
        for person in outcome.touched:
            self.writer.reload(person)

    def _commit(self, group, outcome, valid):
        employer = outcome.employer
        if outcome.is_new:
            self.index.employer_created(employer)
        elif outcome.changes:
            self.index.employer_updated(employer, outcome.old_name)
        self.index.locations[employer.pk].extend(outcome.locations)
        self.index.contacts.setdefault(employer.pk, []).extend(outcome.new_people)
        if outcome.is_new:
            group.action = "create"
        else:
            group.action = "update" if outcome.changes or outcome.locations else "unchanged"
        if not outcome.is_new:
            valid[0].changes[:0] = outcome.changes + [
                _("address %(street)s, %(city)s") % {"street": loc.street, "city": loc.city}
                for loc in outcome.locations
            ]
        for row in valid:
            if not row.errors:
                row.employer_action = group.action
        for person, action in outcome.people:
            {"create": self.created, "update": self.updated}.get(action, self.unchanged).add(
                person.pk
            )

    def _save_employer(self, outcome, valid):
        """Create or update the employer from its valid rows and add new addresses."""
        values, sources = {}, {}
        for row in valid:
            for name, value in row.employer.items():
                values.setdefault(name, value)
                sources.setdefault(name, row)
        row = valid[0]
        try:
            if outcome.is_new:
                outcome.employer = self.writer.employer_create(values)
            else:
                employer = outcome.employer
                outcome.old_name = employer.name
                updates = {
                    name: value
                    for name, value in values.items()
                    if getattr(employer, name) != value
                    and not (name == "name" and name_key(employer.name) == name_key(value))
                }
                if updates:
                    self.writer.employer_update(employer, updates)
                    outcome.changes = [_label(Employer, name) for name in updates]
            known = self.index.locations.get(outcome.employer.pk, [])
            for row in valid:
                if row.location is not None and not _has_location(
                    [*known, *outcome.locations], row.location
                ):
                    is_main = not (known or outcome.locations)
                    outcome.locations.append(
                        self.writer.location_add(
                            outcome.employer, {**row.location, "is_main": is_main}
                        )
                    )
        except ValidationError as exc:
            if row is valid[0] and hasattr(exc, "error_dict"):
                row = next((sources[f] for f in exc.error_dict if f in sources), row)
            columns = EMPLOYER_FIELD_COLUMNS
            if row.location is not None and set(getattr(exc, "error_dict", ())) <= {
                "street",
                "postcode",
                "city",
            }:
                columns = LOCATION_FIELD_COLUMNS
            self.error_from_service(exc, row, columns)
            raise _Failed(row) from exc
        except IntegrityError as exc:
            self.parser.error(
                valid[0],
                None,
                _("Someone changed this employer at the same moment. Try the import again."),
            )
            raise _Failed(valid[0]) from exc

    def _apply_contact(self, outcome, row):
        """Add or update one contact person in a savepoint; errors stay on the row."""
        employer = outcome.employer
        values = dict(row.contact)
        people = self.index.contacts.get(employer.pk, []) if not outcome.is_new else []
        person = find_contact([*people, *outcome.new_people], values)
        try:
            with self.savepoint():
                if person is None:
                    person = self._create_contact(employer, values)
                    outcome.new_people.append(person)
                    changed, action = [], "create"
                else:
                    outcome.touched.append(person)
                    changed = self._update_contact(person, values)
                    action = "update" if changed else "unchanged"
        except ValidationError as exc:
            if person is not None and person.pk:
                self.writer.reload(person)
            self.error_from_service(exc, row, CONTACT_FIELD_COLUMNS)
            return
        except IntegrityError:
            if person is not None and person.pk:
                self.writer.reload(person)
            self.parser.error(
                row,
                None,
                _("Someone changed this contact person at the same moment. Try the import again."),
            )
            return
        row.contact_action = action
        row.changes += changed
        outcome.people.append((person, action))

    def _create_contact(self, employer, values):
        if "level" not in values:
            values["level"] = next((lvl for role, lvl in LEVEL_FROM_ROLE if values.get(role)), "")
        if not values["level"]:
            raise ValidationError(
                {
                    "level": _("Fill in the level of a new contact person: %(choices)s.")
                    % {"choices": _examples(LEVEL_TERMS)}
                }
            )
        return self.writer.contact_add(employer, values)

    def _update_contact(self, person, values):
        """Change what the file fills in and differs; role changes are recorded as an event."""
        role_fields = {"level", "job_title", *ContactPerson.ROLE_FIELDS}
        changed = {
            name: value
            for name, value in values.items()
            if getattr(person, name) != value
            and not (name == "name" and name_key(person.name) == name_key(value))
        }
        details = {name: value for name, value in changed.items() if name not in role_fields}
        roles = {name: value for name, value in changed.items() if name in role_fields}
        if details:
            self.writer.contact_update(person, details)
        if roles:
            self.writer.contact_change_role(person, roles)
        labels = [
            _label(ContactPerson, name) for name in changed if name not in ContactPerson.ROLE_FIELDS
        ]
        if set(changed) & set(ContactPerson.ROLE_FIELDS):
            labels.append(_("roles"))
        return labels


@dataclass
class GroupOutcome:
    """What saving one employer group did, applied to the Index only once it is kept."""

    employer: Employer | None
    is_new: bool
    old_name: str = ""
    changes: list = field(default_factory=list)
    locations: list = field(default_factory=list)
    new_people: list = field(default_factory=list)
    touched: list = field(default_factory=list)
    people: list = field(default_factory=list)  # (person, action)


def _has_location(locations, values):
    street, code = name_key(values["street"]), postcode_key(values["postcode"])
    return any(
        postcode_key(location.postcode) == code and name_key(location.street) == street
        for location in locations
    )


def find_contact(people, values):
    """The same name, else the same e-mail; people still there before those who left."""
    people = sorted(people, key=lambda person: person.left_on is not None)
    name, email = name_key(values.get("name")), values.get("email", "")
    by_name = next((p for p in people if name and name_key(p.name) == name), None)
    return by_name or next((p for p in people if email and p.email.lower() == email), None)


def run_import(raw, *, region, by=None, dry_run=True, valid_only=False):
    """Read, check and (unless dry_run) import CSV bytes into `region`, recording `by`.

    Raises ImportFileError when the file as a whole is unusable. Returns an ImportResult with
    the rows, their errors and actions and the counts; `result.written` tells whether anything
    was kept: never in a dry run, and with errors only when valid_only was asked for.
    """
    parsed = read_file(raw)
    return Importer(parsed, region=region, by=by).run(dry_run=dry_run, valid_only=valid_only)


def summary_text(result):
    """One Dutch sentence (or two) with the counts of a finished import."""
    text = _(
        "Import done. Employers: %(created)d new, %(updated)d updated, %(unchanged)d unchanged. "
        "Contact persons: %(contacts_created)d new, %(contacts_updated)d updated, "
        "%(contacts_unchanged)d unchanged."
    ) % {
        "created": result.employers_created,
        "updated": result.employers_updated,
        "unchanged": result.employers_unchanged,
        "contacts_created": result.contacts_created,
        "contacts_updated": result.contacts_updated,
        "contacts_unchanged": result.contacts_unchanged,
    }
    if result.has_errors:
        count = result.error_row_count
        text += " " + ngettext(
            "%(count)d row with errors was skipped.",
            "%(count)d rows with errors were skipped.",
            count,
        ) % {"count": count}
    return text


# --- large imports in the background -------------------------------------------------------------

# A confirmed import of more rows than this runs as a Celery job (each row goes through the
# services: about 5-15 ms a row), and its outcome is e-mailed; smaller ones run in the request.
SYNC_ROWS = 1000
EMAIL_ERRORS = 200


def pack(raw):
    """The uploaded bytes as compact text for the session or a task message (no file on disk)."""
    return base64.b64encode(zlib.compress(raw, 6)).decode("ascii")


def unpack(data):
    return zlib.decompress(base64.b64decode(data))


def import_and_report(raw, *, region, by, valid_only, filename):
    """Run a confirmed import (the background job) and e-mail the outcome to `by`."""
    with translation.override(settings.LANGUAGE_CODE):
        result, problem = None, ""
        try:
            result = run_import(raw, region=region, by=by, dry_run=False, valid_only=valid_only)
        except ImportFileError as exc:
            problem = str(exc)
        errors = result.errors if result else []
        context = {
            "user": by,
            "region": region,
            "filename": filename,
            "result": result,
            "problem": problem,
            "summary": summary_text(result) if result and result.written else "",
            "errors": errors[:EMAIL_ERRORS],
            "errors_hidden": max(len(errors) - EMAIL_ERRORS, 0),
            "link": settings.SITE_URL + reverse("employers:list"),
        }
        subject = render_to_string("employers/import_email_subject.txt", context).strip()
        body = render_to_string("employers/import_email.txt", context)
    send_mail(subject, body, None, [by.email])
    return result


# --- export --------------------------------------------------------------------------------------


def _term(terms, code):
    return words(terms, code)[0] if code in terms else (code or "")


def guard_formula(value):
    """A cell starting with = + - @ is a formula to Excel: a leading ' keeps it text (the
    import removes it again). Phone numbers such as +31 6 ... are left alone."""
    value = "" if value is None else str(value)
    if value[:1] in FORMULA_START and not re.fullmatch(r"[+\-]?[\d\s()\-]+", value):
        return "'" + value
    return value


def employer_cells(employer, location):
    return [
        employer.name,
        employer.kvk_number,
        employer.branch_number,
        _term(SECTOR_TERMS, employer.sector),
        "" if employer.employee_count is None else str(employer.employee_count),
        _term(OWNERSHIP_TERMS, employer.ownership),
        _term(STAGE_TERMS, employer.stage),
        _term(INCLUSION_TERMS, employer.inclusion),
        location.street if location else "",
        location.postcode if location else "",
        location.city if location else "",
    ]


def contact_cells(person):
    if person is None:
        return [""] * len(CONTACT_KEYS)
    roles = [_term(ROLE_TERMS, role) for role in ContactPerson.ROLE_FIELDS if getattr(person, role)]
    return [
        person.name,
        person.job_title,
        _term(LEVEL_TERMS, person.level),
        ", ".join(roles),
        person.phone,
        person.email,
    ]


def export_rows(employers):
    """The header and one row per current contact person (or one row for an employer without
    any), in the import format. Prefetch `locations` and `current_contacts` (a to_attr list of
    ContactPerson.objects.current()) to keep the number of queries fixed."""
    yield [column.header for column in COLUMNS]
    for employer in employers:
        locations = list(employer.locations.all())
        main = next((loc for loc in locations if loc.is_main), locations[0] if locations else None)
        people = getattr(employer, "current_contacts", None)
        if people is None:
            people = list(employer.contacts.current())
        cells = employer_cells(employer, main)
        for person in people or [None]:
            yield [guard_formula(value) for value in cells + contact_cells(person)]


def write_csv(stream, rows):
    """UTF-8 with BOM, semicolons: Dutch Excel opens it with the right columns and characters."""
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerows(rows)


# fmt: off
SAMPLE_ROWS = (
    ("Bakkerij Het Korenaar", "12345678", "", "industrie", "42", "privaat", "actief",
     "inclusief", "Dorpsstraat 1", "3511 AB", "Utrecht", "Anna de Boer", "Eigenaar", "top",
     "directeur, kartrekker", "030 123 45 67", "anna@korenaar.example"),
    ("Bakkerij Het Korenaar", "12345678", "", "", "", "", "", "", "", "", "", "Erik Janssen",
     "Ploegleider", "vloer", "begeleider", "06 12345678", ""),
    ("Zorggroep Sint Maartën", "", "", "zorg en welzijn", "380", "publiek", "kennismaking",
     "nog niet inclusief", "Kerkplein 12", "3526 KL", "Utrecht", "", "", "", "", "", ""),
)
# fmt: on


def sample_rows():
    """A small example file for the upload page: two employers, two contacts."""
    yield [column.header for column in COLUMNS]
    yield from SAMPLE_ROWS
