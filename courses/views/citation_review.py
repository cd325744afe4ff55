"""Admin: "Policy citations to review", and bumping a course's version."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import CoursePage
from ..selectors.citation_review import citations_to_review
from ..services.versions import course_version_bump

REVIEW_PERMISSION = "policy.view_sourcepart"


class CitationReviewView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/admin/citation_review.html"
    page_title = gettext_lazy("Policy citations to review")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        items = citations_to_review()
        courses = {course.pk: course for item in items for course in item.courses}
        return super().get_context_data(
            **kwargs, items=items, courses=sorted(courses.values(), key=str)
        )


class CourseVersionBumpView(View):
    http_method_names = ["post"]

    def post(self, request, page_id):
        course = get_object_or_404(CoursePage, pk=page_id)
        if not course.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        draft = course_version_bump(course=course, user=request.user)
        messages.success(
            request,
            _(
                "“%(course)s” has a draft with version %(version)s. Submit it to "
                "Policy review: once approved, everyone certified on an older version "
                "is asked to recertify."
            )
            % {"course": course.title, "version": draft.version_label},
        )
        return HttpResponseRedirect(
            reverse("wagtailadmin_pages:edit", args=[course.pk])
        )
