"""Forms of the placement pages, and the placement list filter (shared by the HTML list and the
API). Forms only collect and check input: every write goes through placements.services, whose
ValidationErrors are put back on the form by `employers.forms.add_service_errors`."""

import copy
import datetime
from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from candidates.models import Candidate, Proposal
from employers.filters import managers_visible_to
from employers.forms import ContactChoiceField, StaffChoiceField, date_widget, staff_of_region
from employers.models import ContactPerson, Employer, Location

from .models import (
    PERCENTAGE_ERROR,
    FollowUp,
    FollowUpPolicy,
    Instrument,
    InstrumentPeriod,
    Placement,
    WageValueAssessment,
)

# A contract end, a job coach's last day or an instrument period within this many days is
# "ending soon" (the decision about what comes next has to be made now).
ENDING_SOON = datetime.timedelta(weeks=6)
MAX_HOURS = Decimal("60")
MAX_COACH_HOURS = Decimal("40")
NEW_FOLLOW_UP = "new"


def ending_soon_cutoff(today=None):
    return (today or timezone.localdate()) + ENDING_SOON


# The list filter --------------------------------------------------------------------------------


def staff_for_placements(user):
    """Whom the 'responsible' filter offers: the region's active staff, plus anybody still
    responsible for a visible placement (someone who left keeps their placements until they
    are handed over, and a team lead must be able to find those)."""
    if not (user and user.is_authenticated):
        return User.objects.none()
    visible = Placement.objects.visible_to(user).values("responsible_id")
    managers = managers_visible_to(user).values("pk")
    return User.objects.filter(Q(pk__in=managers) | Q(pk__in=visible)).order_by(
        "first_name", "last_name"
    )


def employers_with_placements(user):
    if not (user and user.is_authenticated):
        return Employer.objects.none()
    return (
        Employer.objects.visible_to(user)
        .filter(Exists(Placement.objects.filter(employer=OuterRef("pk"))))
        .order_by("name", "pk")
    )


class StaffFilter(django_filters.ModelChoiceFilter):
    field_class = StaffChoiceField


class PlacementFilter(django_filters.FilterSet):
    """Filters of the placement list (HTML and API). Pass `user=` or `request=`.

    The HTML list shows active placements unless another status is asked for; the API applies
    no default."""

    status = django_filters.ChoiceFilter(
        choices=Placement.Status.choices, label=_("Status"), empty_label=_("All")
    )
    employer = django_filters.ModelChoiceFilter(
        queryset=Employer.objects.none(), label=_("Employer"), empty_label=_("All employers")
    )
    employer_name = django_filters.CharFilter(
        field_name="employer__name",
        lookup_expr="icontains",
        label=_("Employer"),
        help_text=_("Part of the employer's name"),
    )
    responsible = StaffFilter(
        queryset=User.objects.none(), label=_("Responsible"), empty_label=_("Everybody")
    )
    follow_up_overdue = django_filters.BooleanFilter(
        method="filter_follow_up_overdue", label=_("Follow-up overdue")
    )
    contract_ends_soon = django_filters.BooleanFilter(
        method="filter_contract_ends_soon", label=_("Contract ends within 6 weeks")
    )

    class Meta:
        model = Placement
        fields = [
            "status",
            "employer",
            "employer_name",
            "responsible",
            "follow_up_overdue",
            "contract_ends_soon",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is None and self.request is not None:
            user = self.request.user
        self.filters["employer"].queryset = employers_with_placements(user)
        self.filters["responsible"].queryset = staff_for_placements(user)

    def filter_follow_up_overdue(self, queryset, name, value):
        overdue = FollowUp.objects.filter(
            placement=OuterRef("pk"), done_on__isnull=True, due_on__lt=timezone.localdate()
        )
        return queryset.filter(Exists(overdue)) if value else queryset.filter(~Exists(overdue))

    def filter_contract_ends_soon(self, queryset, name, value):
        today = timezone.localdate()
        soon = Q(
            status=Placement.Status.ACTIVE,
            contract_end__gte=today,
            contract_end__lte=ending_soon_cutoff(today),
        )
        return queryset.filter(soon) if value else queryset.exclude(soon)


# Starting and editing a placement -------------------------------------------------------------


class CandidateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class EmployerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ProposalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return (
            f"{obj.candidate.full_name} → {obj.employer.name} ({obj.get_status_display().lower()})"
        )


class StartChoiceForm(forms.Form):
    """Step one of starting a placement when the candidate or the employer is still open: a
    GET form that reloads the start page with both chosen (or with an open proposal)."""

    proposal = ProposalChoiceField(
        label=_("From an open proposal"),
        queryset=Proposal.objects.none(),
        required=False,
        empty_label=_("— no proposal —"),
    )
    candidate = CandidateChoiceField(
        label=_("Candidate"),
        queryset=Candidate.objects.none(),
        required=False,
        empty_label=_("— choose a candidate —"),
    )
    employer = EmployerChoiceField(
        label=_("Employer"),
        queryset=Employer.objects.none(),
        required=False,
        empty_label=_("— choose an employer —"),
    )

    def __init__(self, *args, user, employer=None, candidate=None, **kwargs):
        super().__init__(*args, **kwargs)
        proposals = (
            Proposal.objects.visible_to(user)
            .open()
            .filter(candidate__in=Candidate.objects.visible_to(user))
            .select_related("candidate", "employer")
            .order_by("candidate__last_name", "candidate__first_name", "pk")
        )
        if employer is not None:
            proposals = proposals.filter(employer=employer)
        if candidate is not None:
            proposals = proposals.filter(candidate=candidate)
        self.fields["proposal"].queryset = proposals
        if candidate is not None:
            del self.fields["candidate"]
        else:
            self.fields["candidate"].queryset = (
                Candidate.objects.visible_to(user)
                .filter(anonymised_at__isnull=True)
                .order_by("last_name", "first_name", "pk")
            )
        if employer is not None:
            del self.fields["employer"]
        else:
            self.fields["employer"].queryset = Employer.objects.visible_to(user).order_by(
                "name", "pk"
            )


def responsible_choices(employer, user, current=None):
    """Active account managers and team leads of the employer's region and of the user's own
    region (a national employer is served from several regions), plus the current one."""
    ids = set(staff_of_region(employer.region).values_list("pk", flat=True))
    if user.region_id and user.region_id != employer.region_id:
        ids |= set(staff_of_region(user.region).values_list("pk", flat=True))
    if current is not None:
        ids.add(current.pk)
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name")


def placement_problems(data):
    """[(field, message)] for details that do not fit together (shared by the form and the
    API): the contract end and the contract type, dates before the start."""
    problems = []
    start = data.get("start_date")
    contract_type = data.get("contract_type")
    contract_end = data.get("contract_end")
    if contract_type == Placement.ContractType.PERMANENT and contract_end:
        problems.append(("contract_end", _("A permanent contract has no end date.")))
    elif (
        contract_type in (Placement.ContractType.TRIAL, Placement.ContractType.TEMPORARY)
        and not contract_end
    ):
        problems.append(("contract_end", _("Give the end date of this contract.")))
    if start and contract_end and contract_end < start:
        problems.append(("contract_end", _("The contract cannot end before the start.")))
    return problems


class PlacementForm(forms.ModelForm):
    """The details of a placement. The instance is a copy (or a new, unsaved placement that
    knows its candidate and employer), so a failed attempt never changes what the page shows."""

    class Meta:
        model = Placement
        fields = [
            "job_title",
            "location",
            "is_carved_job",
            "carved_tasks",
            "start_date",
            "contract_type",
            "contract_end",
            "hours_per_week",
            "responsible",
        ]
        field_classes = {"responsible": StaffChoiceField}
        widgets = {
            "start_date": date_widget(),
            "contract_end": date_widget(),
            "carved_tasks": forms.Textarea(attrs={"rows": 4}),
            "contract_type": forms.RadioSelect,
            "hours_per_week": forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "60"}),
        }
        help_texts = {
            "is_carved_job": _("A job put together from tasks of existing jobs (job carving)."),
            "carved_tasks": _("Which tasks make up the job? Required for a carved job."),
            "contract_end": _(
                "Required for a trial placement and a temporary contract; empty for a "
                "permanent contract."
            ),
            "responsible": _("The WSP staff member who does the follow-up."),
        }

    # Only when the placement starts: its first supervisor joins the team (later changes of the
    # team are made on the placement page).
    supervisor = ContactChoiceField(
        label=_("Supervisor (leidinggevende)"),
        queryset=ContactPerson.objects.none(),
        required=False,
        help_text=_("The contact person who guides the new colleague on the shop floor."),
    )

    def __init__(self, *args, employer, user, instance, **kwargs):
        self.employer = employer
        super().__init__(*args, instance=copy.copy(instance), **kwargs)
        supervisors = ContactPerson.objects.filter(employer=employer).current()
        self.fields["supervisor"].queryset = supervisors.order_by("-is_supervisor", "name")
        self.fields["supervisor"].empty_label = _("— nobody yet —")
        self.fields["location"].queryset = Location.objects.filter(employer=employer)
        self.fields["location"].empty_label = _("— not specified —")
        current_responsible = instance.responsible if instance.responsible_id else None
        self.fields["responsible"].queryset = responsible_choices(
            employer, user, current_responsible
        )
        self.fields["responsible"].empty_label = None
        self.fields["contract_type"].choices = Placement.ContractType.choices
        self.fields["hours_per_week"].validators += [
            MinValueValidator(Decimal("0.5")),
            MaxValueValidator(MAX_HOURS),
        ]
        if instance.pk:
            del self.fields["start_date"]
            del self.fields["supervisor"]

    def clean_job_title(self):
        title = self.cleaned_data["job_title"].strip()
        if not title:
            raise ValidationError(_("Give the job title."))
        return title

    def clean(self):
        cleaned = super().clean()
        data = {**cleaned, "start_date": cleaned.get("start_date", self.instance.start_date)}
        for field, message in placement_problems(data):
            if field not in self.errors:
                self.add_error(field, message)
        if not cleaned.get("is_carved_job") and "carved_tasks" in cleaned:
            cleaned["carved_tasks"] = cleaned["carved_tasks"].strip()
        return cleaned

    def _post_clean(self):
        # The services run the model validation (and report it on this form); running it here
        # too would report the same problem twice.
        pass

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in self.fields}


# Ending a placement ---------------------------------------------------------------------------


class PlacementEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Last working day"), widget=date_widget())
    reason = forms.ChoiceField(label=_("Reason"), choices=Placement.EndReason.choices)
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened, and what could have prevented it? Helps the next placement."),
    )
    # The next step for the candidate (doorstroom): offered when ending, done after it.
    propose_next = forms.BooleanField(
        label=_("Propose the candidate for a next job now (doorstroom)"),
        required=False,
        help_text=_("After ending, the new proposal opens for this candidate, prefilled."),
    )
    next_step_action = forms.BooleanField(
        label=_("Add an action for the fixed account manager: find the candidate's next step"),
        required=False,
        help_text=_("Due in 5 working days, linked to this placement."),
    )

    def __init__(self, *args, placement, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("ended_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.placement = placement

    def clean_ended_on(self):
        ended_on = self.cleaned_data["ended_on"]
        if ended_on < self.placement.start_date:
            raise ValidationError(_("The end lies before the start of the placement."))
        return ended_on


# Follow-up ------------------------------------------------------------------------------------


class FollowUpHorizonForm(forms.Form):
    """The region's follow-up horizon for permanent contracts (placements.services
    .follow_up_policy_set checks it again)."""

    months = forms.TypedChoiceField(
        label=_("Follow-up of permanent contracts until"),
        choices=FollowUpPolicy.Months.choices,
        coerce=int,
        error_messages={
            "required": _("Choose 12, 18 or 24 months."),
            "invalid_choice": _("Choose 12, 18 or 24 months."),
        },
    )


class FollowUpChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.kind} ({obj.due_on:%d-%m-%Y})"


class FollowUpRecordForm(forms.Form):
    """The quick 'log follow-up' form: which checkpoint, how it went, a note. Defaults: the
    first open checkpoint, today."""

    follow_up = forms.ChoiceField(label=_("Checkpoint"))
    outcome = forms.ChoiceField(
        label=_("How is it going?"), choices=FollowUp.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-ctrl-enter-submits": "true"}),
        help_text=_("Enter starts a new line; Ctrl+Enter saves."),
    )
    done_on = forms.DateField(label=_("Date of the contact"), widget=date_widget())

    def __init__(self, *args, placement, open_follow_ups, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("done_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.placement = placement
        self.open_follow_ups = {str(f.pk): f for f in open_follow_ups}
        choices = [(str(f.pk), f"{f.kind} ({f.due_on:%d-%m-%Y})") for f in open_follow_ups]
        choices.append((NEW_FOLLOW_UP, str(_("An extra contact (not planned)"))))
        self.fields["follow_up"].choices = choices
        if open_follow_ups and "follow_up" not in self.initial:
            self.initial["follow_up"] = str(open_follow_ups[0].pk)

    def clean_follow_up(self):
        value = self.cleaned_data["follow_up"]
        if value == NEW_FOLLOW_UP:
            return None
        return self.open_follow_ups[value]

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise ValidationError(_("A follow-up cannot be done in the future."))
        return done_on


class FollowUpAddForm(forms.Form):
    kind = forms.CharField(
        label=_("Checkpoint"),
        max_length=60,
        help_text=_("For example: evaluation with the supervisor, before the contract ends."),
    )
    due_on = forms.DateField(label=_("Due on"), widget=date_widget())

    def clean_kind(self):
        kind = self.cleaned_data["kind"].strip()
        if not kind:
            raise ValidationError(_("Name the checkpoint."))
        return kind


class FollowUpMoveForm(forms.Form):
    due_on = forms.DateField(label=_("New date"), widget=date_widget())


# Instrument periods ---------------------------------------------------------------------------


class AssessmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.assessed_on:%d-%m-%Y}: {obj.percentage}% ({obj.assessor_organisation})"


class InstrumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.name} ({obj.get_provider_display()})"
        if obj.max_duration_months:
            most = _("at most %(months)d months") % {"months": obj.max_duration_months}
            label = f"{label} – {most}"
        return label if obj.is_active else f"{label} – {_('no longer in use')}"


class InstrumentPeriodForm(forms.ModelForm):
    """An instrument for a placement: from the employer's region's catalogue, active ones (an
    instrument no longer in use stays choosable for a period that already has it)."""

    class Meta:
        model = InstrumentPeriod
        fields = [
            "instrument",
            "status",
            "start",
            "end",
            "decision_reference",
            "assessment",
            "note",
        ]
        field_classes = {"instrument": InstrumentChoiceField, "assessment": AssessmentChoiceField}
        widgets = {"start": date_widget(), "end": date_widget()}
        help_texts = {
            "end": _("The end of the decision (beschikking) or of the agreed period."),
            "decision_reference": _("The number or date of the decision, to find it back."),
            "assessment": _(
                "For a wage-cost subsidy or wage dispensation: the wage-value assessment the "
                "decision rests on."
            ),
        }

    def __init__(self, *args, placement, instance=None, assessments=None, **kwargs):
        instance = copy.copy(instance) if instance else InstrumentPeriod(placement=placement)
        super().__init__(*args, instance=instance, **kwargs)
        instruments = Instrument.objects.filter(
            region_id=placement.employer.region_id, is_active=True
        )
        if instance.instrument_id:
            instruments = Instrument.objects.filter(
                Q(pk__in=instruments.values("pk")) | Q(pk=instance.instrument_id)
            )
        self.fields["instrument"].queryset = instruments.order_by("name")
        self.fields["instrument"].empty_label = _("— choose an instrument —")
        field = self.fields["assessment"]
        field.queryset = placement.assessments.order_by("-assessed_on", "-pk")
        field.empty_label = _("— none —")
        if assessments is not None:  # already read (the placement page): no query to render
            field.choices = [("", field.empty_label)] + [
                (a.pk, field.label_from_instance(a)) for a in assessments
            ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period cannot end before it starts."))
        return cleaned

    def _post_clean(self):
        # Model validation runs in the service and is reported on this form from there.
        pass

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class NextStepForm(forms.Form):
    """What comes after an instrument period's end (R23)."""

    next_step = forms.ChoiceField(
        label=_("What comes next"),
        choices=InstrumentPeriod.NextStep.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("For example: extension applied for on 3 March; or which instrument follows."),
    )


class AssessmentForm(forms.ModelForm):
    """A wage-value assessment (loonwaardemeting) of a placement."""

    class Meta:
        model = WageValueAssessment
        fields = ["assessed_on", "percentage", "assessor_organisation", "next_due_on", "note"]
        widgets = {"assessed_on": date_widget(), "next_due_on": date_widget()}
        help_texts = {
            "next_due_on": _("The signal comes a few weeks before (region setting, default 8)."),
            "note": _("For staff only; never shown to the employer."),
        }

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, instance=WageValueAssessment(placement=placement), **kwargs)
        percentage = self.fields["percentage"]
        percentage.widget.attrs.update(min=0, max=100, inputmode="numeric")
        percentage.error_messages.update(min_value=PERCENTAGE_ERROR, max_value=PERCENTAGE_ERROR)

    def _post_clean(self):
        # Model validation runs in the service and is reported on this form from there.
        pass

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
