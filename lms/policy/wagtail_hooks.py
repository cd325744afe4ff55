"""The registry in the admin: trainers read it, administrators extend it."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .forms import SourceDocumentForm, SourcePartForm
from .models import SourceDocument, SourcePart


class SourceDocumentViewSet(SnippetViewSet):
    model = SourceDocument
    icon = "doc-full"
    menu_label = _("Documents")
    list_display = ["short_name", "title", "issuer", "issued_on", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    edit_handler = ObjectList(SourceDocument.panels, base_form_class=SourceDocumentForm)


class SourcePartViewSet(SnippetViewSet):
    model = SourcePart
    icon = "doc-full-inverse"
    menu_label = _("Citable parts")
    list_display = ["key", "document", "changed_at"]
    list_filter = ["document"]
    search_fields = ["key", "text"]
    ordering = ["document__title", "sort_order"]
    edit_handler = ObjectList(SourcePart.panels, base_form_class=SourcePartForm)


class PolicySourcesGroup(SnippetViewSetGroup):
    items = (SourceDocumentViewSet, SourcePartViewSet)
    menu_icon = "doc-full"
    menu_label = _("Policy sources")
    menu_name = "policy-sources"


register_snippet(PolicySourcesGroup)
