"""Matching: from a staffing request, the candidates of the region who fit; from a candidate, the
open requests that fit. Criteria: hours, travel distance by postcode, preferred sectors, target
group, availability. Ranked by a score, each with the reasons it fits.

Distance is an approximation (docs/domain.md, "Matching"): a Dutch postcode's first two digits
name an area whose rough centre is in PC2_CENTRES; two different areas are the straight-line
distance between their centres, the same two-digit area 6 km, the same four-digit area 1 km.
Good to about 10-15 km: enough to leave out someone 80 km away, not to plan a route.

One query per list (plus the access-log insert the view writes): the filters that SQL can do on
any database (region, scope, not anonymised, not placed, hours, start date) run there; JSON lists
(target groups, sectors) and the distance are checked in Python on the rows left, as plain values.
"""

import functools
import math
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import Employer, Location
from placements.models import Placement

from .models import Candidate, Proposal, StaffingRequest

HOURS_TOLERANCE = 8  # a candidate fits a request when the wanted hours differ by at most this
DEFAULT_TRAVEL_KM = 25  # when the profile gives neither km nor minutes
KM_PER_MINUTE = 0.5  # 30 km/h door to door, to turn a travel time into a distance
MATCH_LIMIT = 50

POSTCODE = re.compile(r"^\s*([1-9][0-9])([0-9]{2})\s*([A-Za-z]{2})?\s*$")

# Rough centre (latitude, longitude) of every two-digit postcode area, named after its main town.
PC2_CENTRES = {
    10: (52.37, 4.90), 11: (52.32, 4.90), 12: (52.23, 5.17), 13: (52.37, 5.22),  # Amsterdam..
    14: (52.50, 4.95), 15: (52.44, 4.82), 16: (52.65, 5.06), 17: (52.85, 4.80),  # ..Den Helder
    18: (52.63, 4.75), 19: (52.48, 4.65), 20: (52.38, 4.64), 21: (52.30, 4.65),  # Alkmaar..
    22: (52.22, 4.45), 23: (52.16, 4.49), 24: (52.13, 4.66), 25: (52.07, 4.30),  # ..Den Haag
    26: (52.02, 4.36), 27: (52.06, 4.49), 28: (52.02, 4.71), 29: (51.93, 4.58),  # Delft..
    30: (51.92, 4.48), 31: (51.91, 4.37), 32: (51.85, 4.30), 33: (51.81, 4.67),  # Rotterdam..
    34: (52.03, 5.05), 35: (52.09, 5.12), 36: (52.14, 5.03), 37: (52.09, 5.23),  # Utrecht..
    38: (52.16, 5.39), 39: (52.03, 5.56), 40: (51.89, 5.43), 41: (51.95, 5.20),  # Amersfoort..
    42: (51.83, 4.97), 43: (51.65, 3.92), 44: (51.50, 3.89), 45: (51.33, 3.83),  # Gorinchem..
    46: (51.50, 4.29), 47: (51.53, 4.46), 48: (51.59, 4.78), 49: (51.64, 4.86),  # Bergen op Z..
    50: (51.56, 5.09), 51: (51.66, 5.05), 52: (51.69, 5.30), 53: (51.81, 5.25),  # Tilburg..
    54: (51.66, 5.62), 55: (51.40, 5.40), 56: (51.44, 5.48), 57: (51.48, 5.66),  # Uden..
    58: (51.53, 5.97), 59: (51.37, 6.17), 60: (51.25, 5.71), 61: (51.00, 5.87),  # Venray..
    62: (50.85, 5.69), 63: (50.87, 5.83), 64: (50.88, 5.98), 65: (51.84, 5.85),  # Maastricht..
    66: (51.85, 5.70), 67: (52.03, 5.66), 68: (51.98, 5.91), 69: (51.93, 6.07),  # Wijchen..
    70: (51.96, 6.30), 71: (51.97, 6.72), 72: (52.14, 6.20), 73: (52.21, 5.97),  # Doetinchem..
    74: (52.25, 6.16), 75: (52.22, 6.89), 76: (52.36, 6.66), 77: (52.57, 6.62),  # Deventer..
    78: (52.79, 6.90), 79: (52.72, 6.48), 80: (52.51, 6.09), 81: (52.39, 6.28),  # Emmen..
    82: (52.53, 5.70), 83: (52.71, 5.75), 84: (52.96, 5.92), 85: (52.97, 5.79),  # Lelystad..
    86: (53.03, 5.66), 87: (53.06, 5.53), 88: (53.18, 5.42), 89: (53.20, 5.80),  # Sneek..
    90: (53.15, 5.85), 91: (53.32, 6.00), 92: (53.11, 6.10), 93: (53.14, 6.43),  # Grou..
    94: (52.99, 6.56), 95: (52.99, 6.95), 96: (53.16, 6.76), 97: (53.22, 6.57),  # Assen..
    98: (53.25, 6.40), 99: (53.32, 6.86),  # Zuidhorn, Delfzijl
}  # fmt: skip


def postcode_area(value):
    """'3511 AB', '3511ab' or '3511' -> '3511'; anything else is a ValidationError that says so."""
    match = POSTCODE.match(value or "")
    if not match:
        raise ValidationError(
            {"postcode": _("“%(value)s” is not a Dutch postcode. Enter one such as 3511 AB.")
             % {"value": (value or "")[:20]}}
        )  # fmt: skip
    return match.group(1) + match.group(2)


@functools.lru_cache(maxsize=20000)
def distance_km(area_a, area_b):
    """The approximate distance between two four-digit postcode areas (None: unknown)."""
    if not (area_a and area_b):
        return None
    if area_a == area_b:
        return 1.0
    if area_a[:2] == area_b[:2]:
        return 6.0
    (lat1, lon1), (lat2, lon2) = PC2_CENTRES[int(area_a[:2])], PC2_CENTRES[int(area_b[:2])]
    dlat, dlon = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    h = (
        math.sin(dlat / 2) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    )
    return max(6.0, 2 * 6371 * math.asin(math.sqrt(h)))


def travel_limit(max_km, max_minutes):
    if max_km:
        return float(max_km)
    if max_minutes:
        return max_minutes * KM_PER_MINUTE
    return float(DEFAULT_TRAVEL_KM)


@dataclass
class Match:
    """Why a candidate fits: the score and the facts behind it (`reasons` words them, only for
    the rows shown: a match list judges thousands of rows and shows fifty)."""

    score: float = 0.0
    facts: list = field(default_factory=list)
    distance: float | None = None

    @property
    def reasons(self):
        texts = []
        for fact, *values in self.facts:
            if fact == "hours":
                texts.append(
                    _("wants %(wanted)s hours, the job has %(hours)s")
                    % {"wanted": values[0], "hours": values[1]}
                )
            elif fact == "distance":
                texts.append(
                    _("about %(km)s km away (at most %(limit)s)")
                    % {"km": round(values[0]), "limit": round(values[1])}
                )
            elif fact == "sector":
                texts.append(_("wants to work in this sector"))
            elif fact == "group":
                texts.append(_("belongs to the target group the job is meant for"))
            else:
                texts.append(_("available in time"))
        return texts


def judge(*, hours, wanted_hours, origin, home, max_km, max_minutes, sector, sectors,
          target_groups, candidate_groups, starts_on, available_from):  # fmt: skip
    """A Match when the candidate fits the request on every known criterion, else None."""
    score, facts, distance = 1.0, [], None
    if hours and wanted_hours:
        gap = abs(hours - wanted_hours)
        if gap > HOURS_TOLERANCE:
            return None
        score += 3 - gap / 3
        facts.append(("hours", wanted_hours, hours))
    if origin and home:
        limit = travel_limit(max_km, max_minutes)
        distance = distance_km(origin, home)
        if distance > limit:
            return None
        score += 3 * (1 - distance / (limit + 1))
        facts.append(("distance", distance, limit))
    if sectors:
        if sector not in sectors:
            return None
        score += 2
        facts.append(("sector",))
    if target_groups:
        if not any(group in candidate_groups for group in target_groups):
            return None
        score += 2
        facts.append(("group",))
    if available_from and available_from > starts_on:
        return None
    facts.append(("available",))
    return Match(score=score, facts=facts, distance=distance)


REACH_BANDS = (DEFAULT_TRAVEL_KM, 50, 100)


def reaches_beyond(km):
    """Candidates whose travel limit (travel_limit()) is above `km`."""
    return Q(profile__max_travel_km__gt=km) | Q(
        profile__max_travel_km__isnull=True, profile__max_travel_minutes__gt=km / KM_PER_MINUTE
    )


def areas_within(origin, km):
    return [
        f"{area:02d}"
        for area in PC2_CENTRES
        if distance_km(origin, origin if f"{area:02d}" == origin[:2] else f"{area:02d}00") <= km
    ]


def within_reach(origin):
    """Candidates who may live close enough (judge() decides on the rest): no postcode, or a
    home area within a distance band their travel limit exceeds the band below of."""
    reach = Q(postcode_area="") | reaches_beyond(REACH_BANDS[-1])
    below = 0
    for band in REACH_BANDS:
        areas = Q()
        for area in areas_within(origin, band):
            areas |= Q(postcode_area__startswith=area)
        reach |= areas if not below else areas & reaches_beyond(below)
        below = band
    return reach


def request_origin(staffing_request, postcode=None):
    """The four-digit area the request's work is at: the given postcode (checked), else the
    request's location, else the employer's main location (None: distance not used)."""
    if postcode:
        return postcode_area(postcode)
    location = staffing_request.location
    if location is None:
        location = Location.objects.filter(employer_id=staffing_request.employer_id).first()
    return location.postcode[:4] if location and location.postcode[:4].isdigit() else None


CANDIDATE_VALUES = (
    "pk",
    "first_name",
    "last_name",
    "postcode_area",
    "groups_text",
    "profile__hours_per_week",
    "sectors_text",
    "profile__available_from",
    "profile__max_travel_km",
    "profile__max_travel_minutes",
)


class QuotedCodes:
    """A JSON list of codes read as its text (no JSON decoding of thousands of rows):
    `"care" in QuotedCodes('["care", "retail"]')` is a test for the quoted code."""

    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text or ""

    def __bool__(self):
        return self.text not in ("", "[]")

    def __contains__(self, code):
        return f'"{code}"' in self.text


def candidates_for_request(staffing_request, user, postcode=None, limit=MATCH_LIMIT):
    """[(candidate values dict, Match)], best first: the region's candidates the user may see who
    fit the request and are not placed or already proposed to this employer."""
    origin = request_origin(staffing_request, postcode)
    starts_on = staffing_request.starts_on or timezone.localdate()
    hours = staffing_request.hours_per_week
    employer = staffing_request.employer
    proposed = Proposal.objects.open().filter(candidate=OuterRef("pk"), employer=employer)
    placed = Placement.objects.filter(candidate=OuterRef("pk"), status=Placement.Status.ACTIVE)
    rows = (
        Candidate.objects.visible_to(user)
        .filter(region_id=employer.region_id, anonymised_at__isnull=True)
        .exclude(Exists(proposed))
        .exclude(Exists(placed))
        .filter(Q(profile__available_from__isnull=True) | Q(profile__available_from__lte=starts_on))
    )
    if hours:
        rows = rows.filter(
            Q(profile__hours_per_week__isnull=True)
            | Q(
                profile__hours_per_week__gte=hours - HOURS_TOLERANCE,
                profile__hours_per_week__lte=hours + HOURS_TOLERANCE,
            )
        )
    rows = rows.annotate(
        groups_text=Cast("target_groups", TextField()),
        sectors_text=Cast("profile__sectors", TextField()),
    )
    # Cheap cuts in SQL before the rows reach Python (the same rules judge() applies):
    # a sector preference that leaves this employer's sector out, a target group the request
    # does not name, and (most rows) a home farther than the default reach.
    if employer.sector:
        rows = rows.filter(
            Q(sectors_text__isnull=True)
            | Q(sectors_text="[]")
            | Q(sectors_text__contains=f'"{employer.sector}"')
        )
    if staffing_request.target_groups:
        groups = Q()
        for group in staffing_request.target_groups:
            groups |= Q(groups_text__contains=f'"{group}"')
        rows = rows.filter(groups)
    if origin:
        rows = rows.filter(within_reach(origin))
    found = []
    for row in rows.order_by().values(*CANDIDATE_VALUES).iterator(chunk_size=2000):
        match = judge(
            hours=hours,
            wanted_hours=row["profile__hours_per_week"],
            origin=origin,
            home=row["postcode_area"],
            max_km=row["profile__max_travel_km"],
            max_minutes=row["profile__max_travel_minutes"],
            sector=employer.sector,
            sectors=QuotedCodes(row["sectors_text"]),
            target_groups=staffing_request.target_groups,
            candidate_groups=QuotedCodes(row["groups_text"]),
            starts_on=starts_on,
            available_from=row["profile__available_from"],
        )
        if match is not None:
            found.append((row, match))
    found.sort(key=lambda item: (-item[1].score, item[0]["last_name"], item[0]["pk"]))
    return found[:limit]


def requests_for_candidate(candidate, user, limit=MATCH_LIMIT):
    """[(staffing request, Match)], best first: the open requests of the candidate's region (that
    the user may see) that fit, leaving out employers with an open proposal of the candidate."""
    profile = getattr(candidate, "profile", None)
    proposed = Proposal.objects.open().filter(candidate=candidate).values("employer_id")
    requests = (
        StaffingRequest.objects.visible_to(user)
        .filter(status=StaffingRequest.Status.OPEN, employer__region_id=candidate.region_id)
        .exclude(employer_id__in=proposed)
        .select_related("employer", "location")
    )
    found = []
    for staffing_request in requests:
        location = staffing_request.location
        origin = location.postcode[:4] if location is not None else None
        match = judge(
            hours=staffing_request.hours_per_week,
            wanted_hours=profile.hours_per_week if profile else None,
            origin=origin,
            home=candidate.postcode_area,
            max_km=profile.max_travel_km if profile else None,
            max_minutes=profile.max_travel_minutes if profile else None,
            sector=staffing_request.employer.sector,
            sectors=profile.sectors if profile else [],
            target_groups=staffing_request.target_groups,
            candidate_groups=candidate.target_groups or [],
            starts_on=staffing_request.starts_on or timezone.localdate(),
            available_from=profile.available_from if profile else None,
        )
        if match is not None:
            found.append((staffing_request, match))
    found.sort(key=lambda item: (-item[1].score, item[0].employer.name, item[0].pk))
    return found[:limit]


def sector_label(code):
    return dict(Employer.Sector.choices).get(code, "")
