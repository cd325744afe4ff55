"""Admin forms of the registry: they stamp when a status or a text changed.

The stamp is what "Policy citations to review" compares with the last
approval of the content that cites the part.
"""

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm


class SourceDocumentForm(WagtailAdminModelForm):
    def save(self, commit=True):
        if self.instance.pk and "status" in self.changed_data:
            self.instance.status_changed_at = timezone.now()
        return super().save(commit=commit)


class SourcePartForm(WagtailAdminModelForm):
    def save(self, commit=True):
        if self.instance.pk and "text" in self.changed_data:
            self.instance.changed_at = timezone.now()
        return super().save(commit=commit)
