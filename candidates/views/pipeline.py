"""The proposal pipeline: all proposals in the user's scope per status, open and recently closed."""

from datetime import timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.permissions import StaffRequiredMixin
from employers.models import AccountAssignment

from ..access import log_candidates_listed
from ..filters import PipelineFilter
from ..models import Proposal
from ..selectors import STALE_AFTER_DAYS, decorate_proposal, proposals_visible_to

PIPELINE_RECENT_DAYS = 90
CLOSED_STATUSES = ("placed", "declined", "withdrawn")


def current_primaries():
    return Prefetch(
        "employer__assignments",
        queryset=AccountAssignment.objects.current()
        .filter(kind="primary")
        .select_related("manager"),
        to_attr="current_primaries",
    )


def fixed_manager(employer):
    primaries = getattr(employer, "current_primaries", [])
    for assignment in primaries:
        if assignment.region_id == employer.region_id:
            return assignment.manager
    return primaries[0].manager if primaries else None


class PipelineView(StaffRequiredMixin, TemplateView):
    """All proposals in the user's scope per status: the open ones, and those closed in the last
    PIPELINE_RECENT_DAYS days. Filter by employer or by the employers of an account manager."""

    template_name = "candidates/pipeline.html"

    def get_context_data(self, **kwargs):
        request, user = self.request, self.request.user
        today = timezone.localdate()
        since = today - timedelta(days=PIPELINE_RECENT_DAYS)
        filterset = PipelineFilter(
            request.GET, queryset=proposals_visible_to(user), request=request
        )
        form = filterset.form
        form.fields["employer"].empty_label = _("All employers")
        form.fields["manager"].empty_label = _("Everybody")
        proposals = list(
            filterset.qs.filter(
                Q(status__in=Proposal.OPEN_STATUSES) | Q(status_changed_on__gte=since)
            )
            .select_related("candidate", "employer", "request")
            .prefetch_related(current_primaries())
            .order_by("status_changed_on", "pk")
        )
        log_candidates_listed(request, [p.candidate for p in proposals])
        columns = []
        for status, label in Proposal.Status.choices:
            items = [decorate_proposal(p) for p in proposals if p.status == status]
            for item in items:
                item.fixed_manager = fixed_manager(item.employer)
            columns.append(
                {
                    "status": status,
                    "label": label,
                    "proposals": items,
                    "closed": status in CLOSED_STATUSES,
                }
            )
        cleaned = form.cleaned_data if form.is_valid() else {}
        return super().get_context_data(
            form=form,
            open_columns=[c for c in columns if not c["closed"]],
            closed_columns=[c for c in columns if c["closed"]],
            open_total=sum(len(c["proposals"]) for c in columns if not c["closed"]),
            recent_days=PIPELINE_RECENT_DAYS,
            stale_days=STALE_AFTER_DAYS,
            filters_active=bool(cleaned.get("employer") or cleaned.get("manager")),
            **kwargs,
        )
