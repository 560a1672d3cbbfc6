"""Employer pages: the list, the employer page and the workflow actions on it.

Every page starts from `Employer.objects.visible_to(user)` (another region's employer is a 404)
and every write calls employers.services. An action is a POST to its own URL; on success it adds
a message and redirects back to the employer page, on a ValidationError it shows the form again
with the errors and everything the user typed.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, OuterRef, Prefetch, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.permissions import StaffRequiredMixin
from candidates.views import employer_panels
from continuity.dashboard.card import employer_continuity_card
from continuity.selectors import panel_signals
from placements.views import employer_placements_panel
from portal.views import employer_portal_panel
from wsp_crm.paging import capped_page
from wsp_crm.service_forms import ServiceFormMixin

from . import services
from .filters import EmployerFilter
from .forms import (
    AssignManagerForm,
    BackupForm,
    ContactEditForm,
    ContactForm,
    ContactLeftForm,
    ContactRoleForm,
    ConversationForm,
    EmployerCreateForm,
    EmployerForm,
    LocationForm,
    add_service_errors,
)
from .models import (
    AccountAssignment,
    ContactPerson,
    Conversation,
    Employer,
    Location,
)

PAGE_SIZE = 50
TIMELINE_SIZE = 25
VERIFY_AFTER = timedelta(days=365)
STAGE_ORDER = [stage.value for stage in Employer.Stage]


def visible_employers(user):
    return Employer.objects.visible_to(user).select_related("region")


def assignment_region(user, employer):
    """The region whose fixed account manager this user looks at: their own region for a
    national employer of another region, otherwise the employer's region."""
    if user.region_id and not user.is_wsp_admin and user.region_id != employer.region_id:
        return user.region
    return employer.region


# The list -------------------------------------------------------------------------------------


def _open_actions_count(**extra):
    actions = (
        Conversation.objects.filter(employer=OuterRef("pk"), **extra)
        .open_actions()
        .order_by()
        .values("employer")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(actions, output_field=IntegerField()), Value(0))


def annotate_for_list(queryset, user):
    """Everything a row of the list shows, in a fixed number of queries for any number of rows."""
    today = timezone.localdate()
    main_city = (
        Location.objects.filter(employer=OuterRef("pk"))
        .order_by("-is_main", "city", "pk")
        .values("city")[:1]
    )
    last_conversation = (
        Conversation.objects.filter(employer=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    primaries = AccountAssignment.objects.current().filter(kind="primary").select_related("manager")
    return queryset.annotate(
        main_city=Subquery(main_city),
        last_conversation_at=Subquery(last_conversation),
        open_actions=_open_actions_count(),
        overdue_actions=_open_actions_count(next_action_due__lt=today),
        stage_rank=Case(
            *[When(stage=stage, then=Value(rank)) for rank, stage in enumerate(STAGE_ORDER)],
            default=Value(len(STAGE_ORDER)),
            output_field=IntegerField(),
        ),
    ).prefetch_related(Prefetch("assignments", queryset=primaries, to_attr="current_primaries"))


SORTS = {
    "name": ["name", "pk"],
    "-name": ["-name", "-pk"],
    "stage": ["stage_rank", "name", "pk"],
    "-stage": ["-stage_rank", "name", "pk"],
    "last_conversation": [F("last_conversation_at").asc(nulls_first=True), "name", "pk"],
    "-last_conversation": [F("last_conversation_at").desc(nulls_last=True), "name", "pk"],
}


def fixed_manager_for(employer, user):
    """The current fixed account manager shown in the list: of the user's region for a
    national employer, otherwise of the employer's own region."""
    primaries = getattr(employer, "current_primaries", [])
    for region_id in (user.region_id, employer.region_id):
        for assignment in primaries:
            if assignment.region_id == region_id:
                return assignment
    return primaries[0] if primaries else None


class EmployerListView(StaffRequiredMixin, TemplateView):
    """Search, filter, sort and page through the employers the user may see. Account managers
    land on their own employers (`manager` absent = me); `?manager=` shows all of the region."""

    template_name = "employers/employer_list.html"

    def get_context_data(self, **kwargs):
        request, user = self.request, self.request.user
        data = request.GET.copy()
        if "manager" not in data and user.is_account_manager:
            data["manager"] = str(user.pk)
        filterset = EmployerFilter(
            data, queryset=Employer.objects.visible_to(user), request=request
        )
        form = filterset.form
        for name, label in [
            ("stage", _("All stages")),
            ("inclusion", _("All")),
            ("style", _("All styles")),
        ]:
            field = form.fields[name]
            field.widget.choices = [("", label)] + [
                (value, text) for value, text in field.choices if value != ""
            ]
        form.fields["manager"].empty_label = _("Everybody")
        form.fields["q"].widget.input_type = "search"

        sort = request.GET.get("sort", "name")
        if sort not in SORTS:
            sort = "name"
        employers = annotate_for_list(filterset.qs, user).order_by(*SORTS[sort])
        page = capped_page(employers, PAGE_SIZE, request.GET.get("page"))
        for employer in page.object_list:
            employer.fixed_assignment = fixed_manager_for(employer, user)

        export_query = data.copy()
        export_query.pop("page", None)
        manager_value = data.get("manager", "")
        filters_active = any(
            data.get(name) for name in ("q", "stage", "inclusion", "style", "no_manager")
        )
        return super().get_context_data(
            filterset=filterset,
            form=form,
            page=page,
            employers=page.object_list,
            sort=sort,
            sort_columns=self.sort_columns(sort),
            showing_mine=manager_value == str(user.pk),
            manager_chosen=bool(manager_value),
            filters_active=filters_active,
            no_manager_checked=form.is_valid() and form.cleaned_data.get("no_manager") is True,
            export_query=export_query.urlencode(),
            can_choose_scope=bool(user.region_id),
            **kwargs,
        )

    @staticmethod
    def sort_columns(sort):
        """Per sortable column: the sort value of its link and its aria-sort state."""
        columns = {}
        for key in ("name", "stage", "last_conversation"):
            if sort == key:
                columns[key] = {"next": f"-{key}", "state": "ascending"}
            elif sort == f"-{key}":
                columns[key] = {"next": key, "state": "descending"}
            else:
                first = f"-{key}" if key == "last_conversation" else key
                columns[key] = {"next": first, "state": ""}
        return columns


# The employer page ----------------------------------------------------------------------------


def employer_page_context(request, employer, **forms):
    """Everything the employer page shows. The number of queries does not depend on the number
    of contacts, conversations or assignments."""
    user = request.user
    today = timezone.localdate()
    region = assignment_region(user, employer)

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
    conversations = employer.conversations.select_related(
        "author", "next_action_owner", "next_action_done_by"
    ).prefetch_related("participants")
    conversation_total = employer.conversations.count()
    timeline = list(conversations if show_all else conversations[:TIMELINE_SIZE])
    open_actions = list(
        employer.conversations.open_actions()
        .select_related("next_action_owner", "author")
        .order_by(F("next_action_due").asc(nulls_last=True), "occurred_at")
    )
    for item in timeline + open_actions:
        item.is_overdue = bool(
            item.has_open_action and item.next_action_due and item.next_action_due < today
        )

    log_form = forms.get("log_form") or ConversationForm(
        employer=employer, region=region, prefix="log"
    )
    assign_form = forms.get("assign_form") or AssignManagerForm(
        region=region, current=primary, prefix="assign"
    )
    backup_form = forms.get("backup_form") or BackupForm(
        region=region, current_assignments=current_here, prefix="backup"
    )
    return {
        **employer_panels(request, employer),
        **employer_portal_panel(request, employer),
        "card": employer_continuity_card(employer),
        "placements_panel": employer_placements_panel(request, employer),
        "signals": panel_signals(user, employer=employer),
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
        "timeline": timeline,
        "conversation_total": conversation_total,
        "timeline_truncated": not show_all and conversation_total > len(timeline),
        "open_actions": open_actions,
        "log_form": log_form,
        "assign_form": assign_form,
        "backup_form": backup_form,
        "open_panel": forms.get("open_panel", ""),
        "today": today,
    }


class EmployerDetailView(StaffRequiredMixin, View):
    template_name = "employers/employer_detail.html"

    def get(self, request, pk):
        employer = get_object_or_404(visible_employers(request.user), pk=pk)
        return render(request, self.template_name, employer_page_context(request, employer))


# Workflow actions -----------------------------------------------------------------------------


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


class EmployerCreateView(StaffRequiredMixin, View):
    template_name = "employers/employer_form.html"

    def get(self, request):
        form = EmployerCreateForm(user=request.user)
        return render(request, self.template_name, {"form": form, "creating": True})

    def post(self, request):
        form = EmployerCreateForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                employer = self.perform(form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(name)s has been added.") % {"name": employer.name})
                return HttpResponseRedirect(employer.get_absolute_url())
        return render(request, self.template_name, {"form": form, "creating": True})

    @transaction.atomic
    def perform(self, form):
        user = self.request.user
        employer = services.employer_create(
            region=form.get_region(), by=user, **form.service_fields()
        )
        location = form.location_fields()
        if location:
            services.location_add(employer=employer, by=user, is_main=True, **location)
        if form.cleaned_data.get("assign_me"):
            services.account_manager_assign(
                employer=employer, manager=user, by=user, region=user.region
            )
        return employer


class EmployerEditView(EmployerActionView):
    template_name = "employers/employer_form.html"
    anchor = "facts"

    def get_form(self, data=None):
        return EmployerForm(data, instance=self.employer)

    def perform(self, form):
        return services.employer_update(
            employer=self.employer, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("The details of %(name)s have been saved.") % {"name": result.name}


class LocationAddView(EmployerActionView):
    template_name = "employers/location_form.html"
    anchor = "locations"

    def get_form(self, data=None):
        initial = {"is_main": not self.employer.locations.exists()}
        return LocationForm(data, instance=Location(employer=self.employer), initial=initial)

    def perform(self, form):
        return services.location_add(
            employer=self.employer, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("Location %(address)s has been added.") % {"address": result}


class ConversationLogView(EmployerActionView):
    http_method_names = ["post"]
    on_employer_page = "log_form"
    prefix = "log"
    anchor = "timeline"

    def get_form(self, data=None):
        region = assignment_region(self.request.user, self.employer)
        return ConversationForm(data, employer=self.employer, region=region, prefix=self.prefix)

    def perform(self, form):
        return services.conversation_log(
            employer=self.employer, author=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        if result.next_action:
            return _("Conversation logged. Next action for %(owner)s: %(action)s") % {
                "owner": result.next_action_owner,
                "action": result.next_action,
            }
        return _("Conversation logged.")

    def get_success_url(self, result):
        return f"{self.employer.get_absolute_url()}#conversation-{result.pk}"


def safe_next(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class NextActionDoneView(StaffRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, conversation_pk):
        employer = get_object_or_404(visible_employers(request.user), pk=pk)
        conversation = get_object_or_404(employer.conversations, pk=conversation_pk)
        try:
            services.next_action_complete(conversation=conversation, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done: %(action)s") % {"action": conversation.next_action})
        return HttpResponseRedirect(safe_next(request, employer.get_absolute_url() + "#actions"))


class ManagerAssignView(EmployerActionView):
    http_method_names = ["post"]
    on_employer_page = "assign_form"
    prefix = "assign"
    anchor = "manager"

    def get_form(self, data=None):
        region = assignment_region(self.request.user, self.employer)
        current = (
            AccountAssignment.objects.current()
            .filter(employer=self.employer, region=region, kind="primary")
            .first()
        )
        return AssignManagerForm(data, region=region, current=current, prefix=self.prefix)

    def perform(self, form):
        data = form.cleaned_data
        return services.account_manager_assign(
            employer=self.employer,
            manager=data["manager"],
            by=self.request.user,
            handover_note=data["handover_note"],
            region=assignment_region(self.request.user, self.employer),
            started_on=data["started_on"],
        )

    def get_success_message(self, form, result):
        return _("%(name)s is now the fixed account manager.") % {"name": result.manager}


class BackupAddView(EmployerActionView):
    http_method_names = ["post"]
    on_employer_page = "backup_form"
    prefix = "backup"
    anchor = "manager"

    def get_form(self, data=None):
        region = assignment_region(self.request.user, self.employer)
        current = AccountAssignment.objects.current().filter(employer=self.employer, region=region)
        return BackupForm(data, region=region, current_assignments=current, prefix=self.prefix)

    def perform(self, form):
        return services.account_manager_assign(
            employer=self.employer,
            manager=form.cleaned_data["manager"],
            by=self.request.user,
            region=assignment_region(self.request.user, self.employer),
            kind=AccountAssignment.Kind.BACKUP,
        )

    def get_success_message(self, form, result):
        return _("%(name)s is now a backup.") % {"name": result.manager}


class BackupEndView(StaffRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, assignment_pk):
        employer = get_object_or_404(visible_employers(request.user), pk=pk)
        assignment = get_object_or_404(
            employer.assignments.select_related("manager"),
            pk=assignment_pk,
            kind=AccountAssignment.Kind.BACKUP,
        )
        try:
            services.assignment_end(assignment=assignment, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(name)s is no longer a backup.") % {"name": assignment.manager}
            )
        return HttpResponseRedirect(employer.get_absolute_url() + "#manager")


# Contact persons ------------------------------------------------------------------------------


class ContactAddView(EmployerActionView):
    template_name = "employers/contact_form.html"

    def get_form(self, data=None):
        return ContactForm(data, instance=ContactPerson(employer=self.employer))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Add a contact person"), **kwargs)

    def perform(self, form):
        return services.contact_add(
            employer=self.employer, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("%(name)s has been added as a contact person.") % {"name": result.name}

    def get_success_url(self, result):
        return f"{self.employer.get_absolute_url()}#contact-{result.pk}"


class ContactActionView(EmployerActionView):
    """An action on one contact person of a visible employer."""

    def get_employer(self):
        employer = super().get_employer()
        self.contact = get_object_or_404(
            ContactPerson.objects.select_related("successor"),
            pk=self.kwargs["contact_pk"],
            employer=employer,
        )
        return employer

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact=self.contact, **kwargs)

    def get_success_url(self, result):
        return f"{self.employer.get_absolute_url()}#contact-{self.contact.pk}"


class ContactEditView(ContactActionView):
    template_name = "employers/contact_form.html"

    def get_form(self, data=None):
        return ContactEditForm(data, instance=self.contact)

    def get_context_data(self, **kwargs):
        title = _("Edit the details of %(name)s") % {"name": self.contact.name}
        return super().get_context_data(title=title, **kwargs)

    def perform(self, form):
        return services.contact_update(
            contact=self.contact, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("The details of %(name)s have been saved.") % {"name": result.name}


class ContactRoleView(ContactActionView):
    template_name = "employers/contact_form.html"

    def get_form(self, data=None):
        return ContactRoleForm(data, instance=self.contact)

    def get_context_data(self, **kwargs):
        title = _("Change the role of %(name)s") % {"name": self.contact.name}
        return super().get_context_data(title=title, **kwargs)

    def perform(self, form):
        return services.contact_change_role(
            contact=self.contact,
            by=self.request.user,
            on=form.cleaned_data["on"],
            **form.service_fields(),
        )

    def get_success_message(self, form, result):
        return _("The role of %(name)s has been saved.") % {"name": result.name}


class ContactLeftView(ContactActionView):
    template_name = "employers/contact_left.html"

    def get_form(self, data=None):
        return ContactLeftForm(data, contact=self.contact)

    def get(self, request, *args, **kwargs):
        self.employer = self.get_employer()
        if self.contact.left_on is not None:
            messages.info(request, _("%(name)s is already marked as left.") % self.name_arg())
            return HttpResponseRedirect(self.get_success_url(None))
        return super().get(request, *args, **kwargs)

    def name_arg(self):
        return {"name": self.contact.name}

    def perform(self, form):
        data = form.cleaned_data
        return services.contact_mark_left(
            contact=self.contact,
            left_on=data["left_on"],
            by=self.request.user,
            reason=data["reason"],
            successor=data["successor"],
        )

    def get_success_message(self, form, result):
        if result.has_left:
            return _("%(name)s is marked as left.") % self.name_arg()
        return _("%(name)s will leave on %(date)s.") % {
            "name": result.name,
            "date": date_format(result.left_on),
        }


class ContactVerifyView(ContactActionView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.employer = self.get_employer()
        try:
            services.contact_verify(contact=self.contact, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The details of %(name)s are confirmed as correct today.")
                % {"name": self.contact.name},
            )
        return HttpResponseRedirect(self.get_success_url(None))
