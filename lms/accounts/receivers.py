"""Where sign-in listens: logins, logouts and roster imports."""

from allauth.account.signals import user_logged_in as allauth_user_logged_in

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete
from django.dispatch import receiver

from lms.signals import roster_imported

from . import permission_cache
from .adapters import SIGN_OUT_STATE
from .audit import sign_in_event_record
from .models import SignInOutcome
from .sessions import (
    login_session_forget,
    login_session_record,
    sessions_end_for_employees,
)

SESSION_SIGN_OUT = "lms_sign_out"


@receiver(user_logged_in, dispatch_uid="lms-accounts-index-session")
def index_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        login_session_record(request, user)


@receiver(user_logged_out, dispatch_uid="lms-accounts-forget-session")
def forget_session(sender, request, user, **kwargs):
    if request is not None:
        login_session_forget(request)


@receiver(allauth_user_logged_in, dispatch_uid="lms-accounts-sso-signed-in")
def record_sso_sign_in(sender, request, user, sociallogin=None, **kwargs):
    if sociallogin is None:
        return
    sign_in_event_record(
        request,
        provider=sociallogin.account.provider,
        outcome=SignInOutcome.SIGNED_IN,
        user=user,
    )
    sign_out = sociallogin.state.get(SIGN_OUT_STATE)
    if sign_out:
        request.session[SESSION_SIGN_OUT] = sign_out


@receiver(roster_imported, dispatch_uid="lms-accounts-end-deactivated-sessions")
def end_deactivated_sessions(sender, deactivated_ids=(), **kwargs):
    if deactivated_ids:
        ids = list(deactivated_ids)
        # After the import commits: a rolled-back import deactivates nobody.
        transaction.on_commit(lambda: sessions_end_for_employees(ids))


def _grants_changed(sender, **kwargs):
    if kwargs.get("action", "post_").startswith("post_"):
        permission_cache.invalidate()


for _through in (
    Group.permissions.through,
    get_user_model().groups.through,
    get_user_model().user_permissions.through,
):
    m2m_changed.connect(
        _grants_changed, sender=_through, dispatch_uid=f"lms-perms-{_through}"
    )
for _model in (Group, Permission):
    post_delete.connect(
        _grants_changed, sender=_model, dispatch_uid=f"lms-perms-del-{_model}"
    )
