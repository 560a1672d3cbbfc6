"""The continuity rules. Each rule is ONE set-based query over a scope of employers and returns
the findings that hold right now; continuity.scan turns findings into signals.

A finding's key names the rule and the thing it is about. While a finding holds, its signal stays
open; when it no longer holds, the scan closes the signal automatically."""

from .base import Context, Finding, K, S, active_user, current_primary
from .instruments import assessments_due, instrument_endings, instrument_next_steps
from .nazorg import EARLY_ENDINGS_MIN, EARLY_ENDINGS_MONTHS, early_endings, follow_up_at_risk
from .placement_team import job_coach_endings, job_coach_missing, placements_at_risk
from .placements import contract_endings, follow_ups
from .relationship import (
    contact_changes,
    deactivated_staff,
    introduce_yourself,
    manager_churn,
    no_fixed_manager,
    no_key_contact,
    other_staff_conversations,
    stale_relationships,
    unverified_contacts,
)
from .responsiveness import (
    QUESTION_ANSWER_WORKING_DAYS,
    QUESTION_URGENT_WORKING_DAYS,
    overdue_actions,
    unanswered_questions,
)

CHANGE_RULES = {
    contact_changes: (K.CONTACT_LEFT, K.CONTACT_ROLE_CHANGED),
    no_fixed_manager: (K.NO_FIXED_MANAGER,),
    introduce_yourself: (K.INTRODUCE,),
    manager_churn: (K.MANAGER_CHURN,),
    deactivated_staff: (K.STAFF_DEACTIVATED,),
    no_key_contact: (K.NO_KEY_CONTACT,),
    other_staff_conversations: (K.OTHER_STAFF_CONVERSATION,),
    # Driven by the calendar too, but scanned every few minutes so that completing an action or
    # answering a question closes its signal soon (both are cheap: the open actions only).
    overdue_actions: (K.ACTION_OVERDUE,),
    unanswered_questions: (K.QUESTION_UNANSWERED,),
    # A leaver or an ended period can leave a placement without supervisor or buddy: checked
    # with every change and every few minutes (dates pass too).
    placements_at_risk: (K.PLACEMENT_AT_RISK,),
    # Nazorg: a follow-up recorded "at risk" reaches people within minutes even without the
    # re-check after the change (cheap: the active placements' latest follow-up).
    follow_up_at_risk: (K.FOLLOW_UP_AT_RISK,),
}
TIME_RULES = {
    stale_relationships: (K.STALE_RELATIONSHIP,),
    unverified_contacts: (K.CONTACTS_UNVERIFIED,),
    follow_ups: (K.FOLLOW_UP_DUE, K.FOLLOW_UP_OVERDUE),
    contract_endings: (K.CONTRACT_ENDING,),
    instrument_endings: (K.INSTRUMENT_ENDING,),
    job_coach_endings: (K.JOB_COACH_ENDING,),
    job_coach_missing: (K.JOB_COACH_MISSING,),
    early_endings: (K.EARLY_ENDINGS,),
    instrument_next_steps: (K.INSTRUMENT_NEXT_STEP,),
    assessments_due: (K.ASSESSMENT_DUE,),
}
ALL_RULES = {**CHANGE_RULES, **TIME_RULES}

# After somebody resolves a signal whose condition still holds, the same key is not raised again
# for this many days (None: never again, for signals about one event or one date).
QUIET_DAYS = {
    K.NO_FIXED_MANAGER: 14,
    K.MANAGER_CHURN: 90,
    K.NO_KEY_CONTACT: 30,
    K.STALE_RELATIONSHIP: 30,
    K.CONTACTS_UNVERIFIED: 90,
}


__all__ = [
    "Context",
    "Finding",
    "K",
    "S",
    "active_user",
    "current_primary",
    "contract_endings",
    "follow_ups",
    "instrument_endings",
    "job_coach_endings",
    "job_coach_missing",
    "placements_at_risk",
    "EARLY_ENDINGS_MIN",
    "EARLY_ENDINGS_MONTHS",
    "early_endings",
    "follow_up_at_risk",
    "instrument_next_steps",
    "assessments_due",
    "contact_changes",
    "deactivated_staff",
    "introduce_yourself",
    "manager_churn",
    "no_fixed_manager",
    "no_key_contact",
    "other_staff_conversations",
    "stale_relationships",
    "unverified_contacts",
    "QUESTION_ANSWER_WORKING_DAYS",
    "QUESTION_URGENT_WORKING_DAYS",
    "overdue_actions",
    "unanswered_questions",
    "CHANGE_RULES",
    "TIME_RULES",
    "ALL_RULES",
    "QUIET_DAYS",
]
