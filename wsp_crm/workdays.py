"""Working days: Monday to Friday (public holidays are not taken into account).

Shared by the portal (the answer promised to an employer's question) and the continuity rules
(overdue actions, unanswered questions, escalation)."""

import datetime

ONE_DAY = datetime.timedelta(days=1)


def add_working_days(start, days):
    """The date `days` working days after `start` (before it when `days` is negative); the day
    itself does not count: three working days after Friday is Wednesday, and three before
    Monday is the Wednesday before."""
    step = ONE_DAY if days >= 0 else -ONE_DAY
    remaining = abs(days)
    current = start
    while remaining > 0:
        current += step
        if current.weekday() < 5:
            remaining -= 1
    return current


def working_days_cutoff(today, days):
    """The first date that is NOT more than `days` working days back from `today`: a date
    before it has more than `days` working days after it, up to and including today. (Due on a
    Thursday, one working day overdue on Friday and still on Saturday; more than one on
    Monday.)"""
    return add_working_days(today + ONE_DAY, -(days + 1))
