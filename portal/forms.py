"""Forms of the employer portal (formal Dutch, plain language) and of its staff-side panel."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.forms import add_service_errors, date_widget  # noqa: F401 (re-exported)
from employers.models import ContactPerson, Conversation


class PortalContactLeftForm(forms.Form):
    left_on = forms.DateField(
        label=_("Last working day with us"),
        widget=date_widget(),
        initial=timezone.localdate,
        help_text=_("The date this person left, or will leave, your organisation."),
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example: other job, retired."),
    )


class ContactProposalForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    level = forms.ChoiceField(
        label=_("Position in your organisation"),
        choices=[("", "---------"), *ContactPerson.Level.choices],
    )
    is_hr = forms.BooleanField(label=_("Handles HR matters"), required=False)
    is_supervisor = forms.BooleanField(label=_("Supervises employees on the job"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    note = forms.CharField(
        label=_("Note for your contact person (optional)"),
        max_length=300,
        required=False,
        help_text=_("For example: replaces someone who left."),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("email")):
            raise forms.ValidationError(_("Give a phone number or an e-mail address."))
        return data


class QuestionForm(forms.Form):
    TOPIC_CHOICES = [
        ("", _("Something else")),
        (Conversation.Topic.STAFFING, _("I am looking for staff")),
        (Conversation.Topic.INSTRUMENTS, _("Support and schemes")),
        (Conversation.Topic.GUIDANCE, _("Guidance of an employee")),
    ]

    topic = forms.ChoiceField(label=_("What is it about?"), choices=TOPIC_CHOICES, required=False)
    question = forms.CharField(
        label=_("Your question"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("If you are looking for staff: which work, how many hours, from when."),
    )


class InviteForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=120)
    email = forms.EmailField(label=_("E-mail address"))


class ProposalResponseForm(forms.Form):
    """The employer's answer to a proposed candidate."""

    kind = forms.ChoiceField(
        label=_("Your response"),
        choices=[
            ("invite", _("Invite for an introduction")),
            ("question", _("Ask a question")),
            ("decline", _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Message"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Your question, a reason for declining, or when an introduction suits you. Needed "
            "for a question and for declining."
        ),
    )
