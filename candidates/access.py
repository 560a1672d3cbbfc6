"""Reading a candidate's record: scoped through visible_to, and every attempt logged."""

from django.http import Http404

from .models import Candidate
from .services import candidate_access_log


def route_of(request):
    match = getattr(request, "resolver_match", None)
    name = match.view_name if match else ""
    return f"{name} {request.path}".strip()


def get_candidate_for(request, pk, queryset=None):
    """The candidate with this pk if the user may see it, else 404; logs the attempt either way.

    Use it in every page, API endpoint and export that shows a candidate's record.
    """
    queryset = queryset if queryset is not None else Candidate.objects.all()
    candidate = queryset.visible_to(request.user).filter(pk=pk).first()
    candidate_access_log(
        user=request.user,
        candidate_id=int(pk),
        candidate=candidate,
        route=route_of(request),
        method=request.method,
        allowed=candidate is not None,
    )
    if candidate is None:
        raise Http404
    return candidate


def log_candidates_listed(request, candidates):
    """Log a view of several candidates at once (a list, a pipeline, a portal page, an export):
    one row per candidate shown, each candidate once, in ONE insert (none for an empty list).

    Use it in every page, API list and export that shows candidate names or profile content."""
    from .models import CandidateAccessLog

    shown = list({c.pk: c for c in candidates}.values())
    if not shown:
        return
    user = request.user if request.user.is_authenticated else None
    route = route_of(request)[:200]
    CandidateAccessLog.objects.bulk_create(
        [
            CandidateAccessLog(
                user=user,
                candidate_id=c.pk,
                candidate_ref=c.pk,
                route=route,
                method=request.method,
                allowed=True,
            )
            for c in shown
        ],
        batch_size=len(shown),
    )
