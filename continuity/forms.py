"""Forms of the signal pages. They collect input; continuity.services validates and writes."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wsp_crm.service_forms import add_service_errors  # noqa: F401 - used by the views

from .models import RegionPolicy
from .services import NOTE_MAX_LENGTH, POLICY_FIELDS, POLICY_LIMITS, snooze_bounds


class SnoozeForm(forms.Form):
    until = forms.DateField(
        label=_("Snooze until"),
        help_text=_("At most 90 days ahead. On that day the signal is back in the inbox."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Choose the date the signal should come back."),
            "invalid": _("Enter a date such as 31-12-2025."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first, last = snooze_bounds()
        self.fields["until"].widget.attrs.update(
            min=first.isoformat(), max=last.isoformat(), required=True
        )


class ResolveForm(forms.Form):
    note = forms.CharField(
        label=_("What did you do?"),
        help_text=_("Colleagues and your team lead see this note with the signal."),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write down briefly what you did.")},
    )


class PolicyForm(forms.ModelForm):
    """A region's thresholds; the ranges are those continuity.services enforces."""

    class Meta:
        model = RegionPolicy
        fields = POLICY_FIELDS

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # the labels hold a colon of their own
        super().__init__(*args, **kwargs)
        for name, (low, high) in POLICY_LIMITS.items():
            field = self.fields[name]
            field.min_value, field.max_value = low, high
            field.widget.attrs.update(min=low, max=high, inputmode="numeric")
            field.help_text = _("From %(min)d to %(max)d; default %(default)d.") % {
                "min": low,
                "max": high,
                "default": RegionPolicy._meta.get_field(name).default,
            }
            field.error_messages["required"] = _("Enter a number.")

    def clean(self):
        cleaned = super().clean()
        for name, (low, high) in POLICY_LIMITS.items():
            value = cleaned.get(name)
            if value is not None and not low <= value <= high:
                self.add_error(
                    name,
                    ValidationError(
                        _("Choose a whole number from %(min)d to %(max)d.")
                        % {"min": low, "max": high}
                    ),
                )
        return cleaned

    def _post_clean(self):
        """Validation happens in the service (policy_update), not on the instance."""

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in POLICY_FIELDS}
