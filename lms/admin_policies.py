"""The Wagtail admin's permission policy for rows that are records.

Statements sent to the LRS, audit events, certificates, attestations and the
roster's employees are kept as they happened or as another system says: the
admin lists and inspects them, and nobody, not even a superuser, creates,
edits or deletes them there. Each app registers the policy for its models with
``register_permission_policy(Model, RecordPermissionPolicy(Model, ...))``.
"""

from wagtail.permission_policies import ModelPermissionPolicy


class RecordPermissionPolicy(ModelPermissionPolicy):
    """Only the ``allowed`` actions, each with its model permission as usual.

    ``allowed`` defaults to viewing (the index and inspect views). ``extra``
    maps an action to the one permission that allows it instead, e.g. adding a
    waiver is allowed by ``courses.waive_assignment``. Override
    :meth:`user_has_permission` for a rule of another shape.
    """

    def __init__(self, model, *, allowed=("view",), extra=None, **kwargs):
        super().__init__(model, **kwargs)
        self.allowed = frozenset(allowed)
        self.extra = dict(extra or {})

    def user_has_permission(self, user, action):
        if action in self.extra:
            return user.has_perm(self.extra[action])
        if action not in self.allowed:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action in self.allowed]
        if not allowed:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(allowed)
