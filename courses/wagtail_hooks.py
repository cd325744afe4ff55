from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .certification_admin import CertificationGroup


class AssignMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("courses.add_assignment")


@hooks.register("register_admin_menu_item")
def register_assign_menu_item():
    return AssignMenuItem(
        _("Assign training"),
        reverse("courses:assign"),
        icon_name="group",
        order=250,
    )


@hooks.register("register_admin_viewset")
def register_certification_viewsets():  # certification (issue 6)
    return CertificationGroup()
