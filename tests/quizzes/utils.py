"""Builders for quiz test data: small quizzes of each question kind."""

from lms.models import Employee
from quizzes.models import Choice, FeedbackMode, Question, QuestionKind, Quiz, Step


def choice(text, *, correct=False, points=None, step="", leads_to="", order=0):
    return Choice(
        text=text,
        is_correct=correct,
        points=(1 if correct else 0) if points is None else points,
        feedback=f"Because of {text}.",
        citation=f"Test source for {text}",
        step_key=step,
        next_step_key=leads_to,
        sort_order=order,
    )


def make_quiz(slug="test-quiz", **fields):
    fields.setdefault("title", "Test quiz")
    fields.setdefault("feedback_mode", FeedbackMode.AT_END)
    return Quiz.objects.create(slug=slug, **fields)


def add_single(
    quiz, prompt="Which one?", *, order=None, right="Right", wrong=("Wrong",)
):
    question = Question.objects.create(
        quiz=quiz,
        kind=QuestionKind.SINGLE,
        prompt=prompt,
        sort_order=order
        if order is not None
        else Question.objects.filter(quiz=quiz).count(),
    )
    for index, text in enumerate([right, *wrong]):
        saved = choice(text, correct=index == 0, order=index)
        saved.question = question
        saved.save()
    return question


def add_multiple(quiz, prompt="Which ones?", *, scoring="partial", order=None):
    question = Question.objects.create(
        quiz=quiz,
        kind=QuestionKind.MULTIPLE,
        prompt=prompt,
        multiple_scoring=scoring,
        sort_order=order
        if order is not None
        else Question.objects.filter(quiz=quiz).count(),
    )
    for index, (text, correct) in enumerate(
        [("Right A", True), ("Right B", True), ("Wrong C", False)]
    ):
        saved = choice(text, correct=correct, order=index)
        saved.question = question
        saved.save()
    return question


def add_scenario(quiz, prompt="At the counter", *, order=None):
    """start --good(2)--> follow-up --good(1)--> end;  start --bad(0)--> end."""
    question = Question.objects.create(
        quiz=quiz,
        kind=QuestionKind.SCENARIO,
        prompt=prompt,
        situation="An agent arrives.",
        role="You staff the front counter of a branch library",
        sort_order=order
        if order is not None
        else Question.objects.filter(quiz=quiz).count(),
    )
    Step.objects.create(question=question, key="start", text="What now?", sort_order=0)
    Step.objects.create(
        question=question, key="follow-up", text="And then?", sort_order=1
    )
    rows = [
        choice(
            "Ask for a judicial warrant",
            correct=True,
            points=2,
            step="start",
            leads_to="follow-up",
            order=0,
        ),
        choice("Open the door", points=0, step="start", order=1),
        choice("Call the liaison", correct=True, points=1, step="follow-up", order=2),
        choice("Do nothing", points=0, step="follow-up", order=3),
    ]
    for saved in rows:
        saved.question = question
        saved.save()
    return question


def employee_of(user) -> Employee:
    return user.employee


def current_form(client, attempt):
    """GET the attempt page and return (question uuid, step uuid or None, choices)."""
    from bs4 import BeautifulSoup

    response = client.get(attempt.get_absolute_url())
    assert response.status_code == 200, response.content
    soup = BeautifulSoup(response.content, "html.parser")
    step = soup.find("input", {"name": "step"})
    return (
        soup.find("input", {"name": "question"})["value"],
        step["value"] if step else None,
        [i["value"] for i in soup.find_all("input", {"name": "choice"})],
    )


def play(client, attempt, *, right=True, limit=100):
    """Answer every item over HTTP, always picking right (or always wrong) choices.

    Returns the last response (the redirect to the result page).
    """
    response = None
    for _ in range(limit):
        attempt.refresh_from_db()
        if attempt.is_finished:
            return response
        question_uuid, step_uuid, offered = current_form(client, attempt)
        choices = Choice.objects.filter(uuid__in=offered)
        if right:
            picked = [str(c.uuid) for c in choices if c.is_correct]
        else:
            wrong = [str(c.uuid) for c in choices if not c.is_correct]
            picked = wrong[:1] or [str(choices[0].uuid)]
        data = {"question": question_uuid, "choice": picked}
        if step_uuid:
            data["step"] = step_uuid
        response = client.post(attempt.get_absolute_url(), data)
        assert response.status_code == 302, response.content.decode()
    raise AssertionError("The attempt did not finish.")


def question_edit_post(question, *, choice_changes=None, delete_choice=None):
    """The Wagtail question editor's POST for ``question`` as it is stored.

    ``choice_changes`` maps a choice's pk to the fields to change, and
    ``delete_choice`` is the pk of a choice to mark for deletion, as an author
    would in the inline panel.
    """
    choice_changes = choice_changes or {}
    steps = list(question.steps.order_by("sort_order", "pk"))
    choices = list(question.choices.order_by("sort_order", "pk"))
    data = {
        "quiz": question.quiz_id,
        "kind": question.kind,
        "prompt": question.prompt,
        "situation": question.situation,
        "role": question.role,
        "multiple_scoring": question.multiple_scoring,
        "steps-TOTAL_FORMS": len(steps),
        "steps-INITIAL_FORMS": len(steps),
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
        "choices-TOTAL_FORMS": len(choices),
        "choices-INITIAL_FORMS": len(choices),
        "choices-MIN_NUM_FORMS": 1,
        "choices-MAX_NUM_FORMS": 1000,
    }
    for i, step in enumerate(steps):
        data.update(
            {
                f"steps-{i}-id": step.pk,
                f"steps-{i}-key": step.key,
                f"steps-{i}-text": step.text,
                f"steps-{i}-ORDER": i + 1,
                f"steps-{i}-DELETE": "",
            }
        )
    for i, row in enumerate(choices):
        fields = {
            "step_key": row.step_key,
            "next_step_key": row.next_step_key,
            "text": row.text,
            "points": row.points,
            "is_correct": row.is_correct,
            "feedback": row.feedback,
            "citation": row.citation,
            **choice_changes.get(row.pk, {}),
        }
        is_correct = fields.pop("is_correct")
        data.update({f"choices-{i}-{name}": value for name, value in fields.items()})
        data.update(
            {
                f"choices-{i}-id": row.pk,
                f"choices-{i}-ORDER": i + 1,
                f"choices-{i}-DELETE": "1" if row.pk == delete_choice else "",
            }
        )
        if is_correct:
            data[f"choices-{i}-is_correct"] = "on"
    return data
