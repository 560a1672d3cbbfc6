"""The global search: one query, every kind the user may see, grouped (search/kinds.py)."""

import dataclasses

from django.utils.translation import gettext as _

from .kinds import KINDS
from .text import MAX_LENGTH, MIN_LENGTH, words_of


@dataclasses.dataclass
class Result:
    query: str
    groups: list
    guidance: str = ""

    @property
    def total(self):
        return sum(len(group.hits) for group in self.groups)

    @property
    def candidate_ids(self):
        """The candidates whose name the result shows (for the access log)."""
        return {hit.candidate_id for group in self.groups for hit in group.hits if hit.candidate_id}


def guidance_for(query):
    """Why a query is not searched (empty, too short, too long), or "" when it is fine."""
    if len(query) > MAX_LENGTH:
        return _("Search with at most %(count)d characters.") % {"count": MAX_LENGTH}
    if len(query) < MIN_LENGTH or not words_of(query):
        return _(
            "Type at least %(count)d characters: a name, e-mail address, phone number, KvK "
            "number, postcode or city."
        ) % {"count": MIN_LENGTH}
    return ""


def search(user, query, kinds=None):
    """Every kind (or only `kinds`) for `query`, each scoped to what `user` may see."""
    from .kinds import Group

    query = " ".join((query or "").split())
    guidance = guidance_for(query)
    if guidance or not (user.is_authenticated and user.is_staff_member):
        return Result(query, [], guidance)
    words = words_of(query)
    groups = []
    for kind, label, find in KINDS:
        if kinds and kind not in kinds:
            continue
        hits, more = find(user, words)
        groups.append(Group(kind, str(label), hits, more))
    return Result(query, groups)
