"""Login, throttling, the login requirement and the health check."""

import pytest

from django.urls import reverse

from lms import roles
from tests.lms.factories import make_user

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_login_and_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_every_other_page_sends_an_anonymous_visitor_to_login(client):
    for path in ["/", "/admin/", "/training/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(reverse("login")), path


def test_login_page_is_public_and_labelled(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_login">' in html
    assert '<label for="id_password">' in html


def test_successful_login_lands_on_the_home_redirect(client, password):
    user = make_user(roles.LEARNER)
    user.set_password(password)
    user.save()
    response = client.post(
        reverse("login"), {"login": user.username, "password": password}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_wrong_password_shows_a_clear_message(client, password):
    user = make_user(roles.LEARNER)
    user.set_password(password)
    user.save()
    response = client.post(
        reverse("login"), {"login": user.username, "password": "wrong-password"}
    )
    assert response.status_code == 200
    assert "do not match" in response.content.decode()


def test_five_failed_logins_lock_the_account_even_for_the_right_password(
    client, password, settings
):
    user = make_user(roles.LEARNER)
    user.set_password(password)
    user.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"login": user.username, "password": "nope"})
    response = client.post(
        reverse("login"), {"login": user.username, "password": password}
    )
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_validators_refuse_a_short_or_common_password():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["short", "password1234", "123456789012"]:
        with pytest.raises(ValidationError):
            validate_password(weak)


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_logout_needs_a_post_and_ends_the_session(client):
    user = make_user(roles.LEARNER)
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
