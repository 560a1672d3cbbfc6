"""A client generated from the live schema, used as an integrator would (issue 21).

openapi-python-client (pinned in the dev extras) generates a Python package from /api/schema/
as served by a live server to an account manager; the package is generated once per test
session and imported. The tests then list, create, update and act through it against the same
live server and check the database. A generator warning (a skipped component or endpoint)
fails the run.
"""

import datetime
import importlib
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from rest_framework.authtoken.models import Token

from continuity.models import Signal
from employers.models import ContactPerson, Conversation, Employer

PACKAGE = "wsp_generated_client"
# No post-hooks: the generator would run ruff over the package, which the tests do not need
# (and which it reports as "Skipping Integration" when ruff is not on PATH).
GENERATOR_CONFIG = f"package_name_override: {PACKAGE}\npost_hooks: []\n"

_generated = {}

# The live server needs committed rows; serialized_rollback brings back what the migrations
# seeded (the instruments the world's placements use) after each test's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def generate(schema_text, folder):
    """Generate the client package into `folder` and import it (once per session)."""
    (folder / "schema.json").write_text(schema_text)
    (folder / "config.yaml").write_text(GENERATOR_CONFIG)
    generator = Path(sys.executable).parent / "openapi-python-client"
    result = subprocess.run(  # noqa: S603 - our own tool on our own file
        [
            str(generator),
            "generate",
            "--path",
            str(folder / "schema.json"),
            "--config",
            str(folder / "config.yaml"),
            "--meta",
            "none",
            "--output-path",
            str(folder / PACKAGE),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Warning" not in output and "Skipping" not in output, output
    sys.path.insert(0, str(folder))
    return importlib.import_module(PACKAGE)


@pytest.fixture
def api(live_server, world, settings, tmp_path_factory):
    """(generated package, a client signed in as region A's account manager)."""
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    token = Token.objects.get_or_create(user=world.a.manager)[0].key
    headers = {"Authorization": f"Token {token}"}
    if "package" not in _generated:
        schema = httpx.get(
            f"{live_server.url}/api/schema/?format=json", headers=headers, timeout=60
        )
        assert schema.status_code == 200, schema.text[:300]
        _generated["package"] = generate(schema.text, tmp_path_factory.mktemp("client"))
    package = _generated["package"]
    client = package.AuthenticatedClient(
        base_url=live_server.url, token=token, prefix="Token", raise_on_unexpected_status=True
    )
    return package, client


def operation(package, name):
    return importlib.import_module(f"{package.__name__}.api.v1.{name}")


def model(package, name):
    return getattr(importlib.import_module(f"{package.__name__}.models"), name)


def test_lists_parse_into_typed_models(api, world):
    package, client = api
    employers = operation(package, "v1_employers_list").sync(client=client)
    assert [row.id for row in employers.results] == [world.a.employer.pk]
    assert employers.results[0].name == world.a.employer.name
    conversations = operation(package, "v1_conversations_list").sync(client=client)
    assert world.a.conversation.pk in {row.id for row in conversations.results}
    signals = operation(package, "v1_signals_list").sync(client=client)
    assert [row.id for row in signals.results] == [world.a.signal.pk]
    contacts = operation(package, "v1_contacts_list").sync(client=client)
    assert world.a.contact.pk in {row.id for row in contacts.results}
    # Errors parse too: another region's employer is a 404 with a detail.
    answer = operation(package, "v1_employers_retrieve").sync_detailed(
        id=world.b.employer.pk, client=client
    )
    assert answer.status_code == 404
    assert answer.parsed.detail


def test_create_and_update_without_read_only_values(api, world):
    package, client = api
    request = model(package, "ConversationRequest")(
        employer=world.a.employer.pk,
        channel=model(package, "ChannelEnum").PHONE,
        summary="Gebeld over de nieuwe vacature",
        participants=[world.a.contact.pk],
        next_action="Vacaturetekst nalezen",
        next_action_due=datetime.date.today() + datetime.timedelta(days=7),
    )
    created = operation(package, "v1_conversations_create").sync(client=client, body=request)
    row = Conversation.objects.get(pk=created.id)
    assert row.summary == "Gebeld over de nieuwe vacature"
    assert row.author == world.a.manager
    assert list(row.participants.all()) == [world.a.contact]
    assert row.action.title == "Vacaturetekst nalezen"
    assert created.author.id == world.a.manager.pk

    change = model(package, "PatchedEmployerRequest")(website="https://drukkerij.example")
    updated = operation(package, "v1_employers_partial_update").sync(
        id=world.a.employer.pk, client=client, body=change
    )
    assert updated.website == "https://drukkerij.example"
    assert Employer.objects.get(pk=world.a.employer.pk).website == "https://drukkerij.example"

    # Invalid input: a 400 whose field messages parse.
    invalid = model(package, "ConversationRequest")(
        employer=world.b.employer.pk, channel=model(package, "ChannelEnum").PHONE, summary="x"
    )
    answer = operation(package, "v1_conversations_create").sync_detailed(
        client=client, body=invalid
    )
    assert answer.status_code == 400
    assert "employer" in answer.parsed.additional_properties


def test_actions_mark_a_contact_left_and_resolve_a_signal(api, world):
    package, client = api
    left_on = datetime.date.today() - datetime.timedelta(days=1)
    operation(package, "v1_contacts_left_create").sync(
        id=world.a.contact.pk,
        client=client,
        body=model(package, "ContactLeftRequest")(left_on=left_on, reason="Andere baan"),
    )
    contact = ContactPerson.objects.get(pk=world.a.contact.pk)
    assert contact.left_on == left_on

    resolved = operation(package, "v1_signals_resolve_create").sync(
        id=world.a.signal.pk,
        client=client,
        body=model(package, "ResolveRequest")(note="Vaste accountmanager afgesproken"),
    )
    signal = Signal.objects.get(pk=world.a.signal.pk)
    assert signal.status == Signal.Status.RESOLVED
    assert resolved.status == model(package, "SignalStatusEnum").RESOLVED
