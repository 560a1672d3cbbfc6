"""The handover note: its four parts, what they are prefilled with, and how they are stored.

A successor needs four things (docs/domain.md, "Handover carries the work"): the open commitments
(the previous manager's open actions and the employer's questions, with their due dates), the key
contacts (director, HR, champion, supervisor, with their role), the placements needing attention
and the next step. The forms show the parts as separate fields, prefilled from the data and
editable; the note is stored as plain text with a heading per part in
`AccountAssignment.handover_note`:

    Openstaande afspraken:
    - Offerte LKS sturen (uiterlijk 12 jun 2026)

    Volgende stap:
    Kennismaken met Mirjam (HR).

Reads only (a selectors module). The placements part comes from the placements app, which sits
above employers: it registers its lines on `note_sources` from its AppConfig.ready(), the same way
it adds its panel to the employer page (wsp_crm/panels.py), so this module imports nothing above
employers.
"""

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wsp_crm.dates import day

from .models import Action, ContactPerson

# (part, label) in the order of the note. "general" is the caseload handover's note for all
# employers at once; the other four are the structure of every note.
PARTS = (
    ("general", gettext_lazy("General")),
    ("commitments", gettext_lazy("Open commitments")),
    ("contacts", gettext_lazy("Key contacts")),
    ("placements", gettext_lazy("Placements needing attention")),
    ("next_step", gettext_lazy("Next step")),
)
PART_LABELS = dict(PARTS)
PREFILLED = ("commitments", "contacts", "placements")

KEY_ROLES = ("is_director", "is_hr", "is_champion", "is_supervisor")


class NoteSources:
    """Lines an app above employers adds to a part of the handover note.

    `note_sources.register(name, part=..., lines=fn)`, where `fn(request, employers)` answers
    {employer_id: [line, ...]} for those employers in a fixed number of queries (a line is the
    text after the "- "). Registering a name again replaces it.
    """

    def __init__(self):
        self._sources = {}

    def register(self, name, *, part, lines):
        if part not in PREFILLED:
            raise ValueError(f"a handover note has no prefilled part {part!r} ({PREFILLED})")
        self._sources[name] = (part, lines)

    def lines(self, request, employers):
        """{employer_id: {part: [line, ...]}} from every registered source."""
        found = {employer.pk: {} for employer in employers}
        for _name, (part, lines) in sorted(self._sources.items()):
            for employer_id, texts in lines(request, employers).items():
                found[employer_id].setdefault(part, []).extend(texts)
        return found


note_sources = NoteSources()


# --- the open work ----------------------------------------------------------------------------


def open_work(employer_ids, owner=None):
    """The open actions and questions of these employers (of one owner when given), soonest due
    first, with their owner: one query."""
    actions = Action.objects.open().filter(employer_id__in=list(employer_ids))
    if owner is not None:
        actions = actions.filter(owner=owner)
    return list(actions.select_related("owner").order_by(F("due_on").asc(nulls_last=True), "pk"))


def commitment_line(action, today):
    details = []
    if action.is_question:
        details.append(str(action.get_kind_display()).lower())
    if action.due_on:
        details.append(_("due %(date)s") % {"date": day(action.due_on)})
    else:
        details.append(_("no due date"))
    if action.is_overdue(today):
        details.append(_("overdue"))
    return f"{action.title} ({', '.join(details)})"


# --- the key contacts -------------------------------------------------------------------------


def is_key_contact(contact):
    return not contact.has_left and any(getattr(contact, role) for role in KEY_ROLES)


def key_contacts(employer_ids):
    """The current key contacts of these employers: one query."""
    has_a_key_role = Q()
    for role in KEY_ROLES:
        has_a_key_role |= Q(**{role: True})
    return list(
        ContactPerson.objects.current()
        .filter(has_a_key_role, employer_id__in=list(employer_ids))
        .order_by("name", "pk")
    )


def contact_line(contact):
    text = contact.name
    if contact.job_title:
        text += f", {contact.job_title}"
    text += f" ({', '.join(str(role) for role in contact.roles)})"
    reach = [value for value in (contact.phone, contact.email) if value]
    if reach:
        text += " · " + " · ".join(reach)
    return text


def _contact_order(contact):
    # Top first: director, HR, champion, supervisor; then by name.
    return ([not getattr(contact, role) for role in KEY_ROLES], contact.name.lower())


# --- the prefill ------------------------------------------------------------------------------


def as_list(lines):
    return "\n".join(f"- {line}" for line in lines)


def prefill(request, employers, *, manager, work=None, contacts=None):
    """The prefilled parts per employer: {employer_id: {part: text}}.

    `manager` is the holder handing over: their open work on the employer is the "open
    commitments". Pass `work` (open actions) and `contacts` (contact persons, current or not)
    when the page has read them already; otherwise each is one query for all employers. The
    placements part comes from `note_sources`.
    """
    today = timezone.localdate()
    ids = [employer.pk for employer in employers]
    if work is None:
        work = open_work(ids, owner=manager)
    if contacts is None:
        contacts = key_contacts(ids)
    parts = {pk: {"commitments": [], "contacts": [], "placements": []} for pk in ids}
    for action in work:
        if action.owner_id == manager.pk and action.employer_id in parts:
            parts[action.employer_id]["commitments"].append(commitment_line(action, today))
    for contact in sorted((c for c in contacts if is_key_contact(c)), key=_contact_order):
        if contact.employer_id in parts:
            parts[contact.employer_id]["contacts"].append(contact_line(contact))
    for employer_id, found in note_sources.lines(request, employers).items():
        for part, lines in found.items():
            parts[employer_id][part].extend(lines)
    return {
        pk: {part: as_list(lines) for part, lines in found.items()} for pk, found in parts.items()
    }


# --- the stored note --------------------------------------------------------------------------


def compose_note(parts):
    """The note as stored: each non-empty part under its heading, in the order of PARTS."""
    sections = []
    for part, label in PARTS:
        text = (parts.get(part) or "").replace("\r\n", "\n").strip()
        if text:
            sections.append(f"{label}:\n{text}")
    return "\n\n".join(sections)


def handed_over_line(*, moved, kept, previous):
    """The line the handover adds to the note: how much open work moved along, and how much
    stayed with the previous manager."""
    text = ngettext(
        "Moved along: %(count)d action or question",
        "Moved along: %(count)d actions and questions",
        len(moved),
    ) % {"count": len(moved)}
    if kept:
        text += "; " + _("kept by %(name)s: %(count)d") % {
            "name": previous.full_name,
            "count": len(kept),
        }
    return text + "."
