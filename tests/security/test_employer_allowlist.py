"""What of a candidate reaches an employer: candidates.sharing.EMPLOYER_ALLOWLIST, and nothing
else (docs/security.md, "What reaches the employer").

- Serializers: every serializer of the portal API is checked; a field that reads a candidate
  directly, or a shared key that is not on the allowlist, fails the run.
- Templates: every template under templates/portal/ is read; a variable that reaches a candidate
  object, or a shared key that is not on the allowlist, fails the run.
- Routes: every employer-facing route (pages and API, GET and POST) is tried with a candidate
  whose every field holds its own marker, for three consents (none; name and profile; everything
  the consent can name). No marker of a field the consent does not cover may appear.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework import serializers

from accounts.models import User
from candidates import services as candidate_services
from candidates.models import Candidate, SharingConsent
from candidates.sharing import (
    ANONYMOUS_FIELDS,
    ARRANGEMENT_FIELDS,
    CONTACT_FIELDS,
    EMPLOYER_ALLOWLIST,
    EMPLOYER_PROFILE_FIELDS,
    NAMED_FIELDS,
)
from employers import services as employer_services
from placements import services as placement_services
from portal import api as portal_api
from portal import proposal_api, question_api
from portal import services as portal_services
from tests.conftest import make_user
from tests.factories import AccountAssignmentFactory, EmployerFactory
from tests.security.matrix_support import all_routes, call

# --- Serializers ------------------------------------------------------------------------------

PORTAL_API_MODULES = (portal_api, proposal_api, question_api)
SHARED_SERIALIZERS = (
    portal_api.PortalSharedProfileSerializer,
    portal_api.PortalSharedContactSerializer,
)
CANDIDATE_MODELS = {"Candidate", "CandidateProfile", "SharingConsent", "Proposal"}


def portal_serializers():
    for module in PORTAL_API_MODULES:
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, serializers.BaseSerializer)
                and obj.__module__ == module.__name__
            ):
                yield obj


def serializer_violations(cls):
    """The fields of an employer-facing serializer that may carry more than the allowlist."""
    found = []
    meta_model = getattr(getattr(cls, "Meta", None), "model", None)
    if meta_model is not None and meta_model.__name__ in CANDIDATE_MODELS:
        found.append(f"{cls.__name__} is a ModelSerializer of {meta_model.__name__}")
    for name, field in cls().fields.items():
        parts = (field.source or name).split(".")
        if "candidate" in parts or "profile" in parts[:-1]:
            found.append(f"{cls.__name__}.{name} reads a candidate directly ({field.source})")
        if parts[0] == "shared" and not set(parts[1:]) <= EMPLOYER_ALLOWLIST:
            found.append(f"{cls.__name__}.{name}: {field.source} is not on the allowlist")
        if issubclass(cls, SHARED_SERIALIZERS) and name not in EMPLOYER_ALLOWLIST:
            found.append(f"{cls.__name__}.{name} is not on the allowlist")
    return found


def test_every_portal_serializer_stays_within_the_allowlist():
    checked = list(portal_serializers())
    assert portal_api.PortalPlacementSerializer in checked
    assert proposal_api.PortalCandidateProposalSerializer in checked
    assert [v for cls in checked for v in serializer_violations(cls)] == []


def test_the_shared_profile_serializer_has_exactly_the_profile_fields():
    assert set(portal_api.PortalSharedProfileSerializer().fields) == set(EMPLOYER_PROFILE_FIELDS)
    assert set(portal_api.PortalSharedContactSerializer().fields) == set(CONTACT_FIELDS)


def test_the_check_fails_on_a_serializer_that_gains_a_field():
    class Leaky(portal_api.PortalSharedProfileSerializer):
        work_fitness = serializers.CharField()

    class Direct(portal_api.PortalPlacementSerializer):
        municipality = serializers.CharField(source="placement.candidate.municipality")

    class Shared(portal_api.PortalPlacementSerializer):
        groups = serializers.CharField(source="shared.target_groups")

    assert serializer_violations(Leaky) == ["Leaky.work_fitness is not on the allowlist"]
    assert len(serializer_violations(Direct)) == 1
    assert len(serializer_violations(Shared)) == 1


# --- Templates ----------------------------------------------------------------------------------

TAG = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.S)
DOTTED = re.compile(r"\b([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)+)")
SHARED_ROOTS = ("shared", "row.shared", "profile")


def template_violations(text, name="template"):
    found = []
    for match in TAG.finditer(text):
        for dotted in DOTTED.findall(match.group(1) or match.group(2) or ""):
            parts = dotted.split(".")
            if "candidate" in parts:
                found.append(f"{name}: {dotted} reaches a candidate object")
                continue
            for root in SHARED_ROOTS:
                if dotted.startswith(root + "."):
                    keys = set(dotted[len(root) + 1 :].split("."))
                    if not keys <= EMPLOYER_ALLOWLIST:
                        found.append(f"{name}: {dotted} is not on the allowlist")
    return found


def portal_templates():
    root = Path(settings.BASE_DIR) / "templates" / "portal"
    return sorted(root.rglob("*.html")) + sorted(root.rglob("*.txt"))


def test_every_portal_template_stays_within_the_allowlist():
    files = portal_templates()
    assert any(f.name == "shared_profile.html" for f in files)
    found = [v for f in files for v in template_violations(f.read_text(), f.name)]
    assert found == []


def test_the_check_fails_on_a_template_that_gains_a_field():
    assert template_violations("{{ shared.profile.work_fitness }}")
    assert template_violations("{% if profile.target_groups %}")
    assert template_violations("{{ row.placement.candidate.municipality }}")
    assert not template_violations("{{ shared.profile.motivation|linebreaksbr }}")


# --- Every employer-facing route, for every field that is not allowed ----------------------------

TEXT_PROFILE_FIELDS = ("strengths", "experience", "qualifications", "motivation", "availability")
TEXT_PROFILE_FIELDS += ("work_fitness", "guidance_needs", "workplace_needs")


def marker(prefix, field):
    return f"MRK{prefix}{field.replace('_', '')}X"


def make_person(prefix, region, manager):
    profile = {name: marker(prefix, name) for name in TEXT_PROFILE_FIELDS}
    profile.update(hours_per_week=20, preferred_days=["mon"], sectors=["logistics"])
    person = candidate_services.candidate_create(
        region=region,
        by=manager,
        responsible=manager,
        first_name=marker(prefix, "first_name"),
        last_name=marker(prefix, "last_name"),
        email=f"{marker(prefix, 'email').lower()}@example.test",
        phone="0611112222" if prefix == "p" else "0633334444",
        municipality=marker(prefix, "municipality"),
        postcode_area="9871" if prefix == "p" else "9872",
        target_groups=[Candidate.TargetGroup.REFUGEE],  # "Statushouder": in no catalogue text
        profile=profile,
    )
    return person


def markers(person, prefix):
    """{field: the text that shows the field leaked}."""
    texts = {name: marker(prefix, name) for name in TEXT_PROFILE_FIELDS}
    texts.update(
        name=marker(prefix, "first_name"),
        last_name=marker(prefix, "last_name"),
        email=person.email,
        phone=person.phone,
        municipality=marker(prefix, "municipality"),
        postcode_area=person.postcode_area,
        target_groups="Statushouder",
    )
    return texts


CONSENTS = {
    "none": None,
    "profile": {"scope": SharingConsent.Scope.PROFILE},
    "everything": {"scope": SharingConsent.Scope.PROFILE_CONTACT, "includes_arrangements": True},
}


def allowed_fields(consent):
    if consent is None:
        return set(ANONYMOUS_FIELDS)
    allowed = set(ANONYMOUS_FIELDS) | set(NAMED_FIELDS) | {"name", "last_name"}
    if consent.get("includes_arrangements"):
        allowed |= set(ARRANGEMENT_FIELDS)
    if consent["scope"] == SharingConsent.Scope.PROFILE_CONTACT:
        allowed |= set(CONTACT_FIELDS)
    return allowed


def employer_routes():
    return sorted(
        (r for r in all_routes() if r.key.startswith(("portal:", "portal-"))),
        key=lambda r: r.key,
    )


@pytest.fixture
def portal_world(db, region, account_manager):
    employer = EmployerFactory(region=region, name="Werkplaats Allowlist", kvk_number="")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    user = make_user("wg@allowlist.test", User.Role.EMPLOYER_USER, employer=employer)
    proposed = make_person("p", region, account_manager)
    placed = make_person("w", region, account_manager)
    proposal = candidate_services.proposal_create(
        candidate=proposed, employer=employer, by=account_manager
    )
    placement = placement_services.placement_start(
        candidate=placed,
        employer=employer,
        by=account_manager,
        job_title="Medewerker",
        start_date=proposal.proposed_on,
        contract_type="temporary",
        hours_per_week=20,
    )
    contact = employer_services.contact_add(
        employer=employer, by=account_manager, name="Vera Contact", level="floor"
    )
    question = portal_services.question_ask(user=user, question="Hoe gaat het?")
    objects = {
        "contact": contact.pk,
        "question": question.pk,
        "my-question": question.action.pk,
        "proposal": proposal.pk,
        "placement": placement.pk,
        "staff": employer.pk,
    }
    return {
        "employer": employer,
        "user": user,
        "people": [(proposed, "p"), (placed, "w")],
        "objects": objects,
        "manager": account_manager,
    }


ROUTE_OBJECTS = {
    "portal:contact_": "contact",
    "portal-contact-": "contact",
    "portal:question_sent": "question",
    "portal-question-": "question",
    "portal:question_detail": "my-question",
    "portal-my-question-": "my-question",
    "portal:proposal": "proposal",
    "portal-proposal-": "proposal",
    "portal-placement-": "placement",
    "portal:staff_": "staff",
}


def url_of(route, objects):
    from django.urls import reverse

    if not route.kwargs:
        return reverse(route.key)
    prefix = next((p for p in ROUTE_OBJECTS if route.key.startswith(p)), None)
    assert prefix, f"{route.key}: add it to ROUTE_OBJECTS"
    kwargs = dict.fromkeys(route.kwargs, objects[ROUTE_OBJECTS[prefix]])
    if "user_pk" in kwargs or "proposal_pk" in kwargs:
        return None  # staff actions on portal users and contact proposals: no candidate data
    return reverse(route.key, kwargs=kwargs)


@pytest.mark.parametrize("consent_name", list(CONSENTS))
def test_no_employer_facing_route_shows_a_field_the_consent_does_not_cover(
    client, portal_world, consent_name
):
    world = portal_world
    consent = CONSENTS[consent_name]
    if consent is not None:
        for person, _prefix in world["people"]:
            candidate_services.consent_record(
                candidate=person, employer=world["employer"], by=world["manager"], **consent
            )
    allowed = allowed_fields(consent)
    client.force_login(world["user"])
    seen_allowed, tried = set(), []
    for route in employer_routes():
        url = url_of(route, world["objects"])
        if url is None:
            continue
        for method in ("GET", "POST"):
            text = call(client, method, url).content.decode()
            tried.append((route.key, method))
            for person, prefix in world["people"]:
                for field, needle in markers(person, prefix).items():
                    if field in allowed:
                        if needle in text:
                            seen_allowed.add(field)
                        continue
                    assert needle not in text, f"{field} of {prefix} on {method} {url}"
    assert ("portal:proposal", "GET") in tried and ("portal-proposal-detail", "GET") in tried
    # The test sees real data: what the consent covers does show somewhere.
    expected = {"name", "strengths"} if consent else set()
    if consent and consent.get("includes_arrangements"):
        expected |= {"workplace_needs", "guidance_needs", "email"}
    assert expected <= seen_allowed
