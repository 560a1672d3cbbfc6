"""The number of SQL queries of the main pages, pinned (issue 9).

Every page and API list below must answer in exactly the number of queries in QUERIES, both with
a few rows and with more rows than a list page holds: a query per row (an N+1) or a new query
anywhere shows up here as a changed number. When a change needs another query on purpose, update
the number here and say why in the commit.

The counts include the session and user look-ups of the logged-in client. They are the same on
SQLite and PostgreSQL.
"""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from candidates import services as candidate_services
from continuity.models import Signal
from employers.models import Action
from employers.services.actions import action_create
from placements import services as placement_services
from placements.models import FollowUp, Placement
from tests.conftest import make_user
from tests.factories import (
    AccountAssignmentFactory,
    ContactPersonFactory,
    ConversationFactory,
    EmployerFactory,
)

FEW, MANY = 3, 55  # a list page shows 50 rows: MANY fills more than one page

# (name, who looks, url) -> queries. `{employer}` and `{placement}` are the "home" employer and
# its first placement, which grow with the other rows.
# Each count includes the session, the user and the second-factor device (django-otp) look-ups,
# and on staff pages the header's unread-notification count (one query, issue 14).
QUERIES = {
    # The employer list's saved views are one query (issue 24); the managers of the filter and
    # the bulk form are read once for both.
    ("employer list", "account_manager", "/employers/"): 12,
    ("employer list, search", "account_manager", "/employers/?q=Testbedrijf"): 12,
    ("employer list, team lead", "team_lead", "/employers/"): 11,
    # +2 since the actions became their own rows: the timeline's actions and their steps.
    # +1 (issue 16): the placements panel writes its named candidates to the access log, one
    # bulk insert (the proposals panel adds one more when the employer has proposals).
    ("employer page", "account_manager", "/employers/{employer}/"): 35,
    ("signal inbox", "account_manager", "/signals/"): 9,
    # +1 (issue 16): the candidates named on the page, one bulk insert into the access log.
    ("placement list", "account_manager", "/placements/"): 10,
    # Issue 16: the lists that name candidates write them to the access log in ONE insert.
    ("candidate list", "account_manager", "/candidates/?mine=false"): 10,
    ("pipeline", "account_manager", "/candidates/pipeline/"): 9,
    # +4 for the team (issue 15): its members (one query) and the add-member form's choices
    # (the employer's current contacts; the region's staff: ids, then the users); +1 its
    # wage-value assessments (their section and the period form's choices).
    ("placement page", "account_manager", "/placements/{placement}/"): 19,
    # +2 (issue 15): endings by reason, placements at risk by cause.
    ("dashboard, team lead", "team_lead", "/dashboard/"): 28,
    ("portal home", "portal_user", "/portal/"): 5,
    # The portal's candidate pages: rows, consents (and responses), one access-log insert;
    # placements +1 for their teams and +2 for their running instruments (issue 15).
    ("portal placements", "portal_user", "/portal/placements/"): 10,
    ("portal proposals", "portal_user", "/portal/proposals/"): 5,
    ("api employers", "account_manager", "/api/v1/employers/"): 7,
    ("api conversations", "account_manager", "/api/v1/conversations/"): 7,  # +1: the actions
    ("api signals", "account_manager", "/api/v1/signals/"): 5,
    # +1: the teams (prefetch, issue 15); +1: the candidates named, one access-log insert (16).
    ("api placements", "account_manager", "/api/v1/placements/"): 7,
    ("api candidates", "account_manager", "/api/v1/candidates/"): 6,
    ("api proposals", "account_manager", "/api/v1/proposals/"): 4,
    # The start page's "Mijn werk" card: one query of counts (the region's windows come with the
    # region the page header shows anyway).
    ("home", "account_manager", "/"): 12,
    # Mijn werk: the region with its windows, one query per kind (actions, follow-ups, signals,
    # contract ends, instrument periods); a team lead's page adds the select of the people.
    ("my work", "account_manager", "/work/"): 11,
    ("my work, team lead looks at a manager", "team_lead", "/work/?user={manager}"): 12,
    ("team's overdue work", "team_lead", "/work/team/"): 11,
    ("api work", "account_manager", "/api/v1/work/"): 9,
}


class World:
    """A region that grows: `grow(n)` adds n employers held by the account manager, each with
    contacts, conversations with an open next action, open actions (a task and an employer's
    question), a placement whose contract ends soon and a signal; and n contacts, conversations
    and follow-ups to the home employer and its first placement."""

    def __init__(self, region, account_manager):
        self.region = region
        self.manager = account_manager
        self.numbers = itertools.count(1)
        self.home = self.employer()
        self.placement = self.place(self.home)
        self.portal_user = make_user(
            "portal@home.test", User.Role.EMPLOYER_USER, employer=self.home, first_name="Piet"
        )

    def employer(self):
        employer = EmployerFactory(region=self.region)
        AccountAssignmentFactory(employer=employer, manager=self.manager)
        return employer

    def place(self, employer):
        number = next(self.numbers)
        candidate = candidate_services.candidate_create(
            region=self.region,
            by=self.manager,
            responsible=self.manager,
            first_name="Kandidaat",
            last_name=f"Nummer {number}",
        )
        return placement_services.placement_start(
            candidate=candidate,
            employer=employer,
            by=self.manager,
            job_title=f"Medewerker {number}",
            start_date=timezone.localdate() - datetime.timedelta(days=30),
            contract_type="temporary",
            contract_end=timezone.localdate() + datetime.timedelta(days=150),
            hours_per_week=Decimal("24"),
        )

    def talk(self, employer):
        person = ContactPersonFactory(employer=employer)
        ConversationFactory(
            employer=employer,
            author=self.manager,
            participants=[person],
            next_action="Terugbellen",
            next_action_owner=self.manager,
            next_action_due=timezone.localdate() - datetime.timedelta(days=2),
        )
        return person

    def act(self, employer):
        action_create(
            employer=employer,
            by=self.manager,
            title="Offerte nabellen",
            due_on=timezone.localdate() - datetime.timedelta(days=1),
            check_due=False,
        )
        action_create(
            employer=employer,
            by=self.manager,
            kind=Action.Kind.QUESTION,
            title="Vraag beantwoorden",
            due_on=timezone.localdate() + datetime.timedelta(days=3),
        )

    def grow(self, count):
        for _ in range(count):
            employer = self.employer()
            contact = self.talk(employer)
            self.act(employer)
            placement = self.place(employer)
            Placement.objects.filter(pk=placement.pk).update(
                contract_end=timezone.localdate() + datetime.timedelta(days=20)
            )
            Signal.objects.create(
                key=f"query-count:{next(self.numbers)}",
                kind=Signal.Kind.CONTACT_LEFT,
                severity=Signal.Severity.ATTENTION,
                region=self.region,
                employer=employer,
                contact=contact,
                assigned_to=self.manager,
                detail="Vertrokken",
            )
            self.talk(self.home)
            FollowUp.objects.create(
                placement=self.placement,
                due_on=timezone.localdate() + datetime.timedelta(days=next(self.numbers)),
                kind="Extra gesprek",
            )


def queries_of(client, url):
    client.get(url)  # the first request may fill caches (session, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


@pytest.mark.parametrize(("name", "who", "url"), list(QUERIES), ids=[k[0] for k in QUERIES])
def test_main_pages_keep_their_query_count_whatever_the_number_of_rows(
    name, who, url, client, region, account_manager, team_lead
):
    world = World(region, account_manager)
    users = {
        "account_manager": account_manager,
        "team_lead": team_lead,
        "portal_user": world.portal_user,
    }
    client.force_login(users[who])
    expected = QUERIES[(name, who, url)]
    url = url.format(
        employer=world.home.pk, placement=world.placement.pk, manager=account_manager.pk
    )

    world.grow(FEW)
    few = queries_of(client, url)
    world.grow(MANY - FEW)
    many = queries_of(client, url)

    assert (few, many) == (expected, expected), (
        f"{name}: {few} queries with {FEW} rows, {many} with {MANY}; pinned at {expected}"
    )
