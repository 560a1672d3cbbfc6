"""The "Mijn werk" pages: one staff member's work (/work/, a team lead or WSP admin may pass
?user=<id>) and the team's overdue work (/work/team/). The rows, and who may see whose, come
from the package's other modules (the API at /api/v1/work/ uses the same functions)."""

from django import forms
from django.http import Http404
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from accounts.models import Region, User
from accounts.permissions import StaffRequiredMixin

from .access import colleagues_for, may_view_others, target_for
from .lists import team_overdue, work_of
from .queries import Filters
from .rows import Kind

MAX_ID = 2**63 - 1  # the largest primary key (BigAutoField)


class WorkFilterForm(forms.Form):
    """The filters of the page and of the API: whose work, which kind, which employer."""

    user = forms.IntegerField(
        label=_("Whose work"), min_value=1, max_value=MAX_ID, required=False, widget=forms.Select
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Kind.choices], required=False
    )
    q = forms.CharField(
        label=_("Employer"),
        max_length=100,
        required=False,
        help_text=_("Part of the employer's name."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    employer = forms.IntegerField(
        label=_("Employer number"),
        min_value=1,
        max_value=MAX_ID,
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The people one may pick (team leads, WSP admins); the ids are checked by
        # work.target_for, so a foreign id answers 404 rather than a form error.
        self.fields["user"].widget.choices = [
            (person.pk, person_label(person)) for person in people
        ]
        self.has_people = bool(people)

    def value(self, name):
        """The cleaned value of a filter; None when it is absent or was not understood."""
        if not self.is_bound or name in self.errors:
            return None
        return self.cleaned_data.get(name)

    def filters(self):
        return Filters(
            kind=self.value("kind") or "",
            employer_id=self.value("employer"),
            employer_name=(self.value("q") or "").strip(),
        )


def person_label(person):
    """A name for the person select; WSP admins pick from every region (region loaded)."""
    label = person.full_name
    region = person._state.fields_cache.get("region")
    if region is not None:
        label = f"{label} ({region})"
    if not person.is_active:
        label = f"{label} – {_('no longer active')}"
    return label


class MyWorkView(StaffRequiredMixin, TemplateView):
    """Mijn werk: everything that asks for the user (or, for a team lead, a colleague)."""

    template_name = "continuity/my_work.html"

    def get_context_data(self, **kwargs):
        viewer = self.request.user
        people = list(colleagues_for(viewer)) if may_view_others(viewer) else []
        form = WorkFilterForm(self.request.GET or None, people=people)
        person = target_for(viewer, form.value("user"), people=people)
        # The select shows whose work this is, also when only a filter was sent (else the
        # browser would show the first name and "Apply filters" would switch to that person).
        if not form.is_bound:
            form.initial["user"] = person.pk
        elif people:
            form.data = form.data.copy()
            form.data["user"] = str(person.pk)
        filters = form.filters()
        result = work_of(person, filters=filters)
        if person.pk != viewer.pk and person.region_id == viewer.region_id:
            viewer.region = person.region  # read with the policy; the header names it
        keep = {"user": person.pk} if person.pk != viewer.pk else {}
        return super().get_context_data(
            form=form,
            work=result,
            person=person,
            viewing_other=person.pk != viewer.pk,
            may_see_team=may_view_others(viewer),
            filters=filters,
            filters_active=bool(filters.params()),
            clear_url="?" + urlencode(keep) if keep else self.request.path,
            **kwargs,
        )


class TeamFilterForm(WorkFilterForm):
    """The team view's filters: kind and employer, and for WSP admins the region."""

    region = forms.IntegerField(
        label=_("Region"), min_value=1, max_value=MAX_ID, required=False, widget=forms.Select
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["user"]
        self.fields["region"].widget.choices = [
            ("", _("Choose a region")),
            *((region.pk, str(region)) for region in regions),
        ]


def team_region_id(viewer, form):
    """The region whose team is shown: a team lead's own; the one a WSP admin chose (None
    until they choose; an unknown id answers 404)."""
    if not viewer.is_wsp_admin:
        return viewer.region_id
    region_id = form.value("region") or viewer.region_id
    if region_id is not None and not Region.objects.filter(pk=region_id).exists():
        raise Http404
    return region_id


class TeamWorkView(StaffRequiredMixin, TemplateView):
    """The overdue work of a region's staff, by person: team leads their own region, WSP admins
    the region they choose."""

    template_name = "continuity/my_work_team.html"
    allowed_roles = (User.Role.TEAM_LEAD,)

    def get_context_data(self, **kwargs):
        viewer = self.request.user
        regions = list(Region.objects.all()) if viewer.is_wsp_admin else []
        form = TeamFilterForm(self.request.GET or None, regions=regions)
        region_id = team_region_id(viewer, form)
        if not form.is_bound or "region" in form.errors:
            form.initial["region"] = region_id
        team = None
        if region_id is not None:
            team = team_overdue(region_id, filters=form.filters())
            if team.region is not None and viewer.region_id == region_id:
                viewer.region = team.region  # read with the people; the header names it
        region = next((r for r in regions if r.pk == region_id), None) or viewer.region
        return super().get_context_data(
            form=form,
            show_regions=viewer.is_wsp_admin,
            region=region if region_id is not None else None,
            team=team,
            filters_active=bool(form.filters().params()),
            **kwargs,
        )
