"""Login throttling by client address, with and without the load balancer in front."""

import pytest

from django.test import Client, RequestFactory

from lms import roles
from lms.accounts.client_address import client_ip
from tests.lms.sign_in_utils import sign_in, user_with_password

BALANCER = "10.0.0.5"


def address(settings, proxies, remote="198.51.100.7", forwarded=None):
    settings.TRUSTED_PROXY_COUNT = proxies
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    assert address(settings, 0, forwarded="203.0.113.9") == "198.51.100.7"


def test_behind_one_proxy_the_client_is_the_last_forwarded_address(settings):
    got = address(settings, 1, remote=BALANCER, forwarded="6.6.6.6, 203.0.113.9")
    assert got == "203.0.113.9"  # "6.6.6.6" was written by the client


def test_behind_two_proxies_the_client_is_second_from_the_right(settings):
    got = address(
        settings, 2, remote=BALANCER, forwarded="1.1.1.1, 203.0.113.9, 10.0.0.9"
    )
    assert got == "203.0.113.9"


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address", "1.2.3.4"])
def test_a_short_or_bad_header_falls_back_to_the_peer(settings, forwarded):
    assert address(settings, 2, remote=BALANCER, forwarded=forwarded) == BALANCER


def test_ipv6_and_ports_are_understood(settings):
    assert address(settings, 1, forwarded="[2001:db8::1]:4711") == "2001:db8::1"
    assert address(settings, 1, forwarded="203.0.113.9:4711") == "203.0.113.9"


# --- The lockout, end to end through the sign-in page ------------------------------


@pytest.fixture
def learner(password):
    return user_with_password(roles.LEARNER, password)


def behind_balancer(client_address):
    return {"REMOTE_ADDR": BALANCER, "HTTP_X_FORWARDED_FOR": client_address}


@pytest.mark.django_db
def test_behind_the_balancer_one_client_cannot_lock_an_account_for_everyone(
    settings, learner, password
):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker, colleague = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, learner.username, "wrong", **behind_balancer("203.0.113.66"))

    locked = sign_in(
        attacker, learner.username, password, **behind_balancer("203.0.113.66")
    )
    assert locked.status_code == 429
    # The same balancer address, another client behind it: not locked out.
    ok = sign_in(
        colleague, learner.username, password, **behind_balancer("198.51.100.20")
    )
    assert ok.status_code == 302
    assert colleague.session["_auth_user_id"] == str(learner.pk)


@pytest.mark.django_db
def test_without_a_proxy_a_forged_header_does_not_escape_the_lockout(
    settings, learner, password
):
    settings.TRUSTED_PROXY_COUNT = 0
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        forged = {"REMOTE_ADDR": "203.0.113.66", "HTTP_X_FORWARDED_FOR": f"10.9.9.{n}"}
        sign_in(client, learner.username, "wrong", **forged)

    forged = {"REMOTE_ADDR": "203.0.113.66", "HTTP_X_FORWARDED_FOR": "10.9.9.99"}
    assert sign_in(client, learner.username, password, **forged).status_code == 429


@pytest.mark.django_db
def test_spraying_many_usernames_from_one_address_is_stopped(
    settings, learner, password
):
    settings.TRUSTED_PROXY_COUNT = 1
    sprayer = behind_balancer("203.0.113.77")
    client = Client()
    for n in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        response = sign_in(client, f"someone{n}", "Winter2026!", **sprayer)
        assert response.status_code == 200
        assert "do not match" in response.content.decode()

    # The next try from that address is refused, even with a right password...
    refused = sign_in(client, learner.username, password, **sprayer)
    assert "Too many failed sign-ins from your network address" in (
        refused.content.decode()
    )
    assert "_auth_user_id" not in client.session
    # ...while the same person elsewhere signs in.
    elsewhere = Client()
    ok = sign_in(
        elsewhere, learner.username, password, **behind_balancer("198.51.100.20")
    )
    assert ok.status_code == 302


@pytest.mark.django_db
def test_successful_sign_ins_do_not_count_against_an_address(
    settings, learner, password
):
    office = {"REMOTE_ADDR": "198.51.100.30"}
    for _ in range(settings.LOGIN_FAILURES_PER_ADDRESS + 5):
        client = Client()
        assert sign_in(client, learner.username, password, **office).status_code == 302
