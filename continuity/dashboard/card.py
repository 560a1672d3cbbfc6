"""The continuity card on the employer page (not part of the dashboard page itself)."""

from django.utils import timezone

from continuity.models import Signal
from employers.models import AccountAssignment, ContactEvent, Conversation

from .tables import days_since

CARD_CONTACT_EVENTS = 10


def employer_continuity_card(employer, today=None):
    """Context for templates/dashboard/includes/continuity_card.html: 4 queries.

    The current fixed manager and the tenure, previous fixed managers with dates and handover
    notes, the latest contact-person changes, days since the last conversation, open signals.
    The caller has already checked that the user may see `employer`."""
    today = today or timezone.localdate()
    assignments = list(
        AccountAssignment.objects.filter(employer=employer, kind="primary")
        .select_related("manager", "region")
        .order_by("-started_on", "-pk")
    )
    current = [a for a in assignments if a.ended_on is None]
    home = [a for a in current if a.region_id == employer.region_id]
    primary = (home or current or [None])[0]
    previous = [a for a in assignments if a.ended_on is not None]
    # A handover note is written on the assignment that takes over from the previous holder.
    for old in previous:
        successor = next(
            (
                a
                for a in reversed(assignments[: assignments.index(old)])
                if a.region_id == old.region_id
            ),
            None,
        )
        old.successor_note = successor.handover_note if successor else ""
        old.tenure_days = (old.ended_on - old.started_on).days
    events = list(
        ContactEvent.objects.filter(contact__employer=employer)
        .exclude(kind="verified")
        .select_related("contact")
        .order_by("-on", "-pk")[:CARD_CONTACT_EVENTS]
    )
    last = (
        Conversation.objects.filter(employer=employer)
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)
        .first()
    )
    signals = Signal.objects.filter(employer=employer).open().count()
    return {
        "employer": employer,
        "primary": primary,
        "tenure_days": (today - primary.started_on).days if primary else None,
        "previous_assignments": previous,
        "contact_events": events,
        "last_conversation": last,
        "days_since_conversation": days_since(last, today),
        "open_signals": signals,
    }
