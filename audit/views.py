"""The audit pages: for WSP admins only (their region's rows and those without a region;
superusers all). Every list filters, pages and exports (streaming CSV) the same query."""

import datetime
import itertools

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View

from accounts.ratelimit import RateLimitedMixin
from candidates.models import CandidateAccessLog
from wsp_crm import exports

from .forms import AccessFilterForm, AuditEventFilterForm
from .models import AuditEvent
from .registry import AUDITED, EXTRA_FIELDS, EXTRA_VALUES, JOB_COUNTS, type_label

PAGE_SIZE = 50
# Related records shown by number only: their name would say who is a candidate.
NUMBER_ONLY = {"candidates.candidate", "candidates.proposal", "candidates.candidateprofile"}


class AdminRequiredMixin:
    """WSP admins (and superusers) only; everybody else 403. Anonymous users never get here:
    LoginRequiredMiddleware sends them to the login page."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_wsp_admin):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _day_bounds(data, queryset, field):
    tz = timezone.get_current_timezone()
    if data.get("date_from"):
        start = datetime.datetime.combine(data["date_from"], datetime.time.min, tzinfo=tz)
        queryset = queryset.filter(**{f"{field}__gte": start})
    if data.get("date_to"):
        end = datetime.datetime.combine(
            data["date_to"] + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        queryset = queryset.filter(**{f"{field}__lt": end})
    return queryset


def _valid_data(form):
    """What the user filled in correctly: a wrong field is shown with its error and ignored."""
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if name not in form.errors}


def filtered_events(user, params):
    form = AuditEventFilterForm(params)
    data = _valid_data(form)
    events = AuditEvent.objects.visible_to(user).select_related("region")
    if data.get("actor"):
        events = events.filter(actor_label__icontains=data["actor"])
    for name in ("object_type", "action", "object_id"):
        if data.get(name):
            events = events.filter(**{name: data[name]})
    return form, _day_bounds(data, events, "at")


def filtered_access(user, params):
    form = AccessFilterForm(params)
    data = _valid_data(form)
    rows = CandidateAccessLog.objects.visible_to(user).select_related("user")
    if data.get("user"):
        term = data["user"]
        rows = rows.filter(
            Q(user__email__icontains=term)
            | Q(user__first_name__icontains=term)
            | Q(user__last_name__icontains=term)
        )
    if data.get("candidate"):
        rows = rows.filter(candidate_ref=data["candidate"])
    if data.get("allowed"):
        rows = rows.filter(allowed=data["allowed"] == "yes")
    return form, _day_bounds(data, rows, "at")


def _field(object_type, name):
    """The model field an event's change is about (None for a job's counts)."""
    if object_type not in AUDITED:
        return None
    try:
        return apps.get_model(object_type)._meta.get_field(name)
    except (LookupError, FieldDoesNotExist):
        return None


def _show(field, value, labels):
    if value is None or value == "":
        return "–"
    if field is None:
        return str(EXTRA_VALUES.get(value, value) if isinstance(value, str) else value)
    if field.is_relation:
        return labels.get((field.related_model._meta.label_lower, value), f"#{value}")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _related_labels(event):
    """Names of the related records an event's changes point to (one query per model)."""
    wanted = {}
    for name, pair in (event.changes or {}).items():
        field = _field(event.object_type, name)
        if not (field is not None and field.is_relation and isinstance(pair, list)):
            continue
        label = field.related_model._meta.label_lower
        wanted.setdefault(label, (field.related_model, set()))[1].update(
            value for value in pair if value is not None
        )
    labels = {}
    for label, (model, pks) in wanted.items():
        if label in NUMBER_ONLY:
            continue
        for obj in model._base_manager.filter(pk__in=pks):
            labels[(label, obj.pk)] = f"{obj} (#{obj.pk})"
    return labels


def change_rows(event, labels=None):
    """[(field label, before, after, recorded)] for the detail page and the export."""
    labels = labels if labels is not None else _related_labels(event)
    rows = []
    if event.is_job:
        for name, value in (event.changes or {}).items():
            rows.append((str(JOB_COUNTS.get(name, name)), "", str(value), True))
        return rows
    for name, pair in (event.changes or {}).items():
        field = _field(event.object_type, name)
        title = str(field.verbose_name if field is not None else EXTRA_FIELDS.get(name, name))
        if not isinstance(pair, list):
            rows.append((title, "", "", False))
            continue
        before, after = pair
        rows.append((title, _show(field, before, labels), _show(field, after, labels), True))
    return rows


def changes_text(event):
    parts = []
    for title, before, after, recorded in change_rows(event, labels={}):
        if not recorded:
            parts.append(f"{title}: {_('changed (content not recorded)')}")
        elif event.is_job:
            parts.append(f"{title}: {after}")
        else:
            parts.append(f"{title}: {before} → {after}")
    return "; ".join(parts)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _export_query(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class AuditEventListView(AdminRequiredMixin, RateLimitedMixin, View):
    rate_limit_scope = "list"

    def get(self, request):
        form, events = filtered_events(request.user, request.GET)
        page = _page(request, events)
        for event in page.object_list:
            event.type_label = type_label(event.object_type)
        context = {
            "form": form,
            "page": page,
            "rows": page.object_list,
            "export_query": _export_query(request),
            "filters_active": any(v for k, v in request.GET.items() if k != "page"),
        }
        return render(request, "audit/event_list.html", context)


class AuditEventDetailView(AdminRequiredMixin, View):
    def get(self, request, pk):
        event = AuditEvent.objects.visible_to(request.user).select_related("region").filter(pk=pk)
        event = event.first()
        if event is None:
            raise Http404
        event.type_label = type_label(event.object_type)
        context = {"event": event, "rows": change_rows(event)}
        return render(request, "audit/event_detail.html", context)


WHO_SAW_DAYS = 90


def who_saw(user, candidate_id, data):
    """Who saw this candidate (allowed looks) in the chosen dates, else the last WHO_SAW_DAYS
    days: one row per user with the number of looks and the last one. One query (the index
    access_candidate_at)."""
    rows = CandidateAccessLog.objects.visible_to(user).filter(
        candidate_ref=candidate_id, allowed=True
    )
    if not (data.get("date_from") or data.get("date_to")):
        rows = rows.filter(at__gte=timezone.now() - datetime.timedelta(days=WHO_SAW_DAYS))
    else:
        rows = _day_bounds(data, rows, "at")
    return list(
        rows.order_by()
        .values("user_id", "user__first_name", "user__last_name", "user__email", "user__role")
        .annotate(looks=Count("pk"), last=Max("at"))
        .order_by("-last")
    )


class AccessLogListView(AdminRequiredMixin, RateLimitedMixin, View):
    rate_limit_scope = "list"

    def get(self, request):
        form, rows = filtered_access(request.user, request.GET)
        page = _page(request, rows)
        data = _valid_data(form)
        candidate_id = data.get("candidate")
        context = {
            "form": form,
            "who_saw": who_saw(request.user, candidate_id, data) if candidate_id else None,
            "who_saw_candidate": candidate_id,
            "who_saw_dated": bool(data.get("date_from") or data.get("date_to")),
            "who_saw_days": WHO_SAW_DAYS,
            "page": page,
            "rows": page.object_list,
            "export_query": _export_query(request),
            "filters_active": any(v for k, v in request.GET.items() if k != "page"),
        }
        return render(request, "audit/access_list.html", context)


def _when(value):
    return date_format(timezone.localtime(value), "Y-m-d H:i:s")


class AuditEventExportView(AdminRequiredMixin, RateLimitedMixin, View):
    """The filtered list as CSV, streamed row by row (the trail can be long)."""

    rate_limit_scope = "export"

    def get(self, request):
        _form, events = filtered_events(request.user, request.GET)
        header = [
            _("When"),
            _("Who"),
            _("Action"),
            _("Object type"),
            _("Object number"),
            _("Object"),
            _("Region"),
            _("Changed fields"),
        ]

        def rows():
            for event in events.iterator(chunk_size=2000):
                yield [
                    _when(event.at),
                    event.actor_label,
                    event.get_action_display(),
                    type_label(event.object_type),
                    event.object_id or "",
                    event.object_label,
                    event.region.name if event.region else "",
                    changes_text(event),
                ]

        filename = f"audittrail-{timezone.localdate():%Y-%m-%d}.csv"
        return exports.csv_response(filename, itertools.chain([header], rows()), stream=True)


class AccessLogExportView(AdminRequiredMixin, RateLimitedMixin, View):
    rate_limit_scope = "export"

    def get(self, request):
        _form, log = filtered_access(request.user, request.GET)
        header = [_("When"), _("Who"), _("Candidate number"), _("Route"), _("Method"), _("Result")]

        def rows():
            for row in log.iterator(chunk_size=2000):
                yield [
                    _when(row.at),
                    row.user.email if row.user else "",
                    row.candidate_ref,
                    row.route,
                    row.method,
                    _("Allowed") if row.allowed else _("Denied"),
                ]

        filename = f"inzage-kandidaten-{timezone.localdate():%Y-%m-%d}.csv"
        return exports.csv_response(filename, itertools.chain([header], rows()), stream=True)
