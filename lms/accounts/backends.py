"""The sign-in backend: allauth's, with the two reads every page makes cut to
one query each.

- The user is loaded with their Employee record (a learner's every page needs
  it), so ``lms.access.employee_of`` costs no query of its own.
- Permissions (the header's links ask for them on every page) come from one
  query over the user's own grants and their groups', where Django's
  ``ModelBackend`` makes two. The answer is the same: a superuser has every
  permission, an inactive user none.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("employee__department")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(
                    Q(user=user_obj) | Q(group__user=user_obj)
                )
            user_obj._perm_cache = {
                f"{app_label}.{codename}"
                for app_label, codename in permissions.values_list(
                    "content_type__app_label", "codename"
                ).distinct()
            }
        return user_obj._perm_cache
