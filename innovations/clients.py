"""Who is asking: the client's address, seen through the proxies we trust.

Behind a TLS proxy every request comes from the proxy's address, so rate limits and the
sign-in throttle would share one budget among everyone. `OPSI_TRUSTED_PROXIES` says how
many proxies stand in front of the site; each appends the address it saw to
X-Forwarded-For, so the client is the entry that many places from the right. Entries
further left are whatever the client wrote, and are never trusted.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac


def client_address(request: HttpRequest) -> str:
    """The address of the client as the outermost trusted proxy saw it."""
    proxies = settings.OPSI_TRUSTED_PROXIES
    remote = _address(request.META.get("REMOTE_ADDR", "")) or UNKNOWN
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < proxies:
        # The request did not come through every proxy (or one dropped the header).
        return remote
    return _address(hops[-proxies]) or remote


# Where no address is known (a Unix socket, a garbled header): one shared budget.
UNKNOWN = "0.0.0.0"


def _address(value: str) -> str:
    """A valid IP address in canonical form, or "" (the throttle's table wants one)."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def limit_address(request: HttpRequest) -> str:
    """The address a per-client limit keys on: an IPv4 address as it is, an IPv6 one as
    its network (`OPSI_IPV6_PREFIX`, /64 by default: one subscriber's whole allocation),
    written as that network's first address so that it stays a valid IP. Every limit
    (rate limits, the submission budget, the sign-in throttle) goes through here."""
    address = client_address(request)
    ip = ipaddress.ip_address(address)
    prefix = settings.OPSI_IPV6_PREFIX
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6 and 0 < prefix < 128:
        return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)
    return address


def address_hash(request: HttpRequest) -> str:
    """The client's limit address, hashed with the secret key: we never store it."""
    return salted_hmac(
        "innovations.antispam.address", limit_address(request), algorithm="sha256"
    ).hexdigest()
