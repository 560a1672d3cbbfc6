from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent
from .registry import type_choices


class DateRangeMixin:
    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date lies before the start date."))
        return data


def _date_field(label):
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AuditEventFilterForm(DateRangeMixin, forms.Form):
    actor = forms.CharField(label=_("Who"), required=False, max_length=200)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *AuditEvent.Action.choices],
    )
    object_id = forms.IntegerField(label=_("Object number"), required=False, min_value=1)
    date_from = _date_field(_("From"))
    date_to = _date_field(_("Up to and including"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("All types")), *type_choices()]


class AccessFilterForm(DateRangeMixin, forms.Form):
    user = forms.CharField(label=_("Who"), required=False, max_length=200)
    candidate = forms.IntegerField(label=_("Candidate number"), required=False, min_value=1)
    allowed = forms.ChoiceField(
        label=_("Result"),
        required=False,
        choices=[("", _("All")), ("yes", _("Allowed")), ("no", _("Denied"))],
    )
    date_from = _date_field(_("From"))
    date_to = _date_field(_("Up to and including"))
