"""The /api/v1/ contract (docs/api.md): one document whatever the caller's language, the error
answers documented on every operation, and no field taken away from a response.

tests/fixtures/api_v1_fields.json records, per response component of the schema, its field
names. A field or component that disappears fails here; additions pass. When a removal is an
intentional breaking change (which belongs in a new API version, see docs/api.md), record the
new state with `UPDATE_API_FIELDS=1 .venv/bin/pytest tests/api/test_schema_contract.py` and
commit the fixture.
"""

import json
import os
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import spectacular_settings

SNAPSHOT = Path(__file__).resolve().parent.parent / "fixtures" / "api_v1_fields.json"


@pytest.fixture(scope="module")
def document():
    generator_class = spectacular_settings.DEFAULT_GENERATOR_CLASS
    assert issubclass(generator_class, SchemaGenerator)
    return generator_class().get_schema(request=None, public=True)


def response_fields(document):
    """{component: sorted field names} for every object component that is not a request body."""
    fields = {}
    for name, schema in document["components"]["schemas"].items():
        if name.endswith("Request") or "properties" not in schema:
            continue
        fields[name] = sorted(schema["properties"])
    return fields


def removed(recorded, current):
    """What `recorded` has and `current` lacks: "Component.field", or a whole component."""
    gone = []
    for component, names in sorted(recorded.items()):
        if component not in current:
            gone.append(f"{component} (the whole component)")
            continue
        gone.extend(f"{component}.{name}" for name in names if name not in current[component])
    return gone


def test_no_field_disappears_from_a_v1_response(document):
    current = response_fields(document)
    if os.environ.get("UPDATE_API_FIELDS") == "1":
        SNAPSHOT.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")
    gone = removed(json.loads(SNAPSHOT.read_text()), current)
    assert not gone, (
        "Removed from a v1 response (a breaking change for integrators): "
        + ", ".join(gone)
        + ". Keep the field, or make the breaking change in a new API version (docs/api.md). "
        "If the removal is intended, record it: UPDATE_API_FIELDS=1 .venv/bin/pytest "
        "tests/api/test_schema_contract.py, and commit tests/fixtures/api_v1_fields.json."
    )


def test_removals_are_found_and_additions_pass():
    recorded = {"Employer": ["id", "name"], "Signal": ["id"]}
    assert removed(recorded, {"Employer": ["id", "name", "website"], "Signal": ["id"]}) == []
    assert removed(recorded, {"Employer": ["id"], "Signal": ["id"]}) == ["Employer.name"]
    assert removed(recorded, {"Employer": ["id", "name"]}) == ["Signal (the whole component)"]


def test_the_snapshot_holds_the_main_components():
    recorded = json.loads(SNAPSHOT.read_text())
    for component in ("Employer", "Contact", "Conversation", "Signal", "Placement"):
        assert "id" in recorded[component], component
    assert not [name for name in recorded if name.endswith("Request")]


def test_the_document_is_the_same_for_every_language(client, account_manager, settings):
    """Titles, enum names and operation ids become a generated client's type and function
    names: a Dutch-speaking user must get the same contract as an English-speaking one."""
    client.force_login(account_manager)
    answers = {}
    for language in ("nl", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for query in ("", f"&lang={language}"):
            response = client.get(f"/api/schema/?format=json{query}", HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200
            answers[(language, query)] = response.content
    assert len(set(answers.values())) == 1
    text = answers[("nl", "")].decode()
    assert '"ChannelEnum"' in text and "Kanaal" not in text and "Werkgever" not in text


def test_request_and_response_components_are_separate(document):
    schemas = document["components"]["schemas"]
    request = schemas["ConversationRequest"]
    assert set(request["required"]) == {"employer", "channel", "summary"}
    assert not {"id", "author", "employer_name", "created_at"} & set(request["properties"])
    assert {"id", "author", "employer_name"} <= set(schemas["Conversation"]["properties"])
    create = document["paths"]["/api/v1/conversations/"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ConversationRequest"
    }


def test_every_operation_documents_its_error_answers(document):
    missing = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            expected = {"401", "403", "429"}
            if method != "get":
                expected |= {"400"}
            if "{" in path:
                expected |= {"404"}
            lacking = expected - set(operation["responses"])
            if lacking:
                missing.append(f"{method.upper()} {path}: {sorted(lacking)}")
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] == "id":
                    assert parameter["schema"]["minimum"] == 1, (method, path)
    assert not missing, missing
    schemas = document["components"]["schemas"]
    assert schemas["Error"]["required"] == ["detail"]
    assert schemas["ValidationError"]["additionalProperties"] == {}
    bad = document["paths"]["/api/v1/employers/"]["post"]["responses"]["400"]
    assert bad["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationError"
    }
    assert (
        "Retry-After"
        in document["paths"]["/api/v1/employers/"]["get"]["responses"]["429"]["headers"]
    )
