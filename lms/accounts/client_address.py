"""The client's network address, as login throttling must see it.

Behind the City's load balancer every request comes from the balancer, so
``REMOTE_ADDR`` is the same for everyone. Each trusted proxy appends the address
it received the request from to ``X-Forwarded-For``; with ``TRUSTED_PROXY_COUNT``
of them in front of the app, the client is the Nth entry from the right.
Entries further left were written by the client and prove nothing. With no
trusted proxy the header is ignored, so a client cannot choose its address.

Axes (AXES_CLIENT_IP_CALLABLE) and allauth (the account adapter) both ask here,
so the per-account lockout and the per-address limit key on the same address.
"""

import ipaddress

from django.conf import settings


def _address(value):
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [IPv6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(hops) >= count:
            forwarded = _address(hops[-count])
            if forwarded:
                return forwarded
    return _address(remote) if remote else None
