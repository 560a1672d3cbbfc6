"""The staff's employer pages, one module per page family (the URLs: employers/urls.py).

    list.py           the employer list: search, filters, sort, paging
    detail.py         the employer page, and EmployerActionView: the base of the actions on it
    edit.py           adding an employer, editing its details, adding a location
    conversations.py  logging a conversation, marking a next action done
    assignments.py    the fixed account manager and the backups
    contacts.py       contact persons: add, edit, role, left, verify

Every page starts from `Employer.objects.visible_to(user)` (another region's employer is a 404)
and every write calls employers.services. An action is a POST to its own URL; on success it adds
a message and redirects back to the employer page, on a ValidationError it shows the form again
with the errors and everything the user typed.
"""
