"""Draftail for the admin, turning data it cannot read into a field error.

See lms/rich_text.py for why; WAGTAILADMIN_RICH_TEXT_EDITORS names this widget.
"""

import json

from wagtail.admin.rich_text import DraftailRichTextArea

from .rich_text import UNREADABLE


class CheckedDraftailRichTextArea(DraftailRichTextArea):
    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (json.JSONDecodeError, TypeError, KeyError, AttributeError):
            return UNREADABLE
