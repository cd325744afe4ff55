"""Start and drive the test OpenID Provider (server.mjs, oidc-provider on Node).

``OpenIDProviders.start(live_url)`` runs one Node process serving every provider
of ``PROVIDERS`` on its own free loopback port, with clients registered for the
Django test client (http://testserver) and for the live server. Accounts live
in a JSON file the process reads at each sign-in, so ``set_claims`` takes
effect at once and ``reset`` restores the starting accounts.
"""

import copy
import json
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEST_SERVER = "http://testserver"
CLIENT_SECRET = "test-only-client-secret"  # noqa: S105

# The roster people these accounts belong to (tests create them as employees).
ACCOUNTS = {
    # Matched by the employee_id claim.
    "city": {
        "ada": {
            "employee_id": "E1001",
            "email": "ada.lovelace@lacity.example",
            "email_verified": True,
            "name": "Ada Lovelace",
        },
        "gone": {
            "employee_id": "E1002",
            "email": "left.already@lacity.example",
            "email_verified": True,
            "name": "Left Already",
        },
        "stranger": {
            "employee_id": "X9999",
            "email": "stranger@lacity.example",
            "email_verified": True,
            "name": "Not Onroster",
        },
        "noclaim": {"email": "no.number@lacity.example", "email_verified": True},
    },
    # Matched by verified email within ladwp.example.
    "water": {
        "ana": {
            "email": "ana.ruiz@ladwp.example",
            "email_verified": True,
            "name": "Ana Ruiz",
        },
        "unverified": {
            "email": "raj.patel@ladwp.example",
            "email_verified": False,
            "name": "Raj Patel",
        },
        "elsewhere": {
            "email": "ana.ruiz@mail.example",
            "email_verified": True,
            "name": "Ana Ruiz",
        },
    },
}
PROVIDER_IDS = tuple(ACCOUNTS)


@dataclass(frozen=True)
class RunningProvider:
    name: str
    issuer: str
    client_id: str
    client_secret: str = CLIENT_SECRET


def _clients(name, base_urls):
    return [
        {
            "client_id": f"lms-{name}",
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [
                f"{base}/accounts/oidc/{name}/login/callback/" for base in base_urls
            ],
            "post_logout_redirect_uris": [
                f"{base}/accounts/login/" for base in base_urls
            ],
        }
    ]


class OpenIDProviders:
    def __init__(self, process, directory, providers):
        self.process = process
        self.directory = directory
        self.providers = providers

    @classmethod
    def start(cls, live_url, timeout=30):
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("Node.js is needed for the test OpenID Provider.")
        if not (HERE / "node_modules" / "oidc-provider").is_dir():
            raise RuntimeError(
                "oidc-provider is not installed: run `make test` (it runs npm ci "
                "in tests/oidc_op)."
            )
        directory = Path(tempfile.mkdtemp(prefix="oidc-op-"))
        accounts_file = directory / "accounts.json"
        accounts_file.write_text(json.dumps(ACCOUNTS))
        config = {
            "accounts_file": str(accounts_file),
            "providers": [
                {"name": name, "clients": _clients(name, [TEST_SERVER, live_url])}
                for name in PROVIDER_IDS
            ],
        }
        config_file = directory / "config.json"
        config_file.write_text(json.dumps(config))
        log = (directory / "provider.log").open("w")
        process = subprocess.Popen(
            [node, "server.mjs", str(config_file)],
            cwd=HERE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        # Read the ready lines in a thread, so a provider that never starts
        # fails the session after ``timeout`` instead of hanging it.
        lines = queue.Queue()
        threading.Thread(
            target=lambda: [lines.put(line) for line in process.stdout], daemon=True
        ).start()
        providers = {}
        deadline = time.monotonic() + timeout
        while len(providers) < len(PROVIDER_IDS):
            try:
                line = lines.get(timeout=max(deadline - time.monotonic(), 0.1))
            except queue.Empty:
                line = ""
            if not line:
                process.kill()
                raise RuntimeError(
                    "The test OpenID Provider did not start: "
                    + (directory / "provider.log").read_text()[-2000:]
                )
            started = json.loads(line)
            providers[started["name"]] = RunningProvider(
                name=started["name"],
                issuer=started["issuer"],
                client_id=f"lms-{started['name']}",
            )
        return cls(process, directory, providers)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.directory, ignore_errors=True)

    def _write(self, accounts):
        (self.directory / "accounts.json").write_text(json.dumps(accounts))

    def set_claims(self, provider, sub, **claims):
        """Change one account's claims at the provider (e.g. a new email)."""
        accounts = json.loads((self.directory / "accounts.json").read_text())
        accounts[provider][sub] = {**accounts[provider].get(sub, {}), **claims}
        self._write(accounts)

    def reset(self):
        self._write(copy.deepcopy(ACCOUNTS))

    def __getitem__(self, name):
        return self.providers[name]
