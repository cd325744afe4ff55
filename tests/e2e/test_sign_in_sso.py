"""Single sign-on in Chromium: the button, the provider's page, My training."""

import pytest

from tests.e2e.conftest import screenshot, serious_accessibility_violations
from tests.lms.factories import EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_employee_signs_in_with_the_city_provider_and_lands_on_my_training(
    page, live_server, sso
):
    EmployeeFactory(employee_number="E1001", first_name="Ada", last_name="Lovelace")
    page.goto(f"{live_server.url}/accounts/login/")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "login-sso")

    with page.expect_navigation():
        page.get_by_role("button", name="Sign in with City account").click()
    assert page.url.startswith(sso["city"].issuer)
    page.get_by_placeholder("Enter any login").fill("ada")
    page.get_by_placeholder("and password").fill("whatever the person types")
    with page.expect_navigation(url=f"{live_server.url}/my-training/"):
        page.get_by_role("button", name="Sign-in").click()

    assert page.get_by_role("heading", level=1).inner_text() == "My training"
    assert page.get_by_role("button", name="Sign out").is_visible()
    screenshot(page, "my-training-after-sso")


def test_a_person_not_on_the_roster_reads_why_in_the_browser(page, live_server, sso):
    page.goto(f"{live_server.url}/accounts/login/")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in with City account").click()
    page.get_by_placeholder("Enter any login").fill("stranger")
    page.get_by_placeholder("and password").fill("x")
    with page.expect_navigation(url=f"{live_server.url}/accounts/oidc/city/**"):
        page.get_by_role("button", name="Sign-in").click()

    alert = page.get_by_role("alert")
    assert "could not find you on the HR roster" in alert.inner_text()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "sso-refused")
