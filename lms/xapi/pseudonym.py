"""The pseudonymous xAPI actor: a keyed hash of the employee number.

The LRS never receives a name, an email or the employee number. Only the LMS,
which holds the key, can link a pseudonym back to an employee (through the
outbox rows, which keep both).
"""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PSEUDONYM_LENGTH = 32


def pseudonym_for(employee_number: str) -> str:
    """HMAC-SHA256 of the employee number under ``XAPI_PSEUDONYM_KEY``, in hex.

    Truncated to 128 bits: ample against collisions among City staff and
    shorter to read in the admin.
    """
    key = settings.XAPI_PSEUDONYM_KEY
    if not key:
        raise ImproperlyConfigured(
            "XAPI_PSEUDONYM_KEY is empty: set it to a long random secret."
        )
    digest = hmac.new(
        key.encode("utf-8"), employee_number.encode("utf-8"), hashlib.sha256
    ).hexdigest()
    return digest[:PSEUDONYM_LENGTH]


def actor_account(employee) -> dict:
    """The ``account`` member of the actor for ``employee``."""
    return {
        "homePage": settings.XAPI_ACTOR_HOMEPAGE,
        "name": pseudonym_for(employee.employee_number),
    }
