"""Reading a candidate's record: scoped through visible_to, and every attempt logged."""

from django.db import connection
from django.http import Http404
from django.utils import timezone

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
    one row per candidate shown, each candidate once, in ONE statement (none for an empty list).

    An INSERT ... SELECT over the ids, so the statement has a handful of parameters plus one per
    id on every database (a bulk_create of 200 rows would be split on SQLite). The log is
    append-only; this only inserts. Use it in every page, API list and export that shows
    candidate names or profile content."""
    from .models import Candidate, CandidateAccessLog

    ids = list(dict.fromkeys(c.pk for c in candidates))
    if not ids:
        return
    user = request.user if request.user.is_authenticated else None
    ops = connection.ops
    log, people = CandidateAccessLog._meta.db_table, Candidate._meta.db_table
    constants = [
        user.pk if user else None,
        ops.adapt_datetimefield_value(timezone.now()),
        route_of(request)[:200],
        request.method[:10],
        True,
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            ids_sql = ", ".join(["%s"] * len(chunk))
            sql = INSERT.format(log=ops.quote_name(log), people=ops.quote_name(people), ids=ids_sql)
            cursor.execute(sql, constants + chunk)


CHUNK = 900  # ids per statement (SQLite allows 999 parameters)
# Table names (quoted) and placeholders only: every value goes as a parameter.
INSERT = (
    "INSERT INTO {log} (user_id, at, route, method, allowed, candidate_id, candidate_ref) "
    "SELECT %s, %s, %s, %s, %s, id, id FROM {people} WHERE id IN ({ids})"
)
