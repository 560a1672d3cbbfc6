import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_is_ok_when_database_and_broker_answer(client, wsp_admin):
    assert client.get(reverse("healthz")).json() == {"status": "ok"}
    client.force_login(wsp_admin)
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": {"ok": True}, "broker": {"ok": True}}


def test_health_reports_a_dead_broker_as_503(client, settings, wsp_admin):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    client.force_login(wsp_admin)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["broker"]
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["broker"]["ok"] is False


def broken():
    raise RuntimeError("database db.internal:5432 is gone")


def test_health_reports_a_broken_database_as_503(client, monkeypatch, wsp_admin):
    from wsp_crm import health

    monkeypatch.setitem(health.CHECKS, "database", broken)
    client.force_login(wsp_admin)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]
    assert "db.internal:5432" in response.json()["checks"]["database"]["error"]


def test_anonymous_callers_get_the_status_only_and_the_log_gets_the_details(
    client, monkeypatch, caplog
):
    from wsp_crm import health

    monkeypatch.setitem(health.CHECKS, "database", broken)
    with caplog.at_level(logging.ERROR, logger="wsp_crm.health"):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert "db.internal" not in response.text
    assert "db.internal:5432 is gone" in caplog.text


def test_a_monitor_with_the_configured_token_gets_the_details(
    client, monkeypatch, settings, account_manager
):
    from wsp_crm import health

    monkeypatch.setitem(health.CHECKS, "database", broken)
    settings.HEALTHZ_TOKEN = "monitor-secret-123"
    wrong = client.get(reverse("healthz"), headers={"Authorization": "Bearer nope"})
    assert wrong.json() == {"status": "unavailable"}
    right = client.get(reverse("healthz"), headers={"Authorization": "Bearer monitor-secret-123"})
    assert right.json()["failed"] == ["database"]
    # Staff other than WSP admins see the status only.
    client.force_login(account_manager)
    assert client.get(reverse("healthz")).json() == {"status": "unavailable"}
