"""The panels other apps add to the employer page (the mechanism: wsp_crm/panels.py).

The employers app is the lowest domain app and never imports the apps above it. Candidates,
placements, portal and continuity each register their panel on `employer_page` from their own
panels.py, called by their AppConfig.ready(); the employer page (employers/views/detail.py)
shows whatever is registered.

Slots, by place on the page:
    main       the main column, after the open actions
    side_top   the top of the side column, above the account manager
    side       the side column, after the contact persons

Registered today (by order): main: placements (10), candidates' proposals and staffing requests
(20); side_top: continuity's signals (10); side: continuity's card (10), the portal users (20).
"""

from wsp_crm.panels import Panels

employer_page = Panels("the employer page", slots=("main", "side_top", "side"))
