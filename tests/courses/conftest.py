import pytest


@pytest.fixture(autouse=True)
def _media_and_sites(settings):
    # Served pages need a host the default Site answers to.
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
