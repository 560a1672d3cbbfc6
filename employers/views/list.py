"""The employer list: search, filter, sort and page through the employers the user may see,
in a fixed number of queries for any number of rows."""

from django.db.models import Case, Count, F, IntegerField, OuterRef, Prefetch, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.permissions import StaffRequiredMixin
from accounts.ratelimit import RateLimitedMixin
from wsp_crm.paging import capped_page

from ..bulk_forms import BulkForm, SavedViewForm, may_assign
from ..filters import EmployerFilter
from ..models import AccountAssignment, Action, Conversation, Employer, Location, SavedView
from ..services.bulk import saved_view_query

PAGE_SIZE = 50
STAGE_ORDER = [stage.value for stage in Employer.Stage]


def _open_actions_count(**extra):
    actions = (
        Action.objects.open()
        .filter(employer=OuterRef("pk"), **extra)
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
        overdue_actions=_open_actions_count(due_on__lt=today),
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


class EmployerListView(StaffRequiredMixin, RateLimitedMixin, TemplateView):
    rate_limit_scope = "list"
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
        # The managers once, for the filter and the bulk form alike (the same people).
        managers = [(m.pk, str(m)) for m in form.fields["manager"].queryset]
        form.fields["manager"].widget.choices = [("", _("Everybody")), *managers]
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
            saved_views=SavedView.objects.visible_to(user).select_related("owner"),
            saved_view_form=SavedViewForm(),
            current_query=saved_view_query(request.GET),
            bulk_form=BulkForm(user=user),
            manager_options=managers,
            may_assign=may_assign(user),
            list_url=request.get_full_path(),
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
