"""Administrators browse, filter and export the outbox in the Wagtail admin."""

import json
import uuid
from datetime import UTC, datetime

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from lms import roles
from lms.xapi.models import Statement
from lms.xapi.outbox import record
from lms.xapi.pseudonym import pseudonym_for
from tests.lms.factories import EmployeeFactory, make_user
from tests.xapi.utils import EVENTS

pytestmark = pytest.mark.django_db

INDEX = "xapi_statements:index"


def _record(employee, name, *, day, status=Statement.Status.PENDING, error=""):
    row = record(
        EVENTS[name](
            employee,
            statement_id=uuid.uuid4(),
            timestamp=datetime(2026, 3, day, 12, tzinfo=UTC),
        ),
        employee=employee,
    )
    Statement.objects.filter(pk=row.pk).update(status=status, last_error=error)
    return row


@pytest.fixture
def outbox():
    ana = EmployeeFactory(first_name="Ana", last_name="Reyes")
    ben = EmployeeFactory(first_name="Ben", last_name="Okafor")
    return {
        "ana_launch": _record(ana, "course_launched", day=2),
        "ana_pass": _record(ana, "quiz_passed", day=5, status=Statement.Status.SENT),
        "ben_fail": _record(
            ben,
            "quiz_failed",
            day=9,
            status=Statement.Status.QUARANTINED,
            error='HTTP 400: {"detail":"bad score"}',
        ),
        "ben_assigned": _record(ben, "recertification_assigned", day=12),
        "ana": ana,
        "ben": ben,
    }


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(roles.ADMINISTRATOR))
    return client


def _listed(response, outbox):
    text = response.content.decode()
    return {
        key
        for key in ("ana_launch", "ana_pass", "ben_fail", "ben_assigned")
        if reverse("xapi_statements:inspect", args=[outbox[key].pk]) in text
    }


def test_administrators_get_the_view_permission_from_the_app_config():
    group = Group.objects.get(name=roles.ADMINISTRATOR)
    assert group.permissions.filter(
        content_type__app_label="xapi", codename="view_statement"
    ).exists()
    assert (
        not Group.objects.get(name=roles.TRAINER)
        .permissions.filter(content_type__app_label="xapi")
        .exists()
    )


def test_administrator_sees_every_statement_with_quarantine_reason(
    admin_client, outbox
):
    response = admin_client.get(reverse(INDEX))
    assert response.status_code == 200
    assert _listed(response, outbox) == {
        "ana_launch",
        "ana_pass",
        "ben_fail",
        "ben_assigned",
    }
    text = response.content.decode()
    assert "bad score" in text
    assert "Export JSON lines" in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "quarantined"}, {"ben_fail"}),
        ({"status": "pending"}, {"ana_launch", "ben_assigned"}),
        ({"verb": "http://adlnet.gov/expapi/verbs/passed"}, {"ana_pass"}),
        (
            {"timestamp_from": "2026-03-04", "timestamp_to": "2026-03-10"},
            {"ana_pass", "ben_fail"},
        ),
        ({"learner": "Okafor"}, {"ben_fail", "ben_assigned"}),
    ],
)
def test_filters_narrow_the_list(admin_client, outbox, query, expected):
    response = admin_client.get(reverse(INDEX), query)
    assert response.status_code == 200
    assert _listed(response, outbox) == expected


def test_learner_filter_maps_a_pseudonym_or_number_to_the_employee(
    admin_client, outbox
):
    ana = outbox["ana"]
    by_pseudonym = admin_client.get(
        reverse(INDEX), {"learner": pseudonym_for(ana.employee_number)}
    )
    assert _listed(by_pseudonym, outbox) == {"ana_launch", "ana_pass"}
    # The list names the employee behind the pseudonym.
    assert ana.full_name in by_pseudonym.content.decode()
    by_number = admin_client.get(reverse(INDEX), {"learner": ana.employee_number})
    assert _listed(by_number, outbox) == {"ana_launch", "ana_pass"}


def test_learner_filter_still_finds_a_deleted_employees_statements(
    admin_client, outbox
):
    number = outbox["ben"].employee_number
    outbox["ben"].delete()
    response = admin_client.get(reverse(INDEX), {"learner": number})
    assert _listed(response, outbox) == {"ben_fail", "ben_assigned"}


def test_course_filter(admin_client, outbox):
    other = EmployeeFactory()
    row = _record(other, "course_launched", day=3)
    Statement.objects.filter(pk=row.pk).update(
        course_iri="https://training.example.test/xapi/course/so40"
    )
    response = admin_client.get(
        reverse(INDEX),
        {"course": "https://training.example.test/xapi/course/so40"},
    )
    assert response.status_code == 200
    assert reverse("xapi_statements:inspect", args=[row.pk]) in (
        response.content.decode()
    )
    assert _listed(response, outbox) == set()


def test_inspect_shows_the_payload_and_the_reason(admin_client, outbox):
    response = admin_client.get(
        reverse("xapi_statements:inspect", args=[outbox["ben_fail"].pk])
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "bad score" in text
    assert str(outbox["ben_fail"].pk) in text
    # The payload is shown as the JSON that is sent, not as a Python dict.
    assert "&quot;verb&quot;: {" in text


def test_the_outbox_is_read_only_even_for_a_superuser(client, outbox):
    superuser = make_user(roles.ADMINISTRATOR)
    superuser.is_superuser = True
    superuser.save()
    client.force_login(superuser)
    row = outbox["ana_launch"]

    listing = client.get(reverse(INDEX)).content.decode()
    assert reverse("xapi_statements:add") not in listing
    client.post(reverse("xapi_statements:delete", args=[row.pk]))
    client.post(
        reverse("xapi_statements:edit", args=[row.pk]), {"status": "quarantined"}
    )
    assert Statement.objects.get(pk=row.pk).status == Statement.Status.PENDING
    assert Statement.objects.count() == 4


@pytest.mark.parametrize("role", [roles.TRAINER, roles.MANAGER, roles.LEARNER])
def test_other_roles_cannot_see_the_outbox(client, outbox, role):
    client.force_login(make_user(role))
    listing = client.get(reverse(INDEX))
    assert listing.status_code in (302, 403)
    assert outbox["ana"].full_name not in listing.content.decode()
    assert client.get(reverse("xapi_statements_export")).status_code in (302, 403)


def _export(client, query=None):
    response = client.get(reverse("xapi_statements_export"), query or {})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("application/x-ndjson")
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode()
    return [json.loads(line) for line in body.splitlines()]


def test_export_streams_the_filtered_statements_as_json_lines(admin_client, outbox):
    everything = _export(admin_client)
    assert [line["id"] for line in everything] == [
        str(outbox[key].pk)
        for key in ("ana_launch", "ana_pass", "ben_fail", "ben_assigned")
    ]
    assert everything[0] == outbox["ana_launch"].payload

    pending_of_ben = _export(
        admin_client,
        {"learner": outbox["ben"].employee_number, "status": "pending"},
    )
    assert [line["id"] for line in pending_of_ben] == [str(outbox["ben_assigned"].pk)]


def test_export_with_a_bad_filter_says_what_is_wrong(admin_client, outbox):
    response = admin_client.get(reverse("xapi_statements_export"), {"status": "lost"})
    assert response.status_code == 400
    assert "status" in response.content.decode()


def test_export_view_needs_the_permission_not_just_admin_access(client):
    trainer = make_user(roles.TRAINER)  # may use the Wagtail admin
    client.force_login(trainer)
    assert client.get(reverse("xapi_statements_export")).status_code in (302, 403)


def test_the_list_does_not_grow_its_queries_with_its_rows(
    admin_client, outbox, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as few:
        admin_client.get(reverse(INDEX))
    for day in range(1, 25):
        _record(EmployeeFactory(), "course_launched", day=day)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(reverse(INDEX))
    assert len(_listed(response, outbox)) == 4


def test_list_and_detail_show_a_statement_time_in_the_same_local_zone(
    admin_client, outbox
):
    """12:00 UTC on 2 March 2026 is 04:00 in Los Angeles (PST), on both pages."""
    row = outbox["ana_launch"]
    listing = admin_client.get(reverse(INDEX)).text
    detail = admin_client.get(reverse("xapi_statements:inspect", args=[row.pk])).text
    assert "2026-03-02 04:00:00 PST" in listing
    assert "2026-03-02 04:00:00 PST" in detail
    assert "2026-03-02 12:00" not in listing + detail


def test_detail_says_not_sent_yet_rather_than_none(admin_client, outbox):
    row = outbox["ana_launch"]
    detail = admin_client.get(reverse("xapi_statements:inspect", args=[row.pk])).text
    assert "Not sent yet" in detail
    assert ">None<" not in detail.replace(" ", "").replace("\n", "")
