from .base import *  # noqa: F403

# The demo (`make run`) shows the project's own error pages, never Django's
# debug pages that list every URL; DJANGO_DEBUG=1 turns them on for a developer.
DEBUG = env_bool("DJANGO_DEBUG", False)  # noqa: F405
# Static files straight from the apps, without collectstatic, whatever DEBUG says.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A fixed key is fine on a developer's machine and nowhere else.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405, S105
XAPI_PSEUDONYM_KEY = XAPI_PSEUDONYM_KEY or "dev-only-pseudonym-key"  # noqa: F405
