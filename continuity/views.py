# Being written (signals pages helper): placeholder so the URLconf loads.
from django.views.generic import TemplateView

from accounts.permissions import StaffRequiredMixin


class InboxView(StaffRequiredMixin, TemplateView):
    template_name = "base.html"
