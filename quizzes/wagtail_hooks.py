"""Quizzes and questions as snippets in the Wagtail admin.

Both models have Wagtail's draft state, revisions, locking and workflow
mixins, so these views offer "Save draft" and "Submit to Policy review";
only users with the publish permission (administrators) publish.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lms.admin_columns import readable

from .forms import QuestionAdminForm
from .models import Question, Quiz


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
    edit_handler = ObjectList(Question.edit_panels, base_form_class=QuestionAdminForm)


class QuizzesGroup(SnippetViewSetGroup):
    items = (QuizViewSet, QuestionViewSet)
    menu_icon = "tasks"
    menu_label = _("Quizzes")
    menu_name = "quizzes"


register_snippet(QuizzesGroup)
