"""What the global search looks in, kind by kind, each scoped by its `visible_to`.

A query's words must each be found in one of a kind's fields: as a part of it ("korenbl" in
"Bakkerij Korenbloem"), or on PostgreSQL also as a word like it (pg_trgm's word similarity, so
"korenblom" finds "Korenbloem"). Case and accents do not count on PostgreSQL (the migration's
`wsp_search_fold`, which the trigram indexes are built on); SQLite compares case-insensitively
only (a plain fallback for the server-less default).
"""

import dataclasses
import functools
import operator

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import CharField, F, Func, Q, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from candidates.models import Candidate
from employers.models import ContactPerson, Employer, Location
from placements.models import Placement

from .text import highlight

PER_KIND = 8
MAX_NAMED = 200  # candidates whose placements a name search looks at
NAME_ORDER = ("last_name", "first_name", "pk")
# Words of fewer letters and digits are matched as a part only: a typo in "bv" is noise (and
# pg_trgm ignores punctuation, so "ko.*" would be "ko").
TYPO_MIN_LENGTH = 4


class Folded(Func):
    """Lower case without accents, in SQL (search migration 0001; indexed with gin_trgm_ops)."""

    function = "wsp_search_fold"
    output_field = CharField()


def _postgresql():
    return connection.vendor == "postgresql"


def _folded_fields(fields):
    return {f"s_{field.replace('__', '_')}": Folded(field) for field in fields}


def _matching(queryset, fields, words, *, order=("pk",)):
    """`queryset` narrowed to rows where every word is found in one of `fields`; best match
    first on PostgreSQL, then by `order`."""
    if not _postgresql():
        conditions = [
            functools.reduce(operator.or_, [Q(**{f"{field}__icontains": word}) for field in fields])
            for word in words
        ]
        return queryset.filter(*conditions).order_by(*order)
    aliases = _folded_fields(fields)
    queryset = queryset.alias(**aliases)
    conditions = []
    for word in words:
        found = [Q(**{f"{name}__contains": word}) for name in aliases]
        if sum(char.isalnum() for char in word) >= TYPO_MIN_LENGTH:
            found += [Q(**{f"{name}__trigram_word_similar": word}) for name in aliases]
        conditions.append(functools.reduce(operator.or_, found))
    scores = [TrigramWordSimilarity(Value(" ".join(words)), F(name)) for name in aliases]
    rank = Greatest(*scores) if len(scores) > 1 else scores[0]
    return queryset.filter(*conditions).annotate(search_rank=rank).order_by("-search_rank", *order)


def _found(queryset, fields, word, column="pk"):
    """The `column` of the rows where `word` is in one of `fields`: an id list for an IN, each
    found through its own trigram index."""
    return _matching(queryset, fields, [word]).order_by().values(column)


def _best_first(queryset, field, words, order):
    """Best match on `field` first on PostgreSQL, then by `order`."""
    if not _postgresql():
        return queryset.order_by(*order)
    rank = TrigramWordSimilarity(Value(" ".join(words)), Folded(field))
    return queryset.annotate(search_rank=rank).order_by("-search_rank", *order)


@dataclasses.dataclass
class Hit:
    kind: str
    pk: int
    label: str
    detail: str
    url: str
    words: list = dataclasses.field(repr=False, default_factory=list)
    candidate_id: int | None = None  # the candidate whose name the hit shows

    @property
    def label_html(self):
        return highlight(self.label, self.words)

    @property
    def detail_html(self):
        return highlight(self.detail, self.words)


@dataclasses.dataclass
class Group:
    kind: str
    label: str
    hits: list
    more: bool
    more_url: str = ""


def _page(queryset):
    rows = list(queryset[: PER_KIND + 1])
    return rows[:PER_KIND], len(rows) > PER_KIND


def employers(user, words):
    """By name, or by a location's city or postcode, or (digits) by the start of the KvK
    number. Per word one list of ids, each part found through its own index, so PostgreSQL never
    reads the visible employers one by one."""
    matches = []
    for word in words:
        ids = _found(Employer.objects.all(), ["name"], word)
        ids = ids.union(_found(Location.objects.all(), LOCATION, word, "employer_id"))
        digits = word.replace(" ", "")
        if digits.isdigit():
            by_kvk = Employer.objects.filter(kvk_number__startswith=digits).order_by()
            ids = ids.union(by_kvk.values("pk"))
        matches.append(Q(pk__in=ids))
    queryset = Employer.objects.visible_to_row_by_row(user).filter(*matches)
    rows, more = _page(_best_first(queryset, "name", words, ("name", "pk")))
    cities = _cities_of([row.pk for row in rows])
    hits = [
        Hit(
            "employer",
            row.pk,
            row.name,
            _join(row.kvk_number, cities.get(row.pk, "")),
            row.get_absolute_url(),
            words,
        )
        for row in rows
    ]
    return hits, more


LOCATION = ["city", "postcode"]


def _cities_of(employer_ids):
    cities = {}
    for employer_id, postcode, city in (
        Location.objects.filter(employer_id__in=employer_ids)
        .order_by("employer_id", "pk")
        .values_list("employer_id", "postcode", "city")
    ):
        cities.setdefault(employer_id, f"{postcode} {city}".strip())
    return cities


def contacts(user, words):
    # Tested row by row against the visible employers (a hashed list), so that PostgreSQL finds
    # the matches through the trigram indexes first (docs/performance.md).
    queryset = ContactPerson.objects.visible_to_newest_first(user).select_related("employer")
    rows, more = _page(_matching(queryset, ["name", "email", "phone"], words, order=("name", "pk")))
    hits = [
        Hit(
            "contact",
            row.pk,
            row.name,
            _join(
                row.job_title,
                row.employer.name,
                row.email,
                row.phone,
                _("left") if row.left_on else "",
            ),
            f"{row.employer.get_absolute_url()}#contact-{row.pk}",
            words,
        )
        for row in rows
    ]
    return hits, more


def candidates(user, words):
    queryset = Candidate.objects.visible_to(user).filter(anonymised_at__isnull=True)
    rows, more = _page(
        _matching(queryset, ["first_name", "last_name", "email"], words, order=NAME_ORDER)
    )
    hits = [
        Hit(
            "candidate",
            row.pk,
            row.full_name,
            _join(row.municipality, row.email),
            row.get_absolute_url(),
            words,
            candidate_id=row.pk,
        )
        for row in rows
    ]
    return hits, more


def placements(user, words):
    """Placements by job title, or by the name of a candidate the user may see (the candidate's
    name is shown only then). The candidates first (a short id list), so that PostgreSQL finds
    their placements through the candidate index."""
    named = Candidate.objects.visible_to(user).filter(anonymised_at__isnull=True)
    name_ids = list(
        _matching(named, ["first_name", "last_name"], words)
        .order_by()
        .values_list("pk", flat=True)[:MAX_NAMED]
    )
    by_name = Placement.objects.filter(candidate_id__in=name_ids).order_by().values("pk")
    by_title = _matching(Placement.objects.all(), ["job_title"], words).order_by().values("pk")
    queryset = (
        Placement.objects.visible_to_newest_first(user)
        .filter(pk__in=by_title.union(by_name))
        .select_related("employer", "candidate")
    )
    rows, more = _page(_best_first(queryset, "job_title", words, ("-start_date", "pk")))
    visible = set(
        named.filter(pk__in=[row.candidate_id for row in rows]).values_list("pk", flat=True)
    )
    hits = []
    for row in rows:
        shown = row.candidate_id if row.candidate_id in visible else None
        name = row.candidate.full_name if shown else ""
        hits.append(
            Hit(
                "placement",
                row.pk,
                row.job_title,
                _join(name, row.employer.name, row.get_status_display()),
                row.get_absolute_url(),
                words,
                candidate_id=shown,
            )
        )
    return hits, more


def staff(user, words):
    queryset = User.objects.filter(is_active=True, role__in=User.STAFF_ROLES)
    if not user.is_wsp_admin:
        queryset = queryset.filter(region_id=user.region_id)
    rows, more = _page(
        _matching(
            queryset,
            ["first_name", "last_name", "email"],
            words,
            order=("first_name", "last_name", "pk"),
        )
    )
    employers_url = reverse("employers:list")
    hits = [
        Hit(
            "staff",
            row.pk,
            row.full_name,
            _join(row.get_role_display(), row.email),
            f"{employers_url}?manager={row.pk}" if row.role in User.REGIONAL_ROLES else "",
            words,
        )
        for row in rows
    ]
    return hits, more


def _join(*parts):
    return " · ".join(str(part) for part in parts if part)


KINDS = [
    ("employer", _("Employers"), employers),
    ("contact", _("Contact persons"), contacts),
    ("candidate", _("Candidates"), candidates),
    ("placement", _("Placements"), placements),
    ("staff", _("Staff"), staff),
]
