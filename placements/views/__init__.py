"""The staff's placement pages, one module per page family (the URLs: placements/urls.py).

    list.py         the placement list
    start.py        starting a placement
    detail.py       the placement page, and the base of every action on one placement
    edit.py         editing and ending a placement
    follow_ups.py   the follow-up plan (nazorg): log, add, move checkpoints
    instruments.py  instrument periods, and the region's instrument catalogue

The panel on the employer page is placements/panels.py. Every page starts from
`Placement.objects.visible_to(user)` (another region's placement is a 404), the candidate's name
is read through `candidates.access.get_candidate_for` (which logs the access, and hides the name
from staff who may not see the candidate), and every write calls placements.services. An action
is a POST to its own URL; on success it adds a message and goes back to the placement page, on a
ValidationError it shows the form again with the user's input.
"""
