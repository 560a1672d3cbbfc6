from django import forms

from ..models import NotificationPreference


class NotificationPreferenceForm(forms.Form):
    """One choice per kind: e-mail at once, in the daily digest, or no e-mail."""

    def __init__(self, *args, preference, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationPreference.KINDS:
            model_field = NotificationPreference._meta.get_field(kind)
            self.fields[kind] = forms.ChoiceField(
                label=model_field.verbose_name.capitalize(),
                choices=NotificationPreference.Delivery.choices,
                initial=getattr(preference, kind),
            )
