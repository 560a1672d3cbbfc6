"""Handovers of the fixed account manager show in the employer's timeline, between the
conversations, with the predecessor and the handover note."""

import datetime

import pytest
from django.utils import timezone

from employers import services
from tests.factories import ConversationFactory, EmployerFactory

pytestmark = pytest.mark.django_db


def test_the_timeline_shows_who_took_over_from_whom_with_the_note(
    region, account_manager, colleague, team_lead, client_for
):
    employer = EmployerFactory(region=region, name="Drukkerij Letterzetter")
    start = timezone.localdate() - datetime.timedelta(days=30)
    services.account_manager_assign(
        employer=employer, manager=account_manager, by=team_lead, started_on=start
    )
    ConversationFactory(employer=employer, author=account_manager)
    services.account_manager_assign(
        employer=employer,
        manager=colleague,
        by=team_lead,
        handover_note="Let op: de directeur belt liever dan hij mailt.",
    )
    html = client_for(colleague).get(employer.get_absolute_url()).content.decode()
    timeline = html[html.index('id="timeline"') :]
    assert "Anna Test heeft overgedragen aan Cor Test" in timeline
    assert "Anna Test is vaste accountmanager geworden" in timeline
    assert "de directeur belt liever" in timeline
    # Newest first: the handover to Cor comes before Anna's start.
    assert timeline.index("overgedragen aan Cor") < timeline.index("vaste accountmanager geworden")
