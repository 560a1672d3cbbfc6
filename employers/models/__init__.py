"""Employer accounts: the employer, its locations and contact persons, its fixed account manager
(with full history), the log of conversations and the open work (actions) on it."""

from .action import Action, ActionEvent, ActionQuerySet
from .conversation import Conversation, ConversationQuerySet
from .employer import (
    JOB_AGREEMENT_MIN_STAFF,
    LARGE_EMPLOYER_MIN_STAFF,
    RELATIONSHIP_STAGES,
    Employer,
    EmployerQuerySet,
    EmployerScopedQuerySet,
    Location,
    branch_validator,
    employer_ids_of_region,
    kvk_validator,
    national_employers_held_in,
    normalise_postcode,
    postcode_validator,
    without_fixed_manager_q,
)
from .import_job import ImportJob
from .people import (
    AccountAssignment,
    AccountAssignmentQuerySet,
    ContactEvent,
    ContactPerson,
    ContactPersonQuerySet,
)
from .saved_view import SavedView, SavedViewQuerySet

__all__ = [
    "Action",
    "ActionEvent",
    "ActionQuerySet",
    "JOB_AGREEMENT_MIN_STAFF",
    "LARGE_EMPLOYER_MIN_STAFF",
    "AccountAssignment",
    "AccountAssignmentQuerySet",
    "ContactEvent",
    "ContactPerson",
    "ContactPersonQuerySet",
    "Conversation",
    "ConversationQuerySet",
    "Employer",
    "EmployerQuerySet",
    "EmployerScopedQuerySet",
    "ImportJob",
    "Location",
    "RELATIONSHIP_STAGES",
    "SavedView",
    "SavedViewQuerySet",
    "branch_validator",
    "employer_ids_of_region",
    "kvk_validator",
    "national_employers_held_in",
    "normalise_postcode",
    "postcode_validator",
    "without_fixed_manager_q",
]
