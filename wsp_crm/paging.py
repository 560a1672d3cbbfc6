"""Paging without counting a whole table on every page.

A list of 1,000,000 conversations (or 100,000 employers for a WSP admin) cannot afford an exact
`COUNT(*)` on every page: counting the rows costs far more than reading the 50 shown. The
`CappedPaginator` counts at most `cap + 1` rows (`SELECT COUNT(*) FROM (… LIMIT cap + 1)`), so
its `count` is exact up to the cap and otherwise says "more than `cap`" (`count_capped`). The cap
grows with the page asked for, so every page that holds rows stays reachable: page 300 of 50 rows
counts up to row 15,000 + the cap.

Used by the HTML lists (employers, placements, signals, candidates) and by the API
(`wsp_crm.api_support.StandardPagination`).
"""

from django.core.paginator import InvalidPage, Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


MAX_REACH = 2**31 - 1


class CappedPaginator(Paginator):
    """A Paginator whose `count` stops at `cap` + 1 (see the module docstring).

    `count` is the number of rows when `count_capped` is false, and `cap` + 1 otherwise;
    `shown_count` is what a page should print ("more than 10,000" when capped). `cap=None`
    counts exactly (the API's `page=last` needs the real last page).
    """

    def __init__(
        self, object_list, per_page, *, cap=COUNT_CAP, number=None, count_from=None, **kwargs
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = None if cap is None else max(cap, self.page_reach(number))
        # The same rows as object_list, in a form that is cheaper to count (see
        # EmployerScopedQuerySet.visible_to_newest_first); object_list when not given.
        self.count_from = count_from

    def page_reach(self, number):
        """The rows up to and including the page asked for (0 when the number is not valid)."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            return 0
        # A page beyond any real table (?page=2**61) must not become a LIMIT the database
        # cannot hold; the page is then simply past the end (404).
        return min(number * self.per_page, MAX_REACH) if number > 0 else 0

    @cached_property
    def count(self):
        rows = self.object_list if self.count_from is None else self.count_from
        if not hasattr(rows, "query"):  # a list: its length costs nothing
            return len(rows)
        if self.cap is None:
            return rows.order_by().count()
        # Ordering, selected relations and columns do not change how many rows there are.
        limited = rows.order_by().values("pk")[: self.cap + 1]
        return limited.count()

    @property
    def count_capped(self):
        return self.cap is not None and self.count > self.cap

    @property
    def shown_count(self):
        return self.cap if self.count_capped else self.count


def capped_page(object_list, per_page, number):
    """The page `number` of a CappedPaginator; like Paginator.get_page, a page number that is not
    a number or out of range gives the first or last page."""
    paginator = CappedPaginator(object_list, per_page, cap=COUNT_CAP, number=number)
    try:
        return paginator.page(number)
    except InvalidPage:
        # Not a number: the first page. Past the end: the last page (the cap is then the
        # reach of the page asked for, so the count is exact and the last page real).
        try:
            int(number)
        except (TypeError, ValueError):
            return paginator.page(1)
        return paginator.page(paginator.num_pages)
