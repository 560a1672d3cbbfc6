"""Fill Dutch translations into locale/nl/LC_MESSAGES/django.po from a JSON map, then compile.

Usage: python scripts/translate.py MAP.json   ({"English msgid": "Nederlands", ...};
plural entries: {"msgid": ["enkelvoud", "meervoud"]}). Unknown msgids are reported.
"""

import json
import sys
from pathlib import Path

import polib

PO_PATH = Path(__file__).resolve().parent.parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def main(map_path):
    mapping = json.loads(Path(map_path).read_text(encoding="utf-8"))
    catalogue = polib.pofile(str(PO_PATH))
    entries = {entry.msgid: entry for entry in catalogue}
    unknown = [msgid for msgid in mapping if msgid not in entries]
    for msgid, text in mapping.items():
        entry = entries.get(msgid)
        if entry is None:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: text[0], 1: text[1]}
        else:
            entry.msgstr = text
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save()
    catalogue.save_as_mofile(str(PO_PATH.with_suffix(".mo")))
    for msgid in unknown:
        print(f"not in catalogue: {msgid!r}")
    missing = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    print(f"{len(missing)} untranslated or fuzzy (a fuzzy guess needs a real translation)")
    for msgid in missing:
        print(f"  {msgid!r}")


if __name__ == "__main__":
    main(sys.argv[1])
