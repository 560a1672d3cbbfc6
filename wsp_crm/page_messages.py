"""The messages shown at the top of a page: all but those a page shows in place ("in-page",
e.g. a saved conversation's confirmation in the conversation itself). A template library
(settings.TEMPLATES "libraries")."""

from django import template

register = template.Library()


@register.filter
def top_of_page(messages):
    return [message for message in messages if "in-page" not in message.extra_tags.split()]
