"""The forms of the action pages: add an action, and the changes to one (edit, reassign,
postpone, complete, cancel, answer). Each change form's `service_fields()` are the keyword
arguments of its service in employers.services.actions."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .forms import StaffChoiceField, date_widget, staff_of_region
from .models import Action
from .services import actions as action_services


def _not_past(day):
    if day is not None and day < timezone.localdate():
        raise ValidationError(_("The due date cannot be in the past."))
    return day


class PlacementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.job_title} ({obj.start_date:%d-%m-%Y})"


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=date_widget())
    owner = StaffChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False, empty_label=_("Me")
    )
    placement = PlacementChoiceField(
        label=_("Placement"),
        queryset=Action._meta.get_field("placement").related_model.objects.none(),
        required=False,
        empty_label=_("— not about one placement —"),
    )
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for WSP staff; never shown to employers."),
    )

    def __init__(self, *args, employer, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_of_region(region)
        placements = Action._meta.get_field("placement").related_model.objects
        self.fields["placement"].queryset = placements.filter(employer=employer).order_by(
            "-start_date", "pk"
        )

    def clean_due_on(self):
        return _not_past(self.cleaned_data["due_on"])

    def service_fields(self):
        return dict(self.cleaned_data)


class ActionEditForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for WSP staff; never shown to employers."),
    )

    def service_fields(self):
        return dict(self.cleaned_data)


REASON = _("Reason")


class ReasonField(forms.CharField):
    def __init__(self, required=True, label=REASON, **kwargs):
        super().__init__(label=label, max_length=300, required=required, **kwargs)


class ReassignForm(forms.Form):
    owner = StaffChoiceField(label=_("New owner"), queryset=User.objects.none())
    reason = ReasonField(required=False)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_of_region(region)

    def service_fields(self):
        return dict(self.cleaned_data)


class PostponeForm(forms.Form):
    due_on = forms.DateField(label=_("New due date"), widget=date_widget())
    reason = ReasonField()

    def clean_due_on(self):
        return _not_past(self.cleaned_data["due_on"])

    def service_fields(self):
        return dict(self.cleaned_data)


class CompleteForm(forms.Form):
    reason = ReasonField(required=False, label=_("Outcome (optional)"))

    def service_fields(self):
        return dict(self.cleaned_data)


class CancelForm(forms.Form):
    reason = ReasonField(help_text=_("Why it will not be done."))

    def service_fields(self):
        return dict(self.cleaned_data)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent by e-mail to the person who asked and shown in the employer's portal."),
    )

    def service_fields(self):
        return dict(self.cleaned_data)


# op -> (form class, service, success message); the order is the order on the page.
CHANGES = {
    "answer": (AnswerForm, action_services.question_answer, _("The answer has been sent.")),
    "complete": (CompleteForm, action_services.action_complete, _("Done: %(title)s")),
    "postpone": (PostponeForm, action_services.action_postpone, _("Postponed: %(title)s")),
    "reassign": (ReassignForm, action_services.action_reassign, _("Reassigned: %(title)s")),
    "edit": (ActionEditForm, action_services.action_update, _("Saved: %(title)s")),
    "cancel": (CancelForm, action_services.action_cancel, _("Cancelled: %(title)s")),
}
