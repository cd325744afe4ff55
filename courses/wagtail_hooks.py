"""Courses in the Wagtail admin."""

from wagtail import hooks

from .certification_admin import CertificationGroup


@hooks.register("register_admin_viewset")
def register_certification_viewsets():  # certification (issue 6)
    return CertificationGroup()
