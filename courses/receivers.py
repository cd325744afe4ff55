"""Listeners for the domain signals of lower floors and Wagtail's publishing.

Each one only hands over to a service; the rules live there.
"""

from django.utils.translation import gettext as _
from wagtail.models import Page

from . import body_cache
from .selectors import quiz_results
from .services import assignments, certificates, progress


def on_roster_imported(sender, *, employee_ids=(), deactivated_ids=(), **kwargs):
    made = assignments.roster_changed(
        employee_ids=employee_ids, deactivated_ids=deactivated_ids
    )
    # The import reports it on its status page and the command line.
    return {_("course assignments made"): made}


def on_course_published(sender, *, instance, **kwargs):
    assignments.course_assign_by_rules(course=instance.specific)


def on_attempt_finished(sender, *, attempt, **kwargs):
    progress.assignment_record_quiz_result(attempt=attempt)


def on_result_links_wanted(sender, *, attempt, **kwargs):
    return quiz_results.result_links(attempt=attempt)


def on_module_published(sender, *, instance, **kwargs):
    """A module marked "requires recertification" asks holders to take it again."""
    certificates.module_recertify_holders(module=instance.specific)


def on_course_published_recertify(sender, *, instance, **kwargs):
    """A new version may ask its certificate holders to take it again."""
    certificates.course_recertify_new_version(course=instance.specific)


def on_body_content_changed(sender, **kwargs):
    """Something a module body shows from elsewhere changed (see body_cache)."""
    body_cache.invalidate()


def on_deleted(sender, *, instance, **kwargs):
    if isinstance(instance, Page):  # a rich-text link to it no longer works
        body_cache.invalidate()
