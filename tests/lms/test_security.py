"""Security headers and static analysis."""

import subprocess
import sys
from pathlib import Path

import pytest

from lms import roles
from tests.lms.factories import make_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_site_pages_carry_a_nonce_based_content_security_policy(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert "'nonce-" in script_src
    assert "unsafe-inline" not in script_src


@pytest.mark.django_db
def test_site_pages_refuse_framing_and_inline_styles(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    # The same answer as X-Frame-Options: DENY, not a contradiction of it.
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in directives["style-src"]
    assert "'nonce-" in directives["style-src"]


def test_site_templates_carry_no_inline_style_for_the_policy_to_block():
    """Inline style attributes and bare <style> are refused by the site policy.

    E-mails and the PDF are not pages a browser loads; the admin has its own policy.
    """
    offenders = []
    for app in ("lms", "courses", "quizzes", "analytics"):
        for template in (ROOT / app / "templates").rglob("*.html"):
            relative = template.relative_to(ROOT).as_posix()
            if (
                "/email/" in relative
                or "/admin/" in relative
                or relative.endswith("_pdf.html")
            ):
                continue
            text = template.read_text(encoding="utf-8")
            if " style=" in text or ("<style" in text and "csp_nonce" not in text):
                offenders.append(relative)
    assert offenders == []


@pytest.mark.django_db
def test_each_response_gets_a_fresh_nonce(client):
    first = client.get("/accounts/login/")["Content-Security-Policy"]
    second = client.get("/accounts/login/")["Content-Security-Policy"]
    assert first != second


@pytest.mark.django_db
def test_admin_pages_are_confined_to_our_origin(client):
    client.force_login(make_user(roles.ADMINISTRATOR, employee=False))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'self'" in policy  # the editor's live preview


def test_bandit_reports_no_high_severity_finding():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bandit",
            "-r",
            "lms",
            "courses",
            "quizzes",
            "analytics",
            "-lll",
            "-q",
            "-x",
            "*/migrations/*",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_the_header_names_the_signed_in_employee_and_their_department(client):
    from tests.lms.factories import DepartmentFactory

    library = DepartmentFactory(code="LIB", name="Public Library")
    user = make_user(
        roles.LEARNER, department=library, first_name="Rosa", last_name="Marin"
    )
    client.force_login(user)
    html = client.get("/my-training/").text
    header = html.split('class="site-header"', 1)[1].split("</header>", 1)[0]
    assert "Rosa Marin" in header
    assert "Public Library" in header
