"""The dashboard's first load in Chromium: bytes over the wire and time.

    python bench/dashboard_load.py            # or: make bench-dashboard

Collects the static files as production does (hashed, gzip-compressed), runs
gunicorn on a free port over the demo database (DATABASE_URL, default
db.sqlite3; `make demo` builds it), signs in as the demo manager and opens the
dashboard in a fresh browser (empty cache), then again (warm cache). Prints
the bytes transferred (compressed, as received), the bytes of script, and the
time until every chart is drawn.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = os.environ.get("BENCH_DEMO_PASSWORD", "demo-pass-1234")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure(browser, base):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    runs = []
    for _ in ("cold", "warm"):
        client = context.new_cdp_session(page)
        client.send("Network.enable")
        received, kinds = {}, {}
        client.on(
            "Network.responseReceived",
            lambda e, kinds=kinds: kinds.__setitem__(e["requestId"], e["type"]),
        )
        client.on(
            "Network.loadingFinished",
            lambda e, seen=received: seen.__setitem__(
                e["requestId"], e["encodedDataLength"]
            ),
        )
        start = time.perf_counter()
        page.goto(base + "/analytics/")
        page.wait_for_function(
            "[...document.querySelectorAll('[data-chart]')]"
            ".every(card => card.querySelector('.main-svg'))"
        )
        elapsed = time.perf_counter() - start
        page.wait_for_timeout(500)
        script = sum(n for r, n in received.items() if kinds.get(r) == "Script")
        runs.append(
            {
                "bytes": sum(received.values()),
                "script_bytes": script,
                "requests": len(received),
                "seconds": round(elapsed, 2),
            }
        )
        client.detach()
    context.close()
    return runs


def main():
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.dashboard_settings"}
    env["GUNICORN_BIND"] = "127.0.0.1:0"  # the port below is what counts
    env.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'db.sqlite3'}")
    python = sys.executable
    with tempfile.TemporaryDirectory() as static_root:
        env["BENCH_STATIC_ROOT"] = static_root
        subprocess.run(
            [python, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        port = free_port()
        server = subprocess.Popen(
            [
                python,
                "-m",
                "gunicorn",
                "lms.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "300",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(120):
                try:
                    socket.create_connection(("127.0.0.1", port), 1).close()
                    break
                except OSError:
                    time.sleep(0.5)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM,
                    args=["--headless=new", "--no-sandbox", "--disable-gpu"],
                )
                cold, warm = measure(browser, base)
                browser.close()
        finally:
            server.terminate()
            server.wait()
    print(json.dumps({"cold": cold, "warm": warm}, indent=2))


if __name__ == "__main__":
    main()
