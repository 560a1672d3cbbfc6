"""The export in the import format, so an exported file imports again without creating
duplicates; and the sample file of the upload page."""

from ..models import ContactPerson
from .columns import (
    COLUMNS,
    CONTACT_KEYS,
    INCLUSION_TERMS,
    LEVEL_TERMS,
    OWNERSHIP_TERMS,
    ROLE_TERMS,
    SECTOR_TERMS,
    STAGE_TERMS,
    words,
)


def _term(terms, code):
    return words(terms, code)[0] if code in terms else (code or "")


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
    any), in the import format (wsp_crm.exports guards the cells). Prefetch `locations` and
    `current_contacts` (a to_attr list of ContactPerson.objects.current()) to keep the number of
    queries fixed."""
    yield [column.header for column in COLUMNS]
    for employer in employers:
        locations = list(employer.locations.all())
        main = next((loc for loc in locations if loc.is_main), locations[0] if locations else None)
        people = getattr(employer, "current_contacts", None)
        if people is None:
            people = list(employer.contacts.current())
        cells = employer_cells(employer, main)
        for person in people or [None]:
            yield cells + contact_cells(person)


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
