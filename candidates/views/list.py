"""The candidate list: search and filter the candidates the user may see. Every candidate the
page shows is written to the access log (one bulk insert per page)."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.permissions import StaffRequiredMixin
from accounts.ratelimit import RateLimitedMixin
from placements.models import Placement
from wsp_crm.paging import capped_page

from ..access import log_candidates_listed
from ..filters import CandidateFilter
from ..models import Candidate, CandidateProfile, Proposal

PAGE_SIZE = 50


def annotate_for_list(queryset):
    """Everything a row of the list shows, in a fixed number of queries for any number of rows."""
    open_proposals = (
        Proposal.objects.filter(candidate=OuterRef("pk"), status__in=Proposal.OPEN_STATUSES)
        .order_by()
        .values("candidate")
        .annotate(total=Count("pk"))
        .values("total")
    )
    active_placement = Placement.objects.filter(
        candidate=OuterRef("pk"), status=Placement.Status.ACTIVE
    ).order_by("-start_date", "-pk")
    return queryset.select_related("responsible", "profile").annotate(
        open_proposals=Coalesce(Subquery(open_proposals, output_field=IntegerField()), Value(0)),
        placed_at=Subquery(active_placement.values("employer__name")[:1]),
    )


class CandidateListView(StaffRequiredMixin, RateLimitedMixin, TemplateView):
    rate_limit_scope = "list"
    """Search and filter the candidates the user may see. Account managers land on their own
    candidates (`mine` absent = mine); `?mine=false` shows everybody they may see."""

    template_name = "candidates/candidate_list.html"

    def get_context_data(self, **kwargs):
        request, user = self.request, self.request.user
        data = request.GET.copy()
        if "mine" not in data and user.is_account_manager:
            data["mine"] = "true"
        filterset = CandidateFilter(
            data, queryset=Candidate.objects.visible_to(user), request=request
        )
        form = filterset.form
        form.fields["responsible"].empty_label = _("Everybody")
        candidates = annotate_for_list(filterset.qs).order_by("last_name", "first_name", "pk")
        page = capped_page(candidates, PAGE_SIZE, request.GET.get("page"))
        rows = list(page.object_list)
        for candidate in rows:
            profile = getattr(candidate, "profile", None)
            candidate.profile_filled = profile is not None and any(
                getattr(profile, name) for name in CandidateProfile.TEXT_FIELDS
            )
        cleaned = form.cleaned_data if form.is_valid() else {}
        # Names (and, with a target-group filter, a special-category fact): one bulk insert.
        log_candidates_listed(request, rows)
        filters_active = (
            any(
                cleaned.get(name) not in (None, "") for name in ("q", "target_group", "responsible")
            )
            or cleaned.get("anonymised") is not None
        )
        return super().get_context_data(
            form=form,
            page=page,
            candidates=rows,
            showing_mine=cleaned.get("mine") is True,
            showing_anonymised=cleaned.get("anonymised") is True,
            filters_active=filters_active,
            mine_value="true" if cleaned.get("mine") else "false",
            **kwargs,
        )
