"""What sign-in keeps: its audit log and an index of each person's sessions.

Neither holds token contents: an SSO sign-in is recorded by provider, outcome
and address only, never with the claims the provider sent.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInOutcome(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    UNKNOWN_PERSON = "unknown_person", _("Refused: not on the HR roster")
    DEACTIVATED = "deactivated", _("Refused: employee not active")
    EMAIL_UNVERIFIED = "email_unverified", _("Refused: email not verified")
    WRONG_DOMAIN = "wrong_domain", _("Refused: email outside the City's domains")
    AMBIGUOUS_EMAIL = "ambiguous_email", _("Refused: email shared by employees")
    CLAIM_MISSING = "claim_missing", _("Refused: provider sent no employee claim")
    BOUND_ELSEWHERE = "bound_elsewhere", _("Refused: employee linked to another login")
    PROVIDER_ERROR = "provider_error", _("Refused: the provider reported an error")


class SignInEvent(models.Model):
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    provider = models.CharField(
        _("provider"),
        max_length=30,
        db_index=True,
        help_text=_("The id of the identity provider in SSO_PROVIDERS."),
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=SignInOutcome.choices, db_index=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sign_in_events",
        help_text=_("The account signed in or refused; empty for an unknown person."),
    )
    username = models.CharField(
        _("username"),
        max_length=150,
        blank=True,
        help_text=_("Kept as text so the record survives the account's deletion."),
    )
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.CharField(
        _("detail"),
        max_length=100,
        blank=True,
        help_text=_("For a provider error, its kind (e.g. cancelled); never a token."),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in events")

    def __str__(self):
        who = self.username or _("unknown person")
        return f"{who} via {self.provider}: {self.get_outcome_display()}"


class LoginSession(models.Model):
    """One signed-in session of a user, so their sessions can be ended at once.

    Django's session store cannot be searched by user; this index can. Rows
    go when the person signs out, and a user's rows older than a session's
    lifetime go at their next sign-in.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("login session")
        verbose_name_plural = _("login sessions")

    def __str__(self):
        return f"session of user {self.user_id} since {self.created_at:%Y-%m-%d %H:%M}"
