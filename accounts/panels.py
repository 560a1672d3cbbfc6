"""The panels other apps add to the staff start page (the mechanism: wsp_crm/panels.py).

The accounts app owns the start page but knows none of the apps above it: they register their
boxes on `home_page` from their own panels.py (AppConfig.ready()); the page (HomeView) shows
whatever is registered, with the signed-in user as the object.

Slots: main (the cards after "Your role"). Registered today: continuity's "Mijn werk" (10).
"""

from wsp_crm.panels import Panels

home_page = Panels("the start page", slots=("main",))
