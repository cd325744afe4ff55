"""The outbox export: the filtered statements as JSON lines, streamed."""

import json

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .filters import StatementFilterSet
from .selectors import statements_for_admin


def _lines(payloads):
    for payload in payloads:
        yield json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"


@permission_required("xapi.view_statement", raise_exception=True)
def statements_export(request):
    """Each filtered statement's xAPI JSON on its own line, oldest first.

    Takes the same query parameters as the admin list, so "Export" downloads
    exactly what the administrator is looking at.
    """
    filterset = StatementFilterSet(
        request.GET, queryset=statements_for_admin(), request=request
    )
    if not filterset.is_valid():
        problems = "; ".join(
            f"{field}: {' '.join(errors)}" for field, errors in filterset.errors.items()
        )
        return HttpResponseBadRequest(
            _("The filters are not valid: %(problems)s") % {"problems": problems},
            content_type="text/plain; charset=utf-8",
        )
    payloads = (
        filterset.qs.order_by("timestamp", "id")
        .values_list("payload", flat=True)
        .iterator(chunk_size=2000)
    )
    response = StreamingHttpResponse(
        _lines(payloads), content_type="application/x-ndjson; charset=utf-8"
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = (
        f'attachment; filename="xapi-statements-{stamp}.jsonl"'
    )
    return response
