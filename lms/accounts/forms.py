from allauth.account import app_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm

from django.contrib.auth import get_user_model


class ResetPasswordForm(AllauthResetPasswordForm):
    """A reset link goes to an active account's own address, whatever its case.

    Roster employees' addresses are their work email (the import copies it to
    the login); allauth's own lookup compares case-sensitively, which misses
    ``Jane.Doe@lacity.org``. Unknown addresses get the same answer as known
    ones (ACCOUNT_PREVENT_ENUMERATION) and no mail.
    """

    def clean_email(self):
        email = get_adapter().clean_email(self.cleaned_data["email"])
        self.users = list(
            get_user_model().objects.filter(email__iexact=email, is_active=True)
        )
        if not self.users and not app_settings.PREVENT_ENUMERATION:
            raise get_adapter().validation_error("unknown_email")
        return email
