"""The client's address: for the login lockout (django-axes) and the audit log alike.

Without a reverse proxy it is ``REMOTE_ADDR``. Behind one, ``REMOTE_ADDR`` is the proxy's
address and the client's is in a header the proxy appends (``X-Forwarded-For`` by default).
Anyone can send that header, so it is read only when the request comes from a proxy named in
``SANBAN_TRUSTED_PROXIES``, and then from the right: the first address that is not one of our
proxies is the client (what the client wrote further left is not believed).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str | None:
    """The address the request came from, as far as our own proxies can vouch for it."""
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    networks = _networks(tuple(getattr(settings, "SANBAN_TRUSTED_PROXIES", ()) or ()))
    if not networks or not _trusted(remote, networks):
        return str(remote)
    header = request.META.get(getattr(settings, "SANBAN_CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR"), "")
    for hop in reversed(header.split(",")):
        address = _address(hop)
        if address is None:
            break  # garbage: stop believing the header here
        if not _trusted(address, networks):
            return str(address)
    return str(remote)
