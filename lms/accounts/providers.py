"""The City's OpenID Connect providers, read from ``SSO_PROVIDERS``.

``SSO_PROVIDERS`` is a JSON list; each entry names one provider::

    {"id": "google", "name": "City Google account",
     "issuer": "https://accounts.google.com",
     "client_id": "...", "client_secret": "...",
     "employee_claim": "", "email_domains": ["lacity.org"]}

``employee_claim`` is the ID-token or userinfo claim with the employee number
(default ``employee_id``). Left empty, the provider's *verified* ``email`` is
matched against the roster's work email instead, and only for addresses in
``email_domains``. This module imports nothing from Django's apps, so the
settings can parse the variable and refuse a bad one before anything starts.
"""

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

DEFAULT_EMPLOYEE_CLAIM = "employee_id"
FIELDS = (
    "id",
    "name",
    "issuer",
    "client_id",
    "client_secret",
    "employee_claim",
    "email_domains",
)
REQUIRED = ("id", "name", "issuer", "client_id", "client_secret")
PROVIDER_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,29}")
DOMAIN = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    issuer: str
    client_id: str
    client_secret: str
    employee_claim: str = DEFAULT_EMPLOYEE_CLAIM
    email_domains: tuple[str, ...] = ()

    @property
    def matches_by_email(self):
        return not self.employee_claim


def _problem(position, entry, message):
    label = f"provider {position}"
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        label += f" ({entry['id']!r})"
    return ImproperlyConfigured(f"SSO_PROVIDERS, {label}: {message}")


def _provider(position, entry):
    if not isinstance(entry, dict):
        raise _problem(position, entry, "each provider must be a JSON object")
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        raise _problem(
            position,
            entry,
            f"unknown key(s) {', '.join(unknown)}; the keys are {', '.join(FIELDS)}",
        )
    for key in REQUIRED:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise _problem(position, entry, f"{key!r} is required (a non-empty text)")
    provider_id = entry["id"].strip()
    if not PROVIDER_ID.fullmatch(provider_id):
        raise _problem(
            position,
            entry,
            "'id' must be 1-30 lowercase letters, digits or hyphens; it is part of "
            "the redirect URI",
        )
    issuer = entry["issuer"].strip().rstrip("/")
    parts = urlsplit(issuer)
    loopback = parts.hostname in LOOPBACK_HOSTS
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        raise _problem(
            position, entry, f"'issuer' must be an https:// URL, not {issuer!r}"
        )
    claim = entry.get("employee_claim", DEFAULT_EMPLOYEE_CLAIM)
    if claim is None:
        claim = ""
    if not isinstance(claim, str):
        raise _problem(position, entry, "'employee_claim' must be a text")
    domains = entry.get("email_domains", [])
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        raise _problem(position, entry, "'email_domains' must be a list of texts")
    domains = tuple(domain.strip().lower().lstrip("@") for domain in domains)
    for domain in domains:
        if not DOMAIN.fullmatch(domain):
            raise _problem(position, entry, f"{domain!r} is not an email domain")
    if not claim.strip() and not domains:
        raise _problem(
            position,
            entry,
            "with an empty 'employee_claim' the email address is matched, so "
            "'email_domains' must list the City's domains",
        )
    return Provider(
        id=provider_id,
        name=entry["name"].strip(),
        issuer=issuer,
        client_id=entry["client_id"].strip(),
        client_secret=entry["client_secret"],
        employee_claim=claim.strip(),
        email_domains=domains,
    )


def parse_providers(raw):
    """The providers described by the JSON text ``raw`` (blank: none)."""
    if not raw or not raw.strip():
        return ()
    try:
        entries = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(
            f"SSO_PROVIDERS is not valid JSON: {exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}"
        ) from None
    if not isinstance(entries, list):
        raise ImproperlyConfigured("SSO_PROVIDERS must be a JSON list of providers")
    providers = tuple(
        _provider(position, entry) for position, entry in enumerate(entries, start=1)
    )
    seen = set()
    for position, provider in enumerate(providers, start=1):
        if provider.id in seen:
            raise _problem(position, {"id": provider.id}, "the id is used twice")
        seen.add(provider.id)
    return providers


def configured():
    """The providers in force (settings.SSO_PROVIDERS), in their order."""
    from django.conf import settings

    return tuple(getattr(settings, "SSO_PROVIDERS", ()))


def get(provider_id):
    """The provider with this id, or None."""
    return next((p for p in configured() if p.id == provider_id), None)


def origins():
    """The providers' origins: sign-in and sign-out forms redirect there."""
    seen = []
    for provider in configured():
        parts = urlsplit(provider.issuer)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in seen:
            seen.append(origin)
    return seen
