"""The employer page, and the base of the actions whose form lives on it.

The page shows the employer's own records (facts, conversations, open actions, account managers,
contact persons, locations) and the panels other apps add to it (employers/panels.py)."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views import View

from accounts.permissions import StaffRequiredMixin
from wsp_crm.service_forms import ServiceFormMixin

from .. import handover, services
from ..forms import BackupForm, ConversationForm
from ..handover_forms import AssignManagerForm
from ..models import AccountAssignment, Action, ActionEvent, ContactPerson, Employer
from ..panels import employer_page
from ..recent import remember_employer

TIMELINE_SIZE = 25
VERIFY_AFTER = timedelta(days=365)


def visible_employers(user):
    return Employer.objects.visible_to(user).select_related("region")


def assignment_region(user, employer):
    """The region whose fixed account manager this user looks at: their own region for a
    national employer of another region, otherwise the employer's region."""
    if user.region_id and not user.is_wsp_admin and user.region_id != employer.region_id:
        return user.region
    return employer.region


def assign_manager_form(
    request, employer, *, region, current, data=None, contacts=None, open_actions=None
):
    """The form to choose another fixed account manager: with the current one's open work on the
    employer (each item can be kept with them) and the handover note prefilled
    (employers/handover.py). `contacts` and `open_actions`: the employer's contact persons and
    open actions, when read already."""
    if current is None:
        work = []
    elif open_actions is not None:
        work = [action for action in open_actions if action.owner_id == current.manager_id]
    else:
        work = handover.open_work([employer.pk], owner=current.manager)
    initial = None
    if current is not None and data is None:
        initial = handover.prefill(
            request, [employer], manager=current.manager, work=work, contacts=contacts
        )[employer.pk]
    return AssignManagerForm(
        data, region=region, current=current, open_work=work, initial=initial, prefix="assign"
    )


def employer_page_context(request, employer, **forms):
    """Everything the employer page shows. The number of queries does not depend on the number
    of contacts, conversations or assignments."""
    user = request.user
    today = timezone.localdate()
    region = assignment_region(user, employer)
    # The panels first: the handover note's prefill reads what the placements panel read.
    panels = employer_page.for_page(request, employer)

    locations = list(employer.locations.all())
    assignments = list(
        employer.assignments.select_related("manager", "assigned_by", "region").order_by(
            "-started_on", "-pk"
        )
    )
    current_here = [a for a in assignments if a.ended_on is None and a.region_id == region.pk]
    primary = next((a for a in current_here if a.kind == AccountAssignment.Kind.PRIMARY), None)
    backups = [a for a in current_here if a.kind == AccountAssignment.Kind.BACKUP]
    previous = [
        a
        for a in assignments
        if a.ended_on is not None and a.kind == AccountAssignment.Kind.PRIMARY
    ]
    elsewhere = [
        a
        for a in assignments
        if a.ended_on is None and a.region_id != region.pk and a.kind == "primary"
    ]

    contacts = list(employer.contacts.select_related("successor").order_by("name", "pk"))
    for contact in contacts:
        checked = contact.last_verified_on or timezone.localdate(contact.created_at)
        contact.needs_verification = not contact.has_left and checked < today - VERIFY_AFTER
        contact.leaving_soon = contact.left_on is not None and not contact.has_left
    contact_groups = []
    for level, label in ContactPerson.Level.choices:
        members = [c for c in contacts if c.level == level]
        members.sort(key=lambda c: (c.has_left, c.name.lower()))
        contact_groups.append(
            {
                "level": level,
                "label": label,
                "contacts": members,
                "current_count": sum(1 for c in members if not c.has_left),
            }
        )

    show_all = request.GET.get("conversations") == "all"
    conversations = employer.conversations.select_related("author").prefetch_related(
        "participants", Prefetch("actions", Action.objects.select_related("owner", "closed_by"))
    )
    conversation_total = employer.conversations.count()
    timeline = list(conversations if show_all else conversations[:TIMELINE_SIZE])
    for item in timeline:
        item.is_overdue = bool(item.action and item.action.is_overdue(today))
    open_actions = list(
        employer.actions.open()
        .select_related("owner", "conversation")
        .order_by(F("due_on").asc(nulls_last=True), "created_at", "pk")
    )
    for action in open_actions:
        action.overdue = action.is_overdue(today)

    log_form = forms.get("log_form") or ConversationForm(
        employer=employer, region=region, prefix="log"
    )
    assign_form = forms.get("assign_form") or assign_manager_form(
        request,
        employer,
        region=region,
        current=primary,
        contacts=contacts,
        open_actions=open_actions,
    )
    backup_form = forms.get("backup_form") or BackupForm(
        region=region, current_assignments=current_here, prefix="backup"
    )
    return {
        "panels": panels,  # what other apps add: panels.py
        "employer": employer,
        "assign_region": region,
        "locations": locations,
        "main_location": locations[0] if locations else None,
        "primary": primary,
        "backups": backups,
        "previous_assignments": previous,
        "elsewhere_assignments": elsewhere,
        "contact_groups": contact_groups,
        "current_contact_count": sum(1 for c in contacts if not c.has_left),
        "timeline": timeline_entries(employer, timeline, show_all, assignments),
        "conversation_total": conversation_total,
        "timeline_truncated": not show_all and conversation_total > len(timeline),
        "open_actions": open_actions,
        "log_form": log_form,
        "assign_form": assign_form,
        "backup_form": backup_form,
        "open_panel": forms.get("open_panel", ""),
        "today": today,
        "just_logged": just_logged(request),
        # One's own conversations logged since then can be corrected (services.may_correct).
        "correct_since": timezone.now() - timedelta(days=services.CORRECTION_DAYS),
    }


def just_logged(request):
    """(conversation id, confirmation) of a conversation saved by the previous request, whose
    confirmation the page shows in that conversation (where it scrolls to)."""
    for message in messages.get_messages(request):
        tag = next((t for t in message.extra_tags.split() if t.startswith("logged-")), "")
        if tag[len("logged-") :].isdigit():
            return {"id": int(tag[len("logged-") :]), "text": str(message)}
    return None


def timeline_entries(employer, conversations, show_all, assignments=()):
    """The conversations shown, newest first, with what happened to the employer's actions in
    the same period (added on their own, reassigned, postponed, moved with a handover, done,
    cancelled, answered) and the handovers of its fixed account manager (from `assignments`,
    read already). An action logged with a conversation shows in it; its "created" step is not
    repeated."""
    events = (
        ActionEvent.objects.filter(action__employer=employer)
        .exclude(kind=ActionEvent.Kind.CREATED, action__conversation__isnull=False)
        .select_related("action", "by", "from_owner", "to_owner")
        .order_by("-at", "-pk")
    )
    truncated = conversations and not show_all and len(conversations) == TIMELINE_SIZE
    since = conversations[-1].occurred_at if truncated else None
    if since:
        events = events.filter(at__gte=since)
    entries = [{"at": c.occurred_at, "conversation": c} for c in conversations]
    entries += [{"at": e.at, "event": e} for e in events[: TIMELINE_SIZE * 4]]
    entries += [
        entry for entry in handover_entries(assignments) if since is None or entry["at"] >= since
    ]
    entries.sort(key=lambda entry: entry["at"], reverse=True)
    return entries


def handover_entries(assignments):
    """A timeline entry per fixed account manager who took over, with their predecessor in the
    same region and the handover note, at the start of the day the handover took effect."""
    primaries = sorted(
        (a for a in assignments if a.kind == AccountAssignment.Kind.PRIMARY),
        key=lambda a: (a.region_id, a.started_on, a.pk),
    )
    entries, previous = [], {}
    for assignment in primaries:
        entries.append(
            {
                "at": timezone.make_aware(datetime.combine(assignment.started_on, time.min)),
                "handover": assignment,
                "predecessor": previous.get(assignment.region_id),
            }
        )
        previous[assignment.region_id] = assignment
    return entries


class EmployerDetailView(StaffRequiredMixin, View):
    template_name = "employers/employer_detail.html"

    def get(self, request, pk):
        employer = get_object_or_404(visible_employers(request.user), pk=pk)
        remember_employer(request.user, employer.pk)
        return render(request, self.template_name, employer_page_context(request, employer))


class EmployerActionView(ServiceFormMixin, StaffRequiredMixin, View):
    """Base for an action on one employer: fetch the employer (404 when not visible), validate
    a form, call the service, report and go back to the employer page.

    Subclasses set form_class and either template_name (an own page, which GET shows too) or
    `on_employer_page` (the form lives on the employer page, which is shown again on errors).
    """

    form_class = None
    template_name = None
    on_employer_page = None  # the context name of the form on the employer page
    prefix = None
    anchor = ""
    success_message = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.employer = None

    def get_employer(self):
        return get_object_or_404(visible_employers(self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {"prefix": self.prefix} if self.prefix else {}

    def get_form(self, data=None):
        return self.form_class(data, **self.get_form_kwargs())

    def get_context_data(self, **kwargs):
        return {"employer": self.employer, **kwargs}

    def get(self, request, *args, **kwargs):
        self.employer = self.get_employer()
        return render(request, self.template_name, self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        self.employer = self.get_employer()
        return self.submit(request)

    def form_invalid(self, form):
        if self.on_employer_page:
            context = employer_page_context(
                self.request,
                self.employer,
                **{self.on_employer_page: form, "open_panel": self.on_employer_page},
            )
            return render(self.request, EmployerDetailView.template_name, context)
        return render(self.request, self.template_name, self.get_context_data(form=form))

    def perform(self, form):
        raise NotImplementedError

    def get_success_message(self, form, result):
        return self.success_message

    def get_success_url(self, result):
        return self.employer.get_absolute_url() + (f"#{self.anchor}" if self.anchor else "")
