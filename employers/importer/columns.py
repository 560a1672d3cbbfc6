"""The columns an import file may have and the values they accept (docs/import.md lists them).

COLUMNS names each column: the Dutch header the export and the sample file write, the other
headers that are recognised (reading.map_headers() finds them in the header row, with fold()),
and the part it fills (employer, location or contact). The *_FIELD_COLUMNS map a model field back
to its column, so that a service's ValidationError lands in the right cell. The *_TERMS list the
words each choice column accepts besides the codes and labels (validation.RowParser).
"""

import re
import unicodedata
from dataclasses import dataclass

from wsp_crm import exports

from ..models import ContactPerson, Employer

# A cell starting with one of these is a formula to Excel: the export puts a ' before it
# (wsp_crm.exports.guard) and reading takes it off again (reading.clean_cell).
FORMULA_START = exports.FORMULA_START


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


def examples(terms):
    return ", ".join(words(terms, code)[0] for code in terms)
