"""The access matrix: every URL pattern of the project (pages, portal, dashboard, signals, the
API router under /api/v1/, the admin), tried as every role, for GET and POST (and PATCH on API
detail routes), against one object of each kind in region A and a mirror in region B.

EXPECTATIONS says, per URL name (or route, for an unnamed pattern), which status class each role
gets: "2xx", "login" (a redirect to the login page), "3xx" (any other redirect), "400", "401",
"403", "404", "405". A URL name missing from the table fails the run, so a new route cannot slip
in unreviewed. On top of the table, whatever it says:
- anonymous users never get a 2xx, except on the login and password-reset pages and healthz;
- employer users get 403 on every staff page and staff endpoint (the admin sends them to login);
- no 2xx page or answer shown to a non-admin contains the other region's (or employer's) rows.

Roles: "am" account manager of region A, "am_other" of region B, "lead" team lead of A,
"admin" WSP admin, "emp" employer user of A's employer, "emp_other" of B's employer. A's users
are also run against B's ids ("am_other", "lead_other", "emp_other" runs with ids from B).
"""

import pytest

from tests.security.matrix_support import (
    all_keys,
    all_routes,
    call,
    listed_ids,
    side_ids,
    status_class,
    url_for,
)

ROLES = ("anon", "am", "am_other", "lead", "lead_other", "admin", "emp", "emp_other")
STAFF = ("am", "am_other", "lead", "lead_other", "admin")
EMPLOYER = ("emp", "emp_other")


def _row(**per_role):
    """{role: {method: class}} from role=(get, post[, patch]) tuples."""
    row = {}
    for role, classes in per_role.items():
        row[role] = dict(zip(("GET", "POST", "PATCH"), classes, strict=False))
    return row


def everyone(get, post):
    return _row(**dict.fromkeys(ROLES, (get, post)))


def signed_in(get, post, anon=("login", "login")):
    """Pages for every signed-in user (staff and employer users alike)."""
    return _row(anon=anon, **{role: (get, post) for role in ROLES if role != "anon"})


def staff_list(get="2xx", post="405"):
    """A staff page without an object: every staff member, employer users 403."""
    return _row(
        anon=("login", "login"),
        **dict.fromkeys(STAFF, (get, post)),
        **dict.fromkeys(EMPLOYER, ("403", "403")),
    )


def _other(own):
    """What another region gets where the own region gets `own`: 404, unless the method is not
    allowed at all (405 is decided before the object is looked up)."""
    return own if own == "405" else "404"


def staff_object(get="2xx", post="2xx", other_get=None):
    """A staff page about one object: own region and admins in, another region 404."""
    return _row(
        anon=("login", "login"),
        am=(get, post),
        lead=(get, post),
        admin=(get, post),
        am_other=(other_get or _other(get), _other(post)),
        lead_other=(other_get or _other(get), _other(post)),
        emp=("403", "403"),
        emp_other=("403", "403"),
    )


def lead_list(get="2xx", post="405", admin_post=None):
    """A team lead's page (WSP admins too): account managers and employer users 403."""
    return _row(
        anon=("login", "login"),
        am=("403", "403"),
        am_other=("403", "403"),
        lead=(get, post),
        lead_other=(get, post),
        admin=(get, admin_post or post),
        emp=("403", "403"),
        emp_other=("403", "403"),
    )


def lead_object(get="2xx", post="2xx"):
    return _row(
        anon=("login", "login"),
        am=("403", "403"),
        am_other=("403", "403"),
        lead=(get, post),
        lead_other=(_other(get), _other(post)),
        admin=(get, post),
        emp=("403", "403"),
        emp_other=("403", "403"),
    )


def portal_page(get="2xx", post="405", own_object=False):
    """An employer-portal page: staff 403; about one object, another employer gets 404."""
    other = (_other(get), _other(post)) if own_object else (get, post)
    return _row(
        anon=("login", "login"),
        **dict.fromkeys(STAFF, ("403", "403")),
        emp=(get, post),
        emp_other=other,
    )


def api_list(get="2xx", post="405"):
    return _row(
        anon=("401", "401"),
        **dict.fromkeys(STAFF, (get, post)),
        **dict.fromkeys(EMPLOYER, ("403", "403")),
    )


def api_object(get="2xx", post="405", patch=None):
    own = (get, post) if patch is None else (get, post, patch)
    other = tuple(_other(value) for value in own)
    return _row(
        anon=("401",) * len(own),
        am=own,
        lead=own,
        admin=own,
        am_other=other,
        lead_other=other,
        emp=("403",) * len(own),
        emp_other=("403",) * len(own),
    )


def portal_api(get="2xx", post="405", patch=None, own_object=False):
    own = (get, post) if patch is None else (get, post, patch)
    other = tuple(_other(value) for value in own) if own_object else own
    return _row(
        anon=("401",) * len(own),
        **{role: ("403",) * len(own) for role in STAFF},
        emp=own,
        emp_other=other,
    )


def wsp_admin_only(get="2xx", post="405"):
    """A WSP admin's page outside the Django admin: every other role 403."""
    return _row(
        anon=("login", "login"),
        **{role: ("403", "403") for role in ROLES if role not in ("anon", "admin")},
        admin=(get, post),
    )


def admin_page(get="2xx", post="2xx"):
    """The Django admin: WSP admins only; everybody else is sent to the login page."""
    return _row(
        **{role: ("login", "login") for role in ROLES if role != "admin"}, admin=(get, post)
    )


EXPECTATIONS = {
    # --- signing in, the start page, one's own account ---------------------------------------
    "home": _row(
        anon=("login", "login"),
        **dict.fromkeys(STAFF, ("2xx", "405")),
        **dict.fromkeys(EMPLOYER, ("3xx", "405")),  # -> their portal
    ),
    "login": _row(anon=("2xx", "2xx"), **{r: ("3xx", "3xx") for r in ROLES if r != "anon"}),
    "logout": signed_in("405", "login"),
    "password_change": signed_in("2xx", "2xx"),
    "password_change_done": signed_in("2xx", "405"),
    "password_reset": everyone("2xx", "2xx"),
    "password_reset_done": everyone("2xx", "405"),
    "password_reset_confirm": everyone("2xx", "2xx"),  # a wrong token: "this link is invalid"
    "password_reset_complete": everyone("2xx", "405"),
    "accounts:team": staff_list(),
    "accounts:profile": signed_in("2xx", "405"),
    # Two-factor pages. Staff here have passed the second factor already (so the code step and
    # the set-up send them on); the employer users have not switched it on (so they may set it
    # up, and there is nothing to regenerate or remove: back to their account page).
    "accounts:two_factor_verify": signed_in("3xx", "3xx"),
    "accounts:two_factor_setup": _row(
        anon=("login", "login"),
        **dict.fromkeys(STAFF, ("3xx", "3xx")),
        **dict.fromkeys(EMPLOYER, ("2xx", "2xx")),  # an empty code answers with its error
    ),
    "accounts:two_factor_recovery_codes": signed_in("3xx", "405"),  # none fresh: -> account
    "accounts:two_factor_regenerate": _row(
        anon=("login", "login"),
        **dict.fromkeys(STAFF, ("2xx", "2xx")),
        **dict.fromkeys(EMPLOYER, ("3xx", "3xx")),
    ),
    "accounts:two_factor_reset": _row(
        anon=("login", "login"),
        **dict.fromkeys(STAFF, ("2xx", "2xx")),
        **dict.fromkeys(EMPLOYER, ("3xx", "3xx")),
    ),
    # A WSP admin resets someone's second factor (here A's account manager): admins only.
    "accounts:two_factor_admin_reset": _row(
        anon=("login", "login"),
        **dict.fromkeys(("am", "am_other", "lead", "lead_other"), ("403", "403")),
        admin=("2xx", "3xx"),
        **dict.fromkeys(EMPLOYER, ("403", "403")),
    ),
    "healthz": everyone("2xx", "2xx"),
    # The language switcher (in every footer, the login page's too): back to the page.
    "set_language": everyone("3xx", "3xx"),
    # --- employers -----------------------------------------------------------------------------
    "employers:list": staff_list(),
    "employers:create": staff_list(post="2xx"),  # an empty form answers with its errors
    "employers:import": staff_list(post="2xx"),
    "employers:import_sample": staff_list(),
    "employers:export": staff_list(),
    "employers:detail": staff_object(post="405"),
    "employers:edit": staff_object(),
    "employers:location_add": staff_object(),
    "employers:conversation_log": staff_object(get="405"),
    "employers:action_create": staff_object(),
    "employers:action_detail": staff_object(post="405"),
    "employers:action_change": staff_object(get="405", post="3xx"),
    "employers:manager_assign": staff_object(get="405"),
    "employers:backup_add": staff_object(get="405"),
    "employers:backup_end": staff_object(get="405", post="3xx"),
    "employers:contact_add": staff_object(),
    "employers:contact_edit": staff_object(),
    "employers:contact_role": staff_object(),
    "employers:contact_left": staff_object(),
    "employers:contact_verify": staff_object(get="405", post="3xx"),
    # The caseload handover (here of A's account manager): team leads of the region and WSP
    # admins; an empty post answers with the form's errors.
    "employers:caseload_pick": lead_list(),
    "employers:caseload_handover": lead_object(),
    # The list's bulk form and saved views: POST only; an empty form goes back to the list.
    "employers:bulk": staff_list(get="405", post="3xx"),
    # Only its author (the account manager) corrects a conversation, within a week.
    "employers:conversation_correct": _row(
        anon=("login", "login"),
        am=("2xx", "2xx"),
        lead=("403", "403"),
        admin=("403", "403"),
        am_other=("404", "404"),
        lead_other=("404", "404"),
        emp=("403", "403"),
        emp_other=("403", "403"),
    ),
    "employers:saved_view_create": staff_list(get="405", post="3xx"),
    # Nobody in the world saved a view: every staff member's delete answers 404.
    "employers:saved_view_delete": _row(
        anon=("login", "login"),
        **dict.fromkeys(STAFF, ("405", "404")),
        **dict.fromkeys(EMPLOYER, ("403", "403")),
    ),
    # --- candidates ----------------------------------------------------------------------------
    "candidates:list": staff_list(),
    "candidates:create": staff_list(post="2xx"),
    "candidates:pipeline": staff_list(),
    "candidates:detail": staff_object(post="405"),
    "candidates:edit": staff_object(),
    "candidates:profile": staff_object(post="3xx"),
    "candidates:consent_record": staff_object(),
    "candidates:consent_withdraw": staff_object(get="405", post="3xx"),
    "candidates:propose": staff_object(),
    "candidates:proposal_status": staff_object(),
    "candidates:proposal_print": staff_object(post="405"),
    "candidates:matches": staff_object(post="405"),
    "candidates:request_matches": staff_object(post="405"),
    "candidates:anonymise": lead_object(),
    "candidates:request_create": staff_object(),
    "candidates:request_edit": staff_object(),
    "candidates:employer_propose": staff_object(),
    # --- placements ----------------------------------------------------------------------------
    "placements:list": staff_list(),
    "placements:start": staff_list(post="404"),  # no (visible) candidate chosen
    "placements:instruments": staff_list(),
    # POST only; a team lead sets their own region (empty input: back with the error); a WSP
    # admin names the region (none posted: 404).
    "placements:follow_up_horizon": lead_list(get="405", post="3xx", admin_post="404"),
    "placements:detail": staff_object(post="405"),
    "placements:edit": staff_object(),
    "placements:end": staff_object(),
    "placements:follow_up_record": staff_object(get="405"),
    "placements:follow_up_add": staff_object(get="405"),
    "placements:follow_up_move": staff_object(get="405"),
    "placements:period_add": staff_object(get="405"),
    "placements:period_edit": staff_object(),
    "placements:team_add": staff_object(get="405"),
    "placements:team_end": staff_object(),
    "placements:period_next_step": staff_object(
        get="405", post="3xx"
    ),  # period without an end: back to the page
    "placements:assessment_add": staff_object(get="405"),
    # --- continuity signals and the dashboard --------------------------------------------------
    "continuity:inbox": staff_list(),
    "continuity:region": lead_list(),
    # A WSP admin has no region of their own: saving thresholds needs one (404).
    "continuity:thresholds": lead_list(post="2xx", admin_post="404"),
    "continuity:detail": staff_object(post="405"),
    # GET on an action sends anyone to the signal's page (which then answers 404 if foreign).
    "continuity:snooze": staff_object(get="3xx", other_get="3xx"),
    "continuity:resolve": staff_object(get="3xx", other_get="3xx"),
    # One's own notifications and settings (an empty settings form answers with its errors).
    "notifications:list": staff_list(),
    "notifications:settings": staff_list(post="400"),
    # Mijn werk: everybody their own; ?user= is tested in tests/continuity/test_my_work.py.
    "work:mine": staff_list(),
    "work:team": lead_list(),
    "search:results": staff_list(),
    "dashboard:index": staff_list(),
    "dashboard:list": staff_list(),
    "dashboard:export": staff_list(),
    # --- the employer portal -------------------------------------------------------------------
    "portal:home": portal_page(),
    "portal:contacts": portal_page(),
    "portal:contact_propose": portal_page(get="405", post="400"),
    "portal:contact_verify": portal_page(get="405", post="3xx", own_object=True),
    "portal:contact_left": portal_page(get="2xx", post="400", own_object=True),
    "portal:placements": portal_page(),
    "portal:support": portal_page(),
    "portal:question": portal_page(post="400"),
    "portal:question_sent": portal_page(own_object=True),
    "portal:questions": portal_page(),
    "portal:question_detail": portal_page(own_object=True),
    "portal:proposals": portal_page(),
    "portal:proposal": portal_page(post="400", own_object=True),
    # The staff side of the portal: account managers and team leads of the employer's region.
    "portal:staff_invite": staff_object(post="400"),
    "portal:staff_user_deactivate": staff_object(get="405", post="3xx"),
    "portal:staff_user_activate": staff_object(get="405", post="3xx"),
    "portal:staff_proposal_accept": staff_object(get="405", post="3xx"),
    "portal:staff_proposal_decline": staff_object(get="405", post="3xx"),
    # --- the audit trail: WSP admins only ------------------------------------------------------
    "audit:list": wsp_admin_only(),
    "audit:export": wsp_admin_only(),
    # The world's WSP admin has no region (national): region A's events are theirs too.
    "audit:detail": wsp_admin_only(),
    "audit:access": wsp_admin_only(),
    "audit:access_export": wsp_admin_only(),
    # --- the API (/api/v1/); empty bodies are invalid (400) -----------------------------------
    "api-root": api_list(),
    "api-schema": api_list(),
    "api-docs": api_list(),
    "employer-list": api_list(post="400"),
    "employer-detail": api_object(patch="2xx"),
    "contact-list": api_list(post="400"),
    "contact-detail": api_object(patch="2xx"),
    # An empty JSON body names no change: 400 (a form post used to read it as "all roles off").
    "contact-change-role": api_object(get="405", post="400"),
    "contact-left": api_object(get="405", post="400"),
    "contact-verify": api_object(get="405", post="2xx"),
    "assignment-list": api_list(),
    "assignment-assign": api_list(get="405", post="400"),
    "assignment-detail": api_object(patch="405"),
    "assignment-end": api_object(get="405", post="2xx"),
    "conversation-list": api_list(post="400"),
    "conversation-detail": api_object(patch="405"),
    "conversation-complete-action": api_object(get="405", post="2xx"),
    "action-list": api_list(post="400"),
    "action-detail": api_object(patch="2xx"),
    "action-reassign": api_object(get="405", post="400"),
    "action-postpone": api_object(get="405", post="400"),
    "action-complete": api_object(get="405", post="2xx"),
    "action-cancel": api_object(get="405", post="400"),
    "action-answer": api_object(get="405", post="400"),
    "signal-list": api_list(),
    "work-list": api_list(),
    # Without a query the search answers 400 with guidance (tests/search covers the results).
    "api-search": api_list(get="400"),
    # The team's overdue work: team leads (their region); a WSP admin must name a region (400).
    "work-team": _row(
        anon=("401", "401"),
        am=("403", "405"),  # a POST is refused before the role is looked at
        am_other=("403", "405"),
        lead=("2xx", "405"),
        lead_other=("2xx", "405"),
        admin=("400", "405"),
        emp=("403", "403"),
        emp_other=("403", "403"),
    ),
    "signal-detail": api_object(patch="405"),
    "signal-resolve": api_object(get="405", post="400"),
    "signal-snooze": api_object(get="405", post="400"),
    "candidate-list": api_list(post="400"),
    "candidate-detail": api_object(patch="2xx"),
    "candidate-profile": api_object(),
    "consent-list": api_list(post="400"),
    "consent-detail": api_object(patch="405"),
    "consent-withdraw": api_object(get="405", post="2xx"),
    "staffing-request-list": api_list(post="400"),
    "staffing-request-detail": api_object(patch="2xx"),
    "proposal-list": api_list(post="400"),
    "proposal-detail": api_object(patch="405"),
    "proposal-set-status": api_object(get="405", post="400"),
    "placement-list": api_list(post="400"),
    "placement-detail": api_object(patch="2xx"),
    "placement-end": api_object(get="405", post="400"),
    "placement-team": api_object(post="400"),
    "placement-team-end": api_object(get="405", post="400"),
    "follow-up-list": api_list(post="400"),
    "follow-up-detail": api_object(patch="405"),
    "follow-up-move": api_object(get="405", post="400"),
    "follow-up-record": api_object(get="405", post="400"),
    "instrument-period-list": api_list(post="400"),
    "instrument-period-detail": api_object(patch="2xx"),
    "instrument-period-next-step": api_object(get="405", post="400"),
    "wage-value-assessment-list": api_list(post="400"),
    "wage-value-assessment-detail": api_object(patch="2xx"),
    "instrument-list": api_list(),
    "instrument-detail": api_object(patch="405"),
    # --- the portal API: employer users only, their own employer's rows -----------------------
    "portal-contact-me-list": portal_api(),
    "portal-contact-list": portal_api(),
    "portal-contact-propose": portal_api(get="405", post="400"),
    "portal-contact-detail": portal_api(patch="405", own_object=True),
    "portal-contact-left": portal_api(get="405", post="2xx", own_object=True),
    "portal-contact-verify": portal_api(get="405", post="2xx", own_object=True),
    "portal-placement-list": portal_api(),
    "portal-placement-detail": portal_api(patch="405", own_object=True),
    "portal-instrument-list": portal_api(),
    "portal-question-list": portal_api(post="400"),
    "portal-question-detail": portal_api(patch="405", own_object=True),
    "portal-my-question-list": portal_api(),
    "portal-my-question-detail": portal_api(patch="405", own_object=True),
    "portal-proposal-list": portal_api(),
    "candidate-matches": api_object(),
    "staffing-request-matches": api_object(),
    "portal-proposal-detail": portal_api(patch="405", own_object=True),
    "portal-proposal-respond": portal_api(get="405", post="400", own_object=True),
    # --- the Django admin ----------------------------------------------------------------------
    "admin/login/": admin_page("login", "login"),  # one login for everybody: ours
    "admin:login": admin_page("login", "login"),
    "admin:index": admin_page(),
    # Signed in but not an admin: the admin's logout sends you to its index (and so to login).
    "admin:logout": _row(
        anon=("login", "login"),
        **{role: ("3xx", "3xx") for role in ROLES if role not in ("anon", "admin")},
        admin=("405", "login"),
    ),
    "admin:password_change": admin_page(),
    "admin:password_change_done": admin_page("2xx", "405"),
    "admin:autocomplete": admin_page("403", "405"),  # no autocomplete fields asked for
    "admin:jsi18n": admin_page("2xx", "405"),
    "admin:app_list": admin_page(),
    "admin/(?P<url>.*)$": admin_page("404", "404"),
    "admin:auth_user_password_change": admin_page(),
    "admin:view_on_site": admin_page("3xx", "3xx"),  # -> the object's own page
}

# The admin's models and what a WSP admin may do there. Domain records are written through the
# services only, so most are view-only in the admin (add/delete/save answer 403).
EDITABLE, NO_DELETE, VIEW_ONLY, NO_ADD = "editable", "no_delete", "view_only", "no_add"
ADMIN_MODELS = {
    "auth/group": EDITABLE,
    "authtoken/tokenproxy": EDITABLE,
    "accounts/region": EDITABLE,
    "accounts/team": EDITABLE,
    "accounts/organisation": EDITABLE,
    "accounts/user": EDITABLE,
    "employers/employer": NO_DELETE,
    "employers/contactperson": VIEW_ONLY,
    "employers/contactevent": VIEW_ONLY,
    "employers/accountassignment": VIEW_ONLY,
    "employers/conversation": VIEW_ONLY,
    "placements/instrument": NO_DELETE,
    "placements/followupstep": EDITABLE,
    "placements/placement": VIEW_ONLY,
    "placements/followup": VIEW_ONLY,
    "placements/instrumentperiod": VIEW_ONLY,
    "placements/wagevalueassessment": VIEW_ONLY,
    "continuity/signal": VIEW_ONLY,
    "continuity/regionpolicy": EDITABLE,
    # Login abuse records (django-axes): read and delete (deleting an attempt lifts a lockout).
    "axes/accessattempt": NO_ADD,
    "axes/accesslog": NO_ADD,
    "axes/accessfailurelog": NO_ADD,
}
for _model, _kind in ADMIN_MODELS.items():
    _name = "admin:" + _model.replace("/", "_")
    EXPECTATIONS[f"{_name}_changelist"] = admin_page()
    EXPECTATIONS[f"{_name}_history"] = admin_page()
    EXPECTATIONS[f"{_name}_add"] = (
        admin_page() if _kind not in (VIEW_ONLY, NO_ADD) else admin_page("403", "403")
    )
    # Axes's records have only read-only fields: saving changes nothing and goes back to the list.
    _change_post = {VIEW_ONLY: "403", NO_ADD: "3xx"}.get(_kind, "2xx")
    EXPECTATIONS[f"{_name}_change"] = admin_page("2xx", _change_post)
    EXPECTATIONS[f"{_name}_delete"] = (
        admin_page() if _kind in (EDITABLE, NO_ADD) else admin_page("403", "403")
    )
    EXPECTATIONS[f"admin/{_model}/<path:object_id>/"] = admin_page("3xx", "3xx")  # -> change

# Anonymous users may get a 2xx only here.
ANONYMOUS_OPEN = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
}
# Not staff pages: what employer users may reach outside the portal.
EMPLOYER_REACHABLE = {
    "home",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "accounts:profile",
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "accounts:two_factor_recovery_codes",
    "accounts:two_factor_regenerate",
    "accounts:two_factor_reset",
    "healthz",
    "set_language",
}


def is_portal(key):
    return key.startswith(("portal:", "portal-")) and not key.startswith("portal:staff_")


# (role label, whose ids, which user): A's users against B's ids play "other".
RUNS = [
    ("anon", "A"),
    ("am", "A"),
    ("am_other", "A"),
    ("lead", "A"),
    ("admin", "A"),
    ("emp", "A"),
    ("emp_other", "A"),
    ("am_other", "B"),
    ("lead_other", "B"),
    ("emp_other", "B"),
]


def user_for(world, label, ids):
    if ids == "B":  # A's own users, looking at B's objects
        return {"am_other": world.a.manager, "lead_other": world.a.lead}.get(
            label, world.a.employer_user
        )
    return {
        "am": world.a.manager,
        "am_other": world.b.manager,
        "lead": world.a.lead,
        "admin": world.admin,
        "emp": world.a.employer_user,
        "emp_other": world.b.employer_user,
    }[label]


def foreign_marker(world, label, ids):
    """The marker of the rows this user must never see (None for the admin: sees all)."""
    if label == "admin":
        return None
    if ids == "A" and label in ("am_other", "emp_other"):
        return world.a.marker  # B's users
    return world.b.marker


# Lists that must show the user's own region's (or employer's) rows: they prove the "no foreign
# rows" check above looks at real data.
LISTS_SHOWING_OWN_ROWS = {
    "employers:list": STAFF,
    "employers:export": STAFF,
    "candidates:list": STAFF,
    "candidates:pipeline": STAFF,
    "placements:list": STAFF,
    "continuity:inbox": ("am", "am_other"),
    "work:mine": ("am", "am_other"),
    "work:team": ("lead",),
    "work-list": ("am", "am_other"),
    "work-team": ("lead",),
    "employer-list": STAFF,
    "contact-list": STAFF,
    "assignment-list": STAFF,
    "conversation-list": STAFF,
    "action-list": STAFF,
    "signal-list": STAFF,
    "candidate-list": STAFF,
    "consent-list": STAFF,
    "staffing-request-list": STAFF,
    "proposal-list": STAFF,
    "placement-list": STAFF,
    "instrument-period-list": STAFF,
    "wage-value-assessment-list": STAFF,
    "portal:contacts": EMPLOYER,
    "portal-contact-list": EMPLOYER,
    "portal-question-list": EMPLOYER,
    "portal:questions": EMPLOYER,
    "portal-my-question-list": EMPLOYER,
    "portal:proposals": EMPLOYER,
    "portal-proposal-list": EMPLOYER,
    "notifications:list": ("am", "am_other"),
}


def sides(world, label, ids):
    """(own side, foreign side) of the user of a run; None as foreign for the admin."""
    if label == "admin":
        return None, None
    if ids == "A" and label in ("am_other", "emp_other"):
        return world.b, world.a
    return world.a, world.b


def own_markers(world, label, ids):
    if label == "admin":
        return [world.a.marker, world.b.marker]
    if ids == "A" and label in ("am_other", "emp_other"):
        return [world.b.marker]
    return [world.a.marker]


def routes_for_run(ids):
    routes = all_routes()
    if ids == "B":  # the cross-region run: routes about one object (the admin sees all anyway)
        routes = [route for route in routes if route.kwargs and not route.is_admin]
    return routes


def test_every_route_is_in_the_table():
    keys = all_keys()
    missing = sorted(keys - set(EXPECTATIONS))
    assert not missing, f"routes without an entry in EXPECTATIONS (review them): {missing}"
    stale = sorted(set(EXPECTATIONS) - keys)
    assert not stale, f"EXPECTATIONS names routes that no longer exist: {stale}"


def test_the_table_is_complete_for_every_role_and_method():
    for route in all_routes():
        row = EXPECTATIONS[route.key]
        for role in ROLES:
            for method in route.methods:
                assert method in row[role], (route.key, role, method)


def test_the_anonymous_and_employer_rules_hold_in_the_table():
    """The table itself may not grant what the rules forbid."""
    for key, row in EXPECTATIONS.items():
        for method, expected in row["anon"].items():
            if key not in ANONYMOUS_OPEN:
                assert expected != "2xx", (key, method)
        if is_portal(key) or key in EMPLOYER_REACHABLE:
            continue
        denials = ("login", "3xx") if key.startswith("admin") else ("403",)
        for role in EMPLOYER:
            for method, expected in row[role].items():
                assert expected in denials, (key, role, method, expected)


@pytest.mark.parametrize(("label", "ids"), RUNS, ids=[f"{label}-{ids}" for label, ids in RUNS])
def test_access_matrix(world, client, label, ids):
    if label != "anon":
        client.force_login(user_for(world, label, ids))
    side = world.a if ids == "A" else world.b
    marker = foreign_marker(world, label, ids)
    own = own_markers(world, label, ids)
    own_side, foreign_side = sides(world, label, ids)
    own_ids = side_ids(own_side) if own_side else {}
    foreign_ids = side_ids(foreign_side) if foreign_side else {}
    failures = []
    checked = 0
    for route in routes_for_run(ids):
        url = url_for(route, world, side)
        for method in route.methods:
            response = call(client, method, url)
            checked += 1
            got = status_class(response)
            expected = EXPECTATIONS[route.key][label][method]
            if got != expected:
                failures.append(f"{method} {url} ({route.key}): expected {expected}, got {got}")
            if label == "anon" and got == "2xx" and route.key not in ANONYMOUS_OPEN:
                failures.append(f"{method} {url}: anonymous got {response.status_code}")
            if (
                marker
                and got == "2xx"
                and method == "GET"
                and marker in response.content.decode(errors="replace")
            ):
                failures.append(f"GET {url} ({route.key}): shows the other side's {marker!r}")
            if method == "GET" and label in LISTS_SHOWING_OWN_ROWS.get(route.key, ()):
                content = response.content.decode(errors="replace")
                missing = [name for name in own if name not in content]
                if missing:
                    failures.append(f"GET {url} ({route.key}): own rows {missing} not shown")
            basename = route.key.removesuffix("-list")
            if own_side and got == "2xx" and method == "GET" and basename in own_ids:
                shown = listed_ids(response)
                leaked = shown & foreign_ids[basename]
                if leaked:
                    failures.append(f"GET {url}: lists the other side's ids {sorted(leaked)}")
                if not own_ids[basename] <= shown:
                    failures.append(f"GET {url}: own ids {sorted(own_ids[basename])} not listed")
    assert checked > 0
    assert not failures, f"{len(failures)} of {checked} checks failed:\n" + "\n".join(failures)


SUFFIX_ROLES = ("anon", "am", "lead", "admin", "emp")


@pytest.mark.parametrize("label", SUFFIX_ROLES)
def test_format_suffix_forms_reach_no_view(world, client, label):
    """The ".json" (and ".api") forms of every API route: no route takes them, so every role
    gets a 404 for every method (several views answered 500 on them when the router had them)."""
    assert not [route for route in all_routes() if "format" in route.kwargs], (
        "a route takes a format suffix again: drop it (wsp_crm/api.py) or test it here"
    )
    if label != "anon":
        client.force_login(user_for(world, label, "A"))
    failures = []
    checked = 0
    for route in all_routes():
        if not route.is_api:
            continue
        url = url_for(route, world, world.a)
        for suffixed in (url.rstrip("/") + ".json", url.rstrip("/") + ".api", url + ".json"):
            for method in route.methods:
                response = call(client, method, suffixed)
                checked += 1
                if response.status_code != 404:
                    failures.append(f"{method} {suffixed}: {response.status_code}")
    assert checked > 100
    assert not failures, f"{len(failures)} of {checked} suffix forms:\n" + "\n".join(failures)


def test_anonymous_visitor_can_switch_language_on_the_login_page(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login/"
    assert response.cookies["django_language"].value == "en"
    assert "Log in" in client.get("/login/").content.decode()
