"""The "Contact persons" section: contact coverage per level, recent contact changes and
unverified contacts, with the lists behind them."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import ContactEvent, ContactPerson

from .tables import Cell, Table, UnknownList, employer_rows, pct_cell

CONTACT_CHANGE_DAYS = 90
UNVERIFIED_MONTHS = 12


def current_contacts(today):
    return ContactPerson.objects.filter(Q(left_on__isnull=True) | Q(left_on__gt=today))


def contact_tables(scope):
    """3 queries: coverage (one aggregate), changes in the last 90 days, unverified contacts."""
    today = scope.today
    contacts = current_contacts(today).filter(employer=OuterRef("pk"))
    coverage = (
        scope.employers()
        .exclude(stage="prospect")
        .annotate(
            has_top=Exists(contacts.filter(level="top")),
            has_middle=Exists(contacts.filter(level="middle")),
            has_floor=Exists(contacts.filter(level="floor")),
            has_champion=Exists(contacts.filter(is_champion=True)),
        )
        .aggregate(
            total=Count("pk"),
            top=Count("pk", filter=Q(has_top=True)),
            middle=Count("pk", filter=Q(has_middle=True)),
            floor=Count("pk", filter=Q(has_floor=True)),
            champion=Count("pk", filter=Q(has_champion=True)),
        )
    )
    labels = [
        ("top", _("Top level (owner / director)")),
        ("middle", _("Middle level (HR / management)")),
        ("floor", _("Shop floor (supervisor / buddy)")),
        ("champion", _("Champion (kartrekker)")),
    ]
    coverage_table = Table(
        "contact_coverage",
        _("Contact coverage"),
        [_("Contact"), _("Employers with one"), _("Employers without one"), _("Coverage")],
        [
            [
                Cell(label),
                Cell(coverage[key]),
                Cell(
                    coverage["total"] - coverage[key], scope.list_url("missing_contact", level=key)
                ),
                pct_cell(coverage[key], coverage["total"]),
            ]
            for key, label in labels
        ],
        description=_("Employers beyond the prospect stage (%(count)s).")
        % {"count": coverage["total"]},
    )
    since = today - datetime.timedelta(days=CONTACT_CHANGE_DAYS)
    events = dict(
        ContactEvent.objects.filter(
            contact__employer__in=scope.employers(),
            on__gte=since,
            kind__in=("added", "left", "role_changed"),
        )
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    unverified = unverified_contacts(scope).count()
    changes_table = Table(
        "contact_changes",
        _("Contact-person changes"),
        [_("Figure"), _("Number")],
        [
            *[
                [
                    Cell(label),
                    Cell(events.get(kind, 0), scope.list_url("contact_changes", kind=kind)),
                ]
                for kind, label in (
                    ("added", _("Added in the last 90 days")),
                    ("left", _("Left in the last 90 days")),
                    ("role_changed", _("Changed role in the last 90 days")),
                )
            ],
            [
                Cell(_("Contacts not verified for 12 months")),
                Cell(unverified, scope.list_url("unverified")),
            ],
        ],
    )
    return [coverage_table, changes_table]


def unverified_contacts(scope):
    cutoff = scope.today - relativedelta(months=UNVERIFIED_MONTHS)
    cutoff_moment = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    return current_contacts(scope.today).filter(
        Q(employer__in=scope.employers()),
        Q(last_verified_on__lt=cutoff)
        | Q(last_verified_on__isnull=True, created_at__lt=cutoff_moment),
    )


def list_missing_contact(scope, params):
    level = params.get("level")
    contacts = current_contacts(scope.today).filter(employer=OuterRef("pk"))
    conditions = {
        "top": contacts.filter(level="top"),
        "middle": contacts.filter(level="middle"),
        "floor": contacts.filter(level="floor"),
        "champion": contacts.filter(is_champion=True),
    }
    if level not in conditions:
        raise UnknownList(level)
    employers = scope.employers().exclude(stage="prospect").filter(~Exists(conditions[level]))
    titles = {
        "top": _("Employers without a contact at top level"),
        "middle": _("Employers without a contact at middle level"),
        "floor": _("Employers without a contact on the shop floor"),
        "champion": _("Employers without a champion"),
    }
    return employer_rows(scope, employers, titles[level])


def list_contact_changes(scope, params):
    kinds = dict(ContactEvent.Kind.choices)
    kind = params.get("kind")
    if kind not in ("added", "left", "role_changed"):
        raise UnknownList(kind)
    rows = (
        ContactEvent.objects.filter(
            contact__employer__in=scope.employers(),
            on__gte=scope.today - datetime.timedelta(days=CONTACT_CHANGE_DAYS),
            kind=kind,
        )
        .order_by("-on", "-pk")
        .values("contact__employer_id", "contact__employer__name", "contact__name", "on", "details")
    )
    return Table(
        "list",
        _("Contact-person changes in the last 90 days: %(kind)s") % {"kind": kinds[kind]},
        [_("Employer"), _("Contact person"), _("Date"), _("Details")],
        [
            [
                Cell(
                    row["contact__employer__name"],
                    reverse("employers:detail", args=[row["contact__employer_id"]]),
                ),
                Cell(row["contact__name"]),
                Cell(row["on"], display=row["on"].strftime("%d-%m-%Y")),
                Cell(row["details"]),
            ]
            for row in rows
        ],
        empty=_("No changes."),
    )


def list_unverified(scope, params):
    levels = dict(ContactPerson.Level.choices)
    rows = (
        unverified_contacts(scope)
        .order_by("employer__name", "name", "pk")
        .values("employer_id", "employer__name", "name", "level", "last_verified_on")
    )
    return Table(
        "list",
        _("Contacts not verified for 12 months"),
        [_("Employer"), _("Contact person"), _("Level"), _("Last verified on")],
        [
            [
                Cell(row["employer__name"], reverse("employers:detail", args=[row["employer_id"]])),
                Cell(row["name"]),
                Cell(levels.get(row["level"], row["level"])),
                Cell(
                    row["last_verified_on"],
                    display=row["last_verified_on"].strftime("%d-%m-%Y")
                    if row["last_verified_on"]
                    else _("never"),
                ),
            ]
            for row in rows
        ],
        empty=_("No contacts."),
    )
