"""Every URL of the project, requested as every role: who gets what.

The URLs come from the resolver, not from a hand-kept list, so a new view
without an entry in EXPECTED fails this test until someone decides who may see
it. Wagtail's admin (hundreds of URLs) is held to a coarser rule: anonymous
users are sent to sign in, roles without admin access are refused, and no role
ever gets a server error.
"""

import re
from dataclasses import dataclass

import pytest

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from classroom.services import bookings
from classroom.services.attendance import check_in_token
from courses.models import Assignment, Certificate
from lms import roles
from quizzes.models import Attempt
from tests.classroom.factories import SessionFactory
from tests.courses.factories import CoursePageFactory, complete, modules_of
from tests.lms.factories import DepartmentFactory, make_user
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.utils import play

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "learner",
    "manager_a",
    "manager_b",
    "trainer",
    "oversight",
    "administrator",
)
EMPLOYEES = {"learner", "manager_a", "manager_b", "trainer"}
LOGIN = "login"  # a redirect to the sign-in page
MISSING_ID = 987654321


@dataclass
class Route:
    route: str
    name: str | None
    pattern: URLPattern


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace
                    else pattern.namespace
                )
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = pattern.name
            if namespace and name:
                name = f"{namespace}:{name}"
            yield Route(prefix + str(pattern.pattern), name, pattern)


def all_routes():
    return list(walk(get_resolver().url_patterns))


def fill(route, values):
    """The route with its parameters replaced: known values, else a missing id."""

    def converter(match):
        kind, name = match.group(1), match.group(2)
        if name in values:
            return str(values[name])
        if kind == "int" or name in ("pk", "id") or name.endswith("_id"):
            return str(MISSING_ID)
        if kind == "uuid":
            return "00000000-0000-4000-8000-000000000000"
        return "missing"

    url = re.sub(r"<(?:(\w+):)?(\w+)>", converter, route)
    url = re.sub(
        r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values.get(m.group(1), MISSING_ID)), url
    )
    url = re.sub(r"\(\\d\+\)", str(MISSING_ID), url)
    url = re.sub(r"\(\?:\[\\w\\-\]\+/\)\*", "", url)
    url = re.sub(r"\([^)]*\)", "missing", url)
    return "/" + url.replace("^", "").replace("$", "")


def everyone(status, anonymous=LOGIN):
    return {"anonymous": anonymous, **dict.fromkeys(ROLES[1:], status)}


def by_role(default, anonymous=LOGIN, **roles_):
    return {**everyone(default, anonymous), **roles_}


def employees_only(employee_status, other=403):
    return by_role(
        other,
        **dict.fromkeys(EMPLOYEES, employee_status),
    )


# For each project URL: its parameters, the method, and the answer per role.
EXPECTED = {
    "healthz": ("GET", everyone(200, anonymous=200)),
    "favicon": ("GET", everyone(301, anonymous=301)),
    "home": ("GET", everyone(302)),
    "login": ("GET", everyone(302, anonymous=200)),
    "logout": ("POST", everyone(LOGIN)),
    "password_change": ("GET", everyone(200)),
    # Sign-in (lms.accounts, on allauth): the short names above share paths.
    "account_login": ("GET", everyone(302, anonymous=200)),
    "account_logout": ("POST", everyone(LOGIN)),
    "account_inactive": ("GET", everyone(200, anonymous=200)),
    "account_reauthenticate": ("GET", everyone(200)),
    "account_change_password": ("GET", everyone(200)),
    # Only for an account without a password; these have one.
    "account_set_password": ("GET", everyone(302)),
    "account_reset_password": ("GET", everyone(200, anonymous=200)),
    "account_reset_password_done": ("GET", everyone(200, anonymous=200)),
    # A made-up key: the "bad link" page, for anyone.
    "account_reset_password_from_key": ("GET", everyone(200, anonymous=200)),
    "account_reset_password_from_key_done": ("GET", everyone(200, anonymous=200)),
    "mfa_index": ("GET", everyone(200)),
    # No sign-in is waiting for a code: back to the start.
    "mfa_authenticate": ("GET", everyone(302)),
    "mfa_reauthenticate": ("GET", everyone(302)),
    # allauth asks for the password again before an MFA change.
    "mfa_activate_totp": ("GET", everyone(302)),
    "mfa_generate_recovery_codes": ("GET", everyone(302)),
    # Nobody here has TOTP or recovery codes yet.
    "mfa_deactivate_totp": ("GET", everyone(404)),
    "mfa_view_recovery_codes": ("GET", everyone(404)),
    "mfa_download_recovery_codes": ("GET", everyone(404)),
    # No provider is configured in this world: every provider id is unknown.
    "openid_connect_login": ("POST", everyone(404, anonymous=404)),
    "openid_connect_callback": ("GET", everyone(404, anonymous=404)),
    "socialaccount_login_cancelled": ("GET", everyone(200, anonymous=200)),
    "socialaccount_login_error": ("GET", everyone(401)),
    # Wagtail's page-privacy sign-in leads to the one sign-in page (MFA);
    # someone already signed in is refused rather than asked to sign in again.
    "wagtailcore_login_to_sign_in": ("GET", everyone(403)),
    "wagtaildocs_serve": ("GET", everyone(404)),
    "wagtaildocs_authenticate_with_password": ("GET", everyone(404)),
    "quizzes:index": ("GET", everyone(200)),
    "quizzes:detail": ("GET", everyone(200)),
    "quizzes:start": ("POST", employees_only(302)),
    # Someone else's attempt looks like one that does not exist.
    "quizzes:attempt": ("GET", employees_only(404) | {"learner": 200}),
    # Those who write questions (trainers) or approve them (administrators).
    "quizzes:preview": ("GET", by_role(403, trainer=200, administrator=200)),
    "analytics:dashboard": (
        "GET",
        # Oversight has its own page of City-wide counts.
        by_role(403, manager_a=200, manager_b=200, administrator=200),
    ),
    "analytics:department": (
        "GET",
        by_role(403, manager_a=200, administrator=200),
    ),
    # Acting for a team: managers on their own, administrators on anyone; the
    # empty POST is then refused as bad input (400) or answered with a message
    # on the page it came from (302).
    "analytics:department_remind": (
        "POST",
        by_role(403, manager_a=302, administrator=302),
    ),
    "analytics:employee": ("GET", by_role(403, manager_a=200, administrator=200)),
    "analytics:employee_remind": (
        "POST",
        by_role(403, manager_a=302, administrator=302),
    ),
    # Waiving and extending need their own permission: a manager has neither
    # unless granted it.
    "analytics:assignment_waive": ("POST", by_role(403, administrator=400)),
    "analytics:assignment_extend": ("POST", by_role(403, administrator=400)),
    "analytics:oversight": ("GET", by_role(403, oversight=200, administrator=200)),
    "analytics:items": ("GET", by_role(403, trainer=200, administrator=200)),
    "analytics:sessions": ("GET", by_role(403, oversight=200, administrator=200)),
    "courses:my_training": ("GET", everyone(200)),
    "courses:my_record": ("GET", everyone(200)),
    # Nobody but an employee has a record to print.
    "courses:my_record_pdf": ("GET", employees_only(200, other=404)),
    "courses:module_done": ("POST", employees_only(400)),
    "courses:quiz_start": ("POST", employees_only(302)),
    "courses:assign": ("GET", by_role(403, administrator=200)),
    "courses:past_completions": ("GET", by_role(403, administrator=200)),
    "courses:certificate": ("GET", by_role(404, learner=200)),
    "courses:certificate_pdf": ("GET", by_role(404, learner=200)),
    "courses:verify": ("GET", everyone(200, anonymous=200)),
    "courses:search": ("GET", everyone(200)),
    # In-person sessions (classroom): the learner's booking is the one acted on.
    "classroom:course_sessions": ("GET", everyone(200)),
    "classroom:book": ("POST", employees_only(302)),
    "classroom:cancel": (
        "POST",
        by_role(404, learner=302, manager_a=302, administrator=302),
    ),
    "classroom:move": (
        "POST",
        by_role(404, learner=302, manager_a=302, administrator=302),
    ),
    "classroom:team_bookings": (
        "GET",
        by_role(403, manager_a=200, manager_b=200, administrator=200),
    ),
    "classroom:my_sessions": ("GET", by_role(403, trainer=200, administrator=200)),
    # The session's own trainer, and administrators for any session.
    "classroom:roll_call": ("GET", by_role(403, trainer=200, administrator=200)),
    "classroom:walk_in": ("POST", by_role(403, trainer=302, administrator=302)),
    "classroom:close": ("POST", by_role(403, trainer=302, administrator=302)),
    "classroom:check_in_code": (
        "GET",
        by_role(403, trainer=200, administrator=200),
    ),
    "classroom:sign_in_sheet": ("GET", by_role(403, trainer=200, administrator=200)),
    "classroom:sheet_upload": ("GET", by_role(403, trainer=200, administrator=200)),
    # Showing what a scan is for writes nothing; checking in is the POST.
    "classroom:check_in": ("GET", everyone(200)),
    "wagtailcore_authenticate_with_password": ("GET", everyone(404)),
    "wagtailcore_login": ("GET", everyone(403)),
    "wagtail_serve": ("GET", employees_only(200)),
}
# Pages that show a holder's name by design: a certificate's public check.
NAMES_BY_DESIGN = {"courses:verify"}


@pytest.fixture
def world():
    dept_a = DepartmentFactory(code="DEPTA", name="Department A")
    dept_b = DepartmentFactory(code="DEPTB", name="Department B")
    learner = make_user(
        roles.LEARNER, department=dept_a, first_name="Quillon", last_name="Abernathy"
    )
    users = {"learner": learner}
    for role, key, dept in (
        (roles.MANAGER, "manager_a", dept_a),
        (roles.MANAGER, "manager_b", dept_b),
    ):
        user = make_user(role, department=dept)
        user.employee.managed_departments.add(dept)
        users[key] = user
    users["trainer"] = make_user(roles.TRAINER, department=dept_b)
    users["oversight"] = make_user(roles.OVERSIGHT, employee=False)
    users["administrator"] = make_user(roles.ADMINISTRATOR, employee=False)

    quiz = QuizFactory(slug="matrix-quiz", pass_mark=50)
    question = QuestionFactory(quiz=quiz)
    course = CoursePageFactory(
        slug="matrix", modules=1, quiz=quiz, required_for_all=True
    )
    (module,) = modules_of(course)
    assignment = Assignment.objects.get(employee=learner.employee, course=course)
    complete(assignment)
    client = Client()
    client.force_login(learner)
    client.post(f"/my-training/courses/{course.pk}/quiz/")
    attempt = Attempt.objects.get(employee=learner.employee)
    play(client, attempt)
    certificate = Certificate.objects.get(employee=learner.employee)
    session = SessionFactory(trainer=users["trainer"])
    booking = bookings.session_book(
        session=session, employee=learner.employee, booked_by=learner
    )
    values = {
        "attempt_uuid": attempt.uuid,
        "slug": quiz.slug,
        "code": certificate.code,
        "page_id": course.pk,
        "question_id": question.pk,
        "course_id": session.course_id,
        "session_id": session.pk,
        "booking_id": booking.pk,
        "token": check_in_token(session),
    }
    per_name = {
        "analytics:department": {"code": dept_a.code},
        "analytics:department_remind": {"code": dept_a.code},
        "analytics:employee": {"number": learner.employee.employee_number},
        "analytics:employee_remind": {"number": learner.employee.employee_number},
        "analytics:assignment_waive": {"pk": assignment.pk},
        "analytics:assignment_extend": {"pk": assignment.pk},
        "courses:module_done": {"page_id": module.pk},
        "wagtail_serve": {"path": module.url},
        "wagtailcore_authenticate_with_password": {"page_id": MISSING_ID},
    }
    return users, values, per_name, learner


def request(client, method, url):
    if method == "POST":
        return client.post(url, {})
    return client.get(url)


def outcome(response):
    if response.status_code == 302 and response["Location"].startswith(
        "/accounts/login/"
    ):
        return LOGIN
    return response.status_code


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="ignore")
    return response.content.decode(errors="ignore")


def outside_header(html):
    head, _sep, rest = html.partition('<header class="site-header">')
    return head + rest.partition("</header>")[2] if _sep else html


def client_for(users, role):
    """A fresh session each time: a sign-out on one URL cannot leak to the next."""
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    return client


def test_every_project_url_answers_each_role_as_expected(world):
    users, values, per_name, learner = world
    project = [r for r in all_routes() if not r.route.startswith("admin/")]
    unknown = sorted({r.route for r in project if r.name not in EXPECTED})
    assert unknown == [], "URLs without an expectation in EXPECTED"
    problems = []
    for route in project:
        method, expected = EXPECTED[route.name]
        if route.name == "wagtail_serve":
            url = per_name["wagtail_serve"]["path"]
        else:
            url = fill(route.route, {**values, **per_name.get(route.name, {})})
        for role in ROLES:
            client = client_for(users, role)
            response = request(client, method, url)
            got = outcome(response)
            if got != expected[role]:
                problems.append(
                    f"{method} {url} as {role}: {got}, not {expected[role]}"
                )
            if (
                role in {"manager_b", "oversight"}
                and route.name not in NAMES_BY_DESIGN
                and learner.employee.last_name in body(response)
            ):
                problems.append(f"{method} {url} as {role} shows the learner's name")
    for role in ROLES:
        response = client_for(users, role).get(
            "/analytics/departments/DEPTA/?format=csv"
        )
        allowed = {"manager_a", "administrator"}
        if role in allowed:
            assert response.status_code == 200, role
            assert learner.employee.last_name in body(response)
        else:
            assert outcome(response) in ({LOGIN} if role == "anonymous" else {403})
            # The refusal page's header names whoever is signed in: the learner
            # may see their own name there, and nothing of the report.
            assert learner.employee.last_name not in outside_header(body(response))
    assert problems == [], "\n".join(problems)


def test_wagtail_admin_refuses_who_may_not_use_it_and_never_fails(world):
    users, values, _per_name, _learner = world
    admin_routes = [r for r in all_routes() if r.route.startswith("admin/")]
    assert len(admin_routes) > 100
    may_use_admin = {
        role
        for role, user in users.items()
        if user.has_perm("wagtailadmin.access_admin")
    }
    assert may_use_admin == {"trainer", "administrator"}
    # Wagtail's own public pages (sign-in, password reset, icons, translations)
    # and its deliberate error page for testing error reporting.
    public = {
        "wagtailadmin_sprite",
        "wagtailadmin_login",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_confirm",
        "wagtailadmin_password_reset_complete",
        "wagtailadmin_javascript_catalog",
    }
    sessions = {role: client_for(users, role) for role in ROLES}
    problems = []
    for route in admin_routes:
        url = fill(route.route, {})
        if "logout" in url or route.name == "wagtailadmin_error_test":
            continue
        for role in ROLES:
            try:
                response = sessions[role].get(url)
            except Exception as error:  # noqa: BLE001 - every failure is reported
                problems.append(f"GET {url} as {role}: {error!r}")
                continue
            status = response.status_code
            location = response.get("Location", "")
            if status >= 500:
                problems.append(f"GET {url} as {role}: {status}")
            elif route.name in public:
                continue
            elif role == "anonymous":
                if status != 302 or "login" not in location:
                    problems.append(f"GET {url} as anonymous: {status} {location}")
            elif role not in may_use_admin and status not in (302, 403, 404):
                problems.append(f"GET {url} as {role}: {status}")
            elif (
                role not in may_use_admin
                and status == 302
                and location.startswith("/admin/")
                and "login" not in location
            ):
                problems.append(f"GET {url} as {role}: into the admin ({location})")
    assert problems == [], "\n".join(problems)
