"""Who may do what with a session or a booking: asked by views and services."""

from lms import access


def may_book_for(user, employee) -> bool:
    """A learner for themselves; a manager or administrator for their team."""
    own = access.employee_of(user)
    if own is not None and own.pk == employee.pk:
        return True
    return access.can_act_for(user, employee)


def may_run(user, session) -> bool:
    """The session's trainer, or anyone who may take attendance at any session."""
    if not (user.is_authenticated and user.is_active):
        return False
    return session.trainer_id == user.pk or user.has_perm("classroom.take_attendance")
