"""Outbox admin views: the JSON-lines export and re-queueing quarantined rows."""

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import (
    HttpResponseBadRequest,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .filters import StatementFilterSet
from .forwarder import statements_requeue
from .models import Statement
from .selectors import statements_for_admin

REQUEUE_PERMISSION = "xapi.requeue_statement"


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


class StatementRequeueView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then send quarantined statements again (all filtered, or one).

    Takes the list's filters (or ``?id=``) in the query string, so the button
    on the list re-queues what the administrator is looking at.
    """

    template_name = "xapi/requeue.html"
    page_title = _("Re-queue quarantined statements")
    header_icon = "redirect"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REQUEUE_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("xapi_statements:index"), "label": _("xAPI statements")},
            {"url": "", "label": self.page_title},
        ]

    def quarantined(self):
        params = self.request.GET.copy()
        one = params.pop("id", [None])[-1]
        statements = statements_for_admin().filter(status=Statement.Status.QUARANTINED)
        if one:
            try:
                return statements.filter(id=uuid.UUID(one)), params
            except ValueError:
                return statements.none(), params
        params["status"] = Statement.Status.QUARANTINED
        filterset = StatementFilterSet(
            params, queryset=statements, request=self.request
        )
        if not filterset.is_valid():
            return statements.none(), params
        return filterset.qs, params

    def get_context_data(self, **kwargs):
        statements, params = self.quarantined()
        return super().get_context_data(
            **kwargs,
            count=statements.count(),
            sample=statements[:20],
            back_url=f"{reverse('xapi_statements:index')}?{params.urlencode()}",
        )

    def post(self, request):
        statements, params = self.quarantined()
        count = statements_requeue(
            statements=Statement.objects.filter(id__in=statements.values("id"))
        )
        messages.success(
            request,
            ngettext(
                "%(count)d statement is pending again and goes to the LRS on the "
                "next forwarding pass.",
                "%(count)d statements are pending again and go to the LRS on the "
                "next forwarding pass.",
                count,
            )
            % {"count": count},
        )
        params.pop("status", None)
        params["status"] = Statement.Status.PENDING
        return HttpResponseRedirect(
            f"{reverse('xapi_statements:index')}?{params.urlencode()}"
        )
