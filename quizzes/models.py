"""Scenario quizzes: what trainers author and what learners leave behind.

Authoring (Wagtail snippets): a :class:`Quiz` holds an ordered list of
:class:`Question` s. A question is single choice, multiple choice or a branching
scenario. A scenario has :class:`Step` s (the first one is the start) and each of
its :class:`Choice` s belongs to one step (``step_key``) and leads to another step
(``next_step_key``) or, when that is blank, to an ending.

Steps are referenced by a short key the author types rather than by a foreign
key, because in the admin a new step has no database id until the question is
saved, and the author must be able to wire choices to steps in one sitting.
Every question, step and choice also has a UUID: xAPI activity ids and item
statistics use it, so renaming a key or reordering never changes history.

Taking: an :class:`Attempt` per try, the questions drawn for it
(:class:`AttemptItem`, see :mod:`quizzes.draw`) and one :class:`Answer` per
question (or per scenario step) answered. Nothing here records anything about a person's
citizenship, immigration status, national origin, ethnicity or religion.
"""

from uuid import uuid4

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index


class FeedbackMode(models.TextChoices):
    AFTER_EACH = "after_each", _("After each answer")
    AT_END = "at_end", _("At the end")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice (select all that apply)")
    SCENARIO = "scenario", _("Branching scenario")


class AttemptState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    FINISHED = "finished", _("Finished")
    # The question or step the learner was on was removed by an author.
    ABANDONED = "abandoned", _("Abandoned (the quiz changed)")


# Quizzes and questions go through the "Policy review" workflow (lms.review):
# edits are saved as revisions and only an administrator's approval publishes
# them, so the database rows (and the steps and choices under a question) are
# always the live version learners take.
class Quiz(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    models.Model,
):
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("Shown to learners at the top of every question."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_(
            "Short name used in links and by courses, e.g. 'ed20-quiz'. "
            "Letters, numbers, hyphens."
        ),
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Optional text shown before the first question."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Percentage of the points available that a learner needs to pass "
            "(0 to 100)."
        ),
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        default=0,
        help_text=_(
            "How many attempts a learner may start in one assignment cycle of a "
            "course (a recertification starts a new cycle), or for practice. "
            "0 means unlimited."
        ),
    )
    attempts_contact = models.CharField(
        _("who grants another attempt"),
        max_length=200,
        blank=True,
        help_text=_(
            "Named to a learner who has used every attempt, e.g. 'the Personnel "
            "Department training unit (training@example.gov)'. Leave blank to "
            "name the learner's manager from the HR roster."
        ),
    )
    draw_count = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        default=0,
        help_text=_(
            "How many questions each attempt draws from those meant for the "
            "learner's department and job class (always-asked ones included). "
            "Every attempt draws afresh, preferring questions the learner did not "
            "get last time. 0 asks every question meant for the learner."
        ),
    )
    feedback_mode = models.CharField(
        _("feedback"),
        max_length=20,
        choices=FeedbackMode.choices,
        default=FeedbackMode.AFTER_EACH,
        help_text=_(
            "After each answer: the learner sees why the choice was right or wrong "
            "and the policy behind it before going on. At the end: nothing until "
            "the result page."
        ),
    )
    shuffle_choices = models.BooleanField(
        _("shuffle choices"),
        default=False,
        help_text=_(
            "Show the choices of each question in a different order for every attempt."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("title"), FieldPanel("slug"), FieldPanel("introduction")],
            heading=_("Quiz"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("pass_mark"),
                        FieldPanel("attempts_allowed"),
                        FieldPanel("draw_count"),
                    ]
                ),
                FieldPanel("attempts_contact"),
                FieldPanel("feedback_mode"),
                FieldPanel("shuffle_choices"),
            ],
            heading=_("Rules"),
        ),
        HelpPanel(
            content=_(
                "Questions are written, ordered and reviewed one by one under "
                "Quizzes > Questions. Learners see a quiz and each question only "
                "once an administrator has approved (published) it."
            ),
            heading=_("Questions"),
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("slug"),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("quizzes:detail", args=[self.slug])


class Question(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    ClusterableModel,
    Orderable,
):
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    # A plain foreign key, not a ParentalKey: a quiz's revisions must not carry
    # its questions, which are reviewed and published on their own.
    quiz = models.ForeignKey(
        Quiz,
        verbose_name=_("quiz"),
        on_delete=models.CASCADE,
        related_name="questions",
        help_text=_("The quiz this question belongs to."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=QuestionKind.choices,
        default=QuestionKind.SINGLE,
        help_text=_(
            "Single choice: one answer. Multiple choice: select all that apply, "
            "all or nothing (full points only for exactly the right set). "
            "Branching scenario: steps whose choices lead to other steps or to an "
            "ending."
        ),
    )
    prompt = models.TextField(
        _("prompt"),
        help_text=_(
            "The question, or for a scenario its title, e.g. 'An agent at the "
            "staff door'."
        ),
    )
    situation = models.TextField(
        _("situation"),
        blank=True,
        help_text=_("Scenarios only: what is happening when the learner arrives."),
    )
    role = models.CharField(
        _("learner's role"),
        max_length=300,
        blank=True,
        help_text=_(
            "Scenarios only: who the learner plays, e.g. 'You staff the front "
            "counter of a branch library'."
        ),
    )
    audience_departments = ParentalManyToManyField(
        "lms.Department",
        verbose_name=_("for departments"),
        blank=True,
        related_name="quiz_questions",
        help_text=_(
            "Asked of employees of these departments (and of their bureaus). "
            "Leave this and the job classes empty to ask everyone."
        ),
    )
    audience_job_classes = models.TextField(
        _("for job classes"),
        blank=True,
        help_text=_(
            "Also asked of these job classes, whatever their department: one per "
            "line, exactly as in the HR roster."
        ),
    )
    always_asked = models.BooleanField(
        _("always asked"),
        default=False,
        help_text=_(
            "Part of every attempt of the learners it is meant for, instead of "
            "being drawn now and then."
        ),
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("prompt"),
    ]
    # The question's own editing screen (Snippets > Questions).
    edit_panels = [
        FieldPanel("quiz"),
        FieldPanel("kind"),
        FieldPanel("prompt"),
        MultiFieldPanel(
            [
                FieldPanel("audience_departments"),
                FieldPanel("audience_job_classes"),
                FieldPanel("always_asked"),
            ],
            heading=_("Who gets this question"),
            help_text=_(
                "Each attempt draws its questions from those meant for the "
                "learner (see the quiz's questions per attempt)."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("situation"), FieldPanel("role")],
            heading=_("Scenario"),
            help_text=_("Only for branching scenarios."),
        ),
        InlinePanel(
            "steps",
            heading=_("Scenario steps"),
            label=_("Step"),
            help_text=_(
                "Only for branching scenarios. The first step is where the "
                "scenario starts; drag to reorder."
            ),
        ),
        InlinePanel(
            "choices",
            heading=_("Choices"),
            label=_("Choice"),
            min_num=1,
            help_text=_(
                "Every choice needs its points, feedback and the policy citation. "
                "In a scenario, say which step each choice belongs to and where it "
                "leads."
            ),
        ),
    ]
    search_fields = [index.SearchField("prompt"), index.AutocompleteField("prompt")]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return f"{self.quiz.title}: {self.prompt[:60]}" if self.quiz_id else self.prompt

    @property
    def is_scenario(self):
        return self.kind == QuestionKind.SCENARIO

    def clean(self):
        if self.kind == QuestionKind.SCENARIO and not self.situation.strip():
            raise ValidationError(
                {"situation": _("A branching scenario needs its situation.")}
            )


class Step(Orderable):
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="steps")
    key = models.SlugField(
        _("key"),
        max_length=50,
        help_text=_(
            "A short name for this step, unique in the scenario, that choices use "
            "to lead here, e.g. 'agent-insists'."
        ),
    )
    text = models.TextField(
        _("what happens"),
        help_text=_("What the learner sees at this step, ending with what to decide."),
    )

    panels = [FieldPanel("key"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "key"], name="quizzes_step_key_unique"
            )
        ]

    def __str__(self):
        return self.key


# A ClusterableModel so that its citations travel with the question's revisions
# (an edit under review keeps them until it is approved).
class Choice(ClusterableModel, Orderable):
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    step_key = models.SlugField(
        _("at step"),
        max_length=50,
        blank=True,
        help_text=_(
            "Scenarios only: the key of the step where this choice is offered. "
            "Leave blank for single and multiple choice."
        ),
    )
    text = models.TextField(_("text"), help_text=_("What the learner may choose."))
    points = models.IntegerField(
        _("points"),
        default=0,
        help_text=_(
            "Points earned by choosing this. In a scenario the score is the sum "
            "along the path taken."
        ),
    )
    is_correct = models.BooleanField(
        _("right answer"),
        default=False,
        help_text=_(
            "Whether this choice is right (or, in a scenario, the right thing to "
            "do at this step)."
        ),
    )
    feedback = models.TextField(
        _("feedback"),
        help_text=_("Why this choice is right or wrong, in plain words."),
    )
    cites = ParentalManyToManyField(
        "policy.SourcePart",
        verbose_name=_("cites"),
        related_name="citing_choices",
        help_text=_(
            "The parts of the policy sources behind the feedback (Policy sources "
            "> Citable parts). A graded choice must cite at least one part of a "
            "source in force; the feedback explains the rule from it."
        ),
    )
    next_step_key = models.SlugField(
        _("leads to step"),
        max_length=50,
        blank=True,
        help_text=_(
            "Scenarios only: the key of the step this choice leads to. Leave blank "
            "when the choice ends the scenario."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("step_key"), FieldPanel("next_step_key")]),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("points"), FieldPanel("is_correct")]),
        FieldPanel("feedback"),
        FieldPanel("cites"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text[:80]

    @property
    def citation(self):
        """The cited parts as a learner reads them, in registry order."""
        parts = sorted(self.cites.all(), key=lambda p: (p.document_id, p.sort_order))
        return "; ".join(part.citation_text for part in parts)


class Attempt(models.Model):
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), on_delete=models.PROTECT, related_name="attempts"
    )
    employee = models.ForeignKey(
        "lms.Employee",
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    registration = models.UUIDField(
        _("registration"),
        null=True,
        blank=True,
        help_text=_("The course assignment cycle (xAPI registration), if any."),
    )
    # lms.xapi.activities.Activity values as dicts, supplied by the caller (a
    # course), so every statement of the attempt is grouped under it.
    context_parent = models.JSONField(null=True, blank=True)
    context_grouping = models.JSONField(default=list, blank=True)
    course_version = models.CharField(max_length=100, blank=True)
    return_url = models.CharField(max_length=500, blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        help_text=_(
            "The mark this attempt is graded by: the quiz's own, or the one the "
            "caller (e.g. a course) set when starting it."
        ),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=AttemptState.choices,
        default=AttemptState.IN_PROGRESS,
    )
    # Where the learner is: the question (and scenario step) to answer next.
    current_question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    current_step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Time taken for an answer runs from when its item was first shown or, if
    # that was not recorded, from the previous answer (or the start).
    last_event_at = models.DateTimeField()
    item_shown_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    score_points = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True
    )
    max_points = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True
    )
    score_percent = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        indexes = [models.Index(fields=["employee", "quiz", "state"])]

    def __str__(self):
        return _("%(quiz)s, attempt by %(employee)s on %(date)s") % {
            "quiz": self.quiz,
            "employee": self.employee,
            "date": self.started_at.date(),
        }

    def get_absolute_url(self):
        return reverse("quizzes:attempt", args=[self.uuid])

    @property
    def is_finished(self):
        return self.state == AttemptState.FINISHED

    @property
    def is_resumable(self):
        """Whether the learner can go on: in progress and still on a live item."""
        if self.state != AttemptState.IN_PROGRESS or self.current_question is None:
            return False
        if self.current_question.quiz_id != self.quiz_id:
            return False
        if not self.current_question.live:
            return False
        if not self.current_question.is_scenario:
            return True
        step = self.current_step
        return step is not None and step.question_id == self.current_question_id


class AttemptItem(models.Model):
    """A question drawn for an attempt, at its place in that attempt.

    Drawn once when the attempt starts, so a reload, a second tab or the
    result page always see the same questions.
    """

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="attempt_items"
    )
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["attempt", "position"]
        verbose_name = _("question drawn")
        verbose_name_plural = _("questions drawn")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="quizzes_item_position_unique"
            ),
            models.UniqueConstraint(
                fields=["attempt", "question"], name="quizzes_item_question_unique"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.question}"


class Answer(models.Model):
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers"
    )
    step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    choices = models.ManyToManyField(Choice, related_name="answers")
    correct = models.BooleanField(_("correct"))
    points = models.DecimalField(_("points"), max_digits=9, decimal_places=2)
    answered_at = models.DateTimeField(_("answered at"))
    time_taken = models.DurationField(
        _("time taken"), help_text=_("Since the question was shown or last answer.")
    )
    statement_id = models.UUIDField(default=uuid4, editable=False)

    class Meta:
        ordering = ["answered_at", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        # One answer per question (or scenario step) per attempt, even when two
        # requests race: the database refuses the second.
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"],
                condition=models.Q(step__isnull=True),
                name="quizzes_answer_once_per_question",
            ),
            models.UniqueConstraint(
                fields=["attempt", "step"],
                condition=models.Q(step__isnull=False),
                name="quizzes_answer_once_per_step",
            ),
        ]

    def __str__(self):
        return _("Answer to %(question)s") % {"question": self.question}
