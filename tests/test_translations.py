from pathlib import Path

import polib

PO_PATH = Path(__file__).resolve().parent.parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def test_every_dutch_string_is_translated():
    catalogue = polib.pofile(str(PO_PATH))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


def test_committed_dutch_mo_file_matches_the_po_file():
    compiled = polib.pofile(str(PO_PATH)).to_binary()
    assert PO_PATH.with_suffix(".mo").read_bytes() == compiled, (
        "locale/nl/LC_MESSAGES/django.mo is out of date: run `make messages`"
    )
