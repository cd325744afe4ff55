"""Pytest fixtures for the test OpenID Providers (registered in tests/conftest.py)."""

import pytest

from lms.accounts.providers import Provider

from .flow import ProviderBrowser
from .harness import OpenIDProviders


@pytest.fixture(scope="session")
def openid_providers(live_server):
    providers = OpenIDProviders.start(live_server.url)
    yield providers
    providers.stop()


def sso_settings(providers):
    """SSO_PROVIDERS for the two test providers: one by claim, one by email."""
    city, water = providers["city"], providers["water"]
    return (
        Provider(
            id="city",
            name="City account",
            issuer=city.issuer,
            client_id=city.client_id,
            client_secret=city.client_secret,
        ),
        Provider(
            id="water",
            name="Water and Power",
            issuer=water.issuer,
            client_id=water.client_id,
            client_secret=water.client_secret,
            employee_claim="",
            email_domains=("ladwp.example",),
        ),
    )


@pytest.fixture
def sso(settings, openid_providers):
    """Both providers configured; their accounts as in harness.ACCOUNTS."""
    settings.SSO_PROVIDERS = sso_settings(openid_providers)
    yield openid_providers
    openid_providers.reset()


@pytest.fixture
def provider_browser():
    browser = ProviderBrowser()
    yield browser
    browser.session.close()
