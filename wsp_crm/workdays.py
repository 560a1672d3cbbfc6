"""Working days: Monday to Friday (public holidays are not taken into account).

Shared by the portal (the answer promised to an employer's question) and the continuity rules
(overdue actions, unanswered questions, escalation)."""

import datetime


def add_working_days(start, days):
    """The date `days` working days after `start` (before it when `days` is negative).

    The day itself does not count: three working days after Friday is Wednesday, and three
    before Monday is the Wednesday before. A threshold such as "open for more than N working
    days" holds exactly for the dates before `add_working_days(today, -N)`."""
    step = datetime.timedelta(days=1 if days >= 0 else -1)
    remaining = abs(days)
    current = start
    while remaining > 0:
        current += step
        if current.weekday() < 5:
            remaining -= 1
    return current
