"""What of a candidate reaches an employer: THE allowlist, and the one function that builds it.

Every employer-facing page, API serializer and print view shows a candidate only through
`shared_profile` (a plain dict holding allowlisted keys and nothing else), so a new field on the
candidate or the profile cannot reach an employer by accident. docs/security.md ("What reaches
the employer") reviews each field and the reason it may be shared; tests/security/
test_employer_allowlist.py fails when an employer-facing serializer or template uses a key that
is not listed here, and tries every employer-facing route for every field that is not.
"""

from django.utils.translation import gettext_lazy

from .models import CandidateProfile, SharingConsent, Weekday, sector_choices

# Shown without consent too: facts about work that cannot identify a person (no name, no
# contact details, no free text).
ANONYMOUS_FIELDS = (
    "hours_per_week",
    "preferred_days",
    "available_from",
    "sectors",
    "has_driving_licence",
    "uses_public_transport",
)
# Only with a current consent for this employer: the name and the work profile's free text.
NAMED_FIELDS = ("strengths", "experience", "qualifications", "motivation", "availability")
# Only when the consent names them explicitly (SharingConsent.includes_arrangements).
ARRANGEMENT_FIELDS = ("workplace_needs", "guidance_needs")
# Only with the consent scope "name, work profile and contact details".
CONTACT_FIELDS = ("email", "phone")

EMPLOYER_PROFILE_FIELDS = ANONYMOUS_FIELDS + NAMED_FIELDS + ARRANGEMENT_FIELDS
# Every key an employer-facing output may hold about a candidate (the top level of the dict
# `shared_profile` returns, the profile's keys and the contact's keys).
EMPLOYER_ALLOWLIST = frozenset(
    {"name", "named", "alias", "profile", "contact", "arrangements_shared"}
    | set(EMPLOYER_PROFILE_FIELDS)
    | set(CONTACT_FIELDS)
)
# Never to an employer, whatever the consent says (the reasons are in docs/security.md).
NEVER_SHARED = (
    "target_groups",
    "work_fitness",
    "municipality",
    "postcode_area",
    "max_travel_minutes",
    "max_travel_km",
    "responsible",
)

FIELD_LABELS = {
    "name": gettext_lazy("Name"),
    "hours_per_week": gettext_lazy("Hours per week"),
    "preferred_days": gettext_lazy("Preferred days"),
    "available_from": gettext_lazy("Available from"),
    "sectors": gettext_lazy("Preferred sectors"),
    "has_driving_licence": gettext_lazy("Driving licence"),
    "uses_public_transport": gettext_lazy("Travels by public transport"),
    "strengths": gettext_lazy("Strengths"),
    "experience": gettext_lazy("Work experience"),
    "qualifications": gettext_lazy("Qualifications"),
    "motivation": gettext_lazy("Motivation"),
    "availability": gettext_lazy("Availability"),
    "workplace_needs": gettext_lazy("What helps at work"),
    "guidance_needs": gettext_lazy("Guidance"),
    "email": gettext_lazy("E-mail address"),
    "phone": gettext_lazy("Phone"),
}


def consent_covers(consent):
    """The field names a consent lets the employer see (for the consent form and the docs)."""
    fields = list(ANONYMOUS_FIELDS) + ["name", *NAMED_FIELDS]
    if consent is None:
        return list(ANONYMOUS_FIELDS)
    if consent.includes_arrangements:
        fields += ARRANGEMENT_FIELDS
    if consent.scope == SharingConsent.Scope.PROFILE_CONTACT:
        fields += CONTACT_FIELDS
    return fields


def _value(profile, name):
    value = getattr(profile, name)
    if name == "preferred_days":
        labels = dict(Weekday.choices)
        return [str(labels[code]) for code in value if code in labels]
    if name == "sectors":
        labels = dict(sector_choices().choices)
        return [str(labels[code]) for code in value if code in labels]
    return value


def shared_profile(*, candidate, consent, alias):
    """The employer's view of one candidate, as a dict of allowlisted keys only.

    `consent` is the candidate's current consent for this employer (None: anonymous). The
    caller reads it; `current_consent` does that for one candidate."""
    try:
        profile = candidate.profile
    except CandidateProfile.DoesNotExist:
        profile = None
    if candidate.anonymised_at or (consent is not None and consent.withdrawn_on is not None):
        consent = None
    fields = [name for name in consent_covers(consent) if name in EMPLOYER_PROFILE_FIELDS]
    shared = {
        "name": candidate.full_name if consent else alias,
        "named": consent is not None,
        "alias": alias,
        "profile": {name: _value(profile, name) for name in fields} if profile else None,
        "contact": None,
        "arrangements_shared": bool(consent and consent.includes_arrangements),
    }
    if consent is not None and consent.scope == SharingConsent.Scope.PROFILE_CONTACT:
        shared["contact"] = {"email": candidate.email, "phone": candidate.phone}
    return shared


def current_consent(candidate, employer):
    return SharingConsent.objects.current().filter(candidate=candidate, employer=employer).first()


def field_label(name):
    return FIELD_LABELS.get(name, name)


def consent_summary():
    """What a consent lets the employer see, as labels: always, with the arrangements ticked,
    with the contact scope (shown on the consent form, from the same constants)."""
    return {
        "always": [str(field_label(n)) for n in ("name", *NAMED_FIELDS, *ANONYMOUS_FIELDS)],
        "arrangements": [str(field_label(n)) for n in ARRANGEMENT_FIELDS],
        "contact": [str(field_label(n)) for n in CONTACT_FIELDS],
    }


def proposal_alias(proposal):
    """How a proposed candidate is called without consent: by the proposal's number, which
    says nothing about the person."""
    from django.utils.translation import gettext

    return gettext("Candidate P-%(number)s") % {"number": proposal.pk}
