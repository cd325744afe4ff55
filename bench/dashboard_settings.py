"""The demo's settings with static files as production serves them: collected,
hashed and compressed (CompressedManifestStaticFilesStorage), served by
whitenoise with far-future cache headers. For bench/dashboard_load.py."""

import os

from lms.settings.dev import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
