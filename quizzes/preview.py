"""A trainer plays a question's latest (draft) revision as a learner would.

Nothing is written: where the trainer is lives in the address (the choices
picked so far, one ``answer`` value per item), and each page is rebuilt by
replaying them on the revision with the learner's own rules (which choices a
step offers, the scoring, where a choice leads), so the learner's templates
render it exactly as an attempt would be. A tampered address is refused like a
tampered answer.
"""

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from . import grading, selectors, services

# A path longer than this is not a scenario anyone wrote; refuse it.
MAX_ANSWERS = 100


def may_preview(user) -> bool:
    """Whoever may edit questions or approve them in Policy review."""
    return user.has_perm("quizzes.change_question") or user.has_perm(
        "quizzes.publish_question"
    )


def draft_of(question):
    """The question and its quiz as their latest revisions (drafts included)."""
    draft = question.get_latest_revision_as_object()
    # The draft's quiz: an edit may move the question to another one.
    quiz = draft.quiz.get_latest_revision_as_object()
    return draft, quiz


class PickedChoices(list):
    """The choices of an answer, read by the templates as ``answer.choices.all``."""

    def all(self):
        return self


@dataclass
class PreviewAnswer:
    question: object
    step: object
    choices: PickedChoices
    correct: bool
    points: Decimal
    max_points: Decimal
    right_choices: list = field(default_factory=list)


@dataclass
class PreviewPlay:
    """Where a preview stands; the learner's templates read it as an attempt."""

    question: object
    quiz: object
    seed: uuid.UUID
    answers: list[PreviewAnswer]
    current_step: object  # the step to answer next, in a scenario
    is_finished: bool

    # What the learner's templates read from an attempt.
    @property
    def uuid(self):
        return self.seed

    @property
    def pass_mark(self):
        return self.quiz.pass_mark

    @property
    def score_percent(self):
        earned = sum((a.points for a in self.answers), Decimal(0))
        available = sum((a.max_points for a in self.answers), Decimal(0))
        return grading.percent(earned, available)

    @property
    def passed(self):
        return grading.passed(self.score_percent, self.pass_mark)

    def get_absolute_url(self):
        return self.url()

    def url(self, answers=None, *, answered=False):
        """The preview's address after ``answers`` (each a list of choice UUIDs)."""
        if answers is None:
            answers = [[c.uuid for c in a.choices] for a in self.answers]
        query = [("seed", str(self.seed))]
        query += [("answer", ",".join(str(u) for u in picked)) for picked in answers]
        if answered:
            query.append(("answered", "1"))
        path = reverse("quizzes:preview", args=[self.question.pk])
        return f"{path}?{urlencode(query)}"

    def restart_url(self):
        return self.url([])


def _uuid_list(value: str) -> list[uuid.UUID]:
    try:
        return [uuid.UUID(part) for part in value.split(",") if part]
    except ValueError:
        raise services.AnswerInvalid(
            _("A choice id in the address is not valid.")
        ) from None


def replay(question, quiz, *, seed: str | None, answers: list[str]) -> PreviewPlay:
    """The preview of ``question`` after the ``answers`` in the address.

    Raises :class:`quizzes.services.AnswerInvalid` if they are not a path a
    learner could take.
    """
    try:
        seed = uuid.UUID(seed) if seed else uuid.uuid4()
    except ValueError:
        raise services.AnswerInvalid(_("The preview’s address is not valid.")) from None
    if len(answers) > MAX_ANSWERS:
        raise services.AnswerInvalid(_("The preview's address is too long."))
    step = selectors.start_step(question)
    if question.is_scenario and step is None:
        raise services.AnswerInvalid(_("This scenario has no steps yet."))
    played, finished = [], False
    for value in answers:
        if finished:
            raise services.AnswerInvalid(_("The preview had already ended there."))
        picked = services.picked_choices(
            question=question, step=step, choice_uuids=_uuid_list(value)
        )
        played.append(_answer(question, step, picked))
        step = selectors.step_after(question, step, picked[0])
        finished = step is None
    return PreviewPlay(
        question=question,
        quiz=quiz,
        seed=seed,
        answers=played,
        current_step=step,
        is_finished=finished,
    )


def _answer(question, step, picked) -> PreviewAnswer:
    offered = selectors.choices_at(question, step)
    score = grading.score_item(question.kind, offered, picked)
    return PreviewAnswer(
        question=question,
        step=step,
        choices=PickedChoices(picked),
        correct=score.correct,
        points=score.points,
        max_points=grading.item_max_points(question.kind, offered),
        right_choices=[c for c in offered if c.is_correct],
    )


def submit(play: PreviewPlay, *, question_uuid, step_uuid, choice_uuids) -> str:
    """Where a preview goes after the answer posted from its page.

    The form must be for the item on screen, as in an attempt.
    """
    if play.is_finished:
        raise services.AnswerConflict(_("This preview has ended. Start it again."))
    step = play.current_step
    shown = step.uuid if step is not None else None
    if question_uuid != play.question.uuid or step_uuid != shown:
        raise services.AnswerConflict(
            _(
                "That is not the step you are on. Follow the scenario from where "
                "you are."
            )
        )
    picked = services.picked_choices(
        question=play.question, step=step, choice_uuids=choice_uuids
    )
    answers = [[c.uuid for c in a.choices] for a in play.answers]
    answers.append([c.uuid for c in picked])
    ends = selectors.step_after(play.question, step, picked[0]) is None
    after_each = play.quiz.feedback_mode == "after_each"
    return play.url(answers, answered=after_each and not ends)
