"""The signal pages: "Mijn signalen", the team lead's overview, one signal with its snooze and
resolve forms, the thresholds page and the signals panel of the employer/placement pages.

Access matrix for each page and POST, rows changed through the services, Dutch errors that keep
the input, a snoozed signal coming back, and query counts that do not grow with the rows."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from continuity.models import RegionPolicy, Signal
from continuity.scan import scan_region
from continuity.selectors import open_signal_count, panel_signals
from continuity.services import policy_update, signal_resolve, signal_snooze
from employers import services as employer_services
from tests.conftest import make_user
from tests.continuity.conftest import days_ago, days_ahead
from tests.factories import ContactPersonFactory, EmployerFactory

pytestmark = pytest.mark.django_db


def status_and_text(client, url):
    response = client.get(url)
    return response.status_code, response.content.decode()


def post(client, url, data):
    return client.post(url, data)


@pytest.fixture
def other_team_lead(other_region):
    return make_user("lead2@wsp.test", User.Role.TEAM_LEAD, other_region, first_name="Lieke")


# "Mijn signalen" -------------------------------------------------------------------------------


def test_inbox_sends_anonymous_visitors_to_the_login_page(client, am_signal):
    response = client.get(reverse("continuity:inbox"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_inbox_is_forbidden_for_employer_users(client_for, employer_user):
    assert client_for(employer_user).get(reverse("continuity:inbox")).status_code == 403


def test_inbox_shows_my_open_signal_with_employer_due_and_raised_dates(
    client_for, account_manager, am_signal
):
    status, html = status_and_text(client_for(account_manager), reverse("continuity:inbox"))
    assert status == 200
    assert "<h1>Mijn signalen</h1>" in html
    assert "Contactpersoon vertrokken" in html
    assert "Mirjam Hoekstra vertrokken op 01-03-2025" in html
    assert am_signal.employer.get_absolute_url() in html
    assert "Bakkerij Van Dam" in html
    assert f'datetime="{am_signal.due_on:%Y-%m-%d}"' in html
    assert "Gesignaleerd" in html and "Uiterlijk" in html
    assert 'id="severity-3">Urgent</h2>' in html
    # The assignee gets the forms, each input with its own label.
    assert reverse("continuity:snooze", args=[am_signal.pk]) in html
    assert reverse("continuity:resolve", args=[am_signal.pk]) in html
    assert f'<label for="snooze-until-{am_signal.pk}">Uitstellen tot</label>' in html
    assert f'<label for="resolve-note-{am_signal.pk}">Wat heb je gedaan?</label>' in html


def test_inbox_orders_by_severity_and_groups_under_dutch_headings(
    client_for, account_manager, signal_employer, make_signal
):
    make_signal(signal_employer, severity=Signal.Severity.INFO, assigned_to=account_manager)
    make_signal(signal_employer, severity=Signal.Severity.URGENT, assigned_to=account_manager)
    make_signal(signal_employer, severity=Signal.Severity.ATTENTION, assigned_to=account_manager)
    html = client_for(account_manager).get(reverse("continuity:inbox")).content.decode()
    positions = [
        html.index('id="severity-3">Urgent<'),
        html.index('id="severity-2">Aandacht<'),
        html.index('id="severity-1">Info<'),
    ]
    assert positions == sorted(positions)


@pytest.mark.parametrize("who", ["colleague", "outsider", "team_lead", "wsp_admin"])
def test_inbox_shows_only_the_users_own_signals(
    request, client_for, who, am_signal, foreign_signal
):
    user = request.getfixturevalue(who)
    html = client_for(user).get(reverse("continuity:inbox")).content.decode()
    assert f'id="signal-{am_signal.pk}"' not in html
    assert (f'id="signal-{foreign_signal.pk}"' in html) is (who == "outsider")
    assert ("Geen open signalen" in html) is (who != "outsider")


def test_inbox_tabs_separate_open_snoozed_and_closed(
    client_for, account_manager, signal_employer, make_signal
):
    open_one = make_signal(signal_employer, assigned_to=account_manager)
    snoozed = make_signal(
        signal_employer,
        assigned_to=account_manager,
        status=Signal.Status.SNOOZED,
        snoozed_until=days_ahead(10),
    )
    back = make_signal(
        signal_employer,
        assigned_to=account_manager,
        status=Signal.Status.SNOOZED,
        snoozed_until=timezone.localdate(),
    )
    closed = make_signal(
        signal_employer,
        assigned_to=account_manager,
        status=Signal.Status.AUTO_CLOSED,
        resolved_at=timezone.now(),
        closed_reason="Er is een nieuwe contactpersoon vastgelegd.",
    )
    client = client_for(account_manager)
    url = reverse("continuity:inbox")

    def shown(tab):
        html = client.get(url, {"tab": tab}).content.decode()
        return {s.pk for s in (open_one, snoozed, back, closed) if f'id="signal-{s.pk}"' in html}

    assert shown("open") == {open_one.pk, back.pk}
    assert shown("snoozed") == {snoozed.pk}
    assert shown("closed") == {closed.pk}
    html = client.get(url, {"tab": "closed"}).content.decode()
    assert "Er is een nieuwe contactpersoon vastgelegd." in html
    assert "Automatisch gesloten" in html
    html = client.get(url).content.decode()
    assert 'Open <span class="count">(2)</span>' in html
    assert 'Uitgesteld <span class="count">(1)</span>' in html


def _signals_at_many_employers(count, region, user, make_signal):
    for number in range(count):
        employer = EmployerFactory(region=region, name=f"Werkgever {number:03d}")
        contact = ContactPersonFactory(employer=employer)
        make_signal(
            employer,
            contact=contact,
            assigned_to=user,
            severity=(number % 3) + 1,
            due_on=days_ahead(number % 20),
        )


def _count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def test_inbox_query_count_is_the_same_for_10_and_200_signals(
    client_for, account_manager, region, make_signal, django_assert_num_queries
):
    client = client_for(account_manager)
    url = reverse("continuity:inbox")
    _signals_at_many_employers(10, region, account_manager, make_signal)
    few = _count_queries(client, url)
    _signals_at_many_employers(190, region, account_manager, make_signal)
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200
    assert few <= 10


def test_open_signal_count_for_the_navigation_is_one_query(
    account_manager, signal_employer, make_signal, django_assert_num_queries
):
    make_signal(signal_employer, assigned_to=account_manager)
    make_signal(
        signal_employer,
        assigned_to=account_manager,
        status=Signal.Status.SNOOZED,
        snoozed_until=timezone.localdate(),
    )
    make_signal(
        signal_employer,
        assigned_to=account_manager,
        status=Signal.Status.SNOOZED,
        snoozed_until=days_ahead(3),
    )
    make_signal(signal_employer, assigned_to=None)
    with django_assert_num_queries(1):
        assert open_signal_count(account_manager) == 2


def test_open_signal_count_is_zero_for_employer_users_without_a_query(
    employer_user, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert open_signal_count(employer_user) == 0


# One signal, snooze and resolve ------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, status, can_act",
    [
        ("account_manager", 200, True),
        ("colleague", 200, False),
        ("team_lead", 200, True),
        ("wsp_admin", 200, True),
        ("outsider", 404, False),
        ("employer_user", 403, False),
    ],
)
def test_signal_page_access(request, client_for, am_signal, who, status, can_act):
    user = request.getfixturevalue(who)
    response = client_for(user).get(reverse("continuity:detail", args=[am_signal.pk]))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Contactpersoon vertrokken" in html
        assert "Wat kun je doen?" in html
        assert (reverse("continuity:resolve", args=[am_signal.pk]) in html) is can_act
        assert ("kan dit signaal uitstellen of afhandelen" in html) is not can_act


def test_signal_page_sends_anonymous_visitors_to_the_login_page(client, am_signal):
    response = client.get(reverse("continuity:detail", args=[am_signal.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "who, status, snoozed",
    [
        ("account_manager", 302, True),
        ("team_lead", 302, True),
        ("wsp_admin", 302, True),
        ("colleague", 403, False),
        ("outsider", 404, False),
        ("employer_user", 403, False),
    ],
)
def test_snooze_access_and_effect(request, client_for, am_signal, who, status, snoozed):
    user = request.getfixturevalue(who)
    until = days_ahead(14)
    response = client_for(user).post(
        reverse("continuity:snooze", args=[am_signal.pk]),
        {"until": until.isoformat(), "next": "/signals/?tab=open"},
    )
    assert response.status_code == status
    am_signal.refresh_from_db()
    if snoozed:
        assert response.url == "/signals/?tab=open"
        assert (am_signal.status, am_signal.snoozed_until) == (Signal.Status.SNOOZED, until)
    else:
        assert (am_signal.status, am_signal.snoozed_until) == (Signal.Status.OPEN, None)


@pytest.mark.parametrize(
    "who, status, resolved",
    [
        ("account_manager", 302, True),
        ("team_lead", 302, True),
        ("wsp_admin", 302, True),
        ("colleague", 403, False),
        ("outsider", 404, False),
        ("employer_user", 403, False),
    ],
)
def test_resolve_access_and_effect(request, client_for, am_signal, who, status, resolved):
    user = request.getfixturevalue(who)
    response = client_for(user).post(
        reverse("continuity:resolve", args=[am_signal.pk]),
        {"note": "Nieuwe HR-manager gebeld en vastgelegd."},
    )
    assert response.status_code == status
    am_signal.refresh_from_db()
    if resolved:
        assert response.url == reverse("continuity:inbox")
        assert am_signal.status == Signal.Status.RESOLVED
        assert am_signal.resolved_by == user
        assert am_signal.resolved_at is not None
        assert am_signal.note == "Nieuwe HR-manager gebeld en vastgelegd."
    else:
        assert am_signal.status == Signal.Status.OPEN
        assert am_signal.resolved_by is None


def test_anonymous_post_changes_nothing(client, am_signal):
    response = client.post(
        reverse("continuity:resolve", args=[am_signal.pk]), {"note": "Zomaar gesloten"}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    am_signal.refresh_from_db()
    assert am_signal.status == Signal.Status.OPEN


def test_snooze_more_than_90_days_ahead_is_refused_in_dutch_keeping_the_input(
    client_for, account_manager, am_signal
):
    too_far = days_ahead(91)
    response = client_for(account_manager).post(
        reverse("continuity:snooze", args=[am_signal.pk]),
        {"until": too_far.isoformat(), "next": "/signals/"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Je kunt een signaal hooguit 90 dagen uitstellen" in html
    assert f'value="{too_far.isoformat()}"' in html
    assert 'name="next" value="/signals/"' in html
    am_signal.refresh_from_db()
    assert am_signal.status == Signal.Status.OPEN


@pytest.mark.parametrize("until", ["", "morgen", "2001-01-01"])
def test_snooze_without_a_future_date_is_refused(client_for, account_manager, am_signal, until):
    if until == "2001-01-01":
        until = timezone.localdate().isoformat()  # today is not "after today"
    response = client_for(account_manager).post(
        reverse("continuity:snooze", args=[am_signal.pk]), {"until": until}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errorlist" id="id_until_error"' in html
    assert any(
        text in html
        for text in (
            "Kies de datum waarop het signaal terug moet komen.",
            "Vul een datum in zoals 31-12-2025.",
            "Kies een datum na vandaag.",
        )
    )
    am_signal.refresh_from_db()
    assert am_signal.status == Signal.Status.OPEN


def test_resolve_without_a_note_is_refused_in_dutch(client_for, account_manager, am_signal):
    response = client_for(account_manager).post(
        reverse("continuity:resolve", args=[am_signal.pk]), {"note": "   "}
    )
    assert response.status_code == 200
    assert "Schrijf kort op wat je hebt gedaan." in response.content.decode()
    am_signal.refresh_from_db()
    assert am_signal.status == Signal.Status.OPEN


def test_acting_on_a_closed_signal_changes_nothing(client_for, account_manager, am_signal):
    am_signal.status = Signal.Status.AUTO_CLOSED
    am_signal.resolved_at = timezone.now()
    am_signal.save()
    response = client_for(account_manager).post(
        reverse("continuity:resolve", args=[am_signal.pk]), {"note": "Toch nog afgehandeld"}
    )
    assert response.status_code == 302
    am_signal.refresh_from_db()
    assert am_signal.status == Signal.Status.AUTO_CLOSED
    assert am_signal.note == ""


def test_next_pointing_elsewhere_is_ignored(client_for, account_manager, am_signal):
    response = client_for(account_manager).post(
        reverse("continuity:resolve", args=[am_signal.pk]),
        {"note": "Afgehandeld", "next": "https://evil.example/steal"},
    )
    assert response.status_code == 302
    assert response.url == reverse("continuity:inbox")


def test_a_snoozed_signal_comes_back_in_the_inbox_when_its_date_passes(
    client_for, account_manager, region, signal_employer
):
    contact = ContactPersonFactory(employer=signal_employer, name="Mirjam Hoekstra")
    employer_services.contact_mark_left(contact=contact, left_on=days_ago(1), by=account_manager)
    scan_region(region)
    signal = Signal.objects.get(kind=Signal.Kind.CONTACT_LEFT, employer=signal_employer)
    assert signal.assigned_to == account_manager

    client = client_for(account_manager)
    tomorrow = days_ahead(1)
    client.post(reverse("continuity:snooze", args=[signal.pk]), {"until": tomorrow.isoformat()})
    inbox = reverse("continuity:inbox")
    assert f'id="signal-{signal.pk}"' not in client.get(inbox).content.decode()
    assert f'id="signal-{signal.pk}"' in client.get(inbox, {"tab": "snoozed"}).content.decode()

    scan_region(region)  # today: the snooze holds
    signal.refresh_from_db()
    assert (signal.status, signal.snoozed_until) == (Signal.Status.SNOOZED, tomorrow)

    scan_region(region, now=timezone.now() + datetime.timedelta(days=2))  # the date has passed
    signal.refresh_from_db()
    assert (signal.status, signal.snoozed_until) == (Signal.Status.OPEN, None)
    html = client.get(inbox).content.decode()
    assert f'id="signal-{signal.pk}"' in html
    assert "Mirjam Hoekstra" in html


# The team lead's overview ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, status",
    [
        ("account_manager", 403),
        ("colleague", 403),
        ("outsider", 403),
        ("employer_user", 403),
        ("team_lead", 200),
        ("wsp_admin", 200),
    ],
)
def test_region_page_access(request, client_for, who, status, am_signal):
    user = request.getfixturevalue(who)
    assert client_for(user).get(reverse("continuity:region")).status_code == status


def test_region_page_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(reverse("continuity:region"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_team_lead_sees_all_signals_of_the_region_and_no_other(
    client_for, team_lead, am_signal, foreign_signal, colleague, signal_employer, make_signal
):
    colleagues_signal = make_signal(signal_employer, assigned_to=colleague)
    status, html = status_and_text(client_for(team_lead), reverse("continuity:region"))
    assert status == 200
    assert "Signalen van Midden-Utrecht" in html
    assert f'id="signal-{am_signal.pk}"' in html
    assert f'id="signal-{colleagues_signal.pk}"' in html
    assert f'id="signal-{foreign_signal.pk}"' not in html
    assert "Anna Test" in html and "Cor Test" in html


def test_other_team_lead_sees_only_their_region(
    client_for, other_team_lead, am_signal, foreign_signal
):
    html = client_for(other_team_lead).get(reverse("continuity:region")).content.decode()
    assert f'id="signal-{foreign_signal.pk}"' in html
    assert f'id="signal-{am_signal.pk}"' not in html
    response = client_for(other_team_lead).get(reverse("continuity:detail", args=[am_signal.pk]))
    assert response.status_code == 404


def test_wsp_admin_sees_every_region_and_can_filter_by_region(
    client_for, wsp_admin, am_signal, foreign_signal, other_region
):
    client = client_for(wsp_admin)
    html = client.get(reverse("continuity:region")).content.decode()
    assert f'id="signal-{am_signal.pk}"' in html and f'id="signal-{foreign_signal.pk}"' in html
    html = client.get(reverse("continuity:region"), {"region": other_region.pk}).content.decode()
    assert f'id="signal-{foreign_signal.pk}"' in html
    assert f'id="signal-{am_signal.pk}"' not in html


def test_region_page_filters_by_kind_severity_staff_member_and_status(
    client_for, team_lead, colleague, account_manager, signal_employer, make_signal
):
    urgent_left = make_signal(
        signal_employer, severity=Signal.Severity.URGENT, assigned_to=account_manager
    )
    stale = make_signal(
        signal_employer,
        kind=Signal.Kind.STALE_RELATIONSHIP,
        severity=Signal.Severity.ATTENTION,
        assigned_to=colleague,
    )
    resolved = make_signal(
        signal_employer,
        assigned_to=account_manager,
        status=Signal.Status.RESOLVED,
        resolved_at=timezone.now(),
        resolved_by=account_manager,
        note="Gebeld",
    )
    client = client_for(team_lead)
    url = reverse("continuity:region")

    def shown(**params):
        html = client.get(url, params).content.decode()
        return {s.pk for s in (urgent_left, stale, resolved) if f'id="signal-{s.pk}"' in html}

    assert shown() == {urgent_left.pk, stale.pk}
    assert shown(kind=Signal.Kind.STALE_RELATIONSHIP) == {stale.pk}
    assert shown(severity=Signal.Severity.URGENT) == {urgent_left.pk}
    assert shown(assigned_to=colleague.pk) == {stale.pk}
    assert shown(status="closed") == {resolved.pk}
    assert shown(status="all") == {urgent_left.pk, stale.pk, resolved.pk}


def test_region_page_query_count_is_the_same_for_10_and_200_signals(
    client_for, team_lead, account_manager, region, make_signal, django_assert_num_queries
):
    client = client_for(team_lead)
    url = reverse("continuity:region")
    _signals_at_many_employers(10, region, account_manager, make_signal)
    few = _count_queries(client, url)
    _signals_at_many_employers(190, region, account_manager, make_signal)
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200
    assert few <= 12


# Thresholds ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, status",
    [
        ("account_manager", 403),
        ("outsider", 403),
        ("employer_user", 403),
        ("team_lead", 200),
        ("wsp_admin", 200),
    ],
)
def test_thresholds_page_access(request, client_for, who, status):
    user = request.getfixturevalue(who)
    assert client_for(user).get(reverse("continuity:thresholds")).status_code == status


def test_thresholds_page_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(reverse("continuity:thresholds"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def policy_data(**changes):
    data = {
        "stale_days_introduction": 30,
        "stale_days_active": 90,
        "stale_days_strategic": 60,
        "introduce_within_days": 14,
        "churn_managers": 3,
        "churn_months": 12,
        "unverified_months": 12,
        "contact_change_window_days": 60,
        "follow_up_due_days": 7,
        "contract_end_weeks": 6,
        "instrument_end_weeks": 6,
        "job_coach_end_weeks": 8,
        "instrument_decision_weeks": 6,
        "assessment_due_weeks": 8,
        "action_overdue_working_days": 5,
        "escalate_after_working_days": 3,
    }
    data.update(changes)
    return data


def test_team_lead_creates_the_region_policy_on_first_save(client_for, team_lead, region):
    client = client_for(team_lead)
    html = client.get(reverse("continuity:thresholds")).content.decode()
    assert "Deze regio gebruikt nog de standaardwaarden." in html
    response = client.post(
        reverse("continuity:thresholds"), policy_data(stale_days_active=45, churn_managers=4)
    )
    assert response.status_code == 302
    policy = RegionPolicy.objects.get(region=region)
    assert (policy.stale_days_active, policy.churn_managers) == (45, 4)
    assert policy.updated_by == team_lead
    html = client.get(reverse("continuity:thresholds")).content.decode()
    assert 'value="45"' in html
    assert "Laatst gewijzigd op" in html


def test_team_lead_updates_the_existing_policy(client_for, team_lead, region):
    RegionPolicy.objects.create(region=region, stale_days_active=120)
    client_for(team_lead).post(reverse("continuity:thresholds"), policy_data(stale_days_active=80))
    assert RegionPolicy.objects.filter(region=region).count() == 1
    assert RegionPolicy.objects.get(region=region).stale_days_active == 80


def test_thresholds_out_of_range_are_refused_in_dutch_keeping_the_input(
    client_for, team_lead, region
):
    response = client_for(team_lead).post(
        reverse("continuity:thresholds"), policy_data(churn_managers=1, stale_days_active=45)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies een heel getal van 2 tot en met 10." in html
    assert 'value="45"' in html
    assert not RegionPolicy.objects.filter(region=region).exists()


def test_wsp_admin_edits_the_thresholds_of_a_chosen_region(client_for, wsp_admin, other_region):
    client = client_for(wsp_admin)
    html = client.get(reverse("continuity:thresholds")).content.decode()
    assert "Kies de regio" in html
    response = client.post(
        reverse("continuity:thresholds"),
        {"region": other_region.pk, **policy_data(follow_up_due_days=10)},
    )
    assert response.status_code == 302
    assert RegionPolicy.objects.get(region=other_region).follow_up_due_days == 10
    assert client.get(reverse("continuity:thresholds"), {"region": 999999}).status_code == 404


def test_team_lead_cannot_edit_another_region_through_the_form(
    client_for, team_lead, region, other_region
):
    client_for(team_lead).post(
        reverse("continuity:thresholds"), {"region": other_region.pk, **policy_data()}
    )
    assert not RegionPolicy.objects.filter(region=other_region).exists()
    assert RegionPolicy.objects.filter(region=region).exists()


# The panel on the employer and placement pages ---------------------------------------------------


def render_panel(user, **scope):
    request = RequestFactory().get("/employers/1/")
    request.user = user
    return render_to_string(
        "continuity/includes/signals_panel.html",
        {"signals": panel_signals(user, **scope)},
        request=request,
    )


def test_panel_gives_forms_to_the_assignee_and_shows_colleagues_the_signal_only(
    account_manager, colleague, outsider, am_signal, signal_employer, make_signal
):
    make_signal(
        signal_employer,
        assigned_to=account_manager,
        status=Signal.Status.RESOLVED,
        resolved_at=timezone.now(),
        note="Al gedaan",
    )
    mine = render_panel(account_manager, employer=signal_employer)
    assert '<h2 id="signals-heading">Signalen' in mine
    assert mine.count('class="signal ') == 1  # the resolved one is not in the panel
    assert reverse("continuity:resolve", args=[am_signal.pk]) in mine
    assert 'name="next" value="/employers/1/#signals"' in mine
    theirs = render_panel(colleague, employer=signal_employer)
    assert f'id="signal-{am_signal.pk}"' in theirs
    assert reverse("continuity:resolve", args=[am_signal.pk]) not in theirs
    assert "Toegewezen aan: Anna Test" in theirs
    assert "Geen open signalen." in render_panel(outsider, employer=signal_employer)


def test_panel_signals_is_one_query_for_any_number(
    account_manager, region, make_signal, signal_employer, django_assert_num_queries
):
    for _ in range(30):
        make_signal(signal_employer, assigned_to=account_manager)
    with django_assert_num_queries(1):
        signals = panel_signals(account_manager, employer=signal_employer)
    assert len(signals) == 30
    assert all(signal.can_act for signal in signals)


def test_placement_panel_shows_only_that_placements_signals(
    account_manager, signal_employer, make_signal, make_placement
):
    placement = make_placement(signal_employer)
    about_placement = make_signal(
        signal_employer,
        kind=Signal.Kind.CONTRACT_ENDING,
        placement=placement,
        assigned_to=account_manager,
        due_on=days_ahead(20),
    )
    about_employer = make_signal(signal_employer, assigned_to=account_manager)
    html = render_panel(account_manager, placement=placement)
    assert f'id="signal-{about_placement.pk}"' in html
    assert f'id="signal-{about_employer.pk}"' not in html
    assert placement.job_title in html
    assert "Contract loopt binnenkort af" in html


# The services' own guards and the admin ------------------------------------------------------


def test_policy_update_refuses_account_managers_and_other_regions(
    account_manager, team_lead, other_region, region
):
    with pytest.raises(PermissionDenied):
        policy_update(region=region, by=account_manager, churn_managers=4)
    with pytest.raises(PermissionDenied):
        policy_update(region=other_region, by=team_lead, churn_managers=4)
    with pytest.raises(TypeError):
        policy_update(region=region, by=team_lead, unknown_threshold=4)
    assert not RegionPolicy.objects.exists()


def test_signal_services_refuse_a_colleague_who_may_only_look(colleague, am_signal):
    with pytest.raises(PermissionDenied):
        signal_snooze(signal=am_signal, until=days_ahead(3), by=colleague)
    with pytest.raises(PermissionDenied):
        signal_resolve(signal=am_signal, by=colleague, note="Niet van mij")
    am_signal.refresh_from_db()
    assert am_signal.status == Signal.Status.OPEN


def test_admin_shows_signals_read_only(client_for, wsp_admin, am_signal):
    client = client_for(wsp_admin)
    assert client.get(reverse("admin:continuity_signal_changelist")).status_code == 200
    change_url = reverse("admin:continuity_signal_change", args=[am_signal.pk])
    response = client.get(change_url)
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert client.get(reverse("admin:continuity_signal_add")).status_code == 403
    client.post(change_url, {"status": "resolved"})
    am_signal.refresh_from_db()
    assert am_signal.status == Signal.Status.OPEN


def test_admin_edits_region_thresholds_through_the_service(client_for, wsp_admin, region):
    client = client_for(wsp_admin)
    response = client.post(
        reverse("admin:continuity_regionpolicy_add"),
        {"region": region.pk, **policy_data(stale_days_strategic=75)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = RegionPolicy.objects.get(region=region)
    assert (policy.stale_days_strategic, policy.updated_by) == (75, wsp_admin)
    response = client.post(
        reverse("admin:continuity_regionpolicy_change", args=[policy.pk]),
        policy_data(stale_days_strategic=5000),
    )
    assert response.status_code == 200
    assert "Kies een heel getal van 14 tot en met 730." in response.content.decode()
    policy.refresh_from_db()
    assert policy.stale_days_strategic == 75


def test_admin_thresholds_are_closed_to_other_staff(client_for, team_lead):
    response = client_for(team_lead).get(reverse("admin:continuity_regionpolicy_changelist"))
    assert response.status_code in (302, 403)
