"""Write workflows for candidates, consents, staffing requests and proposals."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit
from employers.models import AccountAssignment
from employers.models.employer import national_employers_held_in
from employers.services import _set_fields
from employers.services import actions as action_services
from wsp_crm.workdays import add_working_days

from .models import (
    Candidate,
    CandidateAccessLog,
    CandidateProfile,
    Proposal,
    ProposalResponse,
    SharingConsent,
    StaffingRequest,
)
from .sharing import proposal_alias

CANDIDATE_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "municipality",
    "postcode_area",
    "responsible",
    "target_groups",
]
PROFILE_FIELDS = [
    "strengths",
    "experience",
    "qualifications",
    "motivation",
    "hours_per_week",
    "preferred_days",
    "sectors",
    "available_from",
    "availability",
    "has_driving_licence",
    "uses_public_transport",
    "max_travel_minutes",
    "max_travel_km",
    "work_fitness",
    "guidance_needs",
    "workplace_needs",
]
REQUEST_FIELDS = [
    "title",
    "kind",
    "tasks",
    "hours_per_week",
    "location",
    "target_groups",
    "starts_on",
    "status",
    "opened_on",
]


def _check_responsible(candidate):
    user = candidate.responsible
    if not (user.is_active and user.is_staff_member and user.region_id == candidate.region_id):
        raise ValidationError(
            {"responsible": _("Choose an active staff member of the candidate's region.")}
        )


@transaction.atomic
def candidate_create(*, region, by, profile=None, **fields):
    candidate = Candidate(region=region, created_by=by)
    _set_fields(candidate, CANDIDATE_FIELDS, fields)
    candidate.full_clean()
    _check_responsible(candidate)
    with audit.tracked(candidate, by=by):
        candidate.save()
    candidate_profile_update(candidate=candidate, by=by, **(profile or {}))
    return candidate


@transaction.atomic
def candidate_update(*, candidate, by, **fields):
    if candidate.anonymised_at:
        raise ValidationError(_("This candidate has been anonymised."))
    _set_fields(candidate, CANDIDATE_FIELDS, fields)
    candidate.full_clean()
    _check_responsible(candidate)
    with audit.tracked(candidate, by=by):
        candidate.save()
    return candidate


@transaction.atomic
def candidate_profile_update(*, candidate, by, **fields):
    profile = CandidateProfile.objects.filter(candidate=candidate).first()
    if profile is None:
        profile = CandidateProfile(candidate=candidate)  # recorded as created, not changed
    _set_fields(profile, PROFILE_FIELDS, fields)
    profile.updated_by = by
    profile.full_clean()
    with audit.tracked(profile, by=by):
        profile.save()
    return profile


@transaction.atomic
def candidate_anonymise(*, candidate, by=None, job=""):
    """Remove identity and profile text; keep the placements for retention statistics.

    `by=None` is the system (the retention job names itself in `job`)."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.anonymised_at:
        return candidate
    candidate.first_name = _("Anonymised")
    candidate.last_name = f"#{candidate.pk}"
    candidate.email = ""
    candidate.phone = ""
    candidate.postcode_area = ""
    candidate.target_groups = []
    candidate.anonymised_at = timezone.now()
    with audit.tracked(candidate, by=by, job=job):
        candidate.save()
    audit.update_rows(
        CandidateProfile.objects.filter(candidate=candidate),
        by=by,
        job=job,
        **dict.fromkeys(CandidateProfile.TEXT_FIELDS, ""),
        hours_per_week=None,
        max_travel_minutes=None,
        max_travel_km=None,
        preferred_days=[],
        sectors=[],
        available_from=None,
        updated_by=by,
    )
    candidate.proposals.update(note="")
    audit.update_rows(
        candidate.consents.filter(withdrawn_on__isnull=True),
        by=by,
        job=job,
        withdrawn_on=timezone.localdate(),
        withdrawn_by=by,
    )
    return candidate


def candidate_access_log(*, user, candidate_id, route, method, allowed, candidate=None):
    """Record one look at a candidate's record (allowed or denied)."""
    return CandidateAccessLog.objects.create(
        user=user if user and user.is_authenticated else None,
        candidate=candidate,
        candidate_ref=candidate_id,
        route=route[:200],
        method=method[:10],
        allowed=allowed,
    )


def check_consent_region(candidate, employer):
    """A consent names an employer the candidate's region works with: its own employers and the
    national employers held in the region. Anything else is a clear error, not a silent share."""
    held = national_employers_held_in(candidate.region_id).filter(employer_id=employer.pk)
    if employer.region_id != candidate.region_id and not held.exists():
        raise ValidationError(
            {
                "employer": _(
                    "%(employer)s is an employer of another region (%(region)s). A consent can "
                    "only name an employer of the candidate's region (%(own)s)."
                )
                % {
                    "employer": employer.name,
                    "region": employer.region,
                    "own": candidate.region,
                }
            }
        )


@transaction.atomic
def consent_record(
    *,
    candidate,
    employer,
    by,
    scope=SharingConsent.Scope.PROFILE,
    given_on=None,
    includes_arrangements=False,
):
    """The candidate agrees that this employer may see the fields of sharing.consent_covers:
    the name and work profile, the workplace arrangements only when `includes_arrangements`,
    the contact details only with the scope profile_contact."""
    if candidate.anonymised_at:
        raise ValidationError(_("This candidate has been anonymised."))
    check_consent_region(candidate, employer)
    if SharingConsent.objects.current().filter(candidate=candidate, employer=employer).exists():
        raise ValidationError(_("There already is a current consent for this employer."))
    consent = SharingConsent(
        candidate=candidate,
        employer=employer,
        scope=scope,
        includes_arrangements=bool(includes_arrangements),
        given_on=given_on or timezone.localdate(),
        recorded_by=by,
    )
    consent.full_clean(validate_constraints=False)
    with audit.tracked(consent, by=by):
        consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent, by, withdrawn_on=None):
    """From this moment the employer no longer sees the named profile."""
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    consent.withdrawn_on = withdrawn_on or timezone.localdate()
    consent.withdrawn_by = by
    with audit.tracked(consent, by=by):
        consent.save(update_fields=["withdrawn_on", "withdrawn_by"])
    return consent


def shared_profile_for_employer(*, candidate, employer, alias):
    """What employer-facing output may show of a candidate (candidates.sharing.shared_profile):
    named only with a current consent for this employer, read here again."""
    from .sharing import current_consent, shared_profile

    return shared_profile(
        candidate=candidate, consent=current_consent(candidate, employer), alias=alias
    )


@transaction.atomic
def staffing_request_create(*, employer, by, **fields):
    request = StaffingRequest(employer=employer, created_by=by)
    _set_fields(request, REQUEST_FIELDS, fields)
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def staffing_request_update(*, request, by, **fields):
    _set_fields(request, REQUEST_FIELDS, fields)
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def proposal_create(*, candidate, employer, by, request=None, note="", proposed_on=None):
    """Propose a candidate to an employer, with or without a staffing request."""
    if candidate.anonymised_at:
        raise ValidationError(_("This candidate has been anonymised."))
    if Proposal.objects.open().filter(candidate=candidate, employer=employer).exists():
        raise ValidationError(_("This candidate already has an open proposal at this employer."))
    proposed_on = proposed_on or timezone.localdate()
    proposal = Proposal(
        candidate=candidate,
        employer=employer,
        request=request,
        note=note,
        proposed_on=proposed_on,
        status_changed_on=proposed_on,
        proposed_by=by,
    )
    proposal.full_clean(validate_constraints=False)
    proposal.save()
    return proposal


@transaction.atomic
def proposal_set_status(*, proposal, status, by, reason="", on=None):
    """Move a proposal along the pipeline (or close it with a reason).

    Placing goes through placements.services.placement_start, which calls this.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if status not in Proposal.NEXT_STATUSES[proposal.status]:
        raise ValidationError(
            {
                "status": _("A proposal cannot go from %(old)s to %(new)s.")
                % {
                    "old": proposal.get_status_display(),
                    "new": Proposal.Status(status).label
                    if status in Proposal.Status.values
                    else status,
                }
            }
        )
    proposal.status = status
    proposal.decline_reason = reason.strip()
    proposal.status_changed_on = on or timezone.localdate()
    proposal.full_clean()
    proposal.save()
    return proposal


RESPONSE_WORKING_DAYS = 3
RESPONSE_TITLES = {
    ProposalResponse.Kind.INVITE: gettext_lazy("%(employer)s invites %(name)s for an introduction"),
    ProposalResponse.Kind.QUESTION: gettext_lazy("%(employer)s asks a question about %(name)s"),
    ProposalResponse.Kind.DECLINE: gettext_lazy(
        "%(employer)s declines %(name)s: process the proposal"
    ),
}


def _response_owner(proposal):
    """Who handles an employer's response: the employer's active fixed account manager, else
    the staff member who proposed; None when neither may see the employer."""
    assignment = (
        AccountAssignment.objects.filter(
            employer_id=proposal.employer_id,
            kind=AccountAssignment.Kind.PRIMARY,
            ended_on__isnull=True,
            manager__is_active=True,
        )
        .select_related("manager")
        .order_by("-started_on", "-pk")
        .first()
    )
    for owner in (assignment.manager if assignment else None, proposal.proposed_by):
        if owner is None:
            continue
        try:
            action_services.check_owner(proposal.employer, owner)
        except ValidationError:
            continue
        return owner
    return None


@transaction.atomic
def proposal_respond(*, proposal, by, kind, text=""):
    """An employer user answers a proposal in the portal: invite for an introduction, ask a
    question, or decline with a reason. Recorded on the proposal and given to the staff as an
    action (employers.Action about this proposal), due in three working days."""
    proposal = Proposal.objects.select_for_update().select_related("employer").get(pk=proposal.pk)
    if not (by.is_authenticated and by.is_employer_user and by.employer_id == proposal.employer_id):
        raise PermissionDenied
    if not proposal.is_open:
        raise ValidationError(_("This proposal is closed."))
    text = (text or "").strip()
    if kind not in ProposalResponse.Kind.values:
        raise ValidationError({"kind": _("Choose a response.")})
    if kind == ProposalResponse.Kind.DECLINE and not text:
        raise ValidationError({"text": _("Give the reason.")})
    if kind == ProposalResponse.Kind.QUESTION and not text:
        raise ValidationError({"text": _("Write your question.")})
    # The title names the proposal, not the person: everybody who sees the employer's actions
    # reads it, and only some of them may see the candidate.
    with translation.override(settings.LANGUAGE_CODE):
        title = str(RESPONSE_TITLES[kind]) % {
            "employer": proposal.employer.name,
            "name": proposal_alias(proposal),
        }
    action = action_services.action_create(
        employer=proposal.employer,
        by=by,
        title=title[:300],
        owner=_response_owner(proposal),
        due_on=add_working_days(timezone.localdate(), RESPONSE_WORKING_DAYS),
        note=text,
        proposal=proposal,
    )
    return ProposalResponse.objects.create(
        proposal=proposal, kind=kind, text=text, by=by, action=action
    )
