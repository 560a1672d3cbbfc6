"""CSV import of employers and contact persons (importer, page, command) and the CSV export."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employers import importer
from employers.import_views import SESSION_KEY
from employers.importer import MAX_ROWS, ImportFileError, run_import
from employers.models import ContactEvent, ContactPerson, Employer, Location
from tests.conftest import eager_tasks
from tests.factories import (
    AccountAssignmentFactory,
    ContactPersonFactory,
    EmployerFactory,
    LocationFactory,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"
HEADER = (
    "Naam werkgever,KvK-nummer,Vestigingsnummer,Sector,Aantal medewerkers,Publiek/privaat,Fase,"
    "Inclusie,Straat en huisnummer,Postcode,Plaats,Contactpersoon,Functie,Niveau,Rollen,"
    "Telefoon,E-mail"
)


def fixture(name):
    return (FIXTURES / name).read_bytes()


def csv_bytes(*lines, header=HEADER):
    return "\r\n".join([header, *lines]).encode("utf-8")


def do_import(raw, region, by=None, **options):
    options.setdefault("dry_run", False)
    return run_import(raw, region=region, by=by, **options)


def errors_of(result):
    return [(error.row, error.column, error.message) for error in result.errors]


def counts():
    return (Employer.objects.count(), Location.objects.count(), ContactPerson.objects.count())


# A good file -------------------------------------------------------------------------------------


def test_a_good_file_creates_employers_addresses_and_contacts(region, account_manager):
    result = do_import(fixture("good.csv"), region, account_manager)

    assert result.written and not result.errors
    assert (result.employers_created, result.contacts_created) == (3, 3)
    assert counts() == (3, 2, 3)
    bakery = Employer.objects.get(kvk_number="12345678")
    assert bakery.region == region
    assert bakery.created_by == account_manager
    assert (bakery.name, bakery.branch_number, bakery.sector) == (
        "Bakkerij Het Korenaar",
        "000012345678",
        Employer.Sector.MANUFACTURING,
    )
    assert (bakery.employee_count, bakery.ownership, bakery.stage, bakery.inclusion) == (
        42,
        Employer.Ownership.PRIVATE,
        Employer.Stage.ACTIVE,
        Employer.Inclusion.INCLUSIVE,
    )
    location = bakery.locations.get()
    assert (location.street, location.postcode, location.city, location.is_main) == (
        "Dorpsstraat 1",
        "3511 AB",
        "Utrecht",
        True,
    )
    anna = bakery.contacts.get(name="Anna de Boer")
    assert (anna.level, anna.is_director, anna.is_champion, anna.is_hr) == (
        "top",
        True,
        True,
        False,
    )
    assert (anna.job_title, anna.phone, anna.email) == (
        "Eigenaar",
        "030 123 45 67",
        "anna@korenaar.example",
    )
    erik = bakery.contacts.get(name="Erik Janssen")
    assert (erik.level, erik.is_supervisor) == ("floor", True)
    assert ContactEvent.objects.filter(contact=anna, kind="added", by=account_manager).exists()

    care = Employer.objects.get(name="Zorggroep Sint Maarten")
    assert (care.kvk_number, care.ownership, care.stage, care.inclusion, care.sector) == (
        "",
        "public",
        "introduction",
        "not_yet",
        "care",
    )
    assert care.contacts.get().level == "middle"
    transport = Employer.objects.get(kvk_number="87654321")
    assert transport.employee_count == 1200  # "1.200" is Dutch for 1200
    assert not transport.locations.exists() and not transport.contacts.exists()


def test_a_dry_run_shows_what_would_happen_and_writes_nothing(region, account_manager):
    result = do_import(fixture("good.csv"), region, account_manager, dry_run=True)

    assert not result.written
    assert (result.employers_created, result.contacts_created) == (3, 3)
    assert [(row.number, row.employer_action, row.contact_action) for row in result.rows] == [
        (2, "create", "create"),
        (3, "create", "create"),
        (4, "create", "create"),
        (5, "create", ""),
    ]
    assert counts() == (0, 0, 0)
    assert not ContactEvent.objects.exists()


# Bad rows ----------------------------------------------------------------------------------------


def test_a_file_with_bad_rows_writes_nothing_and_lists_each_error(region, account_manager):
    result = do_import(fixture("bad_rows.csv"), region, account_manager)

    assert not result.written
    assert counts() == (0, 0, 0)
    assert errors_of(result) == [
        (3, "KvK-nummer", '"1234" is geen KvK-nummer: gebruik precies 8 cijfers.'),
        (
            4,
            "Niveau",
            'Onbekende waarde "baas". Kies uit: top, midden, vloer.',
        ),
        (4, "E-mail", '"geen-mail" is geen geldig e-mailadres.'),
        (5, "Postcode", '"12345" is geen Nederlandse postcode: schrijf hem als 1234 AB.'),
        (6, "Naam werkgever", "Vul de naam van de werkgever in."),
    ]
    assert result.error_row_count == 4 and result.valid_row_count == 1


def test_import_only_the_valid_rows_keeps_them_and_skips_the_others(region, account_manager):
    result = do_import(fixture("bad_rows.csv"), region, account_manager, valid_only=True)

    assert result.written
    assert list(Employer.objects.values_list("name", flat=True)) == ["Groenteteelt De Akker"]
    assert list(ContactPerson.objects.values_list("name", flat=True)) == ["Kees Akkerman"]
    assert result.employers_created == 1 and result.contacts_created == 1
    assert result.error_row_count == 4


def test_other_rows_of_an_employer_with_bad_details_are_not_imported(region):
    raw = csv_bytes(
        "Kapsalon Knip,12121212,,,abc,,,,,,,Ria Knip,,top,,,",
        "Kapsalon Knip,12121212,,,,,,,,,,Bas Knip,,vloer,,,",
    )
    result = do_import(raw, region, valid_only=True)

    assert counts() == (0, 0, 0)
    assert errors_of(result)[1] == (
        3,
        "",
        "Niet geïmporteerd: de gegevens van de werkgever in rij 2 bevatten fouten.",
    )


def test_different_values_for_the_same_employer_are_an_error(region):
    raw = csv_bytes(
        "Kapsalon Knip,12121212,,,,,actief,,,,,Ria Knip,,top,,,",
        "Kapsalon Knip,12121212,,,,,prospect,,,,,Bas Knip,,vloer,,,",
    )
    result = do_import(raw, region)

    assert (3, "Fase", "Dit wijkt af van rij 2 voor dezelfde werkgever.") in errors_of(result)
    assert counts() == (0, 0, 0)


def test_a_new_contact_needs_a_level_unless_a_role_tells_it(region):
    raw = csv_bytes(
        "Kapsalon Knip,12121212,,,,,,,,,,Ria Knip,Eigenaar,,directeur,,",
        "Kapsalon Knip,12121212,,,,,,,,,,Bas Knip,Kapper,,,,",
    )
    result = do_import(raw, region)

    assert errors_of(result) == [
        (
            3,
            "Niveau",
            "Vul het niveau van een nieuwe contactpersoon in: top, midden, vloer.",
        )
    ]
    assert counts() == (0, 0, 0)
    do_import(raw, region, valid_only=True)
    assert ContactPerson.objects.get().level == "top"


def test_the_preview_finds_what_the_services_refuse(region):
    raw = csv_bytes("Kapsalon Knip,,,,99999999999999999999,,,,,,,,,,,,")
    preview = do_import(raw, region, dry_run=True)
    real = do_import(raw, region)
    assert errors_of(preview) == errors_of(real)
    assert [error[:2] for error in errors_of(real)] == [(2, "Aantal medewerkers")]
    assert Employer.objects.count() == 0


def test_contact_columns_without_a_name_are_an_error(region):
    result = do_import(csv_bytes("Kapsalon Knip,,,,,,,,,,,,Kapper,vloer,,,"), region)
    assert errors_of(result) == [
        (
            2,
            "Contactpersoon",
            "Vul de naam van de contactpersoon in, of laat alle contactkolommen leeg.",
        )
    ]


def test_an_incomplete_address_is_an_error(region):
    result = do_import(csv_bytes("Kapsalon Knip,,,,,,,,Markt 1,,Utrecht,,,,,,"), region)
    assert errors_of(result) == [
        (2, "Postcode", "Vul straat en huisnummer, postcode en plaats samen in.")
    ]


# Matching: importing again creates no duplicates -------------------------------------------------


def test_importing_the_same_file_again_creates_no_duplicates(region, account_manager):
    do_import(fixture("good.csv"), region, account_manager)
    events = ContactEvent.objects.count()

    again = do_import(fixture("good.csv"), region, account_manager)

    assert counts() == (3, 2, 3)
    assert ContactEvent.objects.count() == events
    assert (again.employers_created, again.employers_updated, again.employers_unchanged) == (
        0,
        0,
        3,
    )
    assert (again.contacts_created, again.contacts_updated, again.contacts_unchanged) == (0, 0, 3)


def test_an_existing_employer_gets_the_given_values_and_keeps_the_rest(
    region, employer, account_manager
):
    employer.knowledge_work = "Broodproductie in ploegen"
    employer.branch_number = ""
    employer.save()
    raw = csv_bytes(
        "Bakkerij De Gouden Korst,30123456,000099887766,,,,strategisch partner,,,,,,,,,,"
    )

    result = do_import(raw, region, account_manager)

    employer.refresh_from_db()
    assert result.employers_updated == 1 and Employer.objects.count() == 1
    assert employer.stage == Employer.Stage.STRATEGIC_PARTNER
    assert employer.branch_number == "000099887766"
    assert employer.sector == Employer.Sector.MANUFACTURING  # empty cell: unchanged
    assert employer.employee_count == 48
    assert employer.knowledge_work == "Broodproductie in ploegen"
    assert employer.updated_by == account_manager
    labels = {
        str(Employer._meta.get_field(name).verbose_name) for name in ("branch_number", "stage")
    }
    assert set(result.rows[0].changes) == labels


def test_without_kvk_an_employer_matches_on_name_and_postcode_ignoring_case_and_spaces(region):
    existing = EmployerFactory(region=region, name="Zorggroep Sint Maarten", kvk_number="")
    LocationFactory(employer=existing, street="Kerkplein 12", postcode="3526 KL", city="Utrecht")
    raw = csv_bytes(
        "zorggroep  SINT maarten,,,,,,,,kerkplein 12,3526kl,Utrecht,Fatima El Amrani,,midden,,,"
    )

    result = do_import(raw, region)

    assert Employer.objects.count() == 1 and Location.objects.count() == 1
    assert result.employers_unchanged == 1
    assert existing.contacts.get().name == "Fatima El Amrani"


def test_an_employer_recorded_without_kvk_gets_the_kvk_number_from_the_file(region):
    existing = EmployerFactory(region=region, name="Zorggroep Sint Maarten", kvk_number="")
    LocationFactory(employer=existing, postcode="3526 KL")
    raw = csv_bytes("Zorggroep Sint Maarten,41223344,,,,,,,Kerkplein 12,3526 KL,Utrecht,,,,,,")

    do_import(raw, region)

    existing.refresh_from_db()
    assert Employer.objects.count() == 1
    assert existing.kvk_number == "41223344"
    assert existing.locations.count() == 2  # a new address is added, the old one is kept


def test_the_same_name_in_another_region_is_another_employer(region, other_region):
    EmployerFactory(region=other_region, name="Kapsalon Knip", kvk_number="")
    do_import(csv_bytes("Kapsalon Knip,,,,,,,,,,,,,,,,"), region)
    assert Employer.objects.filter(name="Kapsalon Knip").count() == 2


def test_a_kvk_number_of_another_regions_employer_is_refused(region, other_employer):
    result = do_import(csv_bytes("Havenbedrijf Maaskade,24987654,,,,,prospect,,,,,,,,,,"), region)

    assert not result.written
    assert errors_of(result)[0][:2] == (2, "KvK-nummer")
    assert "kan niet in deze regio worden geïmporteerd" in errors_of(result)[0][2]
    other_employer.refresh_from_db()
    assert other_employer.stage == "active"


def test_an_ambiguous_name_asks_for_the_kvk_number(region):
    EmployerFactory.create_batch(2, region=region, name="Kapsalon Knip", kvk_number="")
    result = do_import(csv_bytes("Kapsalon Knip,,,,,,,,,,,Ria Knip,,top,,,"), region)
    assert errors_of(result)[0][1] == "Naam werkgever"
    assert "KvK-nummer" in errors_of(result)[0][2]
    assert ContactPerson.objects.count() == 0


def test_an_existing_contact_is_matched_by_email_and_updated(region, employer, contact):
    raw = csv_bytes(
        "Bakkerij De Gouden Korst,30123456,,,,,,,,,,Mirjam Hoekstra-de Wit,,,,06 11122233,"
        "MIRJAM@goudenkorst.test"
    )

    result = do_import(raw, region)

    contact.refresh_from_db()
    assert ContactPerson.objects.count() == 1
    assert (contact.name, contact.phone) == ("Mirjam Hoekstra-de Wit", "06 11122233")
    assert result.contacts_updated == 1 and result.rows[0].contact_action == "update"


def test_a_role_change_of_an_existing_contact_is_recorded(region, employer, contact):
    raw = csv_bytes("Bakkerij De Gouden Korst,30123456,,,,,,,,,,mirjam hoekstra,,top,directeur,,")

    do_import(raw, region)

    contact.refresh_from_db()
    assert (contact.level, contact.is_director, contact.is_hr, contact.is_champion) == (
        "top",
        True,
        False,
        False,
    )
    assert ContactEvent.objects.filter(contact=contact, kind="role_changed").count() == 1


def _rows(start, number):
    """Rows for `number` employers (each with two contacts) starting at number `start`."""
    return [
        f"Werkgever {n},{20000000 + n},,zorg,{n},,actief,,Straat {n},3511 AB,Utrecht,"
        f"Persoon {n}-{c},,midden,hr,,p{n}-{c}@werkgever.test"
        for n in range(start, start + number)
        for c in (1, 2)
    ]


def test_the_preview_uses_the_same_number_of_queries_for_10_and_200_rows(region):
    do_import(csv_bytes(*_rows(0, 150)), region)  # existing employers, matched by the preview
    few = csv_bytes(*_rows(0, 3), *_rows(1000, 2))
    many = csv_bytes(*_rows(0, 100), *_rows(1000, 100))
    with CaptureQueriesContext(connection) as queries_few:
        assert do_import(few, region, dry_run=True).employers_unchanged == 3
    with CaptureQueriesContext(connection) as queries_many:
        result = do_import(many, region, dry_run=True)
    assert (result.employers_unchanged, result.employers_created) == (100, 100)
    assert result.contacts_created == 200 and not result.errors
    assert len(queries_many) == len(queries_few)


# Encodings and formats ---------------------------------------------------------------------------


def test_excel_semicolon_csv_in_cp1252_keeps_dutch_characters(region):
    raw = fixture("excel_semicolon_cp1252.csv")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")

    result = do_import(raw, region)

    assert not result.errors
    assert (result.encoding, result.delimiter) == ("cp1252", ";")
    cafe = Employer.objects.get(name="Café De Reünie")
    assert cafe.sector == Employer.Sector.HOSPITALITY
    renee = cafe.contacts.get(name="Renée Müller")
    assert (renee.is_supervisor, renee.is_champion, renee.level) == (True, True, "middle")
    assert cafe.contacts.filter(name="Zoë van IJzendoorn", is_supervisor=True).exists()
    finance = Employer.objects.get(name="Financiële Diensten IJsselstein")
    assert finance.sector == Employer.Sector.FINANCE
    assert finance.locations.get().city == "IJsselstein"


def test_a_utf8_file_with_byte_order_mark(region):
    result = do_import(fixture("utf8_bom.csv"), region)

    assert not result.errors
    assert result.encoding == "utf-8-sig"
    employer = Employer.objects.get(kvk_number="55667788")
    assert employer.name == "Tegelhandel Élan"
    assert employer.contacts.get().name == "Joëlle Dubois"


def test_a_utf16_file_as_excel_saves_unicode_text(region):
    raw = fixture("good.csv").decode("utf-8").encode("utf-16")
    result = do_import(raw, region)
    assert result.encoding == "utf-16" and result.employers_created == 3


def test_english_headers_tabs_and_codes_are_accepted(region):
    result = do_import(fixture("english_tabs.csv"), region)

    assert not result.errors and result.delimiter == "\t"
    employer = Employer.objects.get(kvk_number="66778899")
    assert (employer.stage, employer.inclusion, employer.sector) == (
        "active",
        "inclusive",
        "retail",
    )
    bob = employer.contacts.get()
    assert (bob.level, bob.is_supervisor, bob.is_champion) == ("floor", True, True)


def test_excel_leading_zero_loss_and_formula_text_are_repaired(region):
    raw = csv_bytes('Kapsalon Knip,="01234567",12345678,,,,,,,,,,,,,,')
    do_import(raw, region)
    employer = Employer.objects.get()
    assert (employer.kvk_number, employer.branch_number) == ("01234567", "000012345678")


def test_unknown_columns_are_reported_and_ignored(region):
    raw = csv_bytes("Kapsalon Knip,Leuke zaak", header="Naam werkgever,Opmerking")
    result = do_import(raw, region)
    assert result.ignored_columns == ["Opmerking"]
    assert Employer.objects.get().name == "Kapsalon Knip"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "Het bestand is leeg."),
        (b"Plaats,Postcode\r\nUtrecht,3511 AB\r\n", 'De kolom "Naam werkgever" ontbreekt.'),
        (b"PK\x03\x04rest-of-a-workbook", "Dit is een Excel-werkmap, geen CSV-bestand."),
        (b"Naam werkgever\r\n", "Het bestand heeft kolomnamen maar geen rijen om te importeren."),
        (
            b"Naam werkgever,Naam\r\nA,B\r\n",
            'De kolommen "Naam werkgever" en "Naam" betekenen hetzelfde',
        ),
    ],
)
def test_an_unusable_file_is_refused_with_a_clear_message(region, raw, message):
    with pytest.raises(ImportFileError, match=message):
        do_import(raw, region)


def test_a_file_over_5_mb_is_refused(region):
    raw = csv_bytes("Kapsalon Knip," + "x" * (5 * 1024 * 1024), header="Naam werkgever,Opmerking")
    with pytest.raises(ImportFileError, match="groter dan 5 MB"):
        do_import(raw, region)


def test_a_file_over_10000_rows_is_refused(region):
    raw = csv_bytes(*[f"Werkgever {n}" for n in range(MAX_ROWS + 1)], header="Naam werkgever")
    with pytest.raises(ImportFileError, match="meer dan 10.000 rijen"):
        do_import(raw, region)
    assert Employer.objects.count() == 0


# The management command --------------------------------------------------------------------------


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_employers", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_with_dry_run_writes_nothing(region):
    out, _err = run_command(str(FIXTURES / "good.csv"), "--dry-run", "--region", region.code)
    assert "Proefimport (er is niets opgeslagen)" in out
    assert "Werkgevers: 3 nieuw" in out
    assert counts() == (0, 0, 0)


def test_the_command_imports_into_the_users_region(region, account_manager):
    out, _err = run_command(str(FIXTURES / "good.csv"), "--user", account_manager.email)
    assert "Geïmporteerd in regio Midden-Utrecht" in out
    assert Employer.objects.filter(region=region, created_by=account_manager).count() == 3


def test_the_command_reports_bad_rows_and_writes_nothing(region):
    with pytest.raises(CommandError, match="4 rijen met fouten: er is niets opgeslagen"):
        run_command(str(FIXTURES / "bad_rows.csv"), "--region", region.code)
    assert counts() == (0, 0, 0)


def test_the_command_with_valid_only_imports_the_good_rows(region):
    _out, err = run_command(str(FIXTURES / "bad_rows.csv"), "--region", region.code, "--valid-only")
    assert "rij 3 [KvK-nummer]" in err
    assert list(Employer.objects.values_list("name", flat=True)) == ["Groenteteelt De Akker"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "atlantis"], 'Onbekende regio "atlantis"'),
        ([], "Geef de regio op met --region"),
        (["--user", "nobody@wsp.test"], "Geen actieve WSP-medewerker heeft"),
    ],
)
def test_the_command_refuses_unclear_targets(region, args, message):
    with pytest.raises(CommandError, match=message):
        run_command(str(FIXTURES / "good.csv"), *args)


def test_the_command_refuses_a_region_the_user_does_not_work_in(other_region, account_manager):
    with pytest.raises(CommandError, match="werkt niet in regio Rijnmond"):
        run_command(
            str(FIXTURES / "good.csv"), "--user", account_manager.email, "--region", "rijnmond"
        )


# The import page ---------------------------------------------------------------------------------


def upload(client, name="good.csv", raw=None, **data):
    file = io.BytesIO(raw if raw is not None else fixture(name))
    file.name = name
    return client.post(reverse("employers:import"), {"file": file, **data})


def preview(client, response):
    assert response.status_code == 302, getattr(response, "text", "")
    return client.get(response.url)


def confirm(client, mode="all", token=None):
    token = token or client.session[SESSION_KEY]["token"]
    return client.post(
        reverse("employers:import"), {"step": "confirm", "token": token, "mode": mode}
    )


def test_anonymous_users_are_sent_to_login(client):
    for name in ("employers:import", "employers:import_sample", "employers:export"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    response = upload(client)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert Employer.objects.count() == 0


def test_employer_users_are_refused(client_for, employer_user):
    client = client_for(employer_user)
    for name in ("employers:import", "employers:import_sample", "employers:export"):
        assert client.get(reverse(name)).status_code == 403
    before = Employer.objects.count()  # the portal user's own employer exists already
    assert upload(client).status_code == 403
    assert Employer.objects.count() == before


def test_the_upload_page_explains_the_columns_in_dutch(client_for, account_manager):
    response = client_for(account_manager).get(reverse("employers:import"))
    assert response.status_code == 200
    assert "Werkgevers importeren" in response.text
    assert "De werkgevers worden geïmporteerd in je regio, Midden-Utrecht." in response.text
    assert "Straat en huisnummer" in response.text
    assert 'name="region"' not in response.text
    assert 'type="file"' in response.text and 'for="id_file"' in response.text


def test_an_account_manager_previews_then_imports_into_their_region(
    client_for, account_manager, region
):
    client = client_for(account_manager)
    page = preview(client, upload(client))

    assert page.status_code == 200
    assert "Controleer de import" in page.text
    assert "3 nieuw, 0 bijgewerkt, 0 ongewijzigd" in page.text
    assert "Importeer 4 rijen" in page.text
    assert counts() == (0, 0, 0)

    done = confirm(client)

    assert done.status_code == 302 and done.url == reverse("employers:list") + "?manager="
    assert Employer.objects.filter(region=region, created_by=account_manager).count() == 3
    assert SESSION_KEY not in client.session
    followed = client.get(done.url)
    assert "Import klaar. Werkgevers: 3 nieuw" in followed.text


def test_a_team_lead_may_import(client_for, team_lead, region):
    client = client_for(team_lead)
    preview(client, upload(client))
    confirm(client)
    assert Employer.objects.filter(region=region).count() == 3


def test_staff_cannot_import_into_another_region(client_for, account_manager, region, other_region):
    client = client_for(account_manager)
    preview(client, upload(client, region=other_region.pk))
    confirm(client)
    assert Employer.objects.filter(region=region).count() == 3
    assert not Employer.objects.filter(region=other_region).exists()


def test_a_wsp_admin_chooses_the_region(client_for, wsp_admin, other_region):
    client = client_for(wsp_admin)
    form = client.get(reverse("employers:import"))
    assert 'name="region"' in form.text
    assert "Dit veld is vereist." in upload(client).text
    page = preview(client, upload(client, region=other_region.pk))
    assert "regio Rijnmond" in page.text
    confirm(client)
    assert Employer.objects.filter(region=other_region).count() == 3


def test_the_preview_lists_errors_and_offers_only_the_valid_rows(client_for, account_manager):
    client = client_for(account_manager)
    page = preview(client, upload(client, "bad_rows.csv"))

    assert "5 fouten" in page.text
    assert "&quot;1234&quot; is geen KvK-nummer" in page.text
    assert "<td>3</td><td>KvK-nummer</td>" in page.text
    assert "Importeer 5 rijen" not in page.text
    assert "Alleen de 1 geldige rij importeren" in page.text

    refused = confirm(client, mode="all")
    assert refused.status_code == 400
    assert "Er is niets geïmporteerd" in refused.text
    assert counts() == (0, 0, 0)

    confirm(client, mode="valid_only")
    assert list(Employer.objects.values_list("name", flat=True)) == ["Groenteteelt De Akker"]


def test_an_unusable_file_is_refused_on_the_upload_form(client_for, account_manager):
    client = client_for(account_manager)
    response = upload(client, raw=b"Plaats\r\nUtrecht\r\n")
    assert response.status_code == 200
    assert "De kolom &quot;Naam werkgever&quot; ontbreekt." in response.text
    assert SESSION_KEY not in client.session


def test_a_file_over_5_mb_is_refused_on_the_upload_form(client_for, account_manager):
    client = client_for(account_manager)
    response = upload(client, raw=b"Naam werkgever\r\n" + b"x" * (5 * 1024 * 1024))
    assert "Het bestand is groter dan 5 MB." in response.text
    assert SESSION_KEY not in client.session


def test_the_upload_is_kept_in_the_session_not_on_disk(client_for, account_manager, settings):
    client = client_for(account_manager)
    preview(client, upload(client))
    pending = client.session[SESSION_KEY]
    assert set(pending) == {"token", "filename", "region", "data", "uploaded_at"}
    assert pending["filename"] == "good.csv"
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(media.rglob("good*.csv"))


def test_a_stale_or_foreign_token_imports_nothing(client_for, account_manager):
    client = client_for(account_manager)
    preview(client, upload(client))
    response = confirm(client, token="not-the-token")
    assert response.status_code == 302
    assert counts() == (0, 0, 0)
    assert "Deze upload is niet meer beschikbaar" in client.get(response.url).text


def test_cancel_forgets_the_upload(client_for, account_manager):
    client = client_for(account_manager)
    preview(client, upload(client))
    token = client.session[SESSION_KEY]["token"]
    client.post(reverse("employers:import"), {"step": "cancel", "token": token})
    assert SESSION_KEY not in client.session
    assert confirm(client, token=token).status_code == 302
    assert counts() == (0, 0, 0)


def test_a_large_import_runs_in_the_background_and_mails_the_outcome(
    client_for,
    account_manager,
    region,
    settings,
    monkeypatch,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    monkeypatch.setattr(importer, "SYNC_ROWS", 2)
    client = client_for(account_manager)
    preview(client, upload(client, "bad_rows.csv"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refused = confirm(client, mode="all")
    assert refused.status_code == 400 and not callbacks

    # (eager_tasks, not the setting alone: once an earlier test read the Celery app's
    # configuration, the setting no longer reaches it.)
    with eager_tasks(settings), django_capture_on_commit_callbacks(execute=True):
        response = confirm(client, mode="valid_only")

    assert "De import is gestart" in client.get(response.url).text
    assert list(Employer.objects.values_list("name", flat=True)) == ["Groenteteelt De Akker"]
    assert Employer.objects.get().created_by == account_manager
    mail = mailoutbox[0]
    assert mail.to == ["am@wsp.test"]
    assert mail.subject == "Import van bad_rows.csv klaar"
    assert "Import klaar. Werkgevers: 1 nieuw" in mail.body
    assert '- Rij 3 (KvK-nummer): "1234" is geen KvK-nummer' in mail.body


def test_the_sample_file_imports_cleanly(client_for, account_manager, region):
    response = client_for(account_manager).get(reverse("employers:import_sample"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    result = do_import(response.content, region)
    assert not result.errors and result.employers_created == 2


# The export --------------------------------------------------------------------------------------


def export(client, query=""):
    response = client.get(reverse("employers:export") + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="werkgevers-')
    return response


def exported_rows(response):
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_the_export_is_excel_csv_in_the_import_format(
    client_for, team_lead, employer, contact, region
):
    rows = exported_rows(export(client_for(team_lead)))
    assert rows[0] == HEADER.split(",")
    assert rows[1] == [
        "Bakkerij De Gouden Korst",
        "30123456",
        "",
        "industrie",
        "48",
        "privaat",
        "actief",
        "inclusief",
        "Kanaalweg 12",
        "3526 KL",
        "Utrecht",
        "Mirjam Hoekstra",
        "HR-manager",
        "midden",
        "hr, kartrekker",
        "030 123 4567",
        "mirjam@goudenkorst.test",
    ]


def test_the_export_holds_only_the_users_region(
    client_for, team_lead, employer, other_employer, national_employer
):
    names = [row[0] for row in exported_rows(export(client_for(team_lead)))[1:]]
    assert names == ["Bakkerij De Gouden Korst"]


def test_the_export_includes_a_national_employer_assigned_here(
    client_for, team_lead, employer, national_employer_assigned_here
):
    names = [row[0] for row in exported_rows(export(client_for(team_lead)))[1:]]
    assert names == ["Bakkerij De Gouden Korst", "Supermarktketen Nederland"]


def test_a_wsp_admin_exports_every_region(client_for, wsp_admin, employer, other_employer):
    names = [row[0] for row in exported_rows(export(client_for(wsp_admin)))[1:]]
    assert names == ["Bakkerij De Gouden Korst", "Havenbedrijf Maaskade"]


def test_the_export_follows_the_list_filters(client_for, team_lead, region, employer):
    EmployerFactory(region=region, name="Prospect B.V.", stage=Employer.Stage.PROSPECT)
    client = client_for(team_lead)
    assert [r[0] for r in exported_rows(export(client, "?stage=prospect"))[1:]] == ["Prospect B.V."]
    assert [r[0] for r in exported_rows(export(client, "?q=gouden"))[1:]] == [
        "Bakkerij De Gouden Korst"
    ]


def test_an_account_manager_exports_their_own_employers_unless_asking_for_all(
    client_for, account_manager, primary_assignment, region
):
    EmployerFactory(region=region, name="Van Een Collega B.V.")
    client = client_for(account_manager)
    assert [r[0] for r in exported_rows(export(client))[1:]] == ["Bakkerij De Gouden Korst"]
    assert [r[0] for r in exported_rows(export(client, "?manager="))[1:]] == [
        "Bakkerij De Gouden Korst",
        "Van Een Collega B.V.",
    ]


def test_the_export_has_one_row_per_current_contact(client_for, team_lead, employer, contact):
    ContactPersonFactory(employer=employer, name="Zeno Weg", left_on="2020-01-01")
    ContactPersonFactory(employer=employer, name="Bert Bakker", level="floor", is_hr=False)
    rows = exported_rows(export(client_for(team_lead)))[1:]
    assert [row[11] for row in rows] == ["Bert Bakker", "Mirjam Hoekstra"]


def test_the_export_keeps_formulas_from_running_in_excel(client_for, team_lead, region):
    EmployerFactory(region=region, name="=HYPERLINK(1)", kvk_number="")
    ContactPersonFactory(employer=Employer.objects.get(), name="Ann", phone="+31 6 12345678")
    row = exported_rows(export(client_for(team_lead)))[1]
    assert (row[0], row[15]) == ("'=HYPERLINK(1)", "+31 6 12345678")
    exported = export(client_for(team_lead)).content
    Employer.objects.all().delete()
    do_import(exported, region)
    assert Employer.objects.get().name == "=HYPERLINK(1)"


def test_export_then_import_creates_no_duplicates(client_for, team_lead, region):
    do_import(fixture("good.csv"), region)
    do_import(fixture("excel_semicolon_cp1252.csv"), region)
    before = counts()
    exported = export(client_for(team_lead)).content

    result = do_import(exported, region)

    assert not result.errors
    assert counts() == before
    assert (result.employers_created, result.employers_updated) == (0, 0)
    assert (result.contacts_created, result.contacts_updated) == (0, 0)
    assert result.employers_unchanged == 5 and result.contacts_unchanged == 5


def test_an_export_imports_into_an_empty_region_with_the_same_content(
    client_for, wsp_admin, region, other_region
):
    do_import(fixture("good.csv"), region)
    do_import(fixture("excel_semicolon_cp1252.csv"), region)
    exported = export(client_for(wsp_admin)).content
    snapshot = exported_rows(export(client_for(wsp_admin)))

    ContactPerson.objects.all().delete()
    Location.objects.all().delete()
    Employer.objects.all().delete()
    do_import(exported, other_region)

    assert exported_rows(export(client_for(wsp_admin))) == snapshot


def _employers_with_contacts(region, number):
    for _index in range(number):
        employer = EmployerFactory(region=region)
        LocationFactory(employer=employer)
        ContactPersonFactory.create_batch(2, employer=employer)
        AccountAssignmentFactory(employer=employer)


def test_the_export_uses_the_same_number_of_queries_for_10_and_200_employers(
    client_for, team_lead, region, django_assert_num_queries
):
    client = client_for(team_lead)
    _employers_with_contacts(region, 10)
    export(client)  # warm up the session
    with CaptureQueriesContext(connection) as few:
        assert len(exported_rows(export(client))) == 21
    _employers_with_contacts(region, 190)
    with django_assert_num_queries(len(few)):
        assert len(exported_rows(export(client))) == 401
