"""Seed the scenario bank from ``quizzes/content/*.yaml``, run by ``bootstrap_demo``.

Every file is read and checked (:mod:`quizzes.loader`) before anything is
written, so a broken file stops the seed with ``file:line: problem`` and
leaves the database as it was.

Idempotent: quizzes are found by slug, questions, steps and choices by UUIDs
derived from their keys, and only what is missing is created (live), so a
second run changes nothing. Content that exists is left alone: once loaded it
changes only through the "Policy review" workflow (lms.review), never by a
re-run of the seed overwriting an approved edit.
"""

import uuid

from django.db import transaction

from lms import content_files
from lms import seed as lms_seed
from lms.policy import seed as policy_seed
from lms.review import attach_policy_review

from . import loader
from .models import Choice, Question, Quiz, Step

NAMESPACE = uuid.UUID("6a0f7d1e-31c4-4b8e-9d55-2f0c7e1a9b42")


def _uuid(*parts):
    return uuid.uuid5(NAMESPACE, "/".join(parts))


def read_all():
    """Every quiz spec, or :class:`ContentError` with all files' problems."""
    return content_files.read_all(loader)


@transaction.atomic
def seed_quiz(spec):
    quiz, _ = Quiz.objects.get_or_create(
        slug=spec["slug"],
        defaults={
            "title": spec["title"],
            "introduction": spec["introduction"],
            "feedback_mode": spec["feedback_mode"],
            "shuffle_choices": spec["shuffle_choices"],
            "pass_mark": spec["pass_mark"],
            "attempts_allowed": spec["attempts_allowed"],
            "attempts_contact": spec["attempts_contact"],
            "draw_count": spec["draw_count"],
        },
    )
    for order, qspec in enumerate(spec["questions"]):
        question, created = Question.objects.get_or_create(
            uuid=_uuid(spec["slug"], qspec["key"]),
            defaults={
                "quiz": quiz,
                "sort_order": order,
                "kind": qspec["kind"],
                "prompt": qspec["prompt"],
                "situation": qspec["situation"],
                "role": qspec["role"],
                "audience_job_classes": qspec["audience_job_classes"],
                "always_asked": qspec["always_asked"],
            },
        )
        if not created:
            continue
        if qspec["audience_departments"]:
            question.audience_departments.set(qspec["audience_departments"])
            question.save()
        for step_order, step in enumerate(qspec["steps"]):
            Step.objects.create(
                uuid=_uuid(spec["slug"], qspec["key"], "step", step["key"]),
                question=question,
                sort_order=step_order,
                **step,
            )
        for choice_order, row in enumerate(qspec["choices"]):
            row = dict(row)
            cites = row.pop("cites")
            choice = Choice(
                uuid=_uuid(spec["slug"], qspec["key"], "choice", str(choice_order)),
                question=question,
                sort_order=choice_order,
                **row,
            )
            choice.cites.set(cites)
            choice.save()
    return quiz


def run(*, password, log):
    # The bank cites the registry; seeding it is idempotent, so run it first.
    policy_seed.run(password=password, log=lambda message: None)
    # Audiences name departments by code: upserted by code, so also idempotent.
    lms_seed.seed_departments()
    specs = read_all()
    for model in (Quiz, Question):
        workflow = attach_policy_review(model)
    log(f"Quizzes and questions go through the {workflow.name} workflow")
    for spec in specs:
        quiz = seed_quiz(spec)
        scenarios = sum(1 for q in spec["questions"] if q["kind"] == "scenario")
        log(
            f"Quiz {quiz.slug}: {len(spec['questions'])} questions, "
            f"{scenarios} branching scenarios"
        )
