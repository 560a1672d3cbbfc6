"""Forms of the candidate pages. They only collect and check input: every write goes through
candidates.services, whose ValidationErrors are put back on the form by `add_service_errors`.
Every choice of an employer, request or candidate is limited to what the user may see."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, User
from employers.forms import StaffChoiceField, add_service_errors, date_widget, staff_of_region
from employers.models import Employer

from .models import (
    Candidate,
    CandidateProfile,
    Proposal,
    SharingConsent,
    StaffingRequest,
    Weekday,
)
from .services import CANDIDATE_FIELDS, PROFILE_FIELDS, REQUEST_FIELDS
from .sharing import consent_summary

__all__ = [
    "AnonymiseForm",
    "CandidateForm",
    "CandidateProfileForm",
    "ConsentForm",
    "EmployerProposalForm",
    "ProposalForm",
    "ProposalStatusForm",
    "StaffingRequestForm",
    "add_service_errors",
]

# A status that only placements.services.placement_start may set (it creates the placement).
PLACED = Proposal.Status.PLACED
REASON_STATUSES = (Proposal.Status.DECLINED, Proposal.Status.WITHDRAWN)


def not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("This date lies in the future."))


class EmployerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class CandidateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.municipality:
            return f"{obj.full_name} ({obj.municipality})"
        return obj.full_name


class RequestChoiceField(forms.ModelChoiceField):
    """A staffing request, named with its employer when the choice spans employers."""

    def __init__(self, *args, with_employer=True, **kwargs):
        self.with_employer = with_employer
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        label = f"{obj.title} ({obj.get_kind_display().lower()})"
        return f"{obj.employer.name} – {label}" if self.with_employer else label


class RegionalStaffChoiceField(StaffChoiceField):
    """Staff of every region (for WSP admins): the region is part of the label."""

    def label_from_instance(self, obj):
        return f"{super().label_from_instance(obj)} – {obj.region}"


def open_requests():
    return StaffingRequest.objects.filter(
        status__in=[StaffingRequest.Status.OPEN, StaffingRequest.Status.ON_HOLD]
    )


# Candidates -----------------------------------------------------------------------------------


class CandidateForm(forms.ModelForm):
    """A candidate's identity, contact details, responsible staff member and target groups.

    The instance is a copy, so a failed attempt never changes the candidate shown elsewhere.
    WSP admins (who work for no region) choose the region of a new candidate."""

    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=Candidate.TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Confidential: for WSP staff only. Never share this with an employer, not even "
            "with the candidate's consent."
        ),
    )

    class Meta:
        model = Candidate
        fields = CANDIDATE_FIELDS
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user = user
        creating = instance is None or instance.pk is None
        instance = copy.copy(instance) if instance is not None else Candidate()
        if creating and user.region_id and not user.is_wsp_admin:
            instance.region = user.region
        if creating and user.role in User.REGIONAL_ROLES:
            kwargs.setdefault("initial", {}).setdefault("responsible", user.pk)
        super().__init__(*args, instance=instance, **kwargs)
        self.choose_region = creating and not (user.region_id and not user.is_wsp_admin)
        responsible = self.fields["responsible"]
        if self.choose_region:
            self.fields["region"] = forms.ModelChoiceField(
                queryset=Region.objects.all(), label=_("Region")
            )
            if user.region_id:
                self.fields["region"].initial = user.region_id
            self.order_fields(["region", *CANDIDATE_FIELDS])
            self.fields["responsible"] = RegionalStaffChoiceField(
                queryset=User.objects.account_holders()
                .select_related("region")
                .order_by("region__name", "first_name", "last_name"),
                label=responsible.label,
                help_text=_("A staff member of the candidate's region."),
            )
        else:
            self.fields["responsible"] = StaffChoiceField(
                queryset=staff_of_region(instance.region_id),
                label=responsible.label,
                help_text=responsible.help_text,
            )

    def clean(self):
        cleaned = super().clean()
        if self.choose_region and cleaned.get("region"):
            self.instance.region = cleaned["region"]
        return cleaned

    def get_region(self):
        return self.cleaned_data["region"] if self.choose_region else self.instance.region

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in CANDIDATE_FIELDS}


class CandidateProfileForm(forms.ModelForm):
    """The work profile, in work terms an employer can use (never diagnoses). The help texts are
    the model's: they steer away from medical wording."""

    preferred_days = forms.MultipleChoiceField(
        label=_("Preferred working days"),
        choices=Weekday.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Preferred sectors"),
        choices=Employer.Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where this person would like to work; empty means no preference."),
    )

    class Meta:
        model = CandidateProfile
        fields = PROFILE_FIELDS
        widgets = {
            "strengths": forms.Textarea(attrs={"rows": 3}),
            "experience": forms.Textarea(attrs={"rows": 3}),
            "qualifications": forms.Textarea(attrs={"rows": 2}),
            "motivation": forms.Textarea(attrs={"rows": 3}),
            "work_fitness": forms.Textarea(attrs={"rows": 2}),
            "guidance_needs": forms.Textarea(attrs={"rows": 2}),
            "workplace_needs": forms.Textarea(attrs={"rows": 3}),
            "hours_per_week": forms.NumberInput(attrs={"min": 0, "max": 60}),
            "max_travel_minutes": forms.NumberInput(attrs={"min": 0, "max": 300}),
            "max_travel_km": forms.NumberInput(attrs={"min": 0, "max": 300}),
            "available_from": date_widget(),
        }

    def __init__(self, *args, candidate=None, instance=None, **kwargs):
        if instance is None:
            instance = CandidateProfile(candidate=candidate) if candidate else CandidateProfile()
        super().__init__(*args, instance=copy.copy(instance), **kwargs)

    def clean_hours_per_week(self):
        hours = self.cleaned_data.get("hours_per_week")
        if hours is not None and hours > 60:
            raise ValidationError(_("At most 60 hours per week."))
        return hours

    def clean_max_travel_km(self):
        km = self.cleaned_data.get("max_travel_km")
        if km is not None and km > 300:
            raise ValidationError(_("At most 300 km."))
        return km

    def clean_max_travel_minutes(self):
        minutes = self.cleaned_data.get("max_travel_minutes")
        if minutes is not None and minutes > 600:
            raise ValidationError(_("At most 600 minutes."))
        return minutes

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}


class AnonymiseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that the name, contact details, target groups and profile text "
            "are removed for good."
        ),
        error_messages={"required": _("Tick the box to confirm.")},
    )


# Consents -------------------------------------------------------------------------------------


class ConsentForm(forms.Form):
    employer = EmployerChoiceField(
        label=_("Employer"),
        queryset=Employer.objects.none(),
        help_text=_("The one employer that may see the named profile."),
    )
    scope = forms.ChoiceField(
        label=_("What may be shared"),
        choices=SharingConsent.Scope.choices,
        initial=SharingConsent.Scope.PROFILE,
        widget=forms.RadioSelect,
    )
    includes_arrangements = forms.BooleanField(
        label=_("Also what helps this person at work (workplace arrangements)"),
        required=False,
        help_text=_(
            "Only when the candidate explicitly agreed to share the workplace arrangements and "
            "guidance with this employer."
        ),
    )
    given_on = forms.DateField(
        label=_("Consent given on"),
        widget=date_widget(),
        initial=timezone.localdate,
        required=False,
        validators=[not_in_future],
        help_text=_("Empty means today."),
    )

    def __init__(self, *args, user, candidate, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        self.fields["employer"].queryset = Employer.objects.visible_to(user).order_by("name")
        self.covers = consent_summary()

    def clean_employer(self):
        employer = self.cleaned_data["employer"]
        if (
            SharingConsent.objects.current()
            .filter(candidate=self.candidate, employer=employer)
            .exists()
        ):
            raise ValidationError(
                _("There already is a current consent for %(employer)s.") % {"employer": employer}
            )
        return employer


# Proposals ------------------------------------------------------------------------------------


class ProposalForm(forms.Form):
    """Propose this candidate to an employer: pick a staffing request, or just the employer
    ("offered without a vacancy")."""

    request = RequestChoiceField(
        label=_("Staffing request"),
        queryset=StaffingRequest.objects.none(),
        required=False,
        empty_label=_("— without a vacancy —"),
        help_text=_("Leave empty when you offer the candidate without a vacancy."),
    )
    employer = EmployerChoiceField(
        label=_("Employer"),
        queryset=Employer.objects.none(),
        required=False,
        help_text=_("Not needed when you choose a staffing request."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why this match? Visible to WSP staff only."),
    )
    proposed_on = forms.DateField(
        label=_("Proposed on"),
        widget=date_widget(),
        initial=timezone.localdate,
        required=False,
        validators=[not_in_future],
        help_text=_("Empty means today."),
    )

    field_order = ["employer", "request", "note", "proposed_on"]

    def __init__(self, *args, user, candidate, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        employers = Employer.objects.visible_to(user)
        self.fields["employer"].queryset = employers.order_by("name")
        self.fields["request"].queryset = (
            open_requests()
            .filter(employer__in=employers)
            .select_related("employer")
            .order_by("employer__name", "title", "pk")
        )

    def clean(self):
        cleaned = super().clean()
        employer, request = cleaned.get("employer"), cleaned.get("request")
        if self.errors:
            return cleaned
        if request is not None and employer is None:
            cleaned["employer"] = employer = request.employer
        if employer is None:
            self.add_error("employer", _("Choose an employer or one of its staffing requests."))
        elif request is not None and request.employer_id != employer.pk:
            self.add_error(
                "request",
                _("This request is from %(other)s, not from %(employer)s.")
                % {"other": request.employer, "employer": employer},
            )
        return cleaned

    def service_fields(self):
        data = self.cleaned_data
        return {
            "employer": data["employer"],
            "request": data["request"],
            "note": data["note"].strip(),
            "proposed_on": data["proposed_on"],
        }


class EmployerProposalForm(forms.Form):
    """Propose one of your candidates to this employer (from the employer page)."""

    candidate = CandidateChoiceField(label=_("Candidate"), queryset=Candidate.objects.none())
    request = RequestChoiceField(
        label=_("Staffing request"),
        queryset=StaffingRequest.objects.none(),
        required=False,
        with_employer=False,
        empty_label=_("— without a vacancy —"),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why this match? Visible to WSP staff only."),
    )
    proposed_on = forms.DateField(
        label=_("Proposed on"),
        widget=date_widget(),
        initial=timezone.localdate,
        required=False,
        validators=[not_in_future],
        help_text=_("Empty means today."),
    )

    def __init__(self, *args, user, employer, **kwargs):
        super().__init__(*args, **kwargs)
        self.employer = employer
        self.fields["candidate"].queryset = (
            Candidate.objects.visible_to(user)
            .filter(anonymised_at__isnull=True)
            .order_by("last_name", "first_name", "pk")
        )
        self.fields["request"].queryset = open_requests().filter(employer=employer)

    def service_fields(self):
        data = self.cleaned_data
        return {
            "employer": self.employer,
            "request": data["request"],
            "note": data["note"].strip(),
            "proposed_on": data["proposed_on"],
        }


class ProposalStatusForm(forms.Form):
    """Move a proposal on, or close it with a reason. Placing goes through a placement."""

    status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Required when the proposal is declined or withdrawn."),
    )
    on = forms.DateField(
        label=_("Date"),
        widget=date_widget(),
        initial=timezone.localdate,
        required=False,
        validators=[not_in_future],
        help_text=_("Empty means today."),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        labels = dict(Proposal.Status.choices)
        self.fields["status"].choices = [
            (status, labels[status])
            for status in Proposal.NEXT_STATUSES[proposal.status]
            if status != PLACED
        ]

    def clean_on(self):
        on = self.cleaned_data["on"] or timezone.localdate()
        if on < self.proposal.proposed_on:
            raise ValidationError(_("This date lies before the proposal."))
        return on

    def clean(self):
        cleaned = super().clean()
        reason = (cleaned.get("reason") or "").strip()
        cleaned["reason"] = reason
        if cleaned.get("status") in REASON_STATUSES and not reason:
            self.add_error("reason", _("Give the reason."))
        return cleaned


# Staffing requests ----------------------------------------------------------------------------


class StaffingRequestForm(forms.ModelForm):
    target_groups = forms.MultipleChoiceField(
        label=_("For target groups"),
        choices=Candidate.TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only when the job is meant for a target group (for example the job-agreement "
            "register); empty means anybody."
        ),
    )

    class Meta:
        model = StaffingRequest
        fields = REQUEST_FIELDS
        widgets = {
            "kind": forms.RadioSelect,
            "tasks": forms.Textarea(attrs={"rows": 3}),
            "hours_per_week": forms.NumberInput(attrs={"min": 1, "max": 60}),
            "opened_on": date_widget(),
            "starts_on": date_widget(),
        }
        help_texts = {
            "tasks": _("For a carved job: which tasks it brings together."),
        }

    def __init__(self, *args, employer, instance=None, **kwargs):
        instance = copy.copy(instance) if instance else StaffingRequest(employer=employer)
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["location"].queryset = employer.locations.all()
        self.fields["location"].empty_label = _("— not specified —")
        self.fields["opened_on"].validators.append(not_in_future)

    def clean_hours_per_week(self):
        hours = self.cleaned_data.get("hours_per_week")
        if hours is not None and not 1 <= hours <= 60:
            raise ValidationError(_("Between 1 and 60 hours per week."))
        return hours

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in REQUEST_FIELDS}
