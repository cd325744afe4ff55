"""Quizzes and questions as snippets in the Wagtail admin.

Both models have Wagtail's draft state, revisions, locking and workflow
mixins, so these views offer "Save draft" and "Submit to Policy review";
only users with the publish permission (administrators) publish.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lms.admin_columns import readable

from .forms import QuestionAdminForm
from .models import Question, Quiz
from .panels import ScenarioPreviewPanel
from .preview import may_preview


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = _("Quizzes")
    list_display = [
        "title",
        *readable(
            Quiz, "slug", "pass_mark", "attempts_allowed", "draw_count", "feedback_mode"
        ),
        *readable(Quiz, "live"),
    ]
    search_fields = ["title"]
    ordering = ["title"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = [
        "prompt",
        *readable(Question, "quiz", "kind", "always_asked", "sort_order", "live"),
    ]
    list_filter = ["quiz", "kind", "always_asked", "audience_departments", "live"]
    search_fields = ["prompt"]
    ordering = ["quiz__title", "sort_order"]
    edit_handler = ObjectList(
        [
            ScenarioPreviewPanel(heading=_("Preview as learner and map")),
            *Question.edit_panels,
        ],
        base_form_class=QuestionAdminForm,
    )


class QuizzesGroup(SnippetViewSetGroup):
    items = (QuizViewSet, QuestionViewSet)
    menu_icon = "tasks"
    menu_label = _("Quizzes")
    menu_name = "quizzes"


register_snippet(QuizzesGroup)


@hooks.register("register_snippet_listing_buttons")
def preview_as_learner_button(snippet, user, next_url=None):
    """In the questions list, beside Edit: play the question as a learner."""
    if isinstance(snippet, Question) and may_preview(user):
        yield ListingButton(
            _("Preview as learner"),
            reverse("quizzes:preview", args=[snippet.pk]),
            icon_name="view",
            priority=15,
        )
