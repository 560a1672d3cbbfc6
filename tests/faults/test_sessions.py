"""Sessions really end (issue 23, items 2 and 14): SESSION_COOKIE_AGE after login, however
busy the user is; expired sessions are deleted by a daily job."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts import middleware
from accounts.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db

PAGE = "/employers/"


@pytest.fixture
def clock(monkeypatch):
    """The middleware's clock, moved on by the test: clock.now += seconds."""

    class Clock:
        now = middleware.clock()

        def __call__(self):
            return self.now

    fake = Clock()
    monkeypatch.setattr(middleware, "clock", fake)
    return fake


def test_a_user_who_clicks_every_25_minutes_is_logged_out_after_the_absolute_lifetime(
    client_for, account_manager, settings, clock
):
    client = client_for(account_manager)
    end = clock.now + settings.SESSION_COOKIE_AGE
    while clock.now + 25 * 60 < end:  # never idle long enough for the idle timeout
        clock.now += 25 * 60
        assert client.get(PAGE).status_code == 200
    clock.now = end
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_saving_the_activity_stamp_does_not_move_the_expiry(client_for, account_manager, clock):
    client = client_for(account_manager)
    key = client.session.session_key
    expiry = Session.objects.get(session_key=key).expire_date
    clock.now += 5 * 60  # the activity stamp is refreshed (the session saved)
    assert client.get(PAGE).status_code == 200
    assert client.session["last_activity"] == clock.now
    assert Session.objects.get(session_key=key).expire_date == expiry


def test_the_login_time_in_the_session_decides(client_for, account_manager, settings):
    client = client_for(account_manager)
    session = client.session
    session["login_at"] -= settings.SESSION_COOKIE_AGE
    session.save()
    assert client.get(PAGE).status_code == 302


def test_a_session_from_before_the_login_stamp_gets_one(client_for, account_manager, clock):
    client = client_for(account_manager)
    session = client.session
    del session["login_at"]
    session.save()
    assert client.get(PAGE).status_code == 200
    assert client.session["login_at"] == clock.now


def test_the_daily_job_deletes_expired_sessions(client_for, account_manager, settings):
    from celery.schedules import crontab

    entry = settings.CELERY_BEAT_SCHEDULE["sessions-daily"]
    assert entry["task"] == "accounts.tasks.clear_expired_sessions"
    assert isinstance(entry["schedule"], crontab)
    client_for(account_manager)
    live = Session.objects.get()
    Session.objects.create(
        session_key="x" * 32,
        session_data="e30:",
        expire_date=timezone.now() - datetime.timedelta(seconds=1),
    )
    assert clear_expired_sessions() == {"sessions": 1, "rate_counters": 0}
    assert list(Session.objects.all()) == [live]
