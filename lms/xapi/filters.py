"""The outbox filters, shared by the admin list and the JSON-lines export."""

from contextlib import suppress

import django_filters

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from . import constants
from .models import Statement
from .pseudonym import pseudonym_for


def course_choices():
    courses = (
        Statement.objects.exclude(course_iri="")
        .order_by("course_iri")
        .values_list("course_iri", flat=True)
        .distinct()
    )
    return [(iri, iri.rstrip("/").rsplit("/", 1)[-1]) for iri in courses]


class StatementFilterSet(WagtailFilterSet):
    learner = django_filters.CharFilter(
        label=_("Learner"),
        method="filter_learner",
        help_text=_("A pseudonym, an employee number or part of a name."),
    )
    course = django_filters.ChoiceFilter(
        label=_("Course"),
        field_name="course_iri",
        choices=course_choices,
        empty_label=_("All"),
    )
    verb = django_filters.ChoiceFilter(
        label=_("Verb"),
        choices=sorted(
            ((iri, label) for iri, label in constants.VERB_DISPLAY.items()),
            key=lambda choice: choice[1],
        ),
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Statement.Status.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    timestamp = django_filters.DateFromToRangeFilter(
        label=_("Date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Statement
        fields = ["learner", "course", "verb", "status", "timestamp"]

    def filter_learner(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        matches = (
            Q(pseudonym=value.lower())
            | Q(employee__employee_number__iexact=value)
            | Q(employee__last_name__icontains=value)
            | Q(employee__first_name__icontains=value)
        )
        # An employee number also finds the statements of an employee since
        # deleted, whose rows kept only the pseudonym.
        with suppress(ImproperlyConfigured):
            matches |= Q(pseudonym=pseudonym_for(value))
        return queryset.filter(matches)
