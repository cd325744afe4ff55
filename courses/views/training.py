"""The learner's actions outside the page tree, and the form that assigns a
course; thin wrappers around services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from ..forms import AssignCourseForm
from ..models import CoursePage, ModulePage
from ..selectors import certificates, pages, training
from ..services import assignments, progress


@require_GET
def my_training(request):
    return render(
        request,
        "courses/my_training.html",
        {
            "rows": training.my_training(user=request.user),
            "certificates": certificates.certificates_of(user=request.user),
        },
    )


def _assignment_or_403(request, page):
    assignment = pages.learner_assignment(user=request.user, page=page)
    if assignment is None:
        raise PermissionDenied(_("This course is not assigned to you."))
    return assignment


@require_POST
def module_done(request, page_id):
    module = get_object_or_404(ModulePage.objects.live(), pk=page_id)
    assignment = _assignment_or_403(request, module)
    ticked = request.POST.getlist("acknowledged")
    try:
        progress.module_complete(
            assignment=assignment, module=module, acknowledged_ids=ticked
        )
    except ValidationError as error:
        # Show the module again with what was wrong and the boxes as ticked.
        context = module.get_context(request)
        context["ticked"] = set(ticked) | context["ticked"]
        missing = [
            f"ack-{ack['id']}"
            for ack in context["acknowledgements"]
            if ack["id"] not in context["ticked"]
        ]
        if len(missing) != len(error.messages):
            missing = ["finish"] * len(error.messages)
        context["errors"] = [
            {"message": message, "anchor": anchor}
            for message, anchor in zip(error.messages, missing, strict=True)
        ]
        return TemplateResponse(
            request, module.get_template(request), context, status=400
        )
    next_module = module.get_next_siblings().live().type(ModulePage).first()
    if next_module is not None:
        return redirect(next_module.url)
    return redirect(assignment.course.url)


@require_POST
def quiz_start(request, page_id):
    course = get_object_or_404(
        CoursePage.objects.live().select_related("quiz"), pk=page_id
    )
    assignment = _assignment_or_403(request, course)
    try:
        attempt = progress.quiz_start(
            assignment=assignment, return_url=reverse("courses:my_training")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(course.url)
    return redirect("quizzes:attempt", attempt.uuid)


@permission_required("courses.add_assignment", raise_exception=True)
def assign(request):
    form = AssignCourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = assignments.course_assign_manually(
                course=form.cleaned_data["course"],
                employee=form.cleaned_data["employee_number"],
                department=form.cleaned_data["department"],
                assigned_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d new assignment of %(course)s.",
                    "%(count)d new assignments of %(course)s.",
                    made,
                )
                % {"count": made, "course": form.cleaned_data["course"]},
            )
            return redirect("courses:assign")
    return render(request, "courses/assign.html", {"form": form})
