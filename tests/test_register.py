"""One register per audience (issue 17): staff pages say "je", the employer portal says "u".
Pages both audiences see (login, password, two-factor, error pages) say "u"."""

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"

STAFF_TEMPLATES = tuple(
    f"templates/{name}/"
    for name in ("candidates", "placements", "continuity", "dashboard", "search", "audit")
) + ("templates/employers/_", "templates/employers/employer", "templates/employers/action")
PORTAL_TEMPLATES = ("templates/portal/",)
STAFF_MAIL = "templates/portal/email/question_staff"  # the portal's mail to the WSP staff
FORMAL = re.compile(r"\b(u|uw|U|Uw)\b")
INFORMAL = re.compile(r"\b(je|jij|jouw|Je|Jij|Jouw)\b")


def entries_only_in(prefixes):
    for entry in polib.pofile(str(CATALOGUE)):
        files = {path for path, _line in entry.occurrences}
        if files and all(path.startswith(prefixes) for path in files):
            yield entry, " ".join([entry.msgstr, *entry.msgstr_plural.values()])


def test_staff_pages_say_je():
    formal = [
        entry.msgid for entry, text in entries_only_in(STAFF_TEMPLATES) if FORMAL.search(text)
    ]
    assert not formal, "Staff pages address the reader with 'je':\n" + "\n".join(formal)


def test_the_portal_says_u():
    informal = [
        entry.msgid
        for entry, text in entries_only_in(PORTAL_TEMPLATES)
        if INFORMAL.search(text)
        and not all(path.startswith(STAFF_MAIL) for path, _line in entry.occurrences)
    ]
    assert not informal, "The employer portal addresses the reader with 'u':\n" + "\n".join(
        informal
    )
