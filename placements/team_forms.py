"""Forms of the placement team: add a member (a contact person of the employer in an employer
role, or a job coach: a staff member or an external coach), end a member's period. Forms only
collect and check input; placements.team_services writes (and reports model errors back)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.forms import ContactChoiceField, StaffChoiceField, date_widget
from employers.models import ContactPerson

from .forms import MAX_COACH_HOURS, responsible_choices
from .models import TeamMember


class TeamMemberForm(forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = [
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
            "note",
        ]
        field_classes = {"contact": ContactChoiceField, "staff": StaffChoiceField}
        widgets = {
            "start": date_widget(),
            "end": date_widget(),
            "hours_per_week": forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "40"}),
        }
        help_texts = {
            "contact": _("For the supervisor, buddy or HR: a current contact person here."),
            "staff": _("A job coach of the WSP itself."),
            "name": _("Or an external job coach: their name, organisation and contact details."),
            "end": _("Leave empty when the end is not known (job coaching: the agreed end)."),
            "note": _("Internal: never shown to the employer."),
        }

    def __init__(self, *args, placement, user, **kwargs):
        start = max(timezone.localdate(), placement.start_date)
        instance = TeamMember(placement=placement, start=start)
        super().__init__(*args, instance=instance, **kwargs)
        employer = placement.employer
        contacts = ContactPerson.objects.filter(employer=employer).current()
        self.fields["contact"].queryset = contacts.order_by("-is_supervisor", "name")
        self.fields["contact"].empty_label = _("— choose a contact person —")
        self.fields["staff"].queryset = responsible_choices(employer, user)
        self.fields["staff"].empty_label = _("— not a WSP staff member —")
        self.fields["hours_per_week"].validators += [
            MinValueValidator(Decimal("0")),
            MaxValueValidator(MAX_COACH_HOURS),
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period cannot end before it starts."))
        return cleaned

    def _post_clean(self):
        # The service runs the model validation and reports it on this form.
        pass

    def service_fields(self):
        data = dict(self.cleaned_data)
        role = data.pop("role")
        if role in TeamMember.EMPLOYER_ROLES:
            keep = ("contact", "start", "end", "note")
        else:
            keep = ("staff", "name", "organisation", "phone", "email", "hours_per_week")
            keep += ("start", "end", "note")
        return {"role": role, **{name: data[name] for name in keep}}


class TeamMemberEndForm(forms.Form):
    end = forms.DateField(
        label=_("Last day in this role"),
        widget=date_widget(),
        help_text=_("The period ends on this day; the history is kept."),
    )

    def __init__(self, *args, member, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("end", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_end(self):
        end = self.cleaned_data["end"]
        if end < self.member.start:
            raise ValidationError(_("The period cannot end before it starts."))
        return end
