"""Starting a placement: from a proposal, or for a candidate and an employer (asking for the one
that is missing)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import StaffRequiredMixin
from candidates.access import get_candidate_for
from candidates.models import Proposal
from employers.forms import add_service_errors
from employers.models import Employer

from .. import services
from ..forms import PlacementForm, StartChoiceForm
from ..models import Placement
from .detail import candidate_url


def _int_param(request, name):
    value = request.GET.get(name, "")
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise Http404 from None
    if number <= 0 or number > 2**62:
        raise Http404
    return number


def proposal_initial(proposal):
    """What a proposal's staffing request already tells about the job."""
    request = proposal.request if proposal and proposal.request_id else None
    if request is None:
        return {}
    initial = {"job_title": request.title, "is_carved_job": request.kind == "carved"}
    if request.tasks:
        initial["carved_tasks"] = request.tasks
    if request.hours_per_week:
        initial["hours_per_week"] = request.hours_per_week
    if request.location_id:
        initial["location"] = request.location_id
    return initial


class PlacementStartView(StaffRequiredMixin, View):
    """Start a placement from a proposal (?proposal=) or directly for a candidate and an employer
    (?candidate=&employer=). With only one of them (e.g. from the employer page) the page first
    asks for the other, or for one of the employer's open proposals."""

    template_name = "placements/placement_start.html"

    def resolve(self, request):
        """(proposal, candidate, employer) from the query string; 404 for what is not visible."""
        user = request.user
        proposal = candidate = employer = None
        proposal_pk = _int_param(request, "proposal")
        if proposal_pk:
            proposal = get_object_or_404(
                Proposal.objects.visible_to(user).select_related(
                    "employer__region", "request__location"
                ),
                pk=proposal_pk,
            )
            employer = proposal.employer
            candidate = get_candidate_for(request, proposal.candidate_id)
            return proposal, candidate, employer
        employer_pk = _int_param(request, "employer")
        if employer_pk:
            employer = get_object_or_404(
                Employer.objects.visible_to(user).select_related("region"), pk=employer_pk
            )
        candidate_pk = _int_param(request, "candidate")
        if candidate_pk:
            candidate = get_candidate_for(request, candidate_pk)
        if candidate is not None and employer is not None:
            # Placing a candidate where they have an open proposal: that proposal succeeded.
            proposal = (
                Proposal.objects.open()
                .filter(candidate=candidate, employer=employer)
                .select_related("request__location")
                .first()
            )
        return proposal, candidate, employer

    def dispatch_checks(self, request, proposal, candidate):
        if proposal is not None and not proposal.is_open:
            placement = Placement.objects.visible_to(request.user).filter(proposal=proposal).first()
            if placement is not None:
                messages.info(request, _("This proposal has been placed already."))
                return HttpResponseRedirect(placement.get_absolute_url())
            messages.error(
                request,
                _("This proposal is %(status)s: it can no longer become a placement.")
                % {"status": proposal.get_status_display().lower()},
            )
            return HttpResponseRedirect(proposal.employer.get_absolute_url())
        if candidate is not None and candidate.anonymised_at:
            messages.error(request, _("This candidate has been anonymised."))
            return HttpResponseRedirect(reverse("placements:list"))
        return None

    def build_form(self, request, proposal, candidate, employer, data=None):
        initial = {
            "start_date": timezone.localdate(),
            "responsible": request.user.pk,
            **proposal_initial(proposal),
        }
        placement = Placement(candidate=candidate, employer=employer, proposal=proposal)
        form = PlacementForm(
            data, employer=employer, user=request.user, instance=placement, initial=initial
        )
        choosable = form.fields["responsible"].queryset
        if data is None and not choosable.filter(pk=request.user.pk).exists():
            form.initial["responsible"] = (
                candidate.responsible_id
                if choosable.filter(pk=candidate.responsible_id).exists()
                else None
            )
        return form

    def context(self, request, proposal, candidate, employer, form=None):
        context = {"proposal": proposal, "candidate": candidate, "employer": employer}
        if candidate is None or employer is None:
            context["choice_form"] = StartChoiceForm(
                request.GET or None, user=request.user, employer=employer, candidate=candidate
            )
            context["choice_hidden"] = {
                key: value.pk
                for key, value in (("employer", employer), ("candidate", candidate))
                if value is not None
            }
            return context
        context["form"] = form or self.build_form(request, proposal, candidate, employer)
        context["active_here"] = list(
            Placement.objects.active().filter(candidate=candidate, employer=employer)
        )
        context["candidate_url"] = candidate_url(candidate)
        return context

    def get(self, request):
        proposal, candidate, employer = self.resolve(request)
        redirect = self.dispatch_checks(request, proposal, candidate)
        if redirect:
            return redirect
        return render(
            request, self.template_name, self.context(request, proposal, candidate, employer)
        )

    def post(self, request):
        proposal, candidate, employer = self.resolve(request)
        redirect = self.dispatch_checks(request, proposal, candidate)
        if redirect:
            return redirect
        if candidate is None or employer is None:
            raise Http404
        form = self.build_form(request, proposal, candidate, employer, data=request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    placement = services.placement_start(
                        candidate=candidate,
                        employer=employer,
                        proposal=proposal,
                        by=request.user,
                        **form.service_fields(),
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                steps = placement.follow_ups.count()
                messages.success(
                    request,
                    _("The placement has started; its follow-up plan has %(count)s checkpoints.")
                    % {"count": steps},
                )
                return HttpResponseRedirect(placement.get_absolute_url())
        return render(
            request,
            self.template_name,
            self.context(request, proposal, candidate, employer, form=form),
        )
