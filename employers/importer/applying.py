"""Applying an import: run_import() reads, checks, matches and writes in ONE transaction.

Importer applies the employer groups through the writers (employers.services, or in memory for a
dry run), each employer and each contact in a savepoint of its own when only the valid rows are
kept. A dry run does exactly the same work and rolls it back, so the preview shows what the real
import will do. Nothing is kept while any row has errors, unless the caller asks for the valid
rows only.
"""

from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import ContactPerson, Employer
from .columns import (
    CONTACT_FIELD_COLUMNS,
    CONTACT_KEYS,
    EMPLOYER_FIELD_COLUMNS,
    LEVEL_FROM_ROLE,
    LEVEL_TERMS,
    LOCATION_FIELD_COLUMNS,
    examples,
)
from .matching import Index, find_contact, group_rows, has_location, name_key
from .reading import read_file
from .report import ImportResult
from .validation import RowParser
from .writers import DryRunWriter, ServiceWriter


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
                if row.location is not None and not has_location(
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
                    % {"choices": examples(LEVEL_TERMS)}
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


def run_import(raw, *, region, by=None, dry_run=True, valid_only=False):
    """Read, check and (unless dry_run) import CSV bytes into `region`, recording `by`.

    Raises ImportFileError when the file as a whole is unusable. Returns an ImportResult with
    the rows, their errors and actions and the counts; `result.written` tells whether anything
    was kept: never in a dry run, and with errors only when valid_only was asked for.
    """
    parsed = read_file(raw)
    return Importer(parsed, region=region, by=by).run(dry_run=dry_run, valid_only=valid_only)
