"""allauth's authentication, loading each request's user with their employee record.

Every page's header names the signed-in employee and their department, and most
pages read the employee; one joined query gives all three.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from django.contrib.auth import get_user_model


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        user = (
            get_user_model()
            ._default_manager.select_related("employee__department")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
