"""The load test's learner browser on the real site: it signs in through the
form (CSRF cookie and token), keeps the session, and loses it on sign-out."""

import http.server
import re
import threading

import pytest

from bench.loadtest_http import Browser
from lms import roles
from tests.lms.factories import make_user

PASSWORD = "a-long-browser-password-1"  # noqa: S105
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _post(browser, url, page, data):
    token = TOKEN.search(page.text).group(1)
    return browser.request(
        "POST",
        url,
        data={**data, "csrfmiddlewaretoken": token},
        headers={"Referer": url},
    )


# Serialized rollback: the role groups the migrations made are there again for
# the tests after this one, as after the other live-server tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_learner_signs_in_keeps_the_session_and_signs_out(live_server):
    user = make_user(roles.LEARNER)
    user.set_password(PASSWORD)
    user.save()
    browser = Browser(timeout=10)
    login_url = live_server.url + "/accounts/login/"

    page = browser.request("GET", login_url)
    assert page.status_code == 200
    assert "csrftoken" in browser.cookies
    signed_in = _post(
        browser, login_url, page, {"login": user.username, "password": PASSWORD}
    )
    assert signed_in.status_code == 302  # no redirect followed
    assert "sessionid" in browser.cookies

    training = browser.request("GET", live_server.url + "/my-training/")
    assert training.status_code == 200
    assert user.employee.first_name in training.text
    assert training.headers.get("content-type").startswith("text/html")

    logout_url = live_server.url + "/accounts/logout/"
    _post(browser, logout_url, training, {})
    assert "sessionid" not in browser.cookies
    again = browser.request("GET", live_server.url + "/my-training/")
    assert again.status_code == 302
    assert "/accounts/login/" in again.headers["Location"]


class _Echo(http.server.BaseHTTPRequestHandler):
    """Answers every POST with the body it was sent."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def echo_url():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/done/"
    server.shutdown()
    server.server_close()


def test_a_form_sends_a_repeated_key_once_per_value(echo_url):
    """Ticking several acknowledgements posts the key once per box."""
    sent = Browser(timeout=10).request(
        "POST", echo_url, data={"acknowledged": ["a", "b c"], "token": "t"}
    )
    assert sent.text == "acknowledged=a&acknowledged=b+c&token=t"
