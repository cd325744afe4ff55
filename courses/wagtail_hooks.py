from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin import CertificationGroup
from .models import CoursePage, ModulePage
from .selectors.holders import certified_holders
from .selectors.pages import forget_learner_assignment, learner_assignment
from .services.progress import assignment_launch
from .views.citation_review import (
    REVIEW_PERMISSION,
    CitationReviewView,
    CourseVersionBumpView,
)


class AssignMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("courses.add_assignment")


@hooks.register("register_admin_menu_item")
def register_assign_menu_item():
    return AssignMenuItem(
        _("Assign training"),
        reverse("courses:assign"),
        icon_name="group",
        order=250,
    )


class CitationReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REVIEW_PERMISSION)


@hooks.register("register_admin_urls")
def register_citation_review_urls():
    return [
        path(
            "reports/policy-citations/",
            CitationReviewView.as_view(),
            name="courses_citation_review",
        ),
        path(
            "courses/<int:page_id>/next-version/",
            CourseVersionBumpView.as_view(),
            name="courses_version_bump",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_citation_review_menu_item():
    return CitationReviewMenuItem(
        _("Policy citations to review"),
        reverse("courses_citation_review"),
        icon_name="doc-full",
        order=50,
    )


@hooks.register("register_admin_viewset")
def register_certification_viewsets():
    return CertificationGroup()


@hooks.register("before_publish_page")
def count_holders_before_publishing(request, page):
    """How many certified learners a module concerns, before it goes live."""
    if isinstance(page.specific, ModulePage):
        module = page.specific
        request.module_publish_impact = certified_holders(
            course=module.get_parent(), module=module
        )


@hooks.register("after_publish_page")
def say_what_publishing_did_to_holders(request, page):
    holders = getattr(request, "module_publish_impact", None)
    if not holders:
        return
    if page.specific.recertify_holders:
        text = ngettext(
            "%(count)d learner certified before this module was asked to take the "
            "course again.",
            "%(count)d learners certified before this module were asked to take the "
            "course again.",
            holders,
        )
    else:
        text = ngettext(
            "%(count)d learner certified before this module stays certified until "
            "their next cycle.",
            "%(count)d learners certified before this module stay certified until "
            "their next cycle.",
            holders,
        )
    messages.info(request, text % {"count": holders})


# After Wagtail's own hooks (view restrictions), just before the page serves.
@hooks.register("before_serve_page", order=100)
def open_course_or_module(page, request, serve_args, serve_kwargs):
    """Opening a course or one of its modules starts the learner's cycle.

    A module is shown only to someone the course is assigned to, and only
    while the course is published. Previews do not come through here.
    """
    if not isinstance(page, CoursePage | ModulePage):
        return None
    assignment = learner_assignment(user=request.user, page=page)
    if isinstance(page, ModulePage):
        if assignment is None:
            raise PermissionDenied(_("This course is not assigned to you."))
        if not assignment.course.live:
            raise Http404
    if assignment is not None and assignment_launch(assignment=assignment):
        # The first visit changes the status the page shows: read it again.
        forget_learner_assignment(page)
    return None
