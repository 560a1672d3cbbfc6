"""The placement list: active placements by default; filter, sort and page."""

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from accounts.permissions import StaffRequiredMixin
from accounts.ratelimit import RateLimitedMixin
from candidates.access import log_candidates_listed
from wsp_crm.paging import capped_page

from ..forms import PlacementFilter
from ..models import Placement
from ..selectors import annotate_follow_up, mark_row

PAGE_SIZE = 50
SORTS = {
    "start": ["-start_date", "-pk"],
    "next_follow_up": [F("next_follow_up_on").asc(nulls_last=True), "-start_date", "-pk"],
    "contract_end": [F("contract_end").asc(nulls_last=True), "-start_date", "-pk"],
    "employer": ["employer__name", "-start_date", "-pk"],
}
SORT_LABELS = {
    "start": gettext_lazy("Newest start first"),
    "next_follow_up": gettext_lazy("Next follow-up first"),
    "contract_end": gettext_lazy("Contract end first"),
    "employer": gettext_lazy("Employer"),
}


class PlacementListView(StaffRequiredMixin, RateLimitedMixin, TemplateView):
    rate_limit_scope = "list"
    """Active placements by default; filter on status, employer, responsible staff member,
    overdue follow-up and contracts ending within six weeks."""

    template_name = "placements/placement_list.html"

    def get_context_data(self, **kwargs):
        request, user = self.request, self.request.user
        data = request.GET.copy()
        if "status" not in data:
            data["status"] = Placement.Status.ACTIVE
        filterset = PlacementFilter(
            data, queryset=Placement.objects.visible_to(user), request=request
        )
        form = filterset.form
        # The employer is picked by (part of) its name, not from a list of every employer with
        # placements (thousands of options for a region); an `employer` id from a link (the
        # employer page, the API) still narrows the list and is shown as a removable choice.
        form.fields["employer"].widget = forms.HiddenInput()
        form.fields["employer_name"].widget.input_type = "search"
        sort = request.GET.get("sort", "start")
        if sort not in SORTS:
            sort = "start"
        placements = annotate_follow_up(
            filterset.qs.select_related("candidate", "employer", "responsible", "location"),
            user,
        ).order_by(*SORTS[sort])
        page = capped_page(placements, PAGE_SIZE, request.GET.get("page"))
        today = timezone.localdate()
        for placement in page.object_list:
            mark_row(placement, today)
        # The candidates named on the page, in the access log (one insert).
        log_candidates_listed(
            request, [p.candidate for p in page.object_list if p.candidate_visible]
        )
        cleaned = form.cleaned_data if form.is_valid() else {}
        chosen_employer = cleaned.get("employer")
        without_employer = request.GET.copy()
        for name in ("employer", "page"):
            without_employer.pop(name, None)
        filters_active = (
            any(
                data.get(name)
                for name in (
                    "employer",
                    "employer_name",
                    "responsible",
                    "follow_up_overdue",
                    "contract_ends_soon",
                )
            )
            or data.get("status") != Placement.Status.ACTIVE
        )
        return super().get_context_data(
            form=form,
            page=page,
            placements=page.object_list,
            sort=sort,
            sort_choices=list(SORT_LABELS.items()),
            overdue_checked=cleaned.get("follow_up_overdue") is True,
            showing_mine=data.get("responsible") == str(user.pk),
            responsible_chosen=bool(data.get("responsible")),
            ending_checked=cleaned.get("contract_ends_soon") is True,
            filters_active=filters_active,
            chosen_employer=chosen_employer,
            without_employer_query=without_employer.urlencode(),
            today=today,
            **kwargs,
        )
