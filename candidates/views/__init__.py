"""The staff's candidate pages, one module per page family (the URLs: candidates/urls.py).

    list.py       the candidate list
    detail.py     the candidate page, and the bases of every page and action on one candidate
    edit.py       adding a candidate, editing the details and the work profile, anonymising
    consents.py   recording and withdrawing a sharing consent
    proposals.py  proposing a candidate, moving a proposal on
    pipeline.py   the proposal pipeline
    staffing.py   staffing requests and proposing, from the employer page

The panel on the employer page is candidates/panels.py. Every page or action on one candidate
fetches it with `candidates.access.get_candidate_for`: scoped through
`Candidate.objects.visible_to`, every attempt logged (allowed or denied), 404 when not visible.
Employers, requests and proposals start at their own `visible_to(user)`. Every write calls
candidates.services; a ValidationError shows the form again with the user's input.
"""
