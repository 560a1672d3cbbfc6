"""The caseload handover: a team lead (or WSP admin) hands all employers of a leaving or absent
account manager over in one go, each with its handover note (employers/handover.py).

A team lead sees the managers of their own region (active or deactivated) and everybody who
still holds an employer there, and hands over that region's employers; another region's manager
answers 404. WSP admins see every region. Account managers and employer users get 403.
"""

from collections import Counter

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.views import View

from accounts.models import Region, User
from accounts.permissions import StaffRequiredMixin

from .. import handover
from ..handover_forms import CaseloadHandover
from ..models import AccountAssignment
from ..services.caseload import caseload_hand_over


class TeamLeadRequiredMixin(StaffRequiredMixin):
    allowed_roles = (User.Role.TEAM_LEAD,)


def scope_region(user):
    """The region a user hands over in: a team lead's own; None for WSP admins (all)."""
    return None if user.is_wsp_admin else user.region


def current_primaries(region):
    assignments = AccountAssignment.objects.current().filter(kind=AccountAssignment.Kind.PRIMARY)
    return assignments if region is None else assignments.filter(region=region)


def managers_in_scope(user):
    """Whose caseload the user may hand over: staff of the own region (deactivated ones too) and
    anybody holding an employer there."""
    managers = User.objects.filter(role__in=User.REGIONAL_ROLES)
    region = scope_region(user)
    if region is None:
        return managers
    holders = current_primaries(region).values("manager_id")
    return managers.filter(Q(region=region) | Q(pk__in=holders))


class CaseloadPickView(TeamLeadRequiredMixin, View):
    """Choose whose caseload to hand over: per manager the employers they hold."""

    template_name = "employers/caseload_pick.html"

    def get(self, request):
        user = request.user
        region = scope_region(user)
        regions = []
        if user.is_wsp_admin:
            regions = list(Region.objects.order_by("name"))
            region = next((r for r in regions if str(r.pk) == request.GET.get("region")), None)
        held = dict(
            current_primaries(region)
            .values_list("manager_id")
            .annotate(total=Count("pk"))
            .order_by()
        )
        people = User.objects.filter(role__in=User.REGIONAL_ROLES).select_related("region")
        if region is not None:
            people = people.filter(Q(region=region) | Q(pk__in=list(held)))
        else:
            people = people.filter(pk__in=list(held))
        people = sorted(people, key=lambda p: (p.is_active, p.first_name, p.last_name, p.pk))
        for person in people:
            person.held = held.get(person.pk, 0)
        return render(
            request,
            self.template_name,
            {"people": people, "region": region, "regions": regions},
        )


class CaseloadHandoverView(TeamLeadRequiredMixin, View):
    """One manager's employers (their current fixed-manager assignments in the scope), each with
    its open work, a successor (one for all, or per employer) and a prefilled handover note.
    Submitting hands each employer over in a transaction of its own and shows the result."""

    template_name = "employers/caseload_handover.html"
    result_template_name = "employers/caseload_result.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.manager = None

    def load(self, request, user_pk):
        self.manager = get_object_or_404(managers_in_scope(request.user), pk=user_pk)
        self.assignments = list(
            current_primaries(scope_region(request.user))
            .filter(manager=self.manager)
            .select_related("employer", "region")
            .order_by("employer__name", "pk")
        )
        self.employers = [assignment.employer for assignment in self.assignments]
        regions = {assignment.region_id for assignment in self.assignments}
        self.staff = list(
            User.objects.account_holders()
            .filter(region_id__in=regions or {self.manager.region_id})
            .exclude(pk=self.manager.pk)
            .select_related("region")
            .order_by("first_name", "last_name", "pk")
        )

    def forms(self, request, data=None):
        work = handover.open_work([e.pk for e in self.employers], owner=self.manager)
        prefill = None
        if data is None:  # a posted form shows what was posted
            prefill = handover.prefill(request, self.employers, manager=self.manager, work=work)
        forms = CaseloadHandover(
            data,
            manager=self.manager,
            assignments=self.assignments,
            staff=self.staff,
            prefill=prefill,
        )
        counts = Counter(action.employer_id for action in work)
        for row in forms.rows:
            row.open_work_count = counts[row.assignment.employer_id]
        return forms

    def context(self, request, forms):
        backups = AccountAssignment.objects.current().filter(
            manager=self.manager, kind=AccountAssignment.Kind.BACKUP
        )
        region = scope_region(request.user)
        if region is not None:
            backups = backups.filter(region=region)
        return {
            "manager": self.manager,
            "forms": forms,
            "backups": list(backups.select_related("employer").order_by("employer__name")),
        }

    def get(self, request, user_pk):
        self.load(request, user_pk)
        return render(request, self.template_name, self.context(request, self.forms(request)))

    def post(self, request, user_pk):
        self.load(request, user_pk)
        forms = self.forms(request, request.POST)
        if not forms.is_valid():
            return render(request, self.template_name, self.context(request, forms))
        result = caseload_hand_over(
            manager=self.manager,
            by=request.user,
            handovers=forms.handovers(),
            started_on=forms.main.cleaned_data["started_on"],
        )
        return render(
            request,
            self.result_template_name,
            {
                "manager": self.manager,
                "result": result,
                "still_held": len(forms.staying()) + len(result.failed),
            },
        )
