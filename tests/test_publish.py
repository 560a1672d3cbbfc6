"""Jobs queued from a web request while the broker is away: the request answers quickly and
nothing is lost (issue 8, broker outage). The dead broker is a port where nothing listens."""

import time

import pytest

from accounts import services
from accounts.models import User
from employers import importer
from employers.import_views import SESSION_KEY
from employers.models import Employer
from tests.conftest import eager_tasks
from tests.continuity.conftest import DEAD_BROKER_URL, broker_at
from tests.employers.test_import import confirm, preview, upload

pytestmark = pytest.mark.django_db


def test_an_invitation_is_mailed_in_the_request_when_the_broker_is_down(
    region, team, settings, mailoutbox, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with (
        broker_at(DEAD_BROKER_URL, settings),
        django_capture_on_commit_callbacks(execute=True),
    ):
        user = services.staff_user_create(
            email="nieuw@wsp.test",
            first_name="Nina",
            last_name="Nieuw",
            role=User.Role.ACCOUNT_MANAGER,
            region=region,
            team=team,
        )
    assert time.monotonic() - started < 2
    assert [mail.to for mail in mailoutbox] == [["nieuw@wsp.test"]]
    user.refresh_from_db()
    assert user.invited_at is not None


def test_a_background_import_waits_in_the_session_when_the_broker_is_down(
    client_for, account_manager, settings, monkeypatch
):
    monkeypatch.setattr(importer, "SYNC_ROWS", 1)
    client = client_for(account_manager)
    preview(client, upload(client, "good.csv"))
    started = time.monotonic()
    with broker_at(DEAD_BROKER_URL, settings):
        response = confirm(client, mode="all")
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert "De import kon niet starten" in response.text
    assert SESSION_KEY in client.session and not Employer.objects.exists()
    # With the broker back (jobs run in the request here) the same upload imports.
    with eager_tasks(settings):
        response = confirm(client, mode="all")
    assert response.status_code == 302 and Employer.objects.exists()
