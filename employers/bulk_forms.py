"""The forms of the employer list's saved views and bulk actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .forms import StaffChoiceField, staff_of_region
from .models import Employer

MAX_SELECTION = 200


class SavedViewForm(forms.Form):
    name = forms.CharField(label=_("Name of the view"), max_length=80)
    shared = forms.BooleanField(label=_("Share with my team"), required=False)


class BulkForm(forms.Form):
    ASSIGN, STAGE, EXPORT = "assign", "stage", "export"
    op = forms.ChoiceField(
        label=_("With the selected employers"),
        choices=[
            (ASSIGN, _("Make fixed account manager")),
            (STAGE, _("Change the stage")),
            (EXPORT, _("Export (CSV)")),
        ],
    )
    employer = forms.ModelMultipleChoiceField(
        queryset=Employer.objects.none(),
        error_messages={
            "required": _("Select at least one employer."),
            "invalid_choice": _("One of the selected employers cannot be found."),
            "invalid_pk_value": _("One of the selected employers cannot be found."),
        },
    )
    manager = StaffChoiceField(
        label=_("Fixed account manager"), queryset=User.objects.none(), required=False
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", "—"), *Employer.Stage.choices], required=False
    )
    handover_note = forms.CharField(
        label=_("Handover note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed for the employers somebody held before; it goes with each of them."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["employer"].queryset = Employer.objects.visible_to(user)
        managers = (
            User.objects.account_holders().order_by("first_name", "last_name")
            if user.is_wsp_admin
            else staff_of_region(user.region)
        )
        self.fields["manager"].queryset = managers
        if not may_assign(user):
            self.fields["op"].choices = [
                choice for choice in self.fields["op"].choices if choice[0] != self.ASSIGN
            ]

    def clean_employer(self):
        employers = self.cleaned_data["employer"]
        if len(employers) > MAX_SELECTION:
            raise forms.ValidationError(
                _("Select at most %(count)d employers at once.") % {"count": MAX_SELECTION}
            )
        return employers

    def clean(self):
        cleaned = super().clean()
        op = cleaned.get("op")
        if op == self.ASSIGN and not cleaned.get("manager"):
            self.add_error("manager", _("Choose the account manager."))
        if op == self.STAGE and not cleaned.get("stage"):
            self.add_error("stage", _("Choose the stage."))
        return cleaned


def may_assign(user):
    """Changing many employers' fixed manager at once is a team lead's (or WSP admin's) call."""
    return user.is_team_lead or user.is_wsp_admin
