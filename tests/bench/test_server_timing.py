"""The load test's Server-Timing header: database time and queries, time in
Django, CPU, and the wait before Django saw the request."""

import time

import pytest

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory

from bench import loadtest_stats as stats
from bench.server_timing import ServerTimingMiddleware


def _view(request):
    return HttpResponse(str(get_user_model().objects.count()))


@pytest.mark.django_db
def test_the_header_reports_queries_and_the_wait_since_the_client_sent_it():
    sent = time.time() - 0.25
    request = RequestFactory().get("/", HTTP_X_REQUEST_START=f"t={sent}")
    response = ServerTimingMiddleware(_view)(request)
    db_ms, queries, app_ms, cpu_ms, wait_ms = stats.parse_server_timing(
        response["Server-Timing"]
    )
    assert queries == 1
    assert 0 <= db_ms <= app_ms
    assert cpu_ms is not None
    assert 250 <= wait_ms < 5000


@pytest.mark.django_db
def test_no_wait_without_the_clients_clock_or_with_a_garbled_one():
    for headers in ({}, {"HTTP_X_REQUEST_START": "soon"}):
        request = RequestFactory().get("/", **headers)
        header = ServerTimingMiddleware(_view)(request)["Server-Timing"]
        assert stats.parse_server_timing(header)[4] is None
        assert "app;dur=" in header
