"""Ways to deliver outbox statements, all behind one ``send()``.

``send(payloads)`` takes statement JSON objects and returns one
:class:`Delivery` per payload, in the same order. It never raises for a
network problem or an LRS answer: those become deliveries to retry.
"""

import http.client
import json
import logging
from dataclasses import dataclass
from urllib.parse import urlencode, urlparse

from tincan import RemoteLRS
from tincan.http_request import HTTPRequest
from tincan.lrs_response import LRSResponse

from django.conf import settings

logger = logging.getLogger(__name__)

# Errors of the connection itself (refused, reset, timed out, bad answer).
NETWORK_ERRORS = (OSError, http.client.HTTPException)
# LRS answers that say nothing about the statement, only about us or the LRS:
# wrong credentials or endpoint, too many requests. Retried, never quarantined.
TRANSIENT_CLIENT_STATUSES = {401, 403, 404, 407, 408, 425, 429}
MAX_REASON_LENGTH = 2000


@dataclass(frozen=True)
class Delivery:
    SENT = "sent"  # stored by the LRS (or already there)
    RETRY = "retry"  # not stored this time; try again later
    REJECTED = "rejected"  # the LRS refuses this statement: quarantine it
    KEPT = "kept"  # no LRS configured; nothing happened

    outcome: str
    detail: str = ""
    # The LRS's HTTP status when it answered (None for a network error).
    status: int | None = None


class LocalTransport:
    """No LRS configured: the outbox is the only store.

    Sends nothing and leaves every statement pending, so they go out once an
    LRS is configured.
    """

    enabled = False

    def send(self, payloads):
        return [Delivery(Delivery.KEPT) for _ in payloads]


class TimeoutRemoteLRS(RemoteLRS):
    """tincan's RemoteLRS with a timeout on every request.

    tincan opens its HTTP connections without one, so a hung LRS would hang
    the worker for ever. ``_send_request`` is tincan's, with the timeout added.
    """

    _props = [*RemoteLRS._props, "timeout"]

    def _send_request(self, request):
        headers = {"X-Experience-API-Version": self.version}
        if self.auth is not None:
            headers["Authorization"] = self.auth
        headers.update(request.headers)
        url = self.endpoint + request.resource
        parsed = urlparse(url)
        connection_class = (
            http.client.HTTPSConnection
            if parsed.scheme == "https"
            else http.client.HTTPConnection
        )
        connection = connection_class(
            parsed.hostname, parsed.port, timeout=self.timeout
        )
        path = parsed.path
        if request.query_params:
            path += "?" + urlencode(request.query_params)
        try:
            connection.request(
                method=request.method,
                url=path,
                body=getattr(request, "content", None),
                headers=headers,
            )
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        return LRSResponse(
            success=200 <= response.status < 300,
            request=request,
            response=response,
            data=data,
        )

    def post_statements_json(self, payloads):
        """POST a list of statement JSON objects exactly as stored."""
        request = HTTPRequest(method="POST", resource="statements")
        request.headers["Content-Type"] = "application/json"
        request.content = json.dumps(payloads)
        return self._send_request(request)

    def put_statement_json(self, payload):
        """PUT one statement JSON object under its own id."""
        request = HTTPRequest(method="PUT", resource="statements")
        request.headers["Content-Type"] = "application/json"
        request.query_params["statementId"] = payload["id"]
        request.content = json.dumps(payload)
        return self._send_request(request)


def _reason(response):
    body = response.data  # tincan already decoded it to text
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    return f"HTTP {response.response.status}: {body}"[:MAX_REASON_LENGTH]


class LRSTransport:
    """Deliver to a remote LRS through tincan, a batch at a time.

    A batch goes in one POST. If the LRS refuses the batch, each statement is
    sent on its own (PUT with its id), so one bad statement is quarantined and
    the others still arrive.
    """

    enabled = True

    def __init__(self, *, endpoint, username, password, timeout):
        self.lrs = TimeoutRemoteLRS(
            endpoint=endpoint.rstrip("/") + "/",
            username=username,
            password=password,
            timeout=timeout,
        )

    @classmethod
    def from_settings(cls):
        return cls(
            endpoint=settings.XAPI_LRS_ENDPOINT,
            username=settings.XAPI_LRS_USERNAME,
            password=settings.XAPI_LRS_PASSWORD,
            timeout=settings.XAPI_LRS_TIMEOUT,
        )

    def send(self, payloads):
        payloads = list(payloads)
        if len(payloads) <= 1:
            return [self.send_one(payload) for payload in payloads]
        try:
            response = self.lrs.post_statements_json(payloads)
        except NETWORK_ERRORS as error:
            logger.warning("LRS unreachable: %s", error)
            return [Delivery(Delivery.RETRY, f"Network error: {error}")] * len(payloads)
        status = response.response.status
        if response.success:
            return [Delivery(Delivery.SENT)] * len(payloads)
        if status in TRANSIENT_CLIENT_STATUSES:
            logger.warning("LRS refused the batch: %s", _reason(response))
            return [Delivery(Delivery.RETRY, _reason(response), status)] * len(payloads)
        # 4xx or 5xx for the batch: find the statement(s) to blame.
        logger.info("LRS refused a batch of %s; sending one by one", len(payloads))
        return [self.send_one(payload) for payload in payloads]

    def send_one(self, payload):
        if not isinstance(payload, dict) or not payload.get("id"):
            return Delivery(Delivery.REJECTED, "The statement has no id.")
        try:
            response = self.lrs.put_statement_json(payload)
        except NETWORK_ERRORS as error:
            return Delivery(Delivery.RETRY, f"Network error: {error}")
        status = response.response.status
        if response.success:
            return Delivery(Delivery.SENT)
        if status == 409:
            # The LRS already holds a statement with this id.
            return Delivery(Delivery.SENT, _reason(response))
        if status >= 500 or status in TRANSIENT_CLIENT_STATUSES:
            return Delivery(Delivery.RETRY, _reason(response), status)
        return Delivery(Delivery.REJECTED, _reason(response), status)


def lrs_configured():
    return bool(
        settings.XAPI_LRS_ENDPOINT
        and settings.XAPI_LRS_USERNAME
        and settings.XAPI_LRS_PASSWORD
    )


def get_transport():
    """The LRS transport when the LRS settings are complete, else the local one."""
    if lrs_configured():
        return LRSTransport.from_settings()
    return LocalTransport()
