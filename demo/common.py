"""What the demo builders share: one seed for their random generators, one day, and the nearest
working day (the demo dates its events on weekdays, never ahead of today)."""

import datetime

SEED = 2026
DAY = datetime.timedelta(days=1)


def weekday(day, today):
    """The nearest working day (Saturday -> Friday, Sunday -> Monday unless that is ahead)."""
    if day.weekday() == 5:
        return day - DAY
    if day.weekday() == 6:
        return day + DAY if day + DAY <= today else day - 2 * DAY
    return day
