"""Forms of the employer pages. They only collect and check input: every write goes through
employers.services, whose ValidationErrors are put back on the form by `add_service_errors`."""

import copy
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, User
from wsp_crm.service_forms import add_service_errors  # noqa: F401 - used by the apps' views

from .models import (
    AccountAssignment,
    ContactPerson,
    Conversation,
    Employer,
    Location,
    normalise_postcode,
    postcode_validator,
)
from .services import EMPLOYER_FIELDS, LOCATION_FIELDS

DATE_INPUT = {"type": "date"}


def date_widget():
    return forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")


def staff_of_region(region):
    """Who can hold an employer or own an action in a region: its active account managers and
    team leads."""
    return User.objects.account_holders().filter(region=region).order_by("first_name", "last_name")


def staff_label(user, with_region=False):
    label = f"{user.full_name} ({user.get_role_display().lower()})"
    return f"{label}, {user.region}" if with_region else label


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return staff_label(obj)


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.job_title}" if obj.job_title else obj.name


class ContactMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.job_title})" if obj.job_title else obj.name


# Employers ------------------------------------------------------------------------------------


class EmployerForm(forms.ModelForm):
    """Edit an employer's facts. The instance is a copy, so a failed attempt never changes the
    object shown elsewhere on the page."""

    # Wider than the model fields: people paste numbers with spaces ("5566 7788").
    kvk_number = forms.CharField(
        label=capfirst(Employer._meta.get_field("kvk_number").verbose_name),
        max_length=20,
        required=False,
        help_text=_("8 digits, from the Chamber of Commerce register."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    branch_number = forms.CharField(
        label=capfirst(Employer._meta.get_field("branch_number").verbose_name),
        max_length=20,
        required=False,
        help_text=_("12 digits (vestigingsnummer), optional."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    website = forms.URLField(
        label=capfirst(Employer._meta.get_field("website").verbose_name),
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Employer
        fields = EMPLOYER_FIELDS
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "knowledge_work": forms.Textarea(attrs={"rows": 3}),
            "knowledge_culture": forms.Textarea(attrs={"rows": 3}),
            "knowledge_accessibility": forms.Textarea(attrs={"rows": 3}),
            "knowledge_guidance": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "employee_count": _(
                "Decides the size class (250 or more) and whether the job-agreement quota "
                "applies (25 or more)."
            ),
            "pso_level": _("Only for social enterprises."),
            "knowledge_work": _("Which work is there, which tasks could be carved out?"),
            "knowledge_culture": _("How do they work together, what matters to them?"),
            "knowledge_accessibility": _("Building, public transport, workplace adjustments."),
            "knowledge_guidance": _("Who can guide a new colleague, and how much time is there?"),
        }

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=copy.copy(instance) if instance else None, **kwargs)

    def clean_kvk_number(self):
        kvk = "".join(self.cleaned_data.get("kvk_number", "").split())
        if kvk and Employer.objects.filter(kvk_number=kvk).exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                _("An employer with this KvK number is already registered."), code="unique"
            )
        return kvk

    def clean_branch_number(self):
        return "".join(self.cleaned_data.get("branch_number", "").split())

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in EMPLOYER_FIELDS}


class EmployerCreateForm(EmployerForm):
    """A new employer, optionally with its main location and the author as fixed manager."""

    region = forms.ModelChoiceField(queryset=Region.objects.all(), label=_("Region"))
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    assign_me = forms.BooleanField(
        label=_("Make me the fixed account manager"), required=False, initial=True
    )

    LOCATION_PARTS = ("street", "postcode", "city")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.region_id and not user.is_wsp_admin:
            del self.fields["region"]
        else:
            self.fields["region"].initial = user.region_id
        if not user.region_id:
            del self.fields["assign_me"]
        # Region first, the location and assignment after the facts.
        order = ["region", "name", "kvk_number"]
        self.order_fields(order + [f for f in self.fields if f not in order])

    def clean_postcode(self):
        value = normalise_postcode(self.cleaned_data.get("postcode", ""))
        if value:
            postcode_validator(value)
        return value

    def clean(self):
        cleaned = super().clean()
        given = [part for part in self.LOCATION_PARTS if cleaned.get(part)]
        if given and len(given) < len(self.LOCATION_PARTS):
            for part in self.LOCATION_PARTS:
                if part not in given and part not in self.errors:
                    self.add_error(part, _("Fill in street, postcode and city, or none of them."))
        return cleaned

    def get_region(self):
        return self.cleaned_data["region"] if "region" in self.fields else self.user.region

    def location_fields(self):
        if not self.cleaned_data.get("street"):
            return None
        return {part: self.cleaned_data[part] for part in self.LOCATION_PARTS}


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = LOCATION_FIELDS
        help_texts = {
            "name": _("Optional, e.g. 'Distribution centre'."),
            "is_main": _("The main location is shown in the employer list."),
        }

    def clean_postcode(self):
        return normalise_postcode(self.cleaned_data.get("postcode", ""))

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in LOCATION_FIELDS}


# Contact persons ------------------------------------------------------------------------------


class ContactForm(forms.ModelForm):
    """A new contact person."""

    class Meta:
        model = ContactPerson
        fields = [
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
        ]
        widgets = {
            "level": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"type": "tel"}),
            "active_since": date_widget(),
        }
        help_texts = {"active_since": _("Empty means today.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = ContactPerson.Level.choices  # radios: no blank option

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ContactEditForm(forms.ModelForm):
    """Correct a contact's details. Level, job title and roles change through ContactRoleForm,
    so that the change is kept in the history."""

    class Meta:
        model = ContactPerson
        fields = ["name", "phone", "email", "active_since"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel"}), "active_since": date_widget()}

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, instance=copy.copy(instance), **kwargs)

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ContactRoleForm(forms.ModelForm):
    on = forms.DateField(label=_("As of"), widget=date_widget(), initial=timezone.localdate)

    class Meta:
        model = ContactPerson
        fields = ["level", "job_title", "is_director", "is_hr", "is_supervisor", "is_champion"]
        widgets = {"level": forms.RadioSelect}

    def __init__(self, *args, instance, **kwargs):
        # A copy: the service compares the contact before and after the change.
        super().__init__(*args, instance=copy.copy(instance), **kwargs)
        self.fields["level"].choices = ContactPerson.Level.choices

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ContactLeftForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=date_widget(), initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,
        help_text=_("E.g. other job, retired, moved to another location."),
    )
    successor = ContactChoiceField(
        label=_("Successor"),
        queryset=ContactPerson.objects.none(),
        required=False,
        empty_label=_("No successor (yet)"),
    )

    def __init__(self, *args, contact, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = (
            ContactPerson.objects.filter(employer_id=contact.employer_id)
            .current()
            .exclude(pk=contact.pk)
            .order_by("name")
        )


# Account managers -----------------------------------------------------------------------------


class BackupForm(forms.Form):
    manager = StaffChoiceField(
        label=_("Backup account manager"), queryset=User.objects.none(), empty_label=None
    )

    def __init__(self, *args, region, current_assignments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.current_assignments = list(current_assignments)
        busy = [assignment.manager_id for assignment in self.current_assignments]
        self.fields["manager"].queryset = staff_of_region(region).exclude(pk__in=busy)

    def clean_manager(self):
        manager = self.cleaned_data["manager"]
        for assignment in self.current_assignments:
            if assignment.manager_id == manager.pk:
                if assignment.kind == AccountAssignment.Kind.PRIMARY:
                    raise ValidationError(
                        _("%(name)s already is the fixed account manager.") % {"name": manager}
                    )
                raise ValidationError(_("%(name)s already is a backup.") % {"name": manager})
        return manager


# Conversations --------------------------------------------------------------------------------


class ConversationForm(forms.Form):
    """The quick 'log conversation' form on the employer page. Defaults: now, by phone."""

    MAX_AHEAD = timedelta(days=1)

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=Conversation.Channel.choices,
        initial=Conversation.Channel.PHONE,
    )
    occurred_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(
            attrs={"rows": 4, "data-ctrl-enter-submits": "true", "aria-keyshortcuts": "n"}
        ),
        help_text=_("Enter starts a new line; Ctrl+Enter saves."),
    )
    participants = ContactMultipleChoiceField(
        label=_("Participants"),
        queryset=ContactPerson.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Conversation.Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    service_style = forms.ChoiceField(
        label=_("Service style"),
        choices=[("", _("— not specified —")), *Conversation.Style.choices],
        required=False,
    )
    next_action = forms.CharField(label=_("Next action"), max_length=300, required=False)
    next_action_due = forms.DateField(label=_("Due date"), required=False, widget=date_widget())
    next_action_owner = StaffChoiceField(
        label=_("Owner of the next action"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Me"),
    )

    def __init__(self, *args, employer, region, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault(
            "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
        )
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = (
            ContactPerson.objects.filter(employer=employer).current().order_by("name")
        )
        self.fields["next_action_owner"].queryset = staff_of_region(region)

    def clean_summary(self):
        # Browsers send line breaks as CRLF; store them as plain newlines.
        return self.cleaned_data["summary"].replace("\r\n", "\n")

    def clean_occurred_at(self):
        occurred_at = self.cleaned_data["occurred_at"]
        if occurred_at > timezone.now() + self.MAX_AHEAD:
            raise ValidationError(_("A conversation cannot lie in the future."))
        return occurred_at

    def clean(self):
        cleaned = super().clean()
        action = (cleaned.get("next_action") or "").strip()
        if not action and (cleaned.get("next_action_due") or cleaned.get("next_action_owner")):
            self.add_error("next_action", _("Describe the next action."))
        return cleaned

    def service_fields(self):
        data = self.cleaned_data
        return {
            "channel": data["channel"],
            "occurred_at": data["occurred_at"],
            "summary": data["summary"],
            "participants": list(data["participants"]),
            "topics": data["topics"],
            "service_style": data["service_style"],
            "next_action": data["next_action"],
            "next_action_due": data["next_action_due"],
            "next_action_owner": data["next_action_owner"],
        }


class ConversationCorrectForm(ConversationForm):
    """Correct a logged conversation: the same fields without the next action (an action has
    its own page). Participants who left since stay choosable when they took part."""

    NEXT_ACTION_FIELDS = ("next_action", "next_action_due", "next_action_owner")

    def __init__(self, *args, conversation, **kwargs):
        kwargs["initial"] = {
            "channel": conversation.channel,
            "occurred_at": timezone.localtime(conversation.occurred_at).replace(second=0),
            "summary": conversation.summary,
            "participants": list(conversation.participants.all()),
            "topics": conversation.topics,
            "service_style": conversation.service_style,
        }
        super().__init__(*args, employer=conversation.employer, region=None, **kwargs)
        for name in self.NEXT_ACTION_FIELDS:
            del self.fields[name]
        current = ContactPerson.objects.filter(employer=conversation.employer).current()
        took_part = ContactPerson.objects.filter(pk__in=conversation.participants.values("pk"))
        self.fields["participants"].queryset = (current | took_part).order_by("name")

    def clean(self):
        return forms.Form.clean(self)

    def service_fields(self):
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("channel", "occurred_at", "summary", "topics", "service_style")
        } | {"participants": list(data["participants"])}
