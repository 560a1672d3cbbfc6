"""Notifications for staff: new signals for me, new employer questions for me, and work handed
over or reassigned to me.

There are no notification rows. The list (/notifications/) is a read model over rows that exist
anyway (signals, question actions, action history), newer than the user's `seen_at`
(`NotificationState`); opening the list marks everything as read. How each kind reaches the user
by e-mail (at once, in the daily digest, or not) is their `NotificationPreference`.

- selectors.py: the rows per kind, the unread count (one query), the list, the preferences.
- services.py: the writes (mark as read, save preferences).
- mail.py: the e-mail job for "at once" (signals and handed-over work; a new question is mailed by
  the portal when it is asked).
"""
