"""Editor panels that show a trainer the effect of what they are about to publish."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.panels import Panel

from courses.selectors.holders import certified_holders


class PublishImpactPanel(Panel):
    """How many learners a module's publication concerns, before it is published."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/publish_impact_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            module = self.instance
            course = getattr(self.form, "parent_page", None)
            if course is None and module.pk:
                course = module.get_parent()
            holders = certified_holders(course=course, module=module) if course else 0
            context["holders"] = holders
            context["message"] = (
                _("Nobody holds a certificate of this course yet.")
                if not holders
                else ngettext(
                    "%(count)d learner holds a certificate of this course issued "
                    "before this module. Ticked below, publishing asks them to take "
                    "the course again; unticked, they stay certified until their "
                    "next cycle.",
                    "%(count)d learners hold a certificate of this course issued "
                    "before this module. Ticked below, publishing asks them to take "
                    "the course again; unticked, they stay certified until their "
                    "next cycle.",
                    holders,
                )
                % {"count": holders}
            )
            return context
