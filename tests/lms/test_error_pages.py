"""The demo shows the project's own pages for a wrong address, never Django's."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.conf import settings

from lms import roles
from tests.courses.factories import CoursePageFactory
from tests.lms.factories import make_user

ROOT = Path(__file__).resolve().parents[2]


def _dev_setting(name, **env):
    """A value of lms.settings.dev (what `make run` uses), read in a fresh process."""
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    environment.update(env, DJANGO_SETTINGS_MODULE="lms.settings.dev")
    code = f"from django.conf import settings; print(settings.{name})"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_make_run_serves_without_debug_pages_unless_a_developer_asks():
    assert _dev_setting("DEBUG") == "False"
    assert _dev_setting("DEBUG", DJANGO_DEBUG="1") == "True"


@pytest.mark.django_db
def test_a_wrong_address_gets_the_project_page_with_search_and_home(client):
    CoursePageFactory(slug="ed20", title="Immigration enforcement basics")
    client.force_login(make_user(roles.LEARNER))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.text
    assert "Page not found" in html
    assert 'role="search"' in html
    assert 'action="/search/"' in html
    assert "Go to my training" in html
    assert "URLconf" not in html  # Django's debug page lists the URL patterns


@pytest.mark.django_db
def test_the_favicon_address_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/lms/favicon.svg"
    page = client.get("/accounts/login/").text
    assert 'rel="icon" href="/static/lms/favicon.svg"' in page


def test_wagtail_does_not_call_home_for_updates():
    # Its request to a third-party server is blocked by the admin's CSP and
    # showed as console errors on every admin page.
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
