"""A real Ralph LRS for the tests, in its own venv, on a free loopback port."""

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts" / "ralph"
VENV = Path(os.environ.get("RALPH_VENV", ROOT / ".ralph" / "venv"))
PYTHON = VENV / "bin" / "python"
USERNAME = "lms-forwarder"
PASSWORD = "a-long-lrs-test-password"  # noqa: S105


def ensure_venv():
    """Install Ralph into its venv if this machine has not got it yet."""
    if not (VENV / ".installed").exists():
        subprocess.run(
            ["sh", str(SCRIPTS / "install.sh")],
            check=True,
            env={**os.environ, "RALPH_VENV": str(VENV), "PYTHON": sys.executable},
        )
    return PYTHON


def validate(statements):
    """Ralph's pydantic verdict on each statement: None or the error text."""
    completed = subprocess.run(
        [str(ensure_venv()), str(SCRIPTS / "validate.py")],
        input=json.dumps(statements),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RalphServer:
    """Ralph with its file-system backend in ``directory``; start, stop, read."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.port = free_port()
        self.process = None
        self.env = {
            **os.environ,
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_AUTH_FILE": str(self.directory / "auth.json"),
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.directory),
            "RALPH_APP_DIR": str(self.directory / "app"),
        }
        subprocess.run(
            [
                str(VENV / "bin" / "ralph"),
                "auth",
                "-u",
                USERNAME,
                "-p",
                PASSWORD,
                "-s",
                "all",
                "-A",
                USERNAME,
                "http://127.0.0.1",
                "-w",
            ],
            env=self.env,
            check=True,
            capture_output=True,
        )

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}/xAPI/"

    @property
    def store(self):
        return self.directory / "fs_lrs.jsonl"

    def start(self):
        self.process = subprocess.Popen(
            [
                str(PYTHON),
                str(SCRIPTS / "serve.py"),
                "--port",
                str(self.port),
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.directory / "server.log", "ab"),
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    "Ralph did not start: "
                    + (self.directory / "server.log").read_text()[-2000:]
                )
            try:
                urllib.request.urlopen(  # noqa: S310
                    f"http://127.0.0.1:{self.port}/__lbheartbeat__", timeout=1
                )
                return
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("Ralph did not answer within 30 seconds.")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def get(self, statement_id):
        """GET /statements?statementId=... ; the statement, or None when absent."""
        request = urllib.request.Request(  # noqa: S310
            f"{self.endpoint}statements?statementId={statement_id}",
            headers={
                "Authorization": "Basic "
                + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode(),
                "X-Experience-API-Version": "1.0.3",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                body = json.load(response)
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise
        # Ralph 5.1 wraps the single statement in a statement result.
        if "statements" in body:
            found = [s for s in body["statements"] if s["id"] == str(statement_id)]
            return found[0] if found else None
        return body

    def stored_statements(self):
        """Every statement in Ralph's store, once per stored copy."""
        if not self.store.exists():
            return []
        with self.store.open() as lines:
            return [json.loads(line) for line in lines if line.strip()]

    def stored_ids(self):
        return [statement["id"] for statement in self.stored_statements()]
