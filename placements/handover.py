"""The placements part of a handover note: the active placements that need attention from the new
account manager (employers/handover.py asks; registered by PlacementsConfig.ready(), so employers
never imports placements).

A placement is listed when its next follow-up is due within ATTENTION_WINDOW (or overdue), its
contract ends within that window (or ended while the placement is still active), or its workplace
supervisor leaves or left. A line names the job and the start date, never the candidate: the
note is free text on the employer, read by every colleague who sees the employer and kept after
the candidate's data is anonymised.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from employers.handover import day, note_sources

from .selectors import active_placements

ATTENTION_WINDOW = timedelta(days=92)  # about 3 months


def register_handover_lines():
    note_sources.register("placements", part="placements", lines=placements_needing_attention)


def placements_needing_attention(request, employers):
    """{employer_id: [line, ...]}: one query for all employers (shared with the employer page's
    placements panel)."""
    today = timezone.localdate()
    return {
        employer_id: [line for line in (attention_line(p, today) for p in placements) if line]
        for employer_id, placements in active_placements(request, employers).items()
    }


def attention_line(placement, today):
    """ "Medewerker inpak, since 3 Mar 2026: next follow-up After 6 weeks on 14 Apr 2026; ..."
    or None when nothing needs attention."""
    horizon = today + ATTENTION_WINDOW
    details = []
    if placement.overdue_follow_ups:
        details.append(
            ngettext(
                "%(count)d follow-up overdue",
                "%(count)d follow-ups overdue",
                placement.overdue_follow_ups,
            )
            % {"count": placement.overdue_follow_ups}
        )
    if placement.next_follow_up_on and placement.next_follow_up_on <= horizon:
        details.append(
            _("next follow-up %(kind)s on %(date)s")
            % {"kind": placement.next_follow_up_kind, "date": day(placement.next_follow_up_on)}
        )
    if placement.contract_end and placement.contract_end < today:
        details.append(_("contract ended %(date)s") % {"date": day(placement.contract_end)})
    elif placement.contract_end and placement.contract_end <= horizon:
        details.append(_("contract ends %(date)s") % {"date": day(placement.contract_end)})
    if placement.supervisor_left:
        details.append(
            _("supervisor %(name)s leaves or left on %(date)s")
            % {"name": placement.guide_leaving_name, "date": day(placement.guide_leaving_on)}
        )
    if not details:
        return None
    since = _("%(job)s, since %(date)s") % {
        "job": placement.job_title,
        "date": day(placement.start_date),
    }
    return f"{since}: {'; '.join(details)}"
