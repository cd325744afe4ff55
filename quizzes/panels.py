"""Editor panels for questions: the scenario map and the learner's-eye preview."""

from django.urls import reverse
from wagtail.admin.panels import Panel

from .scenario_map import scenario_map


class ScenarioPreviewPanel(Panel):
    """A link to play the question as a learner and, for a scenario, its map.

    Both read the question as last saved (the latest revision, which the editor
    shows): the panel says so, since changes typed since are not in them yet.
    Trainers see it while writing and reviewers while approving, on the same
    edit screen.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "quizzes/admin/scenario_preview_panel.html"

        class Media:
            css = {"all": ["quizzes/scenario_map.css"]}
            js = ["quizzes/step_select.js"]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            question = self.instance
            context["saved"] = bool(question.pk)
            if question.pk:
                context["preview_url"] = reverse("quizzes:preview", args=[question.pk])
                context["map"] = scenario_map(question)
            return context
