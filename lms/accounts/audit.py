"""Writing the sign-in audit log (SignInEvent)."""

from .client_address import client_ip
from .models import SignInEvent


def sign_in_event_record(request, *, provider, outcome, user=None, detail=""):
    """One row per SSO sign-in or refusal: provider, outcome, account, address."""
    return SignInEvent.objects.create(
        provider=provider[:30],
        outcome=outcome,
        user=user,
        username=user.get_username() if user is not None else "",
        ip_address=client_ip(request) if request is not None else None,
        detail=detail[:100],
    )
