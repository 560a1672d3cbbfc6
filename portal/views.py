"""The employer portal: the pages for employer users, and the staff actions of the portal panel on
the employer page (the panel itself: portal/panels.py).

Isolation: every portal query starts from `request.user.employer`; another employer's ids
answer 404. Portal pages answer 403 to WSP staff (they have the employer pages), and staff pages
already answer 403 to employer users.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min, Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.models import User
from accounts.permissions import StaffRequiredMixin
from accounts.services import user_set_active
from candidates.access import log_candidates_listed
from candidates.models import SharingConsent
from candidates.services import shared_profile_for_employer
from candidates.sharing import shared_profile
from employers import services as employer_services
from employers.models import Action, ContactPerson, Conversation, Employer
from placements.models import Instrument, Placement, TeamMember
from placements.selectors import employer_instruments

from . import services
from .forms import (
    ContactProposalForm,
    InviteForm,
    PortalContactLeftForm,
    QuestionForm,
    add_service_errors,
)
from .models import ContactProposal

# Employer users -------------------------------------------------------------------------------


class EmployerUserRequiredMixin:
    """Portal pages: active employer users only; staff get 403 (anonymous users never get here:
    LoginRequiredMiddleware sends them to the login page)."""

    section = ""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_employer_user and user.employer_id):
            raise PermissionDenied
        self.employer = user.employer
        return super().dispatch(request, *args, **kwargs)

    def render(self, template, **context):
        return render(
            self.request,
            template,
            {"employer": self.employer, "section": self.section, **context},
        )


def current_contacts(employer):
    return ContactPerson.objects.filter(employer=employer).current().order_by("name", "pk")


def own_contact(request, pk):
    """One current contact person of the user's own employer (404 otherwise)."""
    return get_object_or_404(current_contacts(request.user.employer), pk=pk)


class PortalHomeView(EmployerUserRequiredMixin, View):
    section = "home"

    def get(self, request):
        return self.render("portal/home.html", **services.fixed_contact(self.employer))


class ContactsView(EmployerUserRequiredMixin, View):
    section = "contacts"

    def get(self, request):
        return self.page(ContactProposalForm())

    def page(self, form, status=200):
        proposals = ContactProposal.objects.filter(employer=self.employer).pending()
        response = self.render(
            "portal/contacts.html",
            contacts=current_contacts(self.employer),
            proposals=proposals,
            form=form,
        )
        response.status_code = status
        return response


class ContactVerifyView(EmployerUserRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        contact = own_contact(request, pk)
        try:
            employer_services.contact_verify(contact=contact, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Thank you. You have confirmed that the details of %(name)s are correct.")
                % {"name": contact.name},
            )
        return HttpResponseRedirect(reverse("portal:contacts"))


class ContactLeftView(EmployerUserRequiredMixin, View):
    section = "contacts"

    def get(self, request, pk):
        contact = own_contact(request, pk)
        return self.render(
            "portal/contact_left.html", contact=contact, form=PortalContactLeftForm()
        )

    def post(self, request, pk):
        contact = own_contact(request, pk)
        form = PortalContactLeftForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    employer_services.contact_mark_left(
                        contact=contact,
                        left_on=form.cleaned_data["left_on"],
                        by=request.user,
                        reason=form.cleaned_data["reason"],
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. We have recorded that %(name)s left. Your contact person at "
                        "the WSP has been informed."
                    )
                    % {"name": contact.name},
                )
                return HttpResponseRedirect(reverse("portal:contacts"))
        response = self.render("portal/contact_left.html", contact=contact, form=form)
        response.status_code = 400
        return response


class ContactProposeView(ContactsView):
    http_method_names = ["post"]

    def post(self, request):
        form = ContactProposalForm(request.POST)
        if form.is_valid():
            try:
                services.contact_propose(
                    employer=self.employer,
                    by=request.user,
                    is_director=form.cleaned_data["level"] == ContactPerson.Level.TOP,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your contact person at the WSP will check the new contact "
                        "person %(name)s and add them."
                    )
                    % {"name": form.cleaned_data["name"]},
                )
                return HttpResponseRedirect(reverse("portal:contacts"))
        return self.page(form, status=400)


def portal_team(placement):
    """What the employer sees of a placement's current team: each person's name and role (and
    a job coach's organisation), nothing else."""
    return [
        {
            "kind": member.role,
            "name": member.person_name,
            "role": str(member.get_role_display()),
            "organisation": member.coach_organisation if member.role == "job_coach" else "",
        }
        for member in placement.current_team
    ]


def portal_placements(employer):
    """The employer's active placements for the portal: candidate names and profiles only via
    candidates.services.shared_profile_for_employer (alias "medewerker 1", "medewerker 2"...).

    Queries: one for the placements (with the next open follow-up date), one for their current
    teams (names and roles only: never an internal note), one for the current consents, two for
    the running instruments (placements.selectors.employer_instruments); the service re-checks
    each consented candidate itself (one query per candidate with a current consent; none for
    the others)."""
    placements = list(
        Placement.objects.filter(employer=employer)
        .active()
        .select_related("candidate__profile")
        .prefetch_related(
            Prefetch(
                "team",
                queryset=TeamMember.objects.current()
                .select_related("contact", "staff")
                .order_by("role", "start", "pk"),
                to_attr="current_team",
            )
        )
        .annotate(
            next_follow_up=Min("follow_ups__due_on", filter=Q(follow_ups__done_on__isnull=True))
        )
        .order_by("start_date", "pk")
    )
    consented = set(
        SharingConsent.objects.current()
        .filter(employer=employer, candidate_id__in=[p.candidate_id for p in placements])
        .values_list("candidate_id", flat=True)
    )
    instruments = employer_instruments([p.pk for p in placements], timezone.localdate())
    rows = []
    for number, placement in enumerate(placements, start=1):
        alias = _("employee %(number)s") % {"number": number}
        if placement.candidate_id in consented:
            shared = shared_profile_for_employer(
                candidate=placement.candidate, employer=employer, alias=alias
            )
        else:
            shared = shared_profile(candidate=placement.candidate, consent=None, alias=alias)
        rows.append(
            {
                "placement": placement,
                "shared": shared,
                "team": portal_team(placement),
                "instruments": instruments.get(placement.pk, []),
            }
        )
    return rows


class PlacementsView(EmployerUserRequiredMixin, View):
    section = "placements"

    def get(self, request):
        rows = portal_placements(self.employer)
        log_candidates_listed(request, [row["placement"].candidate for row in rows])
        return self.render("portal/placements.html", rows=rows)


class SupportView(EmployerUserRequiredMixin, View):
    section = "support"

    def get(self, request):
        instruments = Instrument.objects.filter(
            region_id=self.employer.region_id, is_active=True
        ).order_by("name")
        return self.render("portal/support.html", instruments=instruments)


class QuestionView(EmployerUserRequiredMixin, View):
    section = "question"

    def get(self, request):
        return self.render("portal/question.html", form=QuestionForm())

    def post(self, request):
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                conversation = services.question_ask(
                    user=request.user,
                    question=form.cleaned_data["question"],
                    topic=form.cleaned_data["topic"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return HttpResponseRedirect(
                    reverse("portal:question_sent", kwargs={"pk": conversation.pk})
                )
        response = self.render("portal/question.html", form=form)
        response.status_code = 400
        return response


class QuestionSentView(EmployerUserRequiredMixin, View):
    section = "question"

    def get(self, request, pk):
        conversation = get_object_or_404(
            Conversation.objects.filter(
                employer=self.employer, author=request.user, channel=Conversation.Channel.MESSAGE
            ).prefetch_related(Prefetch("actions", Action.objects.select_related("owner"))),
            pk=pk,
        )
        return self.render("portal/question_sent.html", conversation=conversation)


# Staff side -----------------------------------------------------------------------------------


class StaffEmployerActionView(StaffRequiredMixin, View):
    """Staff actions on an employer's portal: the employer comes from visible_to (404 else)."""

    allowed_roles = services.STAFF_ROLES

    def get_employer(self):
        return get_object_or_404(
            Employer.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )

    def back(self):
        return HttpResponseRedirect(self.employer.get_absolute_url() + "#portal")


class StaffInviteView(StaffEmployerActionView):
    template_name = "portal/staff_invite.html"

    def get(self, request, pk):
        self.employer = self.get_employer()
        return render(
            request,
            self.template_name,
            {"employer": self.employer, "form": InviteForm(prefix="portal")},
        )

    def post(self, request, pk):
        self.employer = self.get_employer()
        form = InviteForm(request.POST, prefix="portal")
        if form.is_valid():
            try:
                user = services.employer_user_invite(
                    employer=self.employer, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s has been invited to the portal; the e-mail goes to %(email)s.")
                    % {"name": user.full_name, "email": user.email},
                )
                return self.back()
        response = render(request, self.template_name, {"employer": self.employer, "form": form})
        response.status_code = 400
        return response


class StaffUserActiveView(StaffEmployerActionView):
    """Deactivate (or reactivate) one of this employer's portal users."""

    http_method_names = ["post"]
    active = False

    def post(self, request, pk, user_pk):
        self.employer = self.get_employer()
        portal_user = get_object_or_404(
            User.objects.filter(employer=self.employer, role=User.Role.EMPLOYER_USER), pk=user_pk
        )
        user_set_active(user=portal_user, active=self.active, by=request.user)
        if self.active:
            text = _("%(name)s can use the portal again.")
        else:
            text = _("%(name)s can no longer log in to the portal.")
        messages.success(request, text % {"name": portal_user.full_name})
        return self.back()


class StaffProposalView(StaffEmployerActionView):
    http_method_names = ["post"]
    accept = True

    def post(self, request, pk, proposal_pk):
        self.employer = self.get_employer()
        proposal = get_object_or_404(
            ContactProposal.objects.filter(employer=self.employer), pk=proposal_pk
        )
        try:
            if self.accept:
                services.proposal_accept(proposal=proposal, by=request.user)
            else:
                services.proposal_decline(proposal=proposal, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if self.accept:
                text = _("%(name)s has been added as a contact person.")
            else:
                text = _("The proposed contact person %(name)s has been declined.")
            messages.success(request, text % {"name": proposal.name})
        return self.back()
