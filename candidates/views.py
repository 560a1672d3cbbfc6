"""Candidate pages: the list, the candidate page and its workflow actions (edit, profile,
consents, proposals, anonymise), the proposal pipeline and staffing requests.

Every page or action on one candidate fetches it with `candidates.access.get_candidate_for`:
scoped through `Candidate.objects.visible_to`, every attempt logged (allowed or denied), 404 when
not visible. Employers, requests and proposals start at their own `visible_to(user)`. Every write
calls candidates.services; a ValidationError shows the form again with the user's input.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.permissions import StaffRequiredMixin, is_staff_member
from employers.models import AccountAssignment, Employer
from placements.models import Placement
from wsp_crm.paging import capped_page
from wsp_crm.service_forms import ServiceFormMixin

from . import services
from .access import get_candidate_for, log_candidates_listed, route_of
from .filters import CandidateFilter, PipelineFilter
from .forms import (
    AnonymiseForm,
    CandidateForm,
    CandidateProfileForm,
    ConsentForm,
    EmployerProposalForm,
    ProposalForm,
    ProposalStatusForm,
    StaffingRequestForm,
    add_service_errors,
)
from .models import Candidate, CandidateProfile, Proposal, StaffingRequest
from .selectors import STALE_AFTER_DAYS, decorate_proposal, status_rank

PAGE_SIZE = 50
PIPELINE_RECENT_DAYS = 90
CLOSED_STATUSES = ("placed", "declined", "withdrawn")


def safe_next(request, fallback):
    """The `next` the form or link carries, if it points into this site; else the fallback."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def add_errors(form, error, field_map=None):
    """A service's ValidationError on the form, with service field names mapped to form fields."""
    if field_map and hasattr(error, "error_dict"):
        error = ValidationError(
            {field_map.get(field, field): errors for field, errors in error.error_dict.items()}
        )
    add_service_errors(form, error)


# The list -------------------------------------------------------------------------------------


def annotate_for_list(queryset):
    """Everything a row of the list shows, in a fixed number of queries for any number of rows."""
    open_proposals = (
        Proposal.objects.filter(candidate=OuterRef("pk"), status__in=Proposal.OPEN_STATUSES)
        .order_by()
        .values("candidate")
        .annotate(total=Count("pk"))
        .values("total")
    )
    active_placement = Placement.objects.filter(
        candidate=OuterRef("pk"), status=Placement.Status.ACTIVE
    ).order_by("-start_date", "-pk")
    return queryset.select_related("responsible", "profile").annotate(
        open_proposals=Coalesce(Subquery(open_proposals, output_field=IntegerField()), Value(0)),
        placed_at=Subquery(active_placement.values("employer__name")[:1]),
    )


class CandidateListView(StaffRequiredMixin, TemplateView):
    """Search and filter the candidates the user may see. Account managers land on their own
    candidates (`mine` absent = mine); `?mine=false` shows everybody they may see."""

    template_name = "candidates/candidate_list.html"

    def get_context_data(self, **kwargs):
        request, user = self.request, self.request.user
        data = request.GET.copy()
        if "mine" not in data and user.is_account_manager:
            data["mine"] = "true"
        filterset = CandidateFilter(
            data, queryset=Candidate.objects.visible_to(user), request=request
        )
        form = filterset.form
        form.fields["responsible"].empty_label = _("Everybody")
        candidates = annotate_for_list(filterset.qs).order_by("last_name", "first_name", "pk")
        page = capped_page(candidates, PAGE_SIZE, request.GET.get("page"))
        rows = list(page.object_list)
        for candidate in rows:
            profile = getattr(candidate, "profile", None)
            candidate.profile_filled = profile is not None and any(
                getattr(profile, name) for name in CandidateProfile.TEXT_FIELDS
            )
        cleaned = form.cleaned_data if form.is_valid() else {}
        if cleaned.get("target_group"):
            # The page now tells, per person, a special-category fact: log it like a record view.
            log_candidates_listed(request, rows)
        filters_active = (
            any(
                cleaned.get(name) not in (None, "") for name in ("q", "target_group", "responsible")
            )
            or cleaned.get("anonymised") is not None
        )
        return super().get_context_data(
            form=form,
            page=page,
            candidates=rows,
            showing_mine=cleaned.get("mine") is True,
            showing_anonymised=cleaned.get("anonymised") is True,
            filters_active=filters_active,
            mine_value="true" if cleaned.get("mine") else "false",
            **kwargs,
        )


class CandidateCreateView(StaffRequiredMixin, View):
    template_name = "candidates/candidate_form.html"

    def forms(self, data=None):
        user = self.request.user
        return (
            CandidateForm(data, user=user),
            CandidateProfileForm(data, prefix="profile"),
        )

    def get(self, request):
        form, profile_form = self.forms()
        return render(request, self.template_name, self.context(form, profile_form))

    def post(self, request):
        form, profile_form = self.forms(request.POST)
        if form.is_valid() and profile_form.is_valid():
            try:
                candidate = services.candidate_create(
                    region=form.get_region(),
                    by=request.user,
                    profile=profile_form.service_fields(),
                    **form.service_fields(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("%(name)s has been added.") % {"name": candidate.full_name}
                )
                return HttpResponseRedirect(candidate.get_absolute_url())
        return render(request, self.template_name, self.context(form, profile_form))

    @staticmethod
    def context(form, profile_form):
        return {"form": form, "profile_form": profile_form, "creating": True}


# One candidate --------------------------------------------------------------------------------


class CandidateView(StaffRequiredMixin, View):
    """Base for a page or action on one candidate. The candidate comes from get_candidate_for
    (scoped, logged, 404). Non-staff users get 403, and their attempt is logged as denied."""

    template_name = None
    allow_anonymised = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_staff_member(request.user):
            services.candidate_access_log(
                user=request.user,
                candidate_id=int(kwargs["pk"]),
                route=route_of(request),
                method=request.method,
                allowed=False,
            )
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_candidate(self):
        queryset = Candidate.objects.select_related("region", "responsible")
        return get_candidate_for(self.request, self.kwargs["pk"], queryset=queryset)

    def refused(self):
        """A redirect when this action is not possible for the candidate, else None."""
        if self.candidate.anonymised_at and not self.allow_anonymised:
            messages.error(self.request, _("This candidate has been anonymised."))
            return HttpResponseRedirect(self.candidate.get_absolute_url())
        return None


class CandidateDetailView(CandidateView):
    template_name = "candidates/candidate_detail.html"

    def get(self, request, pk):
        candidate = get_candidate_for(
            request,
            pk,
            queryset=Candidate.objects.select_related(
                "region", "responsible", "created_by", "profile", "profile__updated_by"
            ),
        )
        return render(request, self.template_name, candidate_page_context(request, candidate))


def candidate_page_context(request, candidate):
    """Everything the candidate page shows, in a fixed number of queries."""
    user = request.user
    try:
        profile = candidate.profile
    except CandidateProfile.DoesNotExist:
        profile = None
    consents = list(candidate.consents.select_related("employer", "recorded_by", "withdrawn_by"))
    current_consents = [c for c in consents if c.withdrawn_on is None]
    consented_employers = {c.employer_id for c in current_consents}
    proposals = list(
        candidate.proposals.select_related("employer", "request", "proposed_by").order_by(
            status_rank(), "-status_changed_on", "-pk"
        )
    )
    placements = list(candidate.placements.select_related("employer").order_by("-start_date"))
    employer_ids = {p.employer_id for p in proposals} | {p.employer_id for p in placements}
    visible_employer_ids = set(
        Employer.objects.visible_to(user).filter(pk__in=employer_ids).values_list("pk", flat=True)
    )
    for proposal in proposals:
        proposal.employer_visible = proposal.employer_id in visible_employer_ids
        proposal.shared_named = proposal.employer_id in consented_employers
        decorate_proposal(proposal, user_can_act=proposal.employer_visible)
        proposal.status_form = (
            ProposalStatusForm(proposal=proposal, auto_id=f"id_p{proposal.pk}_%s")
            if proposal.can_act
            else None
        )
    for placement in placements:
        placement.employer_visible = placement.employer_id in visible_employer_ids
    active = not candidate.anonymised_at
    return {
        "candidate": candidate,
        "profile": profile,
        "current_consents": current_consents,
        "past_consents": [c for c in consents if c.withdrawn_on is not None],
        "open_proposals": [p for p in proposals if p.is_open],
        "closed_proposals": [p for p in proposals if not p.is_open],
        "placements": placements,
        "consent_form": ConsentForm(user=user, candidate=candidate) if active else None,
        "proposal_form": ProposalForm(user=user, candidate=candidate) if active else None,
        "can_anonymise": active and (user.is_team_lead or user.is_wsp_admin),
    }


class CandidateFormView(CandidateView):
    """A form page about one candidate: GET shows it, POST validates, calls the service and
    goes back to the candidate page (or `next`)."""

    anchor = ""

    def get_form(self, data=None):
        raise NotImplementedError

    def perform(self, form):
        raise NotImplementedError

    def get_success_message(self, form, result):
        return ""

    def get_success_url(self, result):
        fallback = self.candidate.get_absolute_url() + (f"#{self.anchor}" if self.anchor else "")
        return safe_next(self.request, fallback)

    def get_context_data(self, **kwargs):
        return {
            "candidate": self.candidate,
            "next": safe_next(self.request, ""),
            **kwargs,
        }

    def handle_errors(self, form, error):
        add_service_errors(form, error)

    def get(self, request, *args, **kwargs):
        self.candidate = self.get_candidate()
        return self.refused() or render(
            request, self.template_name, self.get_context_data(form=self.get_form())
        )

    def post(self, request, *args, **kwargs):
        self.candidate = self.get_candidate()
        refused = self.refused()
        if refused:
            return refused
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    result = self.perform(form)
            except ValidationError as error:
                self.handle_errors(form, error)
            else:
                message = self.get_success_message(form, result)
                if message:
                    messages.success(request, message)
                return HttpResponseRedirect(self.get_success_url(result))
        return render(request, self.template_name, self.get_context_data(form=form))


class CandidateEditView(CandidateFormView):
    template_name = "candidates/candidate_form.html"
    anchor = "identity"

    def get_form(self, data=None):
        return CandidateForm(data, user=self.request.user, instance=self.candidate)

    def perform(self, form):
        return services.candidate_update(
            candidate=self.candidate, by=self.request.user, **form.service_fields()
        )

    def still_visible(self, candidate):
        return Candidate.objects.visible_to(self.request.user).filter(pk=candidate.pk).exists()

    def get_success_message(self, form, result):
        if not self.still_visible(result):
            return _(
                "The details of %(name)s have been saved. %(responsible)s is now responsible; "
                "you no longer see this candidate."
            ) % {"name": result.full_name, "responsible": result.responsible.full_name}
        return _("The details of %(name)s have been saved.") % {"name": result.full_name}

    def get_success_url(self, result):
        if not self.still_visible(result):
            return reverse("candidates:list")
        return super().get_success_url(result)


class CandidateProfileView(CandidateFormView):
    template_name = "candidates/profile_form.html"
    anchor = "profile"

    def get_form(self, data=None):
        profile = CandidateProfile.objects.filter(candidate=self.candidate).first()
        return CandidateProfileForm(data, candidate=self.candidate, instance=profile)

    def perform(self, form):
        return services.candidate_profile_update(
            candidate=self.candidate, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("The work profile of %(name)s has been saved.") % {
            "name": self.candidate.full_name
        }


class ConsentRecordView(CandidateFormView):
    template_name = "candidates/consent_form.html"
    anchor = "consents"

    def get_form(self, data=None):
        return ConsentForm(data, user=self.request.user, candidate=self.candidate)

    def perform(self, form):
        data = form.cleaned_data
        return services.consent_record(
            candidate=self.candidate,
            employer=data["employer"],
            scope=data["scope"],
            given_on=data["given_on"],
            by=self.request.user,
        )

    def get_success_message(self, form, result):
        return _("Consent recorded: %(employer)s may now see the named profile.") % {
            "employer": result.employer
        }


class ConsentWithdrawView(CandidateView):
    """Withdraw a consent: from this moment the employer sees the anonymous profile only."""

    http_method_names = ["post"]
    allow_anonymised = True

    def post(self, request, pk, consent_pk):
        self.candidate = self.get_candidate()
        consent = get_object_or_404(
            self.candidate.consents.select_related("employer"), pk=consent_pk
        )
        try:
            services.consent_withdraw(consent=consent, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Consent withdrawn: %(employer)s no longer sees the named profile.")
                % {"employer": consent.employer},
            )
        return HttpResponseRedirect(self.candidate.get_absolute_url() + "#consents")


class ProposalCreateView(CandidateFormView):
    """Propose this candidate to an employer, with or without a staffing request."""

    template_name = "candidates/proposal_form.html"
    anchor = "proposals"

    def get_form(self, data=None):
        initial = {}
        for name in ("employer", "request"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = value
        return ProposalForm(data, user=self.request.user, candidate=self.candidate, initial=initial)

    def perform(self, form):
        return services.proposal_create(
            candidate=self.candidate, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("%(name)s has been proposed to %(employer)s.") % {
            "name": self.candidate.full_name,
            "employer": result.employer,
        }


class ProposalStatusView(CandidateFormView):
    """Move a proposal on (introduction, trial) or close it with a reason."""

    template_name = "candidates/proposal_status.html"
    anchor = "proposals"

    def get_candidate(self):
        candidate = super().get_candidate()
        self.proposal = get_object_or_404(
            Proposal.objects.visible_to(self.request.user)
            .filter(candidate=candidate)
            .select_related("employer", "request"),
            pk=self.kwargs["proposal_pk"],
        )
        return candidate

    def refused(self):
        refused = super().refused()
        if refused is None and not self.proposal.is_open:
            messages.error(
                self.request,
                _("This proposal is closed (%(status)s).")
                % {"status": self.proposal.get_status_display().lower()},
            )
            return HttpResponseRedirect(self.get_success_url(None))
        return refused

    def get_form(self, data=None):
        initial = {}
        status = self.request.GET.get("status", "")
        if status in Proposal.NEXT_STATUSES[self.proposal.status]:
            initial["status"] = status
        return ProposalStatusForm(data, proposal=self.proposal, initial=initial)

    def get_context_data(self, **kwargs):
        decorate_proposal(self.proposal)
        return super().get_context_data(proposal=self.proposal, **kwargs)

    def handle_errors(self, form, error):
        add_errors(form, error, field_map={"decline_reason": "reason"})

    def perform(self, form):
        data = form.cleaned_data
        return services.proposal_set_status(
            proposal=self.proposal,
            status=data["status"],
            reason=data["reason"],
            on=data["on"],
            by=self.request.user,
        )

    def get_success_message(self, form, result):
        return _("Proposal of %(name)s at %(employer)s: %(status)s.") % {
            "name": self.candidate.full_name,
            "employer": result.employer,
            "status": result.get_status_display().lower(),
        }

    def get_success_url(self, result):
        fallback = f"{self.candidate.get_absolute_url()}#proposal-{self.proposal.pk}"
        return safe_next(self.request, fallback)


class CandidateAnonymiseView(CandidateFormView):
    """WSP admins and team leads: remove identity and profile text, keep the placements."""

    template_name = "candidates/candidate_anonymise.html"
    allowed_roles = ("team_lead",)

    def get_form(self, data=None):
        return AnonymiseForm(data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            placement_count=self.candidate.placements.count(),
            proposal_count=self.candidate.proposals.count(),
            **kwargs,
        )

    def perform(self, form):
        return services.candidate_anonymise(candidate=self.candidate, by=self.request.user)

    def get_success_message(self, form, result):
        return _("The candidate has been anonymised. Placements are kept for the statistics.")

    def get_success_url(self, result):
        return self.candidate.get_absolute_url()


# The pipeline ---------------------------------------------------------------------------------


def proposals_visible_to(user):
    """Proposals the user may see with the candidate's name: the employer is visible AND the
    candidate is visible (so the pipeline never names a candidate the list would hide)."""
    return Proposal.objects.visible_to(user).filter(
        candidate__in=Candidate.objects.visible_to(user)
    )


def current_primaries():
    return Prefetch(
        "employer__assignments",
        queryset=AccountAssignment.objects.current()
        .filter(kind="primary")
        .select_related("manager"),
        to_attr="current_primaries",
    )


def fixed_manager(employer):
    primaries = getattr(employer, "current_primaries", [])
    for assignment in primaries:
        if assignment.region_id == employer.region_id:
            return assignment.manager
    return primaries[0].manager if primaries else None


class PipelineView(StaffRequiredMixin, TemplateView):
    """All proposals in the user's scope per status: the open ones, and those closed in the last
    PIPELINE_RECENT_DAYS days. Filter by employer or by the employers of an account manager."""

    template_name = "candidates/pipeline.html"

    def get_context_data(self, **kwargs):
        request, user = self.request, self.request.user
        today = timezone.localdate()
        since = today - timedelta(days=PIPELINE_RECENT_DAYS)
        filterset = PipelineFilter(
            request.GET, queryset=proposals_visible_to(user), request=request
        )
        form = filterset.form
        form.fields["employer"].empty_label = _("All employers")
        form.fields["manager"].empty_label = _("Everybody")
        proposals = list(
            filterset.qs.filter(
                Q(status__in=Proposal.OPEN_STATUSES) | Q(status_changed_on__gte=since)
            )
            .select_related("candidate", "employer", "request")
            .prefetch_related(current_primaries())
            .order_by("status_changed_on", "pk")
        )
        columns = []
        for status, label in Proposal.Status.choices:
            items = [decorate_proposal(p) for p in proposals if p.status == status]
            for item in items:
                item.fixed_manager = fixed_manager(item.employer)
            columns.append(
                {
                    "status": status,
                    "label": label,
                    "proposals": items,
                    "closed": status in CLOSED_STATUSES,
                }
            )
        cleaned = form.cleaned_data if form.is_valid() else {}
        return super().get_context_data(
            form=form,
            open_columns=[c for c in columns if not c["closed"]],
            closed_columns=[c for c in columns if c["closed"]],
            open_total=sum(len(c["proposals"]) for c in columns if not c["closed"]),
            recent_days=PIPELINE_RECENT_DAYS,
            stale_days=STALE_AFTER_DAYS,
            filters_active=bool(cleaned.get("employer") or cleaned.get("manager")),
            **kwargs,
        )


# Staffing requests and proposing from the employer side ---------------------------------------


class EmployerFormView(ServiceFormMixin, StaffRequiredMixin, View):
    """A form about one visible employer (404 otherwise), reached from the employer page."""

    template_name = None
    prefix = None
    anchor = ""

    def get_employer(self):
        return get_object_or_404(
            Employer.objects.visible_to(self.request.user), pk=self.kwargs["employer_pk"]
        )

    def get_form(self, data=None):
        raise NotImplementedError

    def perform(self, form):
        raise NotImplementedError

    def get_success_message(self, form, result):
        return ""

    def get_context_data(self, **kwargs):
        return {"employer": self.employer, "next": safe_next(self.request, ""), **kwargs}

    def get_success_url(self, result):
        fallback = self.employer.get_absolute_url() + (f"#{self.anchor}" if self.anchor else "")
        return safe_next(self.request, fallback)

    def get(self, request, *args, **kwargs):
        self.employer = self.get_employer()
        return render(request, self.template_name, self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        self.employer = self.get_employer()
        return self.submit(request)

    def form_invalid(self, form):
        return render(self.request, self.template_name, self.get_context_data(form=form))


class StaffingRequestCreateView(EmployerFormView):
    template_name = "candidates/request_form.html"
    prefix = "request"
    anchor = "requests"

    def get_form(self, data=None):
        return StaffingRequestForm(data, employer=self.employer, prefix=self.prefix)

    def perform(self, form):
        return services.staffing_request_create(
            employer=self.employer, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("Staffing request %(title)s has been added.") % {"title": result.title}


class StaffingRequestEditView(EmployerFormView):
    template_name = "candidates/request_form.html"
    prefix = "request"
    anchor = "requests"

    def get_employer(self):
        self.staffing_request = get_object_or_404(
            StaffingRequest.objects.visible_to(self.request.user).select_related("employer"),
            pk=self.kwargs["pk"],
        )
        return self.staffing_request.employer

    def get_form(self, data=None):
        return StaffingRequestForm(
            data, employer=self.employer, instance=self.staffing_request, prefix=self.prefix
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(staffing_request=self.staffing_request, **kwargs)

    def perform(self, form):
        return services.staffing_request_update(
            request=self.staffing_request, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("Staffing request %(title)s has been saved.") % {"title": result.title}


class EmployerProposeView(EmployerFormView):
    """Propose one of your candidates to this employer, with or without a staffing request."""

    template_name = "candidates/employer_propose.html"
    prefix = "propose"
    anchor = "proposals"

    def get_form(self, data=None):
        initial = {}
        value = self.request.GET.get("request", "")
        if value.isdigit():
            initial["request"] = value
        return EmployerProposalForm(
            data,
            user=self.request.user,
            employer=self.employer,
            prefix=self.prefix,
            initial=initial,
        )

    def perform(self, form):
        return services.proposal_create(
            candidate=form.cleaned_data["candidate"], by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("%(name)s has been proposed to %(employer)s.") % {
            "name": result.candidate.full_name,
            "employer": self.employer,
        }
