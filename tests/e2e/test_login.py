"""The sign-in page in a real browser: accessible, usable by keyboard and on a phone."""

import pytest

from lms import roles
from tests.e2e.conftest import log_in, screenshot, serious_accessibility_violations
from tests.lms.factories import make_user

# Like the other browser tests: a plain transactional flush re-runs post_migrate
# (the roles' groups), and the next test restoring the serialized database then
# fails on "UNIQUE constraint failed: auth_group.name".
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-test-password-1"


@pytest.fixture
def learner():
    user = make_user(roles.LEARNER)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_login_page_has_no_serious_accessibility_violations(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    screenshot(page, "login")
    assert serious_accessibility_violations(page) == []


def test_wrong_password_is_announced(page, live_server, learner):
    log_in(page, live_server, learner.username, "not-the-password")
    alert = page.get_by_role("alert")
    assert "do not match" in alert.inner_text()


def test_keyboard_only_sign_in_on_a_phone(phone_page, live_server, learner):
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    # The username field has autofocus, but whether the browser applied it before
    # the first key press is a race: either it is focused already, or tabbing from
    # the top (skip link, site name) reaches it, possibly after wrapping round.
    for _ in range(7):
        if page.evaluate("document.activeElement.id") == "id_login":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_login"
    page.keyboard.type(learner.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/login/" not in page.url
    assert page.get_by_role("button", name="Sign out").is_visible()
    # Nothing wider than the screen: no horizontal scrolling on a 375px phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "after-login-phone")
