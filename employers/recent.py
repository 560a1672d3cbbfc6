"""The employers a staff member opened last (for the search page's "recently opened"). Kept in
the cache: a convenience, not a record, so a cache that is away or emptied loses nothing that
matters, and reading an employer page writes nothing to the database."""

import logging

from django.core.cache import cache

KEEP = 10
DAYS = 30
log = logging.getLogger(__name__)


def _key(user):
    return f"recent-employers:{user.pk}"


def remember_employer(user, employer_id):
    """Put the employer first in the user's list (at most KEEP)."""
    try:
        ids = [employer_id, *(i for i in cache.get(_key(user), []) if i != employer_id)]
        cache.set(_key(user), ids[:KEEP], DAYS * 24 * 3600)
    except Exception as exc:  # noqa: BLE001 - the cache may be away; the page goes on
        log.warning("Recently opened employers not kept: %s", exc)


def recent_employer_ids(user):
    try:
        return list(cache.get(_key(user), []))
    except Exception as exc:  # noqa: BLE001
        log.warning("Recently opened employers not read: %s", exc)
        return []
