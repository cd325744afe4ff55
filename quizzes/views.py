"""Learner pages: practice list, quiz start, taking an attempt, the result.

Views are thin: they parse the request, call a selector or a service and render.
Every refusal is a page with the status and the reason, built on base.html.
"""

import uuid

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lms.access import employee_of

from . import preview, selectors, services
from .forms import AnswerForm
from .models import Attempt, AttemptState, FeedbackMode, Question
from .scenario_map import scenario_map


def refusal(request, message, status, *, back_url=None):
    """A human page for a refused request; nothing has been changed."""
    titles = {
        400: _("That answer could not be accepted"),
        403: _("Not allowed"),
        404: _("Not found"),
        409: _("That answer no longer applies"),
    }
    return render(
        request,
        "quizzes/refusal.html",
        {
            "heading": titles.get(status, _("Not possible")),
            "message": message,
            "back_url": back_url,
        },
        status=status,
    )


def _employee_or_refusal(request):
    employee = employee_of(request.user)
    if employee is None:
        return None, refusal(
            request, _("Only City employees with a training record take quizzes."), 403
        )
    return employee, None


def quiz_index(request):
    employee = employee_of(request.user)
    quizzes = (
        selectors.live_quizzes()
        .annotate(question_count=Count("questions", filter=Q(questions__live=True)))
        .filter(question_count__gt=0)
    )
    if employee is not None:
        quizzes = quizzes.annotate(
            practice_attempts=Count(
                "attempts",
                filter=Q(
                    attempts__employee=employee, attempts__registration__isnull=True
                ),
            )
        )
    return render(request, "quizzes/index.html", {"quizzes": quizzes})


def quiz_detail(request, slug):
    quiz = get_object_or_404(selectors.live_quizzes(), slug=slug)
    employee = employee_of(request.user)
    attempts = (
        Attempt.objects.filter(quiz=quiz, employee=employee, registration__isnull=True)
        if employee is not None
        else Attempt.objects.none()
    )
    rules = selectors.quiz_rules(quiz=quiz, employee=employee)
    used_up = ""
    if rules.attempts_left == 0:
        used_up = services.attempts_used_up_message(
            quiz=quiz, employee=employee, practice=True
        )
    return render(
        request,
        "quizzes/detail.html",
        {
            "quiz": quiz,
            "attempts": list(attempts),
            "rules": rules,
            "used_up": used_up,
        },
    )


@require_POST
def attempt_start(request, slug):
    """Start (or resume) a practice attempt, outside any course."""
    quiz = get_object_or_404(selectors.live_quizzes(), slug=slug)
    employee, refused = _employee_or_refusal(request)
    if refused:
        return refused
    try:
        attempt = services.attempt_start(
            employee=employee, quiz=quiz, return_url=quiz.get_absolute_url()
        )
    except services.QuizRefusal as error:
        return refusal(request, error.messages[0], error.status)
    return redirect(attempt)


# no-store: the browser's Back button must ask again, not restore a page whose
# form it would fill in with the choice made on the previous question.
@never_cache
@require_http_methods(["GET", "POST"])
def attempt_take(request, attempt_uuid):
    employee, refused = _employee_or_refusal(request)
    if refused:
        return refused
    if request.method == "POST":
        # The service reads the attempt itself, locked: no read here.
        return _answer(request, employee, attempt_uuid)
    attempt = selectors.attempt_of(employee, attempt_uuid)
    if attempt is None:
        refused = services.AttemptNotFound()
        return refusal(request, refused.messages[0], refused.status)
    if attempt.state == AttemptState.FINISHED:
        return _result(request, attempt)
    feedback = None
    if attempt.quiz.feedback_mode == FeedbackMode.AFTER_EACH:
        feedback = _feedback_answer(attempt, request.GET.get("answered"))
    if feedback is not None:
        return render(
            request,
            "quizzes/feedback.html",
            {"attempt": attempt, "answer": feedback, "quiz": attempt.quiz},
        )
    if not attempt.is_resumable:
        return refusal(
            request,
            _("This quiz was changed while you were taking it. Start it again."),
            409,
        )
    return _question(request, attempt)


def _answer(request, employee, attempt_uuid):
    back_url = reverse("quizzes:attempt", args=[attempt_uuid])
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return refusal(request, form.first_error(), 400, back_url=back_url)
    try:
        answer = services.answer_submit(
            employee=employee,
            attempt_uuid=attempt_uuid,
            question_uuid=form.cleaned_data["question"],
            step_uuid=form.cleaned_data["step"],
            choice_uuids=form.cleaned_data["choice"],
        )
    except services.AttemptNotFound as error:
        return refusal(request, error.messages[0], error.status)
    except services.QuizRefusal as error:
        return refusal(request, error.messages[0], error.status, back_url=back_url)
    attempt = answer.attempt
    url = attempt.get_absolute_url()
    if attempt.is_finished or attempt.quiz.feedback_mode != FeedbackMode.AFTER_EACH:
        return redirect(url)
    return redirect(f"{url}?answered={answer.uuid}")


def _feedback_answer(attempt, answer_uuid):
    """The answer named in ``?answered=``, if it is one of this attempt's."""
    try:
        answer_uuid = uuid.UUID(str(answer_uuid))
    except ValueError:
        return None
    return selectors.feedback_answer(attempt, answer_uuid)


def _question(request, attempt):
    services.attempt_item_shown(attempt=attempt)
    item = selectors.current_item(attempt)
    question, step = item.question, item.step
    return render(
        request,
        "quizzes/question.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "question": question,
            "step": step,
            "choices": selectors.offered_choices(attempt, question, step),
            "number": item.number,
            "total": item.total,
            "multiple": question.kind == "multiple",
            "path": selectors.scenario_path_so_far(attempt, question) if step else [],
        },
    )


def _result(request, attempt):
    return_url = attempt.return_url
    if not url_has_allowed_host_and_scheme(
        return_url,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return_url = ""
    links = selectors.result_links(attempt)
    retry, used_up = None, ""
    if not attempt.passed:
        left = selectors.attempts_left(
            employee=attempt.employee,
            quiz=attempt.quiz,
            registration=attempt.registration,
        )
        if left == 0:
            used_up = services.attempts_used_up_message(
                quiz=attempt.quiz,
                employee=attempt.employee,
                practice=attempt.registration is None,
            )
        elif links.retry_url:
            retry = {"url": links.retry_url, "post": True, "attempts_left": left}
    return render(
        request,
        "quizzes/result.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "answers": selectors.attempt_review(attempt),
            "return_url": return_url
            or reverse("quizzes:detail", args=[attempt.quiz.slug]),
            "retry": retry,
            "used_up": used_up,
            "certificate_url": links.certificate_url,
        },
    )


# no-store for the same reason as an attempt's pages.
@never_cache
@require_http_methods(["GET", "POST"])
def question_preview(request, question_id):
    """A trainer plays the question's latest revision with the learner's pages.

    Nothing is recorded: the answers so far are in the address (see
    :mod:`quizzes.preview`).
    """
    if not preview.may_preview(request.user):
        return refusal(
            request,
            _("Only those who write or review quiz questions may preview them."),
            403,
        )
    question = get_object_or_404(
        Question.objects.select_related("quiz"), pk=question_id
    )
    draft, quiz = preview.draft_of(question)
    edit_url = reverse("wagtailsnippets_quizzes_question:edit", args=[question.pk])
    start_url = reverse("quizzes:preview", args=[question.pk])
    try:
        play = preview.replay(
            draft,
            quiz,
            seed=request.GET.get("seed"),
            answers=request.GET.getlist("answer"),
        )
    except services.QuizRefusal as error:
        return refusal(request, error.messages[0], error.status, back_url=start_url)
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if not form.is_valid():
            return refusal(request, form.first_error(), 400, back_url=play.url())
        try:
            url = preview.submit(
                play,
                question_uuid=form.cleaned_data["question"],
                step_uuid=form.cleaned_data["step"],
                choice_uuids=form.cleaned_data["choice"],
            )
        except services.QuizRefusal as error:
            return refusal(
                request, error.messages[0], error.status, back_url=play.url()
            )
        return redirect(url)

    step = play.current_step
    notice = render_to_string(
        "quizzes/_preview_bar.html",
        {
            "play": play,
            "edit_url": edit_url,
            "map": scenario_map(draft, current_key=step.key if step else ""),
        },
        request=request,
    )
    context = {"attempt": play, "quiz": quiz, "page_notice": notice}
    if play.is_finished:
        return render(
            request,
            "quizzes/result.html",
            {
                **context,
                "answers": play.answers,
                "return_url": edit_url,
                "retry": {"url": play.restart_url(), "attempts_left": None},
            },
        )
    after_each = quiz.feedback_mode == FeedbackMode.AFTER_EACH
    if after_each and request.GET.get("answered") and play.answers:
        return render(
            request, "quizzes/feedback.html", {**context, "answer": play.answers[-1]}
        )
    return render(
        request,
        "quizzes/question.html",
        {
            **context,
            "question": draft,
            "step": step,
            "choices": selectors.offered_choices(play, draft, step),
            "number": 1,
            "total": 1,
            "multiple": draft.kind == "multiple",
            "path": play.answers,
        },
    )
