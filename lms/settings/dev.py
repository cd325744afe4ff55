from .base import *  # noqa: F403

DEBUG = True
# A fixed key is fine on a developer's machine and nowhere else.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405, S105
XAPI_PSEUDONYM_KEY = XAPI_PSEUDONYM_KEY or "dev-only-pseudonym-key"  # noqa: F405
