"""Pure rules of webhooks: the signature, which targets are allowed, the retry schedule.

Signature (``Kinerja-Signature: t=<unix seconds>,v1=<hex>``): HMAC-SHA256 with the
subscription's secret over ``"<t>.<raw body>"``. A receiver recomputes it over the raw body
it received, compares in constant time and refuses a timestamp older than a few minutes (so
a captured delivery cannot be replayed later). Several ``v1=`` values may appear while a
secret changes; any one matching is enough.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import random
from datetime import datetime, timedelta
from urllib.parse import urlsplit

SIGNATURE_HEADER = "Kinerja-Signature"
DELIVERY_HEADER = "Kinerja-Delivery"
EVENT_HEADER = "Kinerja-Event"
#: Receivers should refuse signatures older than this (and the worker never sends older ones).
TOLERANCE = timedelta(minutes=5)
SECRET_PREFIX = "whsec_"
#: Characters of a receiver's answer kept in the delivery log.
BODY_LIMIT = 1024


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return mac.hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, now: datetime) -> bool:
    """What a receiver does: the header's timestamp is recent and one ``v1`` matches."""
    parts = [p.strip().partition("=") for p in header.split(",")]
    stamps = [v for k, _, v in parts if k == "t"]
    macs = [v for k, _, v in parts if k == "v1"]
    if len(stamps) != 1 or not stamps[0].isdigit() or not macs:
        return False
    timestamp = int(stamps[0])
    if abs(now.timestamp() - timestamp) > TOLERANCE.total_seconds():
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, m) for m in macs)


def backoff(failures: int, base_seconds: float, max_seconds: float, rng: random.Random) -> float:
    """Seconds to wait after the ``failures``-th consecutive failure: exponential
    (base, 2·base, 4·base, ...) capped at ``max_seconds``, with "equal jitter" (between half
    and all of it) so that receivers coming back are not hit by every worker at once."""
    delay = float(min(max_seconds, base_seconds * 2.0 ** max(0, failures - 1)))
    return delay / 2 + rng.uniform(0, delay / 2)


def _is_loopback_name(host: str) -> bool:
    return host == "localhost" or host.endswith(".localhost")


def address_allowed(address: str, allow_private: bool) -> bool:
    """A resolved address may be called: a public one, or any when private targets are
    allowed (on-premise deployments, tests)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if allow_private:
        return not (ip.is_multicast or ip.is_unspecified)
    return ip.is_global


def target_problem(url: str, allow_private: bool) -> tuple[str, str] | None:
    """Why ``url`` cannot be a webhook target (Indonesian, English), or ``None``.

    HTTPS only; plain HTTP only to a loopback host when private targets are allowed (a
    receiver on the same machine, tests). Literal addresses and ``localhost`` are checked
    here; names are resolved and checked again at every delivery (``address_allowed``).
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ("URL tidak valid.", "The URL is not valid.")
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        return (
            "URL harus diawali https:// dan memuat nama host.",
            "The URL must be https:// with a host name.",
        )
    if parts.username or parts.password:
        return (
            "URL tidak boleh memuat nama pengguna atau kata sandi.",
            "The URL must not carry a user name or password.",
        )
    if parts.fragment:
        return (
            "URL tidak boleh memuat fragmen (#...).",
            "The URL must not carry a fragment (#...).",
        )
    del port
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address | None = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    loopback = _is_loopback_name(host) or (ip is not None and ip.is_loopback)
    if parts.scheme == "http" and not (allow_private and loopback):
        return ("Hanya https:// yang diterima.", "Only https:// targets are accepted.")
    if allow_private:
        return None
    if loopback or (ip is not None and not ip.is_global) or "." not in host:
        return (
            "Alamat lokal, privat, atau link-local tidak diterima sebagai tujuan webhook.",
            "Loopback, private and link-local addresses are not accepted as webhook targets.",
        )
    return None
