"""Helpers for quiz tests over HTTP: play an attempt, read its form, post the
question editor. Test data comes from tests/quizzes/factories.py."""

from lms.models import Employee
from quizzes.models import Choice


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


def question_edit_post(
    question, *, choice_changes=None, delete_choice=None, question_changes=None
):
    """The Wagtail question editor's POST for ``question`` as it is stored.

    ``choice_changes`` maps a choice's pk to the fields to change, and
    ``delete_choice`` is the pk of a choice to mark for deletion, as an author
    would in the inline panel; ``question_changes`` sets the question's own
    fields (e.g. its audience).
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
        "audience_departments": [d.pk for d in question.audience_departments.all()],
        "audience_job_classes": question.audience_job_classes,
        "steps-TOTAL_FORMS": len(steps),
        "steps-INITIAL_FORMS": len(steps),
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
        "choices-TOTAL_FORMS": len(choices),
        "choices-INITIAL_FORMS": len(choices),
        "choices-MIN_NUM_FORMS": 1,
        "choices-MAX_NUM_FORMS": 1000,
    }
    if question.always_asked:
        data["always_asked"] = "on"
    data.update(question_changes or {})
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
            "cites": [part.pk for part in row.cites.all()],
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
