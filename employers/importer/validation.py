"""Checking the rows: RowParser turns each row's cells into model values and RowErrors.

Dutch words ("actief", "inclusief", "midden"), the English and Dutch labels and the codes are all
accepted (columns.py lists the words). A RowError carries the row number as Excel shows it, the
column as named in the file and a Dutch message. Nothing is looked up in the database here.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import ContactPerson, Employer, normalise_postcode
from .columns import (
    COLUMN_BY_KEY,
    CONTACT_KEYS,
    INCLUSION_TERMS,
    LEVEL_TERMS,
    OWNERSHIP_TERMS,
    ROLE_SPLIT,
    ROLE_TERMS,
    SECTOR_TERMS,
    STAGE_TERMS,
    examples,
    fold,
    words,
)


@dataclass
class RowError:
    row: int  # as Excel numbers it: the header is row 1
    column: str  # the header as written in the file; "" for the row as a whole
    message: str


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
        for problem in row.problems:
            self.error(row, None, problem)
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
                % {"value": value, "choices": examples(self.CHOICES[key][0])},
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
                    % {"value": part.strip(), "choices": examples(ROLE_TERMS)},
                )
                return None
            flags[role] = True
        return flags
