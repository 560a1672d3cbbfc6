"""The OpenAPI document of /api/v1/ as a contract (see docs/api.md).

- `ContractSchemaGenerator` renders the document in English whatever the caller's language, so
  titles, enum names and operation ids (which client generators turn into type and function
  names) never follow a user preference.
- `document_error_responses` adds the error answers the API really gives to every operation:
  400 with field messages, 401, 403, 404, 429, each with its body's shape.
"""

from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

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
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}
        },
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


def _errors_for(path, operation):
    """The error statuses one operation can answer with."""
    parameters = operation.get("parameters", [])
    statuses = ["401", "403", "429"]
    takes_input = "requestBody" in operation or any(p["in"] == "query" for p in parameters)
    if takes_input:
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
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status in _errors_for(path, operation):
                responses.setdefault(status, ANSWERS[status])
    return result
