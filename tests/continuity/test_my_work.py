"""Mijn werk (continuity.work, /work/, /work/team/, /api/v1/work/): each kind of work reaches the
right person and nobody else, rows are grouped by date, the filters work and refuse bad values,
team leads see their region's people (another region: 404; account managers: 403 for a
colleague), the team's overdue work by person, the start page's card, and the API scoped the
same way as the page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from continuity import work
from continuity.models import RegionPolicy, Signal
from employers.models import Action, Conversation
from employers.services.actions import action_complete, action_create
from placements.models import Instrument, InstrumentPeriod, Placement
from tests.conftest import make_user
from tests.factories import AccountAssignmentFactory, ConversationFactory, EmployerFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def ahead(days, base=None):
    return (base or TODAY) + datetime.timedelta(days=days)


def a_wednesday():
    """A fixed "today" for the date groups: the Wednesday of next week."""
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    return monday + datetime.timedelta(days=9)


def task(employer, owner, title, due_on=None):
    return action_create(
        employer=employer, by=owner, owner=owner, title=title, due_on=due_on, check_due=False
    )


def question(employer, owner, text, due_on=None):
    """An employer's portal question: the conversation the employer user wrote, and the open
    question action on it for `owner`."""
    asker = make_user(
        f"vraag{employer.pk}-{Action.objects.count()}@werkgever.test",
        User.Role.EMPLOYER_USER,
        employer=employer,
    )
    conversation = ConversationFactory(
        employer=employer, author=asker, channel=Conversation.Channel.MESSAGE, summary=text
    )
    return action_create(
        employer=employer,
        by=asker,
        owner=owner,
        kind=Action.Kind.QUESTION,
        title="Vraag beantwoorden",
        due_on=due_on,
        conversation=conversation,
        check_due=False,
    )


def period(placement, end, status=InstrumentPeriod.Status.GRANTED):
    instrument = Instrument.objects.get_or_create(
        region=placement.employer.region,
        name="Loonkostensubsidie (test)",
        defaults={"provider": Instrument.Provider.MUNICIPALITY, "description": "Test."},
    )[0]
    return InstrumentPeriod.objects.create(
        placement=placement,
        instrument=instrument,
        start=placement.start_date,
        end=end,
        status=status,
    )


def rows(result):
    return {(item.kind, item.pk) for item in result.items}


class Scene:
    pass


@pytest.fixture
def scene(region, account_manager, colleague, make_placement, make_follow_up, make_signal):
    """Anna (account_manager) holds Bakkerij Anna; Cor (colleague) holds Garage Cor. Cor is
    responsible for a placement at Anna's bakery."""
    s = Scene()
    s.anna_employer = EmployerFactory(region=region, name="Bakkerij Anna")
    AccountAssignmentFactory(employer=s.anna_employer, manager=account_manager)
    s.cor_employer = EmployerFactory(region=region, name="Garage Cor")
    AccountAssignmentFactory(employer=s.cor_employer, manager=colleague)

    s.anna_task = task(s.anna_employer, account_manager, "Offerte sturen", ahead(3))
    s.cor_task = task(s.cor_employer, colleague, "Werkplek bekijken", ahead(3))
    s.anna_question = question(
        s.anna_employer, account_manager, "Mag een medewerker ook thuiswerken?", ahead(2)
    )

    s.anna_placement = make_placement(
        s.anna_employer, responsible=account_manager, contract_end=ahead(20), job_title="Bakker"
    )
    s.cor_at_anna = make_placement(
        s.anna_employer, responsible=colleague, contract_end=ahead(30), job_title="Inpakker"
    )
    s.cor_placement = make_placement(
        s.cor_employer, responsible=colleague, contract_end=ahead(10), job_title="Monteur"
    )
    s.anna_follow_up = make_follow_up(s.anna_placement, ahead(2), "Na 2 weken")
    s.cor_follow_up = make_follow_up(s.cor_at_anna, ahead(1), "Na 6 weken")
    s.period = period(s.cor_at_anna, ahead(14))

    s.anna_signal = make_signal(s.anna_employer, assigned_to=account_manager, detail="Sanne weg")
    s.cor_signal = make_signal(s.cor_employer, assigned_to=colleague, detail="Piet weg")
    return s


# --- who gets what ---------------------------------------------------------------------------


def test_each_kind_reaches_its_person(scene, account_manager):
    result = work.work_of(account_manager)
    assert rows(result) == {
        ("action", scene.anna_task.pk),
        ("question", scene.anna_question.pk),
        ("follow_up", scene.anna_follow_up.pk),
        ("signal", scene.anna_signal.pk),
        # her own placement, and Cor's placement at the employer she holds
        ("contract_end", scene.anna_placement.pk),
        ("contract_end", scene.cor_at_anna.pk),
        ("instrument_end", scene.period.pk),
    }
    by_kind = {item.kind: item for item in result.items}
    assert by_kind["question"].title == "Mag een medewerker ook thuiswerken?"
    assert by_kind["question"].kind_label == "Vraag van werkgever"
    assert by_kind["signal"].detail == "Sanne weg"
    assert by_kind["follow_up"].title == "Na 2 weken"
    assert by_kind["instrument_end"].title == "Loonkostensubsidie (test)"
    assert by_kind["instrument_end"].detail == "Inpakker"


def test_the_responsible_colleague_gets_the_placement_work_at_an_employer_they_do_not_hold(
    scene, colleague
):
    result = work.work_of(colleague)
    assert rows(result) == {
        ("action", scene.cor_task.pk),
        ("follow_up", scene.cor_follow_up.pk),
        ("signal", scene.cor_signal.pk),
        ("contract_end", scene.cor_at_anna.pk),
        ("contract_end", scene.cor_placement.pk),
        ("instrument_end", scene.period.pk),
    }
    assert all(item.person_id == colleague.pk for item in result.items)


def test_nobody_else_gets_any_of_it(scene, team_lead, outsider):
    assert rows(work.work_of(team_lead)) == set()
    assert rows(work.work_of(outsider)) == set()


def test_each_row_links_to_the_thing_itself(scene, account_manager):
    links = {item.kind: item.url for item in work.work_of(account_manager).items}
    by_kind = {item.kind: item for item in work.work_of(account_manager).items}
    for kind in ("action", "question"):
        action_page = reverse(
            "employers:action_detail", args=[scene.anna_employer.pk, by_kind[kind].pk]
        )
        assert links[kind] == action_page
    assert links["signal"] == reverse("continuity:detail", args=[scene.anna_signal.pk])
    placement_page = reverse("placements:detail", args=[scene.anna_placement.pk])
    assert links["follow_up"] == f"{placement_page}#follow-up-{scene.anna_follow_up.pk}"
    period_page = reverse("placements:detail", args=[scene.cor_at_anna.pk])
    assert links["instrument_end"] == f"{period_page}#period-{scene.period.pk}"


def test_closed_and_finished_things_are_not_work(
    scene, account_manager, make_placement, make_signal
):
    action_complete(action=scene.anna_task, by=account_manager)
    scene.anna_follow_up.done_on = TODAY
    scene.anna_follow_up.outcome = "going_well"
    scene.anna_follow_up.save()
    Placement.objects.filter(pk=scene.cor_at_anna.pk).update(
        status=Placement.Status.ENDED, ended_on=TODAY
    )
    Signal.objects.filter(pk=scene.anna_signal.pk).update(
        status=Signal.Status.SNOOZED, snoozed_until=ahead(5)
    )
    back = make_signal(
        scene.anna_employer,
        assigned_to=account_manager,
        status=Signal.Status.SNOOZED,
        snoozed_until=TODAY,
    )
    make_signal(
        scene.anna_employer,
        assigned_to=account_manager,
        status=Signal.Status.RESOLVED,
        resolved_at=timezone.now(),
    )
    ended = period(scene.anna_placement, ahead(5), status=InstrumentPeriod.Status.ENDED)
    assert rows(work.work_of(account_manager)) == {
        ("question", scene.anna_question.pk),
        ("signal", back.pk),  # a snooze whose date came counts as open
        ("contract_end", scene.anna_placement.pk),
    }
    assert ("instrument_end", ended.pk) not in rows(work.work_of(account_manager))


def test_a_signal_about_a_listed_follow_up_or_deadline_is_not_listed_twice(
    scene, account_manager, team_lead, colleague, make_signal
):
    follow_up_signal = make_signal(
        scene.anna_employer,
        kind=Signal.Kind.FOLLOW_UP_DUE,
        placement=scene.anna_placement,
        assigned_to=account_manager,
    )
    contract_signal = make_signal(
        scene.anna_employer,
        kind=Signal.Kind.CONTRACT_ENDING,
        placement=scene.cor_at_anna,
        assigned_to=account_manager,
    )
    # Cor left: his follow-up signal went to the team lead, who has no follow-up row for it.
    User.objects.filter(pk=colleague.pk).update(is_active=False)
    fallback = make_signal(
        scene.anna_employer,
        kind=Signal.Kind.FOLLOW_UP_OVERDUE,
        placement=scene.cor_at_anna,
        assigned_to=team_lead,
    )
    mine = rows(work.work_of(account_manager))
    assert ("signal", follow_up_signal.pk) not in mine
    assert ("signal", contract_signal.pk) not in mine
    assert ("follow_up", scene.anna_follow_up.pk) in mine
    assert ("contract_end", scene.cor_at_anna.pk) in mine
    assert rows(work.work_of(team_lead)) == {("signal", fallback.pk)}


def test_another_regions_rows_never_show(scene, account_manager, other_region, make_signal):
    foreign = EmployerFactory(region=other_region, name="Haven Rotterdam")
    make_signal(foreign, region=other_region, assigned_to=account_manager)
    assert "Haven Rotterdam" not in {
        item.employer_name for item in work.work_of(account_manager).items
    }


# --- dates and windows -----------------------------------------------------------------------


def test_rows_are_grouped_overdue_today_this_week_later_and_no_date(
    region, account_manager, make_placement
):
    today = a_wednesday()
    employer = EmployerFactory(region=region, name="Drukkerij Datum")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    late = task(employer, account_manager, "Te laat", today - datetime.timedelta(days=1))
    now = task(employer, account_manager, "Vandaag", today)
    sunday = task(employer, account_manager, "Zondag", ahead(4, today))
    monday = task(employer, account_manager, "Maandag", ahead(5, today))
    undated = task(employer, account_manager, "Ooit", None)
    ended = make_placement(employer, contract_end=today - datetime.timedelta(days=3))

    result = work.work_of(account_manager, today=today)
    groups = {group.key: [(item.kind, item.pk) for item in group.items] for group in result.groups}
    assert groups == {
        "overdue": [("contract_end", ended.pk), ("action", late.pk)],  # the oldest first
        "today": [("action", now.pk)],
        "this_week": [("action", sunday.pk)],
        "later": [("action", monday.pk)],
        "no_date": [("action", undated.pk)],
    }
    assert [group.count for group in result.groups] == [2, 1, 1, 1, 1]
    assert (result.total, result.overdue) == (6, 2)
    assert work.work_counts(account_manager, today=today) == {"total": 6, "overdue": 2}


def test_this_week_runs_until_sunday():
    monday = a_wednesday() - datetime.timedelta(days=2)
    sunday = monday + datetime.timedelta(days=6)
    for offset in range(7):
        assert work.week_end_of(monday + datetime.timedelta(days=offset)) == sunday


def test_follow_ups_and_deadlines_follow_the_regions_windows(
    region, account_manager, make_placement, make_follow_up
):
    employer = EmployerFactory(region=region, name="Kwekerij Venster")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    placement = make_placement(employer, contract_end=ahead(7 * 8))
    soon = make_follow_up(placement, ahead(7))
    beyond = make_follow_up(placement, ahead(12))
    ending = period(placement, ahead(7 * 7))
    assert rows(work.work_of(account_manager)) == {("follow_up", soon.pk)}

    RegionPolicy.objects.update_or_create(
        region=region,
        defaults={"follow_up_due_days": 14, "contract_end_weeks": 8, "instrument_end_weeks": 7},
    )
    assert rows(work.work_of(account_manager)) == {
        ("follow_up", soon.pk),
        ("follow_up", beyond.pk),
        ("contract_end", placement.pk),
        ("instrument_end", ending.pk),
    }


def test_a_group_shows_at_most_the_limit_and_counts_everything(region, account_manager):
    employer = EmployerFactory(region=region, name="Slagerij Veel")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    late = [task(employer, account_manager, f"Klus {n}", ahead(-n)) for n in range(1, 6)]
    result = work.work_of(account_manager, limit=2)
    overdue = result.group("overdue")
    assert [item.pk for item in overdue.items] == [late[4].pk, late[3].pk]
    assert (overdue.count, overdue.more) == (5, 3)
    assert result.truncated


def test_past_the_rows_read_per_kind_the_counts_stay_exact(region, account_manager, team_lead):
    employer = EmployerFactory(region=region, name="Slagerij Veel")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    late = [task(employer, account_manager, f"Klus {n}", ahead(-n)) for n in range(1, 6)]
    task(employer, account_manager, "Ooit", None)
    result = work.work_of(account_manager, cap=2)
    assert [item.pk for item in result.group("overdue").items] == [late[4].pk, late[3].pk]
    assert [(group.key, group.count) for group in result.groups] == [
        ("overdue", 5),
        ("today", 0),
        ("this_week", 0),
        ("later", 0),
        ("no_date", 1),
    ]
    assert result.kind_counts[work.Kind.ACTION] == 6
    team = work.team_overdue(region.pk, cap=2)
    assert [(entry.person.pk, entry.count, len(entry.items)) for entry in team.people] == [
        (account_manager.pk, 5, 2)
    ]


# --- filters ---------------------------------------------------------------------------------


def test_filter_by_kind_and_employer(scene, account_manager):
    def of(**filters):
        return rows(work.work_of(account_manager, filters=work.Filters(**filters)))

    assert of(kind="question") == {("question", scene.anna_question.pk)}
    assert of(kind="action") == {("action", scene.anna_task.pk)}
    assert of(kind="signal") == {("signal", scene.anna_signal.pk)}
    assert of(kind="contract_end") == {
        ("contract_end", scene.anna_placement.pk),
        ("contract_end", scene.cor_at_anna.pk),
    }
    assert of(employer_name="bakkerij") == of()
    assert of(employer_name="garage") == set()
    assert of(employer_id=scene.cor_employer.pk) == set()
    assert len(of(employer_id=scene.anna_employer.pk)) == 7


def test_the_page_filters_and_explains_bad_values(client_for, scene, account_manager):
    client = client_for(account_manager)
    text = client.get("/work/?kind=question").content.decode()
    assert "Mag een medewerker ook thuiswerken?" in text
    assert "Offerte sturen" not in text

    text = client.get("/work/?q=garage").content.decode()
    assert "Offerte sturen" not in text
    assert "0 punten" in text

    for query in ("kind=bogus", "employer=abc", "employer=0", "user=abc"):
        response = client.get(f"/work/?{query}")
        assert response.status_code == 200, query
        text = response.content.decode()
        assert "Sommige filters zijn niet begrepen" in text, query
        assert "Offerte sturen" in text, query  # the filter that was not understood is left out


# --- the page --------------------------------------------------------------------------------


def test_the_page_lists_the_work_by_group_with_a_link_per_row(client_for, scene, account_manager):
    response = client_for(account_manager).get("/work/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Mijn werk</h1>" in text
    for heading in ("Te laat", "Vandaag", "Deze week", "Later", "Geen datum"):
        assert heading in text
    assert 'id="group-overdue"' in text
    assert "Vraag van werkgever" in text
    assert "Mag een medewerker ook thuiswerken?" in text
    assert f'href="/employers/{scene.anna_employer.pk}/actions/' in text
    assert f'href="/signals/{scene.anna_signal.pk}/"' in text
    follow_up = f"/placements/{scene.anna_placement.pk}/#follow-up-{scene.anna_follow_up.pk}"
    assert f'href="{follow_up}"' in text
    assert "Werkplek bekijken" not in text  # Cor's
    assert "Garage Cor" not in text
    # Keyboard: every row is exactly one link (one tab stop), nothing else to focus in it.
    rows = re.findall(r'<li class="work-item[^"]*">(.*?)</li>', text, flags=re.S)
    assert len(rows) == 7
    for row in rows:
        assert row.count("<a ") == 1 and row.startswith("<a href=")
        assert "<button" not in row and "<input" not in row


def test_anonymous_visitors_go_to_login_and_employer_users_get_403(
    client, client_for, employer_user
):
    response = client.get("/work/")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client_for(employer_user).get("/work/").status_code == 403
    assert client_for(employer_user).get("/work/team/").status_code == 403


def test_a_team_lead_sees_a_members_work(client_for, scene, team_lead, account_manager):
    response = client_for(team_lead).get(f"/work/?user={account_manager.pk}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Werk van Anna Test" in text
    assert "Offerte sturen" in text
    assert "Werkplek bekijken" not in text
    assert f'<option value="{account_manager.pk}" selected>' in text
    # Filtering keeps the person: the select still shows whose work it is.
    text = client_for(team_lead).get("/work/?kind=action").content.decode()
    assert f'<option value="{team_lead.pk}" selected>' in text
    text = client_for(team_lead).get(f"/work/?user={account_manager.pk}&kind=action").content
    assert f'<option value="{account_manager.pk}" selected>'.encode() in text


def test_a_team_lead_gets_404_for_another_regions_person_or_a_non_staff_user(
    client_for, scene, team_lead, outsider, employer_user, wsp_admin
):
    client = client_for(team_lead)
    for person in (outsider, employer_user, wsp_admin):
        assert client.get(f"/work/?user={person.pk}").status_code == 404
    assert client.get("/work/?user=999999").status_code == 404


def test_an_account_manager_may_not_look_at_a_colleague(
    client_for, scene, account_manager, colleague, outsider
):
    client = client_for(account_manager)
    assert client.get(f"/work/?user={colleague.pk}").status_code == 403
    assert client.get(f"/work/?user={outsider.pk}").status_code == 403
    assert client.get(f"/work/?user={account_manager.pk}").status_code == 200


def test_a_wsp_admin_may_look_at_anybody_on_the_staff(client_for, scene, wsp_admin, colleague):
    response = client_for(wsp_admin).get(f"/work/?user={colleague.pk}")
    assert response.status_code == 200
    assert "Werkplek bekijken" in response.content.decode()


def test_a_team_lead_sees_what_a_colleague_who_left_still_holds(
    client_for, scene, team_lead, colleague
):
    User.objects.filter(pk=colleague.pk).update(is_active=False)
    response = client_for(team_lead).get(f"/work/?user={colleague.pk}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "werkt niet meer bij het WSP" in text
    assert "Werkplek bekijken" in text


# --- the team's overdue work -----------------------------------------------------------------


def test_the_team_view_lists_overdue_work_by_person(
    client_for, scene, team_lead, account_manager, colleague, outsider
):
    late = task(scene.anna_employer, account_manager, "Terugbellen", ahead(-2))
    cor_late = task(scene.cor_employer, colleague, "Contract opsturen", ahead(-5))
    Placement.objects.filter(pk=scene.cor_at_anna.pk).update(contract_end=ahead(-1))
    foreign = EmployerFactory(region=outsider.region, name="Haven Rotterdam")
    task(foreign, outsider, "Buitenregio", ahead(-3))

    team = work.team_overdue(account_manager.region_id)
    by_person = {entry.person.pk: {(i.kind, i.pk) for i in entry.items} for entry in team.people}
    assert by_person == {
        # the contract of Cor's placement at Anna's bakery: its fixed manager's
        account_manager.pk: {("action", late.pk), ("contract_end", scene.cor_at_anna.pk)},
        colleague.pk: {("action", cor_late.pk)},
    }
    assert [person.pk for person in team.without] == [team_lead.pk]

    response = client_for(team_lead).get("/work/team/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Achterstallig werk in Midden-Utrecht" in text
    assert f'href="/work/?user={account_manager.pk}"' in text
    assert "Terugbellen" in text and "Contract opsturen" in text
    assert "Offerte sturen" not in text  # not overdue
    assert "Buitenregio" not in text


def test_the_team_view_shows_at_most_a_few_rows_per_person_with_the_count(
    client_for, scene, team_lead, account_manager
):
    for n in range(1, 5):
        task(scene.anna_employer, account_manager, f"Oude klus {n}", ahead(-n))
    team = work.team_overdue(account_manager.region_id, per_person=3)
    (entry,) = team.people
    assert (len(entry.items), entry.count, entry.more) == (3, 4, 1)
    assert [item.title for item in entry.items] == ["Oude klus 4", "Oude klus 3", "Oude klus 2"]


def test_the_team_view_is_for_team_leads_and_admins(
    client_for, scene, account_manager, wsp_admin, region
):
    assert client_for(account_manager).get("/work/team/").status_code == 403
    admin = client_for(wsp_admin)
    assert (
        "Kies een regio om het achterstallige werk te zien."
        in admin.get("/work/team/").content.decode()
    )
    task(scene.anna_employer, scene.anna_task.owner, "Terugbellen", ahead(-2))
    response = admin.get(f"/work/team/?region={region.pk}")
    assert response.status_code == 200
    assert "Terugbellen" in response.content.decode()
    assert admin.get("/work/team/?region=999999").status_code == 404
    response = admin.get("/work/team/?region=abc")
    assert response.status_code == 200
    assert "Sommige filters zijn niet begrepen" in response.content.decode()


# --- the start page --------------------------------------------------------------------------


def test_the_start_page_links_to_my_work_with_the_counts(client_for, scene, account_manager):
    task(scene.anna_employer, account_manager, "Terugbellen", ahead(-2))
    text = client_for(account_manager).get("/").content.decode()
    assert 'aria-labelledby="my-work-heading"' in text
    assert 'href="/work/"' in text
    assert '<a href="/work/">8<span class="visually-hidden"> punten in mijn werk</span></a>' in text
    assert 'href="/work/#group-overdue"><span class="badge badge-danger">1</span> te laat' in text


# --- the API ---------------------------------------------------------------------------------


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def test_the_api_answers_the_same_rows_as_the_page(scene, account_manager):
    response = api(account_manager).get("/api/v1/work/")
    assert response.status_code == 200
    data = response.json()
    page = work.work_of(account_manager)
    assert {(row["kind"], row["id"]) for row in data["results"]} == rows(page)
    assert data["person"] == account_manager.pk
    assert data["total"] == 7
    assert data["counts"] == {group.key: group.count for group in page.groups}
    assert data["by_kind"]["contract_end"] == 2
    question_row = next(row for row in data["results"] if row["kind"] == "question")
    assert question_row["title"] == "Mag een medewerker ook thuiswerken?"
    assert (
        question_row["url"] == f"/employers/{scene.anna_employer.pk}/actions/{question_row['id']}/"
    )


def test_the_api_filters_like_the_page(scene, account_manager):
    client = api(account_manager)
    data = client.get("/api/v1/work/?kind=question").json()
    assert [(row["kind"], row["id"]) for row in data["results"]] == [
        ("question", scene.anna_question.pk)
    ]
    assert client.get("/api/v1/work/?q=garage").json()["total"] == 0
    data = client.get(f"/api/v1/work/?employer={scene.anna_employer.pk}").json()
    assert data["total"] == 7


@pytest.mark.parametrize(
    "query", ["kind=bogus", "kind=", "employer=0", "employer=abc", "user=", "user=x", "q="]
)
def test_the_api_refuses_bad_filter_values(scene, account_manager, query):
    response = api(account_manager).get(f"/api/v1/work/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_the_api_is_scoped_like_the_page(
    scene, account_manager, colleague, team_lead, outsider, wsp_admin, employer_user
):
    assert api().get("/api/v1/work/").status_code == 401
    assert api(employer_user).get("/api/v1/work/").status_code == 403
    assert api(account_manager).get(f"/api/v1/work/?user={colleague.pk}").status_code == 403
    lead = api(team_lead)
    data = lead.get(f"/api/v1/work/?user={colleague.pk}").json()
    assert data["person"] == colleague.pk
    assert {(row["kind"], row["id"]) for row in data["results"]} == rows(work.work_of(colleague))
    assert lead.get(f"/api/v1/work/?user={outsider.pk}").status_code == 404
    assert lead.get(f"/api/v1/work/?user={employer_user.pk}").status_code == 404
    assert api(wsp_admin).get(f"/api/v1/work/?user={outsider.pk}").status_code == 200


def test_the_team_api(scene, account_manager, team_lead, wsp_admin, region, employer_user):
    late = task(scene.anna_employer, account_manager, "Terugbellen", ahead(-2))
    data = api(team_lead).get("/api/v1/work/team/").json()
    assert data["region"] == region.pk
    assert [(p["person"], p["count"]) for p in data["people"]] == [(account_manager.pk, 1)]
    assert data["people"][0]["results"][0]["id"] == late.pk
    assert api(account_manager).get("/api/v1/work/team/").status_code == 403
    assert api(employer_user).get("/api/v1/work/team/").status_code == 403
    admin = api(wsp_admin)
    assert admin.get("/api/v1/work/team/").status_code == 400
    assert admin.get(f"/api/v1/work/team/?region={region.pk}").json()["total"] == 1
    assert admin.get("/api/v1/work/team/?region=999999").status_code == 404
    assert api(team_lead).get("/api/v1/work/team/?kind=bogus").status_code == 400


def test_the_api_is_read_only_and_in_the_schema(scene, account_manager):
    client = api(account_manager)
    assert client.post("/api/v1/work/", {}, format="json").status_code == 405
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/work/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"user", "kind", "employer", "q"}
    assert set(schema["paths"]["/api/v1/work/"]) == {"get"}
    assert "/api/v1/work/team/" in schema["paths"]
