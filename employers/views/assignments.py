"""The fixed account manager and the backups of an employer in the user's region."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import StaffRequiredMixin

from .. import services
from ..forms import AssignManagerForm, BackupForm
from ..models import AccountAssignment
from .detail import EmployerActionView, assignment_region, visible_employers


class ManagerAssignView(EmployerActionView):
    http_method_names = ["post"]
    on_employer_page = "assign_form"
    prefix = "assign"
    anchor = "manager"

    def get_form(self, data=None):
        region = assignment_region(self.request.user, self.employer)
        current = (
            AccountAssignment.objects.current()
            .filter(employer=self.employer, region=region, kind="primary")
            .first()
        )
        return AssignManagerForm(data, region=region, current=current, prefix=self.prefix)

    def perform(self, form):
        data = form.cleaned_data
        return services.account_manager_assign(
            employer=self.employer,
            manager=data["manager"],
            by=self.request.user,
            handover_note=data["handover_note"],
            region=assignment_region(self.request.user, self.employer),
            started_on=data["started_on"],
        )

    def get_success_message(self, form, result):
        return _("%(name)s is now the fixed account manager.") % {"name": result.manager}


class BackupAddView(EmployerActionView):
    http_method_names = ["post"]
    on_employer_page = "backup_form"
    prefix = "backup"
    anchor = "manager"

    def get_form(self, data=None):
        region = assignment_region(self.request.user, self.employer)
        current = AccountAssignment.objects.current().filter(employer=self.employer, region=region)
        return BackupForm(data, region=region, current_assignments=current, prefix=self.prefix)

    def perform(self, form):
        return services.account_manager_assign(
            employer=self.employer,
            manager=form.cleaned_data["manager"],
            by=self.request.user,
            region=assignment_region(self.request.user, self.employer),
            kind=AccountAssignment.Kind.BACKUP,
        )

    def get_success_message(self, form, result):
        return _("%(name)s is now a backup.") % {"name": result.manager}


class BackupEndView(StaffRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, assignment_pk):
        employer = get_object_or_404(visible_employers(request.user), pk=pk)
        assignment = get_object_or_404(
            employer.assignments.select_related("manager"),
            pk=assignment_pk,
            kind=AccountAssignment.Kind.BACKUP,
        )
        try:
            services.assignment_end(assignment=assignment, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(name)s is no longer a backup.") % {"name": assignment.manager}
            )
        return HttpResponseRedirect(employer.get_absolute_url() + "#manager")
