"""The two ways the import writes: through employers.services (ServiceWriter), or validated in
memory for the preview (DryRunWriter). applying.Importer calls the same methods on either."""

from django.utils import timezone

from .. import services
from ..models import ContactPerson, Employer, Location


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
