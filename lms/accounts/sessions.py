"""Ending a person's sessions on every server at once (LoginSession index)."""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.utils import timezone

from lms.models import Employee

from .models import LoginSession


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def login_session_record(request, user):
    """Index the session a sign-in just opened; forget the user's expired ones."""
    session = request.session
    if not session.session_key:
        session.save()
    cutoff = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    LoginSession.objects.filter(user=user, created_at__lt=cutoff).delete()
    LoginSession.objects.update_or_create(
        session_key=session.session_key, defaults={"user": user}
    )


def login_session_forget(request):
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        LoginSession.objects.filter(session_key=session.session_key).delete()


def sessions_end_for_users(user_ids):
    """Sign the users out everywhere: delete each of their sessions."""
    rows = LoginSession.objects.filter(user_id__in=list(user_ids))
    store = _store()
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        store(key).delete()
    rows.delete()
    return len(keys)


def sessions_end_for_employees(employee_ids):
    user_ids = Employee.objects.filter(pk__in=list(employee_ids)).values_list(
        "user_id", flat=True
    )
    return sessions_end_for_users(user_ids)
