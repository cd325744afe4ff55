import pytest

from tests.xapi import ralph


@pytest.fixture(scope="session")
def ralph_server(tmp_path_factory):
    """One Ralph LRS for the whole session (tests use their own statement ids)."""
    ralph.ensure_venv()
    server = ralph.RalphServer(tmp_path_factory.mktemp("ralph"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def lrs(ralph_server, settings):
    """The LMS pointed at the running Ralph."""
    if ralph_server.process is None:
        ralph_server.start()
    settings.XAPI_LRS_ENDPOINT = ralph_server.endpoint
    settings.XAPI_LRS_USERNAME = ralph.USERNAME
    settings.XAPI_LRS_PASSWORD = ralph.PASSWORD
    settings.XAPI_LRS_TIMEOUT = 5
    return ralph_server
