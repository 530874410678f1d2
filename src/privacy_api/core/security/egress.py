"""Where outbound webhooks may go: https to public addresses, or a host named as private.

Checked at registration and again at every delivery, because a name's addresses can change
between the two (DNS rebinding): a delivery resolves the name, checks every address, and
connects to the address it checked, never resolving the name a second time.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Collection
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from privacy_api.core.http.errors import Unprocessable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# Not public whatever the running Python's is_global says (3.11 before 3.11.10 calls all of
# these global): IPv4-compatible (::a.b.c.d, deprecated) and SIIT-translated addresses and
# local-use NAT64 (RFC 8215) can be translated to any IPv4 address, the inside included;
# site-local (deprecated) and the IETF protocol assignments are not globally reachable.
_NEVER_PUBLIC = tuple(
    ipaddress.ip_network(network)
    for network in ("::/96", "::ffff:0:0:0/96", "64:ff9b:1::/48", "fec0::/10", "192.0.0.0/24")
)


class DestinationRefused(Unprocessable):
    slug, title = "webhook-destination-refused", "The webhook URL may not be reached"


@dataclass(frozen=True)
class Destination:
    """A checked place to send to: connect to `address`, speak to `host` (Host, SNI)."""

    scheme: str
    host: str
    port: int
    address: str
    target: str  # path and query

    @property
    def connect_url(self) -> str:
        literal = f"[{self.address}]" if ":" in self.address else self.address
        return f"{self.scheme}://{literal}:{self.port}{self.target}"

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = {"http": 80, "https": 443}[self.scheme]
        return host if self.port == default else f"{host}:{self.port}"


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise DestinationRefused(f"The host {host!r} does not resolve.") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(address: IPAddress) -> bool:
    """Globally routable unicast, also when embedded in IPv6 (mapped or NAT64)."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return is_public(address.ipv4_mapped)
        if address in _NAT64:
            return is_public(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if address.sixtofour is not None:  # 2002:a.b.c.d::/48 reaches a.b.c.d by a relay
            return is_public(address.sixtofour)
    if any(address in network for network in _NEVER_PUBLIC):
        return False
    return address.is_global and not address.is_multicast


def _parse(url: str, private: bool) -> SplitResult:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise DestinationRefused("The webhook URL is not a valid URL.") from exc
    if "@" in parts.netloc:
        raise DestinationRefused("The webhook URL may not carry a user name or password.")
    if not parts.hostname:
        raise DestinationRefused("The webhook URL names no host.")
    allowed = ("https", "http") if private else ("https",)
    if parts.scheme not in allowed:
        raise DestinationRefused(
            "The webhook URL must use https (orders carry personal data); plain http is "
            "allowed only for hosts in PRIVACY_API_WEBHOOK_PRIVATE_HOSTS."
        )
    return parts


def check_destination(
    url: str, *, private_hosts: Collection[str], resolver: Resolver = system_resolver
) -> Destination:
    """The address to connect to for `url`, or DestinationRefused saying why not."""
    host = (urlsplit(url).hostname or "").lower()
    private = host in {h.lower() for h in private_hosts}
    parts = _parse(url, private)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        addresses = []
        for found in resolver(host, port):
            try:
                addresses.append(ipaddress.ip_address(found.split("%", 1)[0]))
            except ValueError as exc:
                raise DestinationRefused(f"The host {host!r} does not resolve.") from exc
    if not addresses:
        raise DestinationRefused(f"The host {host!r} does not resolve.")
    if not private:
        # Every address, not just the first: a name with one public and one private address
        # would otherwise be a coin toss away from the inside.
        for address in addresses:
            if not is_public(address):
                raise DestinationRefused(
                    f"The host {host!r} resolves to {address}, which is not a public address "
                    "(loopback, private, link-local, multicast or reserved)."
                )
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Destination(parts.scheme, host, port, str(addresses[0]), target)
