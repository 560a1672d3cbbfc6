"""Import files that are broken or probing (issue 23): an unclosed quote, a stray invalid byte
in a UTF-8 file, a KvK number of another region, a KvK number that lost its leading zeros."""

import io

import pytest
from django.urls import reverse

from employers.importer import run_import
from employers.models import Employer
from tests.factories import EmployerFactory, LocationFactory

pytestmark = pytest.mark.django_db

HEADER = "Naam werkgever;KvK-nummer;Straat en huisnummer;Postcode;Plaats"


def csv_bytes(*lines, encoding="utf-8"):
    return "\r\n".join([HEADER, *lines, ""]).encode(encoding)


def dry_run(raw, region):
    return run_import(raw, region=region, dry_run=True)


def messages_of(result):
    return [(error.row, error.message) for error in result.errors]


def upload_preview(client, raw):
    file = io.BytesIO(raw)
    file.name = "werkgevers.csv"
    response = client.post(reverse("employers:import"), {"file": file})
    assert response.status_code == 302
    return client.get(response.url)


# --- an unclosed quote -------------------------------------------------------------------------


def test_an_unclosed_quote_is_an_error_naming_the_lines(region):
    raw = csv_bytes(
        "Bakkerij Korenaar;12345678;Dorpsstraat 1;3511 AB;Utrecht",
        '"Kapsalon Knip;23456789;Kerkplein 2;3512 CD;Utrecht',
        "Garage Zuid;34567890;Havenweg 3;3513 EF;Utrecht",
    )
    result = dry_run(raw, region)
    assert len(result.rows) == 2  # the third line was swallowed by the second
    assert result.has_errors
    ((row, message),) = messages_of(result)
    assert row == 3
    assert message.startswith("Regel 3 tot en met 4 zijn als één rij gelezen")
    assert "aanhalingsteken" in message


def test_an_unclosed_quote_on_the_last_line_is_an_error(region):
    raw = csv_bytes("Bakkerij Korenaar;12345678;Dorpsstraat 1;3511 AB;Utrecht", '"Garage Zuid')
    result = dry_run(raw, region)
    assert messages_of(result)[0][0] == 3
    assert "aanhalingsteken" in messages_of(result)[0][1]


def test_quoted_cells_on_one_line_are_fine(region):
    raw = csv_bytes('"Bakkerij ""Het"" Korenaar";12345678;"Dorpsstraat 1";3511 AB;Utrecht')
    result = dry_run(raw, region)
    assert not result.errors
    assert result.rows[0].employer["name"] == 'Bakkerij "Het" Korenaar'


def test_the_preview_shows_the_unclosed_quote(client_for, account_manager):
    raw = csv_bytes('"Kapsalon Knip;23456789;Kerkplein 2;3512 CD;Utrecht', "Garage Zuid")
    page = upload_preview(client_for(account_manager), raw)
    assert "Regel 2 tot en met 3 zijn als één rij gelezen" in page.text
    assert Employer.objects.count() == 0


# --- a stray byte in a UTF-8 file --------------------------------------------------------------


def stray_byte_file():
    good = csv_bytes(
        "Zorggroep Sint Maartën;12345678;Kerkplein 12;3526 KL;Utrecht",
        "Café De Hoek;23456789;Markt 1;3511 AA;Utrecht",
        "Garage Zuid;34567890;Havenweg 3;3513 EF;Utrecht",
    )
    return good.replace(b"Garage", b"Gar\xe9ge")  # one cp1252 byte in a UTF-8 file


def test_a_stray_byte_keeps_the_file_utf8_and_names_the_line(region):
    result = dry_run(stray_byte_file(), region)
    assert result.encoding == "utf-8-invalid"
    assert [row.employer_name for row in result.rows[:2]] == [
        "Zorggroep Sint Maartën",
        "Café De Hoek",
    ]  # not "MaartÃ«n": the file is not read as Windows-1252
    ((row, message),) = messages_of(result)
    assert row == 4
    assert message.startswith("Regel 4 bevat tekens die geen geldige UTF-8 zijn")


def test_the_preview_shows_the_stray_byte(client_for, account_manager):
    page = upload_preview(client_for(account_manager), stray_byte_file())
    assert "Regel 4 bevat tekens die geen geldige UTF-8 zijn" in page.text
    assert "UTF-8 met ongeldige tekens" in page.text


def test_a_windows_file_is_still_read_as_windows(region):
    raw = csv_bytes(
        "Zorggroep Sint Maartën;12345678;Kerkplein 12;3526 KL;Utrecht", encoding="cp1252"
    )
    result = dry_run(raw, region)
    assert result.encoding == "cp1252" and not result.errors
    assert result.rows[0].employer_name == "Zorggroep Sint Maartën"


# --- KvK numbers ---------------------------------------------------------------------------------

NOT_ALLOWED = "Dit KvK-nummer kan niet in deze regio worden geïmporteerd"


def test_a_kvk_of_another_region_is_not_allowed_without_confirming_it_exists(region, other_region):
    EmployerFactory(region=other_region, name="Haven Rotterdam", kvk_number="12345678")
    result = dry_run(csv_bytes("Haven Rotterdam;12345678;;;"), region)
    ((_row, message),) = messages_of(result)
    assert message.startswith(NOT_ALLOWED)
    assert "andere regio" not in message and "regio of een" not in message
    assert "Haven" not in message


@pytest.mark.parametrize(("stored", "in_file"), [("01234567", "1234567"), ("00123456", "123456")])
def test_a_kvk_that_lost_its_leading_zeros_matches_the_employer(region, stored, in_file):
    employer = EmployerFactory(region=region, name="Kapsalon Knip", kvk_number=stored)
    LocationFactory(employer=employer, postcode="3511 AB", is_main=True)
    raw = csv_bytes(f"Kapsalon Knip;{in_file};;;")
    result = run_import(raw, region=region, dry_run=False)
    assert not result.errors, messages_of(result)
    assert (result.employers_created, Employer.objects.count()) == (0, 1)
    assert result.rows[0].employer["kvk_number"] == stored


# --- website -------------------------------------------------------------------------------------

BAD_WEBSITES = [
    '"><script>alert(1)</script>',
    'https://www.bakkerij.example/"><script>alert(1)</script>',
    "https://www.bakkerij.example/'onmouseover='alert(1)",
    "javascript:alert(1)",
    "ftp://files.bakkerij.example/",
    "https://www.bakkerij.example/<img>",
]


@pytest.mark.parametrize("website", BAD_WEBSITES)
def test_the_service_refuses_an_unsafe_website(region, account_manager, website):
    from django.core.exceptions import ValidationError

    from employers import services

    employer = EmployerFactory(region=region, website="")
    with pytest.raises(ValidationError) as caught:
        services.employer_update(employer=employer, by=account_manager, website=website)
    assert "website" in caught.value.message_dict
    assert Employer.objects.get(pk=employer.pk).website == ""


@pytest.mark.parametrize("website", BAD_WEBSITES)
def test_the_api_refuses_an_unsafe_website(region, account_manager, website):
    from rest_framework.test import APIClient

    from tests.factories import AccountAssignmentFactory

    employer = EmployerFactory(region=region, website="")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    client = APIClient()
    client.force_login(account_manager)
    response = client.patch(
        f"/api/v1/employers/{employer.pk}/", {"website": website}, format="json"
    )
    assert response.status_code == 400
    assert "website" in response.json()
    assert Employer.objects.get(pk=employer.pk).website == ""


def test_the_page_refuses_an_unsafe_website(client_for, region, account_manager):
    from tests.factories import AccountAssignmentFactory

    employer = EmployerFactory(region=region, website="", name="Bakkerij")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    client = client_for(account_manager)
    page = client.get(reverse("employers:edit", args=[employer.pk]))
    form = page.context["form"]
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields and not isinstance(value, bool) or value is True
    }
    data["website"] = BAD_WEBSITES[1]
    response = client.post(reverse("employers:edit", args=[employer.pk]), data)
    assert response.status_code == 200
    assert "website" in response.context["form"].errors
    assert Employer.objects.get(pk=employer.pk).website == ""


@pytest.mark.parametrize(
    "website", ["https://www.bakkerij.example", "http://bakkerij.example/over-ons?x=1#team", ""]
)
def test_a_real_website_is_kept(region, account_manager, website):
    from employers import services

    employer = EmployerFactory(region=region)
    services.employer_update(employer=employer, by=account_manager, website=website)
    assert Employer.objects.get(pk=employer.pk).website == website
