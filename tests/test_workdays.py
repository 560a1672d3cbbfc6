"""Working days (Monday to Friday), shared by the portal's promised answer date and the
continuity rules' thresholds."""

import datetime

import pytest

from wsp_crm.workdays import add_working_days, working_days_cutoff

MONDAY = datetime.date(2026, 11, 23)
FRIDAY = datetime.date(2026, 11, 27)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (MONDAY, 0, MONDAY),
        (MONDAY, 3, datetime.date(2026, 11, 26)),
        (FRIDAY, 1, datetime.date(2026, 11, 30)),
        (FRIDAY, 3, datetime.date(2026, 12, 2)),
        (datetime.date(2026, 11, 28), 1, datetime.date(2026, 11, 30)),  # Saturday -> Monday
        (MONDAY, -1, datetime.date(2026, 11, 20)),  # the Friday before
        (MONDAY, -3, datetime.date(2026, 11, 18)),
        (datetime.date(2026, 11, 29), -1, FRIDAY),  # Sunday -> Friday
        (FRIDAY, -5, datetime.date(2026, 11, 20)),
    ],
)
def test_working_days_skip_the_weekend_both_ways(start, days, expected):
    assert add_working_days(start, days) == expected


def working_days_between(after, until):
    """The working days after `after` up to and including `until` (counted one by one)."""
    count, day = 0, after
    while day < until:
        day += datetime.timedelta(days=1)
        count += day.weekday() < 5
    return count


def test_the_cutoff_is_exactly_more_than_n_working_days_back():
    """The rules test "more than N working days since D" as D < working_days_cutoff(today, N):
    checked against counting, for every pair of days in seven weeks and N from 1 to 6."""
    days = [MONDAY + datetime.timedelta(days=n) for n in range(49)]
    for n in range(1, 7):
        for today in days:
            cutoff = working_days_cutoff(today, n)
            for since in days:
                if since <= today:
                    expected = working_days_between(since, today) > n
                    assert (since < cutoff) is expected, (since, today, n)


def test_the_weekend_adds_no_working_day():
    thursday = datetime.date(2026, 11, 26)
    for today in (FRIDAY, FRIDAY + datetime.timedelta(days=1), FRIDAY + datetime.timedelta(days=2)):
        assert not thursday < working_days_cutoff(today, 1), today
    assert thursday < working_days_cutoff(FRIDAY + datetime.timedelta(days=3), 1)
