"""Which host names the server answers to, and which pages may open its websocket (against DNS rebinding).

A site that makes its own name resolve to 127.0.0.1 (DNS rebinding) sends requests whose Host and Origin are both
its own name: comparing Origin with Host lets it in. So both are compared with a fixed list instead: the loopback
names with the port the server listens on, the address given with --host (unless it is a wildcard), and the host of
--public-url. A request for any other host gets 421; a websocket from any other origin gets 403.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARDS = ("", "0.0.0.0", "::", "[::]")
DEFAULT_PORTS = {"http": 80, "https": 443}


def normal_host(host: str) -> str:
    """A host[:port] as compared: lower case, without a trailing dot on the name."""
    host = host.strip().lower()
    name, sep, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
    if not sep or not port.isdigit():
        name, port = host, ""
    name = name.rstrip(".")
    return f"{name}:{port}" if port else name


def bracketed(host: str) -> str:
    """An IPv6 address as it stands in a URL or a Host header."""
    try:
        if ipaddress.ip_address(host.strip("[]")).version == 6:
            return f"[{host.strip('[]')}]"
    except ValueError:
        pass
    return host


@dataclass(frozen=True)
class AllowedHosts:
    hosts: frozenset[str]
    origins: frozenset[str]
    public_origin: str | None = None

    def host_ok(self, host: str | None) -> bool:
        return host is not None and normal_host(host) in self.hosts

    def origin_ok(self, origin: str | None) -> bool:
        """A websocket's Origin: one of ours, or none at all (clients that are not browsers send none)."""
        if origin is None:
            return True
        parts = urlsplit(origin.strip().lower())
        return f"{parts.scheme}://{normal_host(parts.netloc)}" in self.origins


def allowed_hosts(listen_host: str, port: int, public_url: str | None = None) -> AllowedHosts:
    names = list(LOOPBACK_NAMES)
    if listen_host.strip().lower() not in WILDCARDS:
        names.append(bracketed(listen_host.strip().lower()))
    hosts = {normal_host(f"{name}:{port}") for name in names}
    if port == DEFAULT_PORTS["http"]:
        hosts |= {normal_host(name) for name in names}
    origins = {f"http://{host}" for host in hosts}
    public_origin = None
    if public_url:
        parts = urlsplit(public_url)
        netloc = normal_host(parts.netloc)
        hosts.add(netloc)
        default = DEFAULT_PORTS.get(parts.scheme)
        if parts.port is None and default is not None:
            hosts.add(f"{netloc}:{default}")  # a proxy may name the default port
        elif parts.port == default:
            hosts.add(normal_host(parts.hostname or ""))
        public_origin = f"{parts.scheme}://{netloc}"
        origins.add(public_origin)
    return AllowedHosts(frozenset(hosts), frozenset(origins), public_origin)
