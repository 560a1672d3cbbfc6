"""Signals reach the right people.

- A placement's signal goes to the fixed manager AND the placement's responsible staff member:
  one row, both see it (inbox, counts, filters, digest), either may act, and acting does it for
  both; the second assignee follows the placement like the first follows the employer.
- The person who records a change gets a confirmation of what it raised and closed, not news:
  the change is re-checked in their request (continuity.middleware), the signal carries them as
  `raised_by` and stays out of their digest, while the colleagues it is addressed to get it.
- An urgent signal open for more than N working days escalates to the region's team lead,
  once ("Geëscaleerd" in the lead's inbox, on the signal page, in the API).
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import user_set_active
from continuity import scan, selectors, triggers
from continuity.digest import send_daily_digests
from continuity.models import RegionPolicy, Signal
from continuity.services import may_act, signal_resolve, signal_snooze
from employers import services
from placements import services as placement_services
from placements import team_services
from tests.conftest import eager_tasks, make_user
from tests.continuity.conftest import days_ago, days_ahead, run_scan, signals_of, the_signal

pytestmark = pytest.mark.django_db

K = Signal.Kind
S = Signal.Severity


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def coming(weekday):
    """The next date (from today on) that falls on `weekday` (Monday 0)."""
    today = timezone.localdate()
    return today + datetime.timedelta(days=(weekday - today.weekday()) % 7)


# A placement's signal: the fixed manager and the placement's responsible ----------------------


@pytest.fixture
def coached(quiet_employer, make_placement, colleague):
    """An active placement at quiet_employer coached by the colleague (account_manager is the
    fixed manager), whose contract ends in 20 days."""
    return make_placement(quiet_employer, responsible=colleague, contract_end=days_ahead(20))


def test_a_placement_signal_goes_to_the_fixed_manager_and_the_responsible(
    coached, region, account_manager, colleague
):
    run_scan(region)

    signal = the_signal(K.CONTRACT_ENDING)
    assert (signal.assigned_to, signal.also_assigned_to, signal.placement) == (
        account_manager,
        colleague,
        coached,
    )


def test_the_responsible_who_is_also_the_fixed_manager_gets_it_once(
    quiet_employer, region, account_manager, make_placement
):
    make_placement(quiet_employer, contract_end=days_ahead(20))  # responsible: account_manager

    run_scan(region)

    signal = the_signal(K.CONTRACT_ENDING)
    assert (signal.assigned_to, signal.also_assigned_to) == (account_manager, None)


def test_a_follow_up_goes_to_the_responsible_first_and_to_the_fixed_manager_too(
    coached, region, account_manager, colleague, make_follow_up
):
    make_follow_up(coached, days_ago(2))

    run_scan(region)

    signal = the_signal(K.FOLLOW_UP_OVERDUE)
    assert (signal.assigned_to, signal.also_assigned_to) == (colleague, account_manager)


def test_a_leaving_supervisor_is_flagged_to_the_placement_responsible_too(
    coached, region, account_manager, colleague, supervisor
):
    team_services.team_add(
        placement=coached, role="supervisor", contact=supervisor, start=days_ago(30), by=colleague
    )
    services.contact_mark_left(contact=supervisor, left_on=days_ago(1), by=account_manager)

    run_scan(region)

    signal = the_signal(K.CONTACT_LEFT)
    assert (signal.severity, signal.assigned_to, signal.also_assigned_to) == (
        S.URGENT,
        account_manager,
        colleague,
    )


def test_an_instrument_period_ending_goes_to_both(coached, region, account_manager, colleague):
    from placements.models import Instrument, InstrumentPeriod

    InstrumentPeriod.objects.create(
        placement=coached,
        instrument=Instrument.objects.filter(region=region).first(),
        start=days_ago(300),
        end=days_ahead(10),
        status=InstrumentPeriod.Status.GRANTED,
    )

    run_scan(region)

    signal = the_signal(K.INSTRUMENT_ENDING)
    assert (signal.assigned_to, signal.also_assigned_to) == (account_manager, colleague)


def test_a_signal_not_about_a_placement_has_one_assignee(quiet_employer, region, account_manager):
    from employers.models import Conversation

    Conversation.objects.filter(employer=quiet_employer).update(occurred_at=at(days_ago(100)))

    run_scan(region)

    signal = the_signal(K.STALE_RELATIONSHIP)
    assert (signal.assigned_to, signal.also_assigned_to) == (account_manager, None)


def test_the_second_assignee_follows_the_placements_responsible(
    coached, region, account_manager, colleague, team_lead
):
    run_scan(region)
    signal = the_signal(K.CONTRACT_ENDING)
    third = make_user("derde@wsp.test", User.Role.ACCOUNT_MANAGER, region, first_name="Dirk")

    placement_services.placement_update(placement=coached, by=team_lead, responsible=third)
    result = run_scan(region)

    signal.refresh_from_db()
    assert result.updated == 1
    assert (signal.assigned_to, signal.also_assigned_to) == (account_manager, third)

    placement_services.placement_update(
        placement=coached, by=team_lead, responsible=account_manager
    )
    run_scan(region)
    signal.refresh_from_db()
    assert (signal.assigned_to, signal.also_assigned_to) == (account_manager, None)


def test_a_deactivated_responsible_is_dropped_and_a_new_fixed_manager_takes_over(
    coached, region, account_manager, colleague, team_lead, wsp_admin
):
    run_scan(region)
    signal = the_signal(K.CONTRACT_ENDING)

    user_set_active(user=colleague, active=False, by=wsp_admin)
    run_scan(region)
    signal.refresh_from_db()
    assert (signal.assigned_to, signal.also_assigned_to) == (account_manager, None)

    user_set_active(user=colleague, active=True, by=wsp_admin)
    third = make_user("derde@wsp.test", User.Role.ACCOUNT_MANAGER, region, first_name="Dirk")
    services.account_manager_assign(
        employer=coached.employer,
        manager=third,
        by=team_lead,
        handover_note="Anna gaat met verlof.",
    )
    run_scan(region)
    signal.refresh_from_db()
    assert (signal.assigned_to, signal.also_assigned_to) == (third, colleague)


def test_both_assignees_see_it_in_their_inbox_and_counts(
    coached, region, account_manager, colleague, client_for
):
    run_scan(region)
    signal = the_signal(K.CONTRACT_ENDING)

    for person in (account_manager, colleague):
        assert list(selectors.inbox_signals(person)) == [signal]
        assert selectors.inbox_counts(person)["open"] == 1
        assert selectors.open_signal_count(person) == 1
        assert may_act(person, signal)
        assert Signal.objects.visible_to(person).filter(pk=signal.pk).exists()
        html = client_for(person).get(reverse("continuity:inbox")).content.decode()
        assert f'id="signal-{signal.pk}"' in html
        assert "Toegewezen aan: Anna Test en Cor Test" in html


def test_filtering_on_an_assignee_includes_the_signals_they_share(
    coached, region, account_manager, colleague, team_lead, client_for
):
    run_scan(region)
    signal = the_signal(K.CONTRACT_ENDING)

    client = client_for(team_lead)
    response = client.get("/api/v1/signals/", {"assigned_to": colleague.pk})
    assert [row["id"] for row in response.json()["results"]] == [signal.pk]
    row = response.json()["results"][0]
    assert (row["assigned_to"], row["also_assigned_to"], row["also_assigned_to_name"]) == (
        account_manager.pk,
        colleague.pk,
        "Cor Test",
    )
    html = client.get(reverse("continuity:region"), {"assigned_to": colleague.pk}).content
    assert f'id="signal-{signal.pk}"' in html.decode()


def test_resolving_by_the_second_assignee_resolves_it_for_both(
    coached, region, account_manager, colleague, client_for
):
    run_scan(region)
    signal = the_signal(K.CONTRACT_ENDING)

    response = client_for(colleague).post(
        reverse("continuity:resolve", args=[signal.pk]), {"note": "Verlengd tot 1 juli"}
    )

    assert response.status_code == 302
    signal.refresh_from_db()
    assert (signal.status, signal.resolved_by, signal.note) == (
        Signal.Status.RESOLVED,
        colleague,
        "Verlengd tot 1 juli",
    )
    assert list(selectors.inbox_signals(account_manager)) == []
    assert list(selectors.inbox_signals(account_manager, "closed")) == [signal]
    assert selectors.open_signal_count(account_manager) == 0


def test_snoozing_by_one_assignee_snoozes_it_for_both(coached, region, account_manager, colleague):
    run_scan(region)
    signal = signal_snooze(
        signal=the_signal(K.CONTRACT_ENDING), until=days_ahead(5), by=account_manager
    )

    assert signal.status == Signal.Status.SNOOZED
    assert list(selectors.inbox_signals(colleague, "snoozed")) == [signal]
    assert selectors.inbox_counts(colleague)["open"] == 0


def test_both_assignees_find_a_new_placement_signal_in_their_digest(
    coached, region, account_manager, colleague, settings
):
    settings.SITE_URL = "https://crm.wsp.test"
    run_scan(region)

    send_daily_digests()

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([account_manager.email, colleague.email])
    for message in mail.outbox:
        assert "Drukkerij Het Anker" in message.body


# The person who records a change --------------------------------------------------------------


def mark_left_on_the_page(client, employer, contact):
    url = reverse("employers:contact_left", args=[employer.pk, contact.pk])
    return client.post(
        url, {"left_on": timezone.localdate().isoformat(), "reason": "Nieuwe baan"}, follow=True
    )


def test_the_recorder_sees_what_their_change_raised_and_the_others_get_it(
    quiet_employer, make_placement, account_manager, colleague, supervisor, client_for, settings
):
    make_placement(quiet_employer, responsible=colleague, supervisor=supervisor)

    response = mark_left_on_the_page(client_for(account_manager), quiet_employer, supervisor)

    html = response.content.decode()
    assert response.redirect_chain[0][1] == 302
    # The leaver, and the placement they leave without supervisor or buddy (rule 14).
    assert (
        "Signalen aangemaakt: Contactpersoon vertrokken bij Drukkerij Het Anker, "
        "voor Anna Test en Cor Test; Plaatsing in gevaar: geen leidinggevende of werkbegeleider "
        "bij Drukkerij Het Anker, voor Anna Test en Cor Test." in html
    )
    signal = the_signal(K.CONTACT_LEFT)
    at_risk = the_signal(K.PLACEMENT_AT_RISK)
    assert f'id="signal-{signal.pk}"' in html, "the employer's panel shows it at once"
    for raised in (signal, at_risk):
        assert (raised.assigned_to, raised.also_assigned_to, raised.raised_by) == (
            account_manager,
            colleague,
            account_manager,
        )
    # It is work for the recorder (inbox, counts), but no news: marked as theirs, not in their
    # digest; the colleague gets it as news.
    assert set(selectors.inbox_signals(account_manager)) == {signal, at_risk}
    inbox = client_for(account_manager).get(reverse("continuity:inbox")).content.decode()
    assert "door jouw wijziging" in inbox
    assert list(Signal.objects.news_for(account_manager)) == []
    assert set(Signal.objects.news_for(colleague)) == {signal, at_risk}
    settings.SITE_URL = "https://crm.wsp.test"
    send_daily_digests()
    assert [message.to for message in mail.outbox] == [[colleague.email]]


def test_a_team_lead_who_records_a_change_raises_it_for_the_fixed_manager(
    quiet_employer, account_manager, team_lead, supervisor, client_for
):
    response = mark_left_on_the_page(client_for(team_lead), quiet_employer, supervisor)

    assert (
        "Signalen aangemaakt: Contactpersoon vertrokken bij Drukkerij Het Anker, voor Anna Test."
        in response.content.decode()
    )
    signal = the_signal(K.CONTACT_LEFT)
    assert (signal.assigned_to, signal.raised_by) == (account_manager, team_lead)
    assert list(Signal.objects.news_for(account_manager)) == [signal]
    detail = client_for(account_manager).get(reverse("continuity:detail", args=[signal.pk]))
    assert "door een wijziging van Lotte Test" in detail.content.decode()


def test_the_recorder_sees_which_signals_their_change_closed(
    quiet_employer, region, account_manager, supervisor, client_for
):
    services.contact_mark_left(contact=supervisor, left_on=days_ago(2), by=account_manager)
    run_scan(region)
    signal = the_signal(K.CONTACT_LEFT)

    response = client_for(account_manager).post(
        reverse("employers:contact_add", args=[quiet_employer.pk]),
        {"name": "Ingrid Smit", "level": "floor"},
        follow=True,
    )

    assert response.status_code == 200
    signal.refresh_from_db()
    assert signal.status == Signal.Status.AUTO_CLOSED
    html = response.content.decode()
    assert "Signalen gesloten: Contactpersoon vertrokken bij Drukkerij Het Anker." in html
    assert "Signalen aangemaakt" not in html


def test_a_change_that_raises_nothing_says_nothing_about_signals(
    quiet_employer, account_manager, client_for
):
    response = client_for(account_manager).post(
        reverse("employers:contact_add", args=[quiet_employer.pk]),
        {"name": "Ingrid Smit", "level": "floor"},
        follow=True,
    )

    html = response.content.decode()
    assert "Ingrid Smit is toegevoegd" in html
    assert "Signalen aangemaakt" not in html and "Signalen gesloten" not in html
    assert not signals_of().exists()


def test_without_the_recheck_in_the_request_a_page_queues_it_naming_the_recorder(
    quiet_employer, account_manager, supervisor, client_for, settings
):
    settings.CONTINUITY_RECHECK_IN_REQUEST = False

    with eager_tasks(settings):
        response = mark_left_on_the_page(client_for(account_manager), quiet_employer, supervisor)

    assert "Signalen aangemaakt" not in response.content.decode()
    signal = the_signal(K.CONTACT_LEFT)
    assert (signal.assigned_to, signal.raised_by) == (account_manager, account_manager)


def test_a_change_through_the_api_queues_its_recheck_naming_the_recorder(
    quiet_employer, account_manager, supervisor, settings
):
    """An API write does not wait for the rules: the re-check is queued (here run inline by an
    eager Celery), and the signals it raises still name the person who made the change."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=account_manager)}")

    with eager_tasks(settings):
        response = client.post(
            f"/api/v1/contacts/{supervisor.pk}/left/", {"left_on": str(timezone.localdate())}
        )

    assert response.status_code == 200, response.content
    signal = the_signal(K.CONTACT_LEFT)
    assert (signal.assigned_to, signal.raised_by) == (account_manager, account_manager)


@pytest.fixture
def queued(monkeypatch):
    """The re-checks queued (employer ids, recorder id) instead of sent to the broker."""
    calls = []
    monkeypatch.setattr(
        triggers, "_enqueue", lambda ids, recorded_by_id=None: calls.append((ids, recorded_by_id))
    )
    return calls


def test_a_change_outside_a_request_is_queued_and_marks_nobody(
    quiet_employer, account_manager, supervisor, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_mark_left(contact=supervisor, left_on=days_ago(1), by=account_manager)

    assert queued == [([quiet_employer.pk], None)]
    assert not signals_of().exists()
    scan.scan_employers(queued[0][0])
    assert the_signal(K.CONTACT_LEFT).raised_by is None


def test_a_form_shown_again_with_errors_saves_nothing_and_raises_nothing(
    quiet_employer, account_manager, supervisor, client_for, queued
):
    url = reverse("employers:contact_left", args=[quiet_employer.pk, supervisor.pk])
    response = client_for(account_manager).post(url, {"left_on": "", "reason": "Nieuwe baan"})

    assert response.status_code == 200
    assert queued == []
    assert not signals_of().exists()


def test_a_failing_recheck_in_the_request_is_queued_instead(
    quiet_employer, account_manager, supervisor, client_for, monkeypatch, queued
):
    def broken(*args, **kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(scan, "scan_employers", broken)

    response = mark_left_on_the_page(client_for(account_manager), quiet_employer, supervisor)

    assert response.status_code == 200
    supervisor.refresh_from_db()
    assert supervisor.left_on == timezone.localdate(), "the change itself is saved"
    assert queued == [([quiet_employer.pk], account_manager.pk)]


# Escalation of urgent signals -------------------------------------------------------------------


@pytest.fixture
def at_risk(quiet_employer, supervisor, make_placement, account_manager):
    """A leaver who still supervises an active placement: an urgent contact_left signal once
    scanned (assigned to account_manager)."""
    make_placement(quiet_employer, supervisor=supervisor)
    services.contact_mark_left(contact=supervisor, left_on=days_ago(1), by=account_manager)
    return supervisor


def raised_on(region, day):
    run_scan(region, now=at(day))
    signal = the_signal(K.CONTACT_LEFT)
    assert signal.severity == S.URGENT
    return signal


def test_an_urgent_signal_open_more_than_three_working_days_escalates_to_the_team_lead(
    at_risk, region, account_manager, team_lead
):
    wednesday = coming(2)
    signal = raised_on(region, wednesday - datetime.timedelta(days=6))  # a Thursday

    result = run_scan(region, now=at(wednesday - datetime.timedelta(days=1)))  # Tuesday: 3 days
    signal.refresh_from_db()
    assert (result.escalated, signal.escalated_at) == (0, None)

    result = run_scan(region, now=at(wednesday))  # Wednesday: 4 working days
    signal.refresh_from_db()
    assert result.escalated == 1
    assert (signal.escalated_to, signal.escalated_at) == (team_lead, at(wednesday))
    assert signal.assigned_to == account_manager, "it stays with the manager"


def test_the_weekend_does_not_count(at_risk, region, team_lead):
    thursday = coming(3)
    signal = raised_on(region, thursday - datetime.timedelta(days=6))  # a Friday

    for day in (thursday - datetime.timedelta(days=4), thursday - datetime.timedelta(days=1)):
        run_scan(region, now=at(day))  # Sunday, Wednesday
        signal.refresh_from_db()
        assert signal.escalated_at is None, day

    run_scan(region, now=at(thursday))
    signal.refresh_from_db()
    assert signal.escalated_to == team_lead


def test_escalation_is_recorded_once_however_often_the_scan_runs(at_risk, region, team_lead):
    wednesday = coming(2)
    signal = raised_on(region, wednesday - datetime.timedelta(days=7))
    run_scan(region, now=at(wednesday))
    signal.refresh_from_db()
    first = signal.escalated_at

    for hours in (1, 24, 48):
        result = scan.scan_all(now=at(wednesday) + datetime.timedelta(hours=hours))
        assert result.escalated == 0

    signal.refresh_from_db()
    assert (signal.escalated_at, signal.escalated_to) == (first, team_lead)


def test_the_number_of_working_days_comes_from_the_region_policy(at_risk, region, team_lead):
    RegionPolicy.objects.create(region=region, escalate_after_working_days=5)
    wednesday = coming(2)
    signal = raised_on(region, wednesday - datetime.timedelta(days=6))

    run_scan(region, now=at(wednesday))
    signal.refresh_from_db()
    assert signal.escalated_at is None

    run_scan(region, now=at(wednesday + datetime.timedelta(days=2)))  # Friday: 6 working days
    signal.refresh_from_db()
    assert signal.escalated_to == team_lead


def test_a_snoozed_urgent_signal_escalates_only_once_its_snooze_ended(
    at_risk, region, account_manager, team_lead
):
    wednesday = coming(2)
    signal = raised_on(region, wednesday - datetime.timedelta(days=14))
    Signal.objects.filter(pk=signal.pk).update(
        status=Signal.Status.SNOOZED, snoozed_until=wednesday + datetime.timedelta(days=1)
    )

    assert run_scan(region, now=at(wednesday)).escalated == 0

    assert run_scan(region, now=at(wednesday + datetime.timedelta(days=1))).escalated == 1
    signal.refresh_from_db()
    assert (signal.status, signal.escalated_to) == (Signal.Status.OPEN, team_lead)


def test_resolved_and_less_than_urgent_signals_do_not_escalate(
    at_risk, quiet_employer, region, account_manager
):
    from employers.models import Conversation

    wednesday = coming(2)
    Conversation.objects.filter(employer=quiet_employer).update(occurred_at=at(days_ago(200)))
    urgent = raised_on(region, wednesday - datetime.timedelta(days=14))
    stale = the_signal(K.STALE_RELATIONSHIP)
    assert stale.severity == S.ATTENTION
    signal_resolve(signal=urgent, by=account_manager, note="Nieuwe begeleider geregeld")

    assert run_scan(region, now=at(wednesday)).escalated == 0
    assert not Signal.objects.filter(escalated_at__isnull=False).exists()
    stale.refresh_from_db()
    assert stale.is_open


def test_a_signal_already_with_the_team_lead_is_not_escalated_to_them(
    quiet_employer, region, team_lead, wsp_admin, account_manager
):
    wednesday = coming(2)
    user_set_active(user=account_manager, active=False, by=wsp_admin)
    run_scan(region, now=at(wednesday - datetime.timedelta(days=14)))
    signal = the_signal(K.STAFF_DEACTIVATED)
    assert (signal.severity, signal.assigned_to) == (S.URGENT, team_lead)

    assert run_scan(region, now=at(wednesday)).escalated == 0


def test_without_an_active_team_lead_nothing_escalates_until_there_is_one(
    at_risk, region, team_lead, wsp_admin
):
    wednesday = coming(2)
    signal = raised_on(region, wednesday - datetime.timedelta(days=14))
    user_set_active(user=team_lead, active=False, by=wsp_admin)

    assert run_scan(region, now=at(wednesday)).escalated == 0

    user_set_active(user=team_lead, active=True, by=wsp_admin)
    assert run_scan(region, now=at(wednesday)).escalated == 1
    signal.refresh_from_db()
    assert signal.escalated_to == team_lead


def test_the_team_lead_finds_escalations_in_the_inbox_and_on_the_signal_page(
    at_risk, region, account_manager, team_lead, client_for
):
    wednesday = coming(2)
    signal = raised_on(region, wednesday - datetime.timedelta(days=7))
    run_scan(region, now=at(wednesday))

    assert selectors.inbox_counts(team_lead)["escalated"] == 1
    assert selectors.open_signal_count(team_lead) == 1
    client = client_for(team_lead)
    html = client.get(reverse("continuity:inbox")).content.decode()
    assert 'Geëscaleerd <span class="count">(1)</span>' in html
    html = client.get(reverse("continuity:inbox"), {"tab": "escalated"}).content.decode()
    assert f'id="signal-{signal.pk}"' in html
    assert "geëscaleerd naar de teamleider" in html
    assert "Toegewezen aan: Anna Test" in html
    html = client.get(reverse("continuity:detail", args=[signal.pk])).content.decode()
    assert "Geëscaleerd" in html and "naar Lotte Test" in html
    row = client.get(f"/api/v1/signals/{signal.pk}/").json()
    assert (row["escalated_to"], row["escalated_at"][:10]) == (team_lead.pk, wednesday.isoformat())
    escalated = client.get("/api/v1/signals/", {"escalated": "true"}).json()["results"]
    assert [item["id"] for item in escalated] == [signal.pk]

    # An account manager has no escalation desk: no tab, and ?tab=escalated shows their own.
    html = client_for(account_manager).get(reverse("continuity:inbox")).content.decode()
    assert "Geëscaleerd <span" not in html
    assert selectors.inbox_counts(account_manager)["escalated"] == 0

    # Resolved: it leaves the lead's escalation tab.
    signal_resolve(signal=signal, by=account_manager, note="Nieuwe begeleider geregeld")
    assert selectors.inbox_counts(team_lead)["escalated"] == 0


def test_a_team_lead_of_another_region_does_not_see_the_escalation(
    at_risk, region, other_region, team_lead
):
    wednesday = coming(2)
    raised_on(region, wednesday - datetime.timedelta(days=7))
    run_scan(region, now=at(wednesday))
    other_lead = make_user("lead2@wsp.test", User.Role.TEAM_LEAD, other_region)

    assert selectors.inbox_counts(other_lead)["escalated"] == 0
    assert list(selectors.inbox_signals(other_lead, "escalated")) == []
