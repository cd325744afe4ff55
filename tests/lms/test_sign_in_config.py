"""SSO_PROVIDERS: what an IT administrator writes, and the errors they get."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.core.exceptions import ImproperlyConfigured

from lms.accounts.providers import parse_providers

ROOT = Path(__file__).resolve().parents[2]
GOOGLE = {
    "id": "google",
    "name": "City Google account",
    "issuer": "https://accounts.google.com",
    "client_id": "123.apps.googleusercontent.com",
    "client_secret": "secret",
    "employee_claim": "",
    "email_domains": ["LACity.org"],
}
OKTA = {
    "id": "police",
    "name": "LAPD",
    "issuer": "https://lapd.okta.com/oauth2/default/",
    "client_id": "0oa1",
    "client_secret": "secret",
}


def test_two_providers_with_their_defaults():
    google, okta = parse_providers(json.dumps([GOOGLE, OKTA]))
    assert google.matches_by_email and google.email_domains == ("lacity.org",)
    assert okta.employee_claim == "employee_id"
    assert okta.issuer == "https://lapd.okta.com/oauth2/default"
    assert not okta.matches_by_email


def test_nothing_configured_means_no_provider():
    assert parse_providers("") == ()
    assert parse_providers("  ") == ()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{not json", "not valid JSON: .* line 1, column 2"),
        (json.dumps(GOOGLE), "must be a JSON list"),
        (
            json.dumps([{**OKTA, "client_id": ""}]),
            "provider 1 \\('police'\\): 'client_id' is required",
        ),
        (json.dumps([{**OKTA, "id": "LAPD Okta"}]), "'id' must be 1-30 lowercase"),
        (
            json.dumps([{**OKTA, "issuer": "http://lapd.okta.com"}]),
            "must be an https:// URL",
        ),
        (json.dumps([{**GOOGLE, "email_domains": []}]), "'email_domains' must list"),
        (json.dumps([OKTA, OKTA]), "provider 2 \\('police'\\): the id is used twice"),
        (json.dumps([{**OKTA, "secret": "x"}]), "unknown key\\(s\\) secret"),
        (
            json.dumps([{**GOOGLE, "email_domains": ["not a domain"]}]),
            "is not an email domain",
        ),
    ],
)
def test_a_mistake_is_named_with_its_provider(value, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        parse_providers(value)


def test_a_bad_setting_stops_the_site_with_the_reason():
    env = {
        **os.environ,
        "SSO_PROVIDERS": "[{]",
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SSO_PROVIDERS is not valid JSON" in result.stderr
