"""StreamField blocks that cite the registry, for any app's content."""

import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from .citations import status_problem


class SourcePartChooserBlock(SnippetChooserBlock):
    """A citation: one part of a source in the registry, chosen, not typed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Cites"))
        kwargs.setdefault(
            "help_text",
            _("The part of a policy source this rests on (Policy sources > Parts)."),
        )
        super().__init__("policy.SourcePart", **kwargs)

    def bulk_to_python(self, values):
        """The cited parts with their documents: one query for a whole page,
        where Wagtail's own fetch would read each part's document on its own."""
        parts = self.model_class.objects.select_related("document").in_bulk(values)
        result, seen = [], set()
        for pk in values:
            part = parts.get(pk)
            if part is not None and pk in seen:
                part = copy.copy(part)
            result.append(part)
            seen.add(pk)
        return result

    def clean(self, value):
        if value is None and self.required:
            raise ValidationError(
                _(
                    "Cite a part of a source in the policy registry: none was "
                    "chosen, or the part chosen no longer exists."
                )
            )
        return super().clean(value)

    class Meta:
        icon = "link"


def cite_status_error(value, *, name, wanted):
    """A StructBlock error if ``value[name]`` cites a source of the wrong status."""
    part = value.get(name)
    problem = part is not None and status_problem(part, wanted=wanted)
    if problem:
        raise blocks.StructBlockValidationError(
            block_errors={name: ValidationError(problem)}
        )
