"""The OpenAPI document of /api/v1/ as a contract (see docs/api.md).

- `ContractSchemaGenerator` renders the document in English whatever the caller's language, so
  titles, enum names and operation ids (which client generators turn into type and function
  names) never follow a user preference.
- `document_error_responses` adds the error answers the API really gives to every operation:
  400 with field messages, 401, 403, 404, 429, each with its body's shape; and says that ids in
  paths are whole numbers of 1 or more.
- `ContractAutoSchema` and `StrictFilterExtension` keep the rest true: ids are whole numbers of
  1 or more, a read-only e-mail or web address may be empty, a filter value may not be empty.
"""

import re

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from .api_support import MAX_ID, id_filter_names

SCHEMA_LANGUAGE = "en"

ERROR = "Error"
VALIDATION_ERROR = "ValidationError"

ERROR_SCHEMAS = {
    ERROR: {
        "type": "object",
        "description": "An error that concerns the whole request.",
        "properties": {"detail": {"type": "string", "description": "What went wrong."}},
        "required": ["detail"],
    },
    VALIDATION_ERROR: {
        "type": "object",
        "description": (
            "Invalid input: per field (or query parameter) name a list of messages; errors "
            "that belong to no one field are under `non_field_errors`, an unreadable body "
            "under `detail`. A nested object's errors are nested the same way."
        ),
        "properties": {
            "detail": {"type": "string"},
            "non_field_errors": {"type": "array", "items": {"type": "string"}},
        },
        "additionalProperties": {},
    },
}


def _answer(description, component, headers=None):
    answer = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }
    if headers:
        answer["headers"] = headers
    return answer


RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer"},
        "description": "Seconds to wait before the next request.",
    }
}

ANSWERS = {
    "400": _answer("Invalid input: messages per field.", VALIDATION_ERROR),
    "401": _answer("No token or session, or an invalid one.", ERROR),
    "403": _answer("Signed in, but this role may not do this.", ERROR),
    "404": _answer("No such object within your scope (or no such page).", ERROR),
    "429": _answer("Too many requests; try again after Retry-After.", ERROR, RETRY_AFTER),
}


class ContractSchemaGenerator(SchemaGenerator):
    """The schema in one language, for the docs page, /api/schema/ and `manage.py spectacular`."""

    def get_schema(self, request=None, public=False):
        with translation.override(SCHEMA_LANGUAGE):
            return super().get_schema(request=request, public=public)


ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
# Left beside a string schema that has a format: what a blank text field reads as.
EMPTY_STRING = {"type": "string", "maxLength": 0}
OUTER_KEYS = {"readOnly", "writeOnly", "nullable", "deprecated", "description", "title"}


def _may_be_blank(field):
    """A serializer field showing a text model field that may be left blank."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    source = getattr(field, "source", None)
    if model is None or not isinstance(source, str) or "." in source:
        return False
    try:
        model_field = model._meta.get_field(source)
    except FieldDoesNotExist:
        return False
    return model_field.blank and isinstance(model_field, models.CharField | models.TextField)


class ContractAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, told what the API really takes and gives:

    - a related object's id is a whole number of 1 or more;
    - a decimal sent as text has at least one digit (the generated pattern allowed "" and "-");
    - a read-only text field with a format (an e-mail or web address) that the model lets be
      blank may be empty, as a writable one already is (DRF drops `allow_blank` from read-only
      fields).
    """

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if not isinstance(schema, dict):
            return schema
        if isinstance(field, serializers.PrimaryKeyRelatedField) and schema.get("type") == (
            "integer"
        ):
            schema["minimum"] = 1
        if isinstance(field, serializers.DecimalField) and "pattern" in schema:
            schema["pattern"] = schema["pattern"].replace(r"^-?\d{0,", r"^-?\d{1,", 1)
        if (
            field.read_only
            and schema.get("type") == "string"
            and "format" in schema
            and _may_be_blank(field)
        ):
            inner = {key: schema.pop(key) for key in list(schema) if key not in OUTER_KEYS}
            schema["oneOf"] = [inner, EMPTY_STRING]
        return schema


class StrictFilterExtension(DjangoFilterExtension):
    """The API's filters (wsp_crm.api_support.StrictFilterBackend): an id filter is a whole
    number of 1 or more (django-filter's number filter would say "any number")."""

    target_class = "wsp_crm.api_support.StrictFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        ids = field_name in id_filter_names(filterset_class)
        for parameter in parameters:
            schema = parameter["schema"]
            if ids:
                parameter["schema"] = {**schema, **ID_SCHEMA}
            elif schema.get("type") == "string":
                # An empty value is refused (StrictFilterBackend), not read as "no filter".
                parameter["schema"] = {**schema, "minLength": 1}
        return parameters


DIGITS = re.compile(r"^\^\[0-9\](?:\{1,(\d+)\}|\+)\$$")


def _document_path_ids(operation):
    """Ids in paths are whole numbers of 1 or more; a route that takes only digits (a
    `lookup_value_regex` such as [0-9]{1,18}) takes an integer of at most that many digits."""
    for parameter in operation.get("parameters", []):
        schema = parameter["schema"]
        if parameter["in"] != "path":
            continue
        digits = DIGITS.match(schema.get("pattern", ""))
        if digits:
            most = 10 ** int(digits[1]) - 1 if digits[1] else MAX_ID
            parameter["schema"] = {**ID_SCHEMA, "maximum": min(most, MAX_ID)}
        elif schema.get("type") == "integer":
            parameter["schema"] = {**schema, **ID_SCHEMA}


def _document_paging(operation):
    """Page numbers and page sizes start at 1 (0 answers 404 or 400)."""
    for parameter in operation.get("parameters", []):
        schema = parameter["schema"]
        paging = parameter["in"] == "query" and parameter["name"] in ("page", "page_size")
        if paging and schema.get("type") == "integer":
            parameter["schema"] = {**schema, "minimum": 1}


def _errors_for(path, method, operation):
    """The error statuses one operation can answer with."""
    parameters = operation.get("parameters", [])
    statuses = ["401", "403", "429"]
    # A write can be refused for the object's state too (an action already done), body or not.
    writes = method.lower() != "get"
    if writes or any(p["in"] == "query" for p in parameters):
        statuses.append("400")
    pages = any(p["in"] == "query" and p["name"] == "page" for p in parameters)
    if "{" in path or pages:  # an object out of scope, or a page past the last one
        statuses.append("404")
    return statuses


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: error answers on every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in ERROR_SCHEMAS.items():
        schemas.setdefault(name, schema)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            _document_path_ids(operation)
            _document_paging(operation)
            responses = operation.setdefault("responses", {})
            for status in _errors_for(path, method, operation):
                responses.setdefault(status, ANSWERS[status])
    return result
