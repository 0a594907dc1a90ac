"""Which network addresses the service may send to: the public internet, plus what the operator allows.

A webhook URL is chosen by whoever edits the directory or asks for a direct send; without this rule
the service would POST, signed, to its own loopback, the cloud metadata address or any internal host.
"""
from __future__ import annotations

import ipaddress
from typing import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_networks(text: str | Iterable[str]) -> tuple[Network, ...]:
    """`"127.0.0.1/32, 10.20.0.0/16"` -> networks; ValueError naming a malformed entry."""
    parts = text.split(",") if isinstance(text, str) else list(text)
    networks = []
    for part in (p.strip() for p in parts):
        if part:
            try:
                networks.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                raise ValueError(f"QMS_OUTBOUND_ALLOWED_NETWORKS: {part!r} is not a CIDR network") from None
    return tuple(networks)


def _kind(address: Address) -> str | None:
    """What makes `address` internal (loopback, private, ...), or None for a public address."""
    for attribute, kind in (("is_unspecified", "unspecified"), ("is_loopback", "loopback"),
                            ("is_link_local", "link-local"), ("is_multicast", "multicast"),
                            ("is_private", "private"), ("is_reserved", "reserved")):
        if getattr(address, attribute):
            return kind
    if not address.is_global:  # e.g. 100.64.0.0/10 (carrier-grade NAT), documentation ranges
        return "non-public"
    return None


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, NAT64), which decides where it goes."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.ipv4_mapped or address.sixtofour


def refusal(ip: str, allowed: Iterable[Network] = ()) -> str | None:
    """Why the service must not connect to `ip`, or None when it may.

    An IPv6 address carrying an IPv4 one (::ffff:10.0.0.1, 6to4, NAT64) is judged as that IPv4 address.
    """
    try:
        address = ipaddress.ip_address(ip.split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)
    except ValueError:
        return f"{ip!r} is not an IP address"
    address = _embedded_ipv4(address) or address
    if any(address.version == net.version and address in net for net in allowed):
        return None
    kind = _kind(address)
    return None if kind is None else f"{address} is {'an' if kind[0] in 'aeiou' else 'a'} {kind} address"
