"""Small building blocks shared by the apps' API modules.

- `service_errors()`: turns the django ValidationError a service raises into a DRF
  ValidationError (400 with field messages), so a workflow endpoint never answers 500 for bad input.
- `ScopedPrimaryKeyRelatedField`: a writable foreign key whose choices are limited to what the
  requesting user may see; a foreign id is refused like a non-existent one.
- `StandardPagination`: page-number pagination with an optional `page_size` and a capped count
  (`count_capped`, see wsp_crm.paging).
- `StrictFilterBackend`: django-filter for the API, refusing query values the schema does not
  allow instead of quietly not filtering.
- `id_filter_names()`: the filters of a filter set that take a row's id (the schema documents
  them as whole numbers of 1 or more, the backend refuses anything else).
"""

from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, ModelChoiceFilter, NumberFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings

from .paging import COUNT_CAP, CappedPaginator


def drf_validation_error(exc, field_map=None):
    """django ValidationError -> DRF ValidationError with {field: [messages]}.

    `field_map` renames a model/service field to the name the API uses (e.g. left_reason ->
    reason). Errors that belong to no field go under DRF's `non_field_errors`.
    """
    field_map = field_map or {}
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    if hasattr(exc, "error_dict"):
        detail = {}
        for field, messages in exc.message_dict.items():
            key = non_field if field == NON_FIELD_ERRORS else field_map.get(field, field)
            detail.setdefault(key, []).extend(messages)
    else:
        detail = {non_field: list(exc.messages)}
    return serializers.ValidationError(detail)


@contextmanager
def service_errors(field_map=None):
    """Run a service call; its validation errors become a 400 answer with field messages."""
    try:
        yield
    except DjangoValidationError as exc:
        raise drf_validation_error(exc, field_map) from exc
    except IntegrityError as exc:
        # A concurrent write won a race the service's own checks could not see.
        raise serializers.ValidationError(
            {
                api_settings.NON_FIELD_ERRORS_KEY: [
                    _("Someone else changed this at the same moment. Try again.")
                ]
            }
        ) from exc


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary-key field whose choices are `scope(queryset, user)` for the requesting user.

    `queryset` names the model (the schema needs it); `scope` narrows it per request, e.g.
    `lambda qs, user: qs.visible_to(user)`. Without a request nothing is choosable.
    """

    def __init__(self, *, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None:
            return self.queryset.none()
        return self.scope(self.queryset.all(), user)


class StandardPagination(PageNumberPagination):
    """Page numbers, an optional `page_size` (at most 200; anything but a positive whole number
    answers 400, where DRF would quietly fall back to the default size), and a count that stops
    at 10,000 rows past the page asked for: `count_capped` is true when there are more rows than
    `count` (`next` still leads on). `page=last` counts exactly to find the last page."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise serializers.ValidationError(
                {self.page_size_query_param: [_("Give a whole number of 1 or more.")]}
            )
        return min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None, *, count_from=None):
        """`count_from`: the same rows in a form cheaper to count (CappedPaginator)."""
        number = request.query_params.get(self.page_query_param)
        if number == "":
            raise serializers.ValidationError(
                {self.page_query_param: [_("Leave the parameter out instead of sending it empty.")]}
            )
        number = number or 1
        cap = None if number in self.last_page_strings else COUNT_CAP

        def paginator_class(object_list, per_page):
            return CappedPaginator(
                object_list, per_page, cap=cap, number=number, count_from=count_from
            )

        self.django_paginator_class = paginator_class
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.shown_count,
                "count_capped": paginator.count_capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        answer["required"] = ["count", "count_capped", "results"]
        answer["properties"] = {
            "count": {
                "type": "integer",
                "example": 123,
                "description": (
                    "Rows in the whole list; when count_capped is true, the list holds more "
                    "than this many and the count stopped here."
                ),
            },
            "count_capped": {
                "type": "boolean",
                "example": False,
                "description": (
                    f"True when the list holds more than `count` rows (counting stops "
                    f"{COUNT_CAP:,} rows past the page asked for; page=last counts them all)."
                ),
            },
            **{k: v for k, v in answer["properties"].items() if k != "count"},
        }
        return answer


MAX_ID = 2**63 - 1  # PostgreSQL's bigint


def _names_a_row(model, field_name):
    """True when `field_name` (a django-filter field_name) is a primary or foreign key."""
    name = field_name.split("__")[0].removesuffix("_id")
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.primary_key or field.is_relation


class IdFilter(NumberFilter):
    """A number filter that takes a row's id, where django-filter cannot tell (a `method=`
    filter on something other than a key of the model)."""


def id_filter_names(filterset_class):
    """The names of the filters that take a row's id: model choices, id filters, and number
    filters on a primary or foreign key."""
    model = filterset_class._meta.model
    return {
        name
        for name, filter_ in filterset_class.base_filters.items()
        if isinstance(filter_, ModelChoiceFilter | IdFilter)
        or (isinstance(filter_, NumberFilter) and _names_a_row(model, filter_.field_name))
    }


def is_id(value):
    return value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_ID


class StrictFilterBackend(DjangoFilterBackend):
    """The API's query filters, held to the published schema.

    django-filter reads an empty value as "no filter" and any yes/no value it does not know
    (`?current=maybe`) as "unknown", so a client's typo would silently return everything. On the
    API both answer 400 with the parameter's name, and so does an id that is not a whole number
    of 1 or more (a number filter took `1.5` or `-9e111`, the latter answering 500); the HTML
    pages keep django-filter's form behaviour (they use the filter sets directly).
    """

    BOOLEAN_VALUES = {"true", "false", "1", "0"}

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        errors = {}
        ids = id_filter_names(type(filterset))
        for name, filter_ in filterset.filters.items():
            for value in request.query_params.getlist(name):
                if value == "":
                    errors[name] = [_("Leave the parameter out instead of sending it empty.")]
                elif name in ids and not is_id(value):
                    errors[name] = [_("Give an id: a whole number of 1 or more.")]
                elif (
                    isinstance(filter_, BooleanFilter) and value.lower() not in self.BOOLEAN_VALUES
                ):
                    errors[name] = [_("Use true or false.")]
        if errors:
            raise serializers.ValidationError(errors)
        return filterset
