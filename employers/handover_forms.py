"""The forms of a handover: choosing another fixed account manager (with the open work to keep
and the structured handover note) and handing over a whole caseload."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .forms import StaffChoiceField, date_widget, staff_label, staff_of_region
from .handover import PART_LABELS, compose_note
from .services.caseload import Handover


def note_field(part, rows, help_text):
    return forms.CharField(
        label=PART_LABELS[part],
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class HandoverNoteForm(forms.Form):
    """The four parts of a handover note (employers/handover.py), prefilled through `initial`
    and stored as one text by `handover_note()`."""

    commitments = note_field(
        "commitments", 3, _("Open actions and questions of the previous manager, with due dates.")
    )
    contacts = note_field(
        "contacts", 3, _("Director, HR, champion and supervisor, with their role.")
    )
    placements = note_field(
        "placements",
        3,
        _("Next follow-up, a contract that ends within 3 months, a supervisor who left."),
    )
    next_step = note_field("next_step", 2, _("What should the new account manager do first?"))

    def clean(self):
        cleaned = super().clean()
        for part in ("commitments", "contacts", "placements", "next_step"):
            if part in cleaned:
                cleaned[part] = cleaned[part].replace("\r\n", "\n").strip()
        return cleaned

    def handover_note(self, **extra):
        return compose_note({**self.cleaned_data, **extra})


class AssignManagerForm(HandoverNoteForm):
    """Make someone the fixed account manager. When somebody holds the employer, the form shows
    their open work on it (`open_work`: each can be kept with them; the rest moves) and the
    structured handover note, which the service requires then; it also checks the region."""

    manager = StaffChoiceField(
        label=_("New fixed account manager"), queryset=User.objects.none(), empty_label=None
    )
    keep_actions = forms.TypedMultipleChoiceField(
        label=_("Keep with the previous manager"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "Only open work of the current account manager on this employer can be kept."
            )
        },
    )
    started_on = forms.DateField(
        label=_("Starts on"), widget=date_widget(), initial=timezone.localdate
    )

    field_order = ["manager", "keep_actions", *HandoverNoteForm.base_fields, "started_on"]

    def __init__(self, *args, region, current=None, open_work=(), **kwargs):
        super().__init__(*args, **kwargs)
        managers = staff_of_region(region)
        if current is not None:
            managers = managers.exclude(pk=current.manager_id)
        self.fields["manager"].queryset = managers
        self.current = current
        self.open_work = list(open_work)
        if current is None:
            self.fields["manager"].label = _("Fixed account manager")
            for name in ("keep_actions", *HandoverNoteForm.base_fields):
                del self.fields[name]
            return
        keep = _("Keep with %(name)s") % {"name": current.manager.full_name}
        self.fields["keep_actions"].choices = [(action.pk, keep) for action in self.open_work]

    def open_work_rows(self):
        """(action, its "keep" checkbox) per item of the open work."""
        if "keep_actions" not in self.fields:
            return []
        return list(zip(self.open_work, self["keep_actions"], strict=True))


class CaseloadForm(forms.Form):
    """A caseload handover's choices for all employers at once (CaseloadHandover)."""

    successor = forms.ChoiceField(label=_("Successor for all employers"), required=False)
    general = forms.CharField(
        label=_("Note for all employers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Goes into the handover note of every employer, under “General” (e.g. why and until "
            "when)."
        ),
    )
    started_on = forms.DateField(
        label=_("Successors start on"), widget=date_widget(), initial=timezone.localdate
    )

    def __init__(self, *args, staff_choices, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = staff
        self.fields["successor"].choices = [("", _("— choose per employer —")), *staff_choices]

    def clean_successor(self):
        return self.staff.get(self.cleaned_data["successor"])


class CaseloadRowForm(HandoverNoteForm):
    """One employer of a caseload handover: its successor and its handover note."""

    NOT_NOW = "not_now"

    successor = forms.ChoiceField(label=_("Successor"), required=False)

    def __init__(self, *args, assignment, manager, staff_choices, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        self.staff = staff
        self.fields["successor"].choices = [
            ("", _("as chosen for all")),
            (self.NOT_NOW, _("not now (stays with %(name)s)") % {"name": manager.full_name}),
            *staff_choices,
        ]

    def clean_successor(self):
        value = self.cleaned_data["successor"]
        return value if value == self.NOT_NOW else self.staff.get(value)


class CaseloadHandover:
    """The caseload handover page's forms: one CaseloadForm and a CaseloadRowForm per employer
    (prefixed by the assignment's id). A row the page did not show (an employer that came in
    after it was opened) is left alone."""

    def __init__(self, data=None, *, manager, assignments, staff, prefill=None):
        self.manager = manager
        self.data = data
        several_regions = len({user.region_id for user in staff}) > 1
        choices = [(str(user.pk), staff_label(user, several_regions)) for user in staff]
        by_pk = {str(user.pk): user for user in staff}
        self.main = CaseloadForm(data, staff_choices=choices, staff=by_pk, prefix="all")
        self.rows = [
            CaseloadRowForm(
                data,
                assignment=assignment,
                manager=manager,
                staff_choices=choices,
                staff=by_pk,
                prefix=f"a{assignment.pk}",
                initial=(prefill or {}).get(assignment.employer_id),
            )
            for assignment in assignments
        ]

    def shown(self, row):
        return self.data is None or f"{row.prefix}-shown" in self.data

    def is_valid(self):
        valid = self.main.is_valid()
        for row in self.rows:
            if self.shown(row) and not (row.is_valid() and self._check_row(row)):
                valid = False
        return valid

    def _check_row(self, row):
        successor = row.cleaned_data["successor"]
        if successor == row.NOT_NOW:
            return True
        successor = successor or self.main.cleaned_data.get("successor")
        if successor is None:
            row.add_error("successor", _("Choose a successor here or one for all employers."))
            return False
        if not self.note(row):
            row.add_error("next_step", _("Write a handover note: at least the next step."))
            return False
        return True

    def note(self, row):
        return row.handover_note(general=self.main.cleaned_data.get("general", ""))

    def handovers(self):
        """The employers to hand over now, for employers.services.caseload (after is_valid)."""
        chosen = []
        for row in self.rows:
            if not self.shown(row) or row.cleaned_data["successor"] == row.NOT_NOW:
                continue
            successor = row.cleaned_data["successor"] or self.main.cleaned_data["successor"]
            chosen.append(Handover(row.assignment, successor, self.note(row)))
        return chosen

    def staying(self):
        """The assignments left with the manager (not now, or not shown)."""
        return [
            row.assignment
            for row in self.rows
            if not self.shown(row) or row.cleaned_data.get("successor") == row.NOT_NOW
        ]
