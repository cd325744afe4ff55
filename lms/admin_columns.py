"""Admin list columns that read as words: a tick for yes/no, a dash for "not set".

Wagtail shows a plain field in ``list_display`` with ``str(value)``, so lists
said ``True``, ``False`` and ``None``. ``readable(Model, "field", ...)`` gives
the columns for those names, built on Wagtail's documented ``Column`` API, with
the field's label and sorting kept. The first name of a list stays a plain
string, since Wagtail links that column to the row.
"""

from django.contrib.admin.utils import label_for_field
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from wagtail.admin.ui.tables import BooleanColumn, Column

EMPTY = "—"


class OptionalColumn(Column):
    """A value that may be missing, shown as a dash rather than "None"."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return EMPTY if value is None or value == "" else value


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def readable(model, *names):
    columns = []
    for name in names:
        field = _field(model, name)
        label = label_for_field(name, model)
        sort_key = name if field is not None and field.concrete else None
        if isinstance(field, models.BooleanField):
            columns.append(BooleanColumn(name, label=label, sort_key=sort_key))
            continue
        accessor = name
        if field is not None and field.choices:
            accessor = f"get_{name}_display"
        columns.append(
            OptionalColumn(name, label=label, accessor=accessor, sort_key=sort_key)
        )
    return columns
