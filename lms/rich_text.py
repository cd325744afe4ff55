"""The admin's rich-text editor, made safe against data it cannot read.

Draftail posts its content as JSON. A value that is not (a script, a browser
without JavaScript, a form saved by hand) made Wagtail raise JSONDecodeError,
a server error for the trainer. Here such a value becomes a marker that the
``readable`` validator (here, so models can use it without importing the admin)
turns into the field's own message, so the admin shows
the form again with that message and nothing is saved.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Invisible separators: no trainer types this, and it never reaches the database.
UNREADABLE = "\u2063unreadable-rich-text\u2063"


def readable(value):
    if unreadable_in(value):
        raise ValidationError(
            _(
                "This text could not be read: the editor's data was missing or "
                "damaged. Reload the page and enter the text again."
            ),
            code="unreadable",
        )


def unreadable_in(value):
    source = getattr(value, "source", value)
    return isinstance(source, str) and UNREADABLE in source
