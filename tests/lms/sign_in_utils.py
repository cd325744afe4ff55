"""Helpers for the local sign-in tests: password sign-in and authenticator codes."""

from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tests.lms.factories import make_user


def user_with_password(role, password, **kwargs):
    user = make_user(role, **kwargs)
    user.set_password(password)
    user.save()
    return user


def sign_in(client, username, password, **extra):
    return client.post(
        "/accounts/login/", {"login": username, "password": password}, **extra
    )


def totp_code(secret):
    """The code an authenticator app shows now."""
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))
