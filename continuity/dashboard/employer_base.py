"""The "The employer base" section: the stage funnel and the employers by inclusion, size,
ownership and service style, with the list behind them."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from employers.models import Employer

from .tables import Cell, Table, UnknownList, employer_rows, pct_cell


def base_tables(scope):
    """1 query: the employer base in one aggregate."""
    stage_counts = {
        f"stage_{stage}": Count("pk", filter=Q(stage=stage)) for stage, _l in Employer.Stage.choices
    }
    row = scope.employers().aggregate(
        total=Count("pk"),
        **stage_counts,
        inclusive=Count("pk", filter=Q(inclusion="inclusive")),
        not_yet=Count("pk", filter=Q(inclusion="not_yet")),
        large=Count("pk", filter=Q(employee_count__gte=250)),
        small=Count("pk", filter=Q(employee_count__lt=250)),
        size_unknown=Count("pk", filter=Q(employee_count__isnull=True)),
        public=Count("pk", filter=Q(ownership="public")),
        private=Count("pk", filter=Q(ownership="private")),
        social=Count("pk", filter=Q(is_social_enterprise=True)),
        style_vacancy_filling=Count("pk", filter=Q(style_vacancy_filling=True)),
        style_unburdening=Count("pk", filter=Q(style_unburdening=True)),
        style_strategic=Count("pk", filter=Q(style_strategic=True)),
    )
    total = row["total"]

    def line(label, key, facet, value):
        return [
            Cell(label),
            Cell(row[key], scope.list_url("employers", facet=facet, value=value)),
            pct_cell(row[key], total),
        ]

    columns = [_("Group"), _("Employers"), _("Share")]
    funnel = Table(
        "funnel",
        _("Stage funnel"),
        columns,
        [line(label, f"stage_{stage}", "stage", stage) for stage, label in Employer.Stage.choices],
        chart={"label": 0, "value": 1},
    )
    base = Table(
        "employer_base",
        _("The employer base"),
        columns,
        [
            line(_("Inclusive"), "inclusive", "inclusion", "inclusive"),
            line(_("Not yet inclusive"), "not_yet", "inclusion", "not_yet"),
            line(_("250 or more employees"), "large", "size", "large"),
            line(_("Fewer than 250 employees"), "small", "size", "small"),
            line(_("Size unknown"), "size_unknown", "size", "unknown"),
            line(_("Public"), "public", "ownership", "public"),
            line(_("Private"), "private", "ownership", "private"),
            line(_("Social enterprises"), "social", "social", "1"),
            line(
                _("Service style: vacancy filling"),
                "style_vacancy_filling",
                "style",
                "vacancy_filling",
            ),
            line(_("Service style: unburdening"), "style_unburdening", "style", "unburdening"),
            line(
                _("Service style: strategic partnership"), "style_strategic", "style", "strategic"
            ),
        ],
        description=_("All employers in view (%(count)s).") % {"count": total},
    )
    return [funnel, base]


EMPLOYER_FACETS = {
    "stage": lambda v: Q(stage=v) if v in Employer.Stage.values else None,
    "inclusion": lambda v: Q(inclusion=v) if v in Employer.Inclusion.values else None,
    "size": lambda v: {
        "large": Q(employee_count__gte=250),
        "small": Q(employee_count__lt=250),
        "unknown": Q(employee_count__isnull=True),
    }.get(v),
    "ownership": lambda v: Q(ownership=v) if v in Employer.Ownership.values else None,
    "social": lambda v: Q(is_social_enterprise=True) if v == "1" else None,
    "style": lambda v: {
        "vacancy_filling": Q(style_vacancy_filling=True),
        "unburdening": Q(style_unburdening=True),
        "strategic": Q(style_strategic=True),
    }.get(v),
}


def list_employers(scope, params):
    facet, value = params.get("facet"), params.get("value", "")
    if facet not in EMPLOYER_FACETS:
        raise UnknownList(facet)
    condition = EMPLOYER_FACETS[facet](value)
    if condition is None:
        raise UnknownList(value)
    return employer_rows(scope, scope.employers().filter(condition), _("Employers"))
