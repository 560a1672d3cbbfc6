"""What the audit trail records, per model: one table, the only place for the rule.

`fields` are recorded with their values before and after. `redacted` fields are free text that
may hold health details or personal notes (conversation summaries, handover notes, reasons for
leaving, profile text): a change to them is recorded as "changed", never with the content.
Fields in neither list (timestamps, bookkeeping) are not recorded.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Audited:
    fields: tuple
    redacted: tuple = ()
    region: Callable = lambda obj: None
    label: Callable = str
    related: tuple = ()  # select_related() for the label and region of many rows at once
    verbose: str = ""

    @property
    def all_fields(self):
        return self.fields + self.redacted


def _candidate_label(candidate_id):
    # Never the name: being a candidate at all says something about a person.
    return str(_("candidate #%(number)s") % {"number": candidate_id})


AUDITED = {
    "employers.employer": Audited(
        fields=(
            "region",
            "name",
            "kvk_number",
            "branch_number",
            "ownership",
            "sector",
            "employee_count",
            "is_social_enterprise",
            "pso_level",
            "inclusion",
            "stage",
            "style_vacancy_filling",
            "style_unburdening",
            "style_strategic",
            "is_national",
            "is_ambassador",
            "website",
            "phone",
        ),
        redacted=(
            "knowledge_work",
            "knowledge_culture",
            "knowledge_accessibility",
            "knowledge_guidance",
        ),
        region=lambda obj: obj.region_id,
        label=lambda obj: obj.name,
        verbose=_("Employer"),
    ),
    "employers.contactperson": Audited(
        fields=(
            "employer",
            "name",
            "job_title",
            "level",
            "is_director",
            "is_hr",
            "is_supervisor",
            "is_champion",
            "phone",
            "email",
            "active_since",
            "left_on",
            "successor",
            "last_verified_on",
        ),
        redacted=("left_reason",),
        region=lambda obj: obj.employer.region_id,
        label=lambda obj: f"{obj.name} ({obj.employer.name})",
        related=("employer",),
        verbose=_("Contact person"),
    ),
    "employers.accountassignment": Audited(
        fields=("employer", "region", "manager", "kind", "started_on", "ended_on", "assigned_by"),
        redacted=("handover_note",),
        region=lambda obj: obj.region_id,
        label=lambda obj: f"{obj.manager} – {obj.employer.name}",
        related=("employer", "manager"),
        verbose=_("Account assignment"),
    ),
    "employers.conversation": Audited(
        fields=(
            "employer",
            "author",
            "occurred_at",
            "channel",
            "topics",
            "service_style",
        ),
        redacted=("summary",),
        region=lambda obj: obj.employer.region_id,
        label=lambda obj: f"{obj.occurred_at:%Y-%m-%d} – {obj.employer.name}",
        related=("employer",),
        verbose=_("Conversation"),
    ),
    "employers.action": Audited(
        fields=(
            "employer",
            "kind",
            "owner",
            "due_on",
            "status",
            "placement",
            "candidate",
            "proposal",
            "closed_at",
            "closed_by",
            "answered_at",
            "answered_by",
        ),
        redacted=("title", "note", "close_reason", "answer"),
        region=lambda obj: obj.employer.region_id,
        label=lambda obj: f"{obj.employer.name} – {obj.get_kind_display()} #{obj.pk}",
        related=("employer",),
        verbose=_("Action"),
    ),
    "placements.placement": Audited(
        fields=(
            "candidate",
            "employer",
            "proposal",
            "location",
            "job_title",
            "is_carved_job",
            "start_date",
            "contract_type",
            "contract_end",
            "hours_per_week",
            "responsible",
            "status",
            "ended_on",
            "end_reason",
        ),
        redacted=("carved_tasks", "end_note"),
        region=lambda obj: obj.employer.region_id,
        label=lambda obj: f"{obj.job_title} – {obj.employer.name}",
        related=("employer",),
        verbose=_("Placement"),
    ),
    "placements.teammember": Audited(
        fields=(
            "placement",
            "role",
            "contact",
            "staff",
            "name",
            "organisation",
            "phone",
            "email",
            "hours_per_week",
            "start",
            "end",
        ),
        redacted=("note",),
        region=lambda obj: obj.placement.employer.region_id,
        label=lambda obj: f"{obj.get_role_display()} – {obj.placement.job_title}",
        related=("placement__employer",),
        verbose=_("Placement team member"),
    ),
    "placements.instrumentperiod": Audited(
        fields=(
            "placement",
            "instrument",
            "start",
            "end",
            "decision_reference",
            "status",
            "assessment",
            "next_step",
            "next_step_by",
            "next_step_at",
        ),
        redacted=("note", "next_step_note"),
        region=lambda obj: obj.placement.employer.region_id,
        label=lambda obj: f"{obj.instrument.name} – {obj.placement.employer.name}",
        related=("instrument", "placement__employer"),
        verbose=_("Instrument period"),
    ),
    "placements.wagevalueassessment": Audited(
        fields=(
            "placement",
            "assessed_on",
            "percentage",
            "assessor_organisation",
            "next_due_on",
            "created_by",
        ),
        redacted=("note",),
        region=lambda obj: obj.placement.employer.region_id,
        label=lambda obj: f"{obj.assessed_on:%Y-%m-%d} – {obj.placement.employer.name}",
        related=("placement__employer",),
        verbose=_("Wage-value assessment"),
    ),
    "candidates.sharingconsent": Audited(
        fields=(
            "candidate",
            "employer",
            "scope",
            "includes_arrangements",
            "given_on",
            "recorded_by",
            "withdrawn_on",
            "withdrawn_by",
        ),
        region=lambda obj: obj.candidate.region_id,
        label=lambda obj: f"{_candidate_label(obj.candidate_id)} → {obj.employer.name}",
        related=("candidate", "employer"),
        verbose=_("Sharing consent"),
    ),
    "candidates.candidate": Audited(
        fields=("region", "municipality", "postcode_area", "responsible", "anonymised_at"),
        redacted=("first_name", "last_name", "email", "phone", "target_groups"),
        region=lambda obj: obj.region_id,
        label=lambda obj: _candidate_label(obj.pk),
        verbose=_("Candidate"),
    ),
    "candidates.candidateprofile": Audited(
        fields=(
            "hours_per_week",
            "preferred_days",
            "sectors",
            "available_from",
            "has_driving_licence",
            "uses_public_transport",
            "max_travel_minutes",
            "max_travel_km",
        ),
        redacted=(
            "strengths",
            "experience",
            "qualifications",
            "motivation",
            "availability",
            "work_fitness",
            "guidance_needs",
            "workplace_needs",
        ),
        region=lambda obj: obj.candidate.region_id,
        label=lambda obj: _candidate_label(obj.candidate_id),
        related=("candidate",),
        verbose=_("Candidate profile"),
    ),
    "accounts.user": Audited(
        fields=(
            "email",
            "first_name",
            "last_name",
            "phone",
            "job_title",
            "role",
            "region",
            "team",
            "home_organisation",
            "employer",
            "is_active",
            "is_superuser",
        ),
        redacted=("password",),
        region=lambda obj: obj.region_id or (obj.employer.region_id if obj.employer_id else None),
        label=lambda obj: obj.email,
        related=("employer",),
        verbose=_("User"),
    ),
}

# Changes recorded with `record_change` that are not model columns, and their values.
EXTRA_FIELDS = {
    "two_factor": _("two-factor authentication"),
    "recovery_codes": _("recovery codes"),
    "api_token": _("API key"),
}
EXTRA_VALUES = {"on": _("on"), "off": _("off"), "replaced": _("replaced"), "new": _("new")}

# Object types of events that are not about one model row.
RETENTION = "retention"
JOB_TYPES = {RETENTION: _("Retention job")}
# What a job's counts mean (the keys of a job event's `changes`).
JOB_COUNTS = {
    "candidates_anonymised": _("candidates anonymised"),
    "conversations_text_removed": _("conversations whose text was removed"),
    "actions_text_removed": _("closed actions whose text was removed"),
    "candidate_days": _("retention period for candidates (days)"),
    "conversation_text_days": _("retention period for conversation text (days)"),
    "login_records_deleted": _("login records deleted"),
    "login_record_days": _("retention period for login records (days)"),
}


def spec_for(model):
    return AUDITED[model._meta.label_lower]


def type_label(object_type):
    spec = AUDITED.get(object_type)
    if spec is not None:
        return spec.verbose
    return JOB_TYPES.get(object_type, object_type)


def type_choices():
    return [(key, spec.verbose) for key, spec in AUDITED.items()] + list(JOB_TYPES.items())
