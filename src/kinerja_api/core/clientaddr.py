"""The client's address as the throttles see it: one place for proxies and IPv6 networks.

Behind a reverse proxy the TCP peer is the proxy; its ``X-Forwarded-For`` is believed only
when the peer is in ``KINERJA_TRUSTED_PROXIES`` (CIDRs, empty by default), walking the list
from the right past every trusted hop. An IPv6 client controls a whole network (usually a
/64), so throttles count the network (``KINERJA_IPV6_THROTTLE_PREFIX``), not the address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from starlette.requests import Request

from kinerja_api.core.config import Settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = value.strip().strip('"')
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _networks(cidrs: Sequence[str]) -> list[Network]:
    return [ipaddress.ip_network(c.strip(), strict=False) for c in cidrs if c.strip()]


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, nets: list[Network]) -> bool:
    return any(address.version == n.version and address in n for n in nets)


def client_address(peer: str | None, forwarded_for: str | None, trusted: Sequence[str]) -> str:
    """The address of the client: the peer, or — when the peer is a trusted proxy — the
    right-most ``X-Forwarded-For`` entry that is not itself a trusted proxy."""
    peer_ip = _parse(peer) if peer else None
    if peer_ip is None:
        return peer or "unknown"
    nets = _networks(trusted)
    if not nets or not forwarded_for or not _trusted(peer_ip, nets):
        return str(peer_ip)
    current = peer_ip
    for hop in reversed(forwarded_for.split(",")):
        hop_ip = _parse(hop)
        if hop_ip is None:  # garbage from the client side: stop at the last good hop
            break
        current = hop_ip
        if not _trusted(hop_ip, nets):
            break
    return str(current)


def throttle_key(address: str, ipv6_prefix: int) -> str:
    """The key a throttle counts under: an IPv4 address, or the IPv6 network around it
    (an IPv4-mapped IPv6 address counts as its IPv4 address)."""
    ip = _parse(address)
    if ip is None:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/{ipv6_prefix}", strict=False))
    return str(ip)


def request_address(request: Request, settings: Settings) -> str:
    """:func:`client_address` of a request."""
    peer = request.client.host if request.client else None
    return client_address(peer, request.headers.get("x-forwarded-for"), settings.trusted_proxies)


def request_throttle_key(request: Request, settings: Settings) -> str:
    """The throttle key of a request's client."""
    return throttle_key(request_address(request, settings), settings.ipv6_throttle_prefix)
