"""Matching the file to what exists: group the rows per employer, find the employer each group
updates and the contact person each row updates, so that importing a file twice adds nothing.

group_rows() groups the rows per employer (KvK number, else name + postcode). Index matches each
group in the target region by KvK number, else name + postcode (case and spaces ignored), and
find_contact() matches contact persons by name, else e-mail.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import ContactPerson, Employer
from .columns import EMPLOYER_FIELD_COLUMNS


def name_key(name):
    """Employer and contact names match case- and space-insensitively."""
    return " ".join(str(name or "").casefold().split())


def postcode_key(postcode):
    return "".join(str(postcode or "").split()).upper()


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
                # Says "not allowed" without confirming that the number exists elsewhere.
                return (
                    None,
                    "kvk_number",
                    _(
                        "This KvK number cannot be imported into this region. Check the number, "
                        "or ask a WSP admin."
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


def has_location(locations, values):
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
