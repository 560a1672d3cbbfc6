import pytest

from continuity.scan import scan_region

pytestmark = pytest.mark.django_db


def test_the_placement_page_shows_its_open_signals(client_for, account_manager, placement):
    scan_region(placement.employer.region)  # the first checkpoint (2 weeks) is overdue

    response = client_for(account_manager).get(placement.get_absolute_url())

    assert response.status_code == 200
    assert 'id="signals"' in response.text
    assert "Nazorg te laat" in response.text


def test_the_employer_page_shows_the_same_signal(client_for, account_manager, placement):
    scan_region(placement.employer.region)

    response = client_for(account_manager).get(placement.employer.get_absolute_url())

    assert "Nazorg te laat" in response.text
