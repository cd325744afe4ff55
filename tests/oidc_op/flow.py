"""The authorization-code flow as a person's browser runs it, over real HTTP.

The LMS side goes through Django's test client (it then calls the provider's
token, userinfo and key endpoints over HTTP itself); the provider side goes
through ``requests``, which fills the provider's sign-in page as a person
would. ``sso_sign_in`` returns the LMS's answer to the callback.
"""

from urllib.parse import urljoin

import requests
from bs4 import BeautifulSoup

from .harness import TEST_SERVER

PROVIDER_PASSWORD = "any password: development interactions take every one"  # noqa: S105


class ProviderBrowser:
    """A browser's cookies at the providers (one per person and test)."""

    def __init__(self):
        self.session = requests.Session()

    def page(self, url):
        """The first page (not a redirect) the provider shows at ``url``."""
        response = self.session.get(url, allow_redirects=True, timeout=10)
        response.raise_for_status()
        return response

    def follow(self, url, *, back_to=TEST_SERVER, login=None, max_steps=20):
        """Follow the provider until it sends the browser to ``back_to``.

        Its sign-in page is filled with ``login``; its sign-out page is
        confirmed. Returns the URL the provider sends the browser back to.
        """
        for _ in range(max_steps):
            if url.startswith(back_to):
                return url
            response = self.session.get(url, allow_redirects=False, timeout=10)
            while not response.is_redirect:
                response = self._submit(response, login)
            url = urljoin(response.url, response.headers["Location"])
        raise AssertionError(f"the provider never sent the browser back: {url}")

    def _submit(self, response, login):
        response.raise_for_status()
        form = BeautifulSoup(response.text, "html.parser").find("form")
        if form is None:
            raise AssertionError(f"the provider showed no form:\n{response.text[:800]}")
        data = {
            field["name"]: field.get("value", "")
            for field in form.find_all("input")
            if field.get("name")
        }
        if "login" in data and "password" in data:
            if login is None:
                raise AssertionError("the provider asked the person to sign in")
            data.update(login=login, password=PROVIDER_PASSWORD)
        if form.get("id") == "op.logoutForm":
            data["logout"] = "yes"
        return self.session.post(
            urljoin(response.url, form["action"]),
            data=data,
            allow_redirects=False,
            timeout=10,
        )


def sso_start(client, provider_id, next_url=None):
    """Press "Sign in with ...": the LMS's redirect to the provider."""
    path = f"/accounts/oidc/{provider_id}/login/"
    if next_url:
        path += f"?next={next_url}"
    response = client.post(path)
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def sso_sign_in(client, browser, provider_id, login, next_url=None):
    """The whole sign-in; returns the LMS's response to the provider's callback."""
    authorize_url = sso_start(client, provider_id, next_url)
    callback = browser.follow(authorize_url, login=login)
    return client.get(callback.removeprefix(TEST_SERVER))
