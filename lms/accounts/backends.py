"""The sign-in backend: allauth's, with the two reads every page makes cut to
one query each.

- The user is loaded with their Employee record (a learner's every page needs
  it), so ``lms.access.employee_of`` costs no query of its own.
- Permissions (the header's links ask for them on every page) come from one
  query over the user's own grants and their groups', where Django's
  ``ModelBackend`` makes two. The answer is the same: a superuser has every
  permission, an inactive user none. Where the cache is shared, a user's set
  is kept there between requests (``permission_cache``).
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from lms.single_row import one_or_none

from . import permission_cache


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("employee__department")
        user = one_or_none(users.filter(pk=user_id))
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                user_obj._perm_cache = _permission_names(Permission.objects.all())
            else:
                user_obj._perm_cache = permission_cache.read(
                    user_obj.pk, lambda: _granted_to(user_obj)
                )
        return user_obj._perm_cache


def _granted_to(user):
    return _permission_names(
        Permission.objects.filter(Q(user=user) | Q(group__user=user))
    )


def _permission_names(permissions):
    return {
        f"{app_label}.{codename}"
        for app_label, codename in permissions.values_list(
            "content_type__app_label", "codename"
        ).distinct()
    }
