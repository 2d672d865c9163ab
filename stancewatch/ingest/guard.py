"""Where a request may go, and how long it may take: the network guard under every fetch (stancewatch/ingest/web.py).

**No private destinations.** A feed entry, a URL list or a redirect can name any host; a fetcher that
follows them blindly can be pointed at 127.0.0.1, a 10.x intranet service or a cloud metadata endpoint
(169.254.169.254) — server-side request forgery. So every connection goes through :class:`GuardedBackend`:

* the host name is resolved *once*, here (:func:`lookup`), and every address is checked: loopback, private,
  link-local, multicast, reserved, unspecified and other non-global addresses are refused, IPv4 and IPv6
  (IPv4-mapped and NAT64 IPv6 addresses are judged by the IPv4 address inside);
* the socket connects to the address that was checked — not to the name, which a second lookup could
  answer differently (DNS rebinding) — while the Host header and the TLS server name (SNI, certificate
  check) stay the URL's name, because httpcore takes those from the request, not from the socket;
* redirects are followed by web.py one hop at a time, so each hop's connection passes the same check;
* the only exceptions are networks named in ``fetch.allow_networks`` or ``--allow-network`` (an intranet
  feed on 10.x); a refusal raises :class:`BlockedAddress` before any socket is opened.

**An overall deadline.** httpx's timeouts apply to each read, so a server that sends a byte every few
seconds never trips them. :func:`deadline` sets a limit for everything inside it (connect, headers, body):
every socket operation gets at most the time left, and :attr:`Deadline.hit` says when it was the deadline
that ended the request.
"""

from __future__ import annotations

import contextvars
import ipaddress
import socket
import time
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpcore
import httpx

from stancewatch.errors import StancewatchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class BlockedAddress(StancewatchError, RuntimeError):
    """A request to an address that is not a public one (and not in an allowed network); nothing was sent."""

    def __init__(self, host: str, address: str, kind: str):
        where = f"{host} is" if host.strip("[]") == address else f"{host} resolves to {address},"
        super().__init__(f"{where} a {kind} address")
        self.host, self.address, self.kind = host, address, kind


def networks(values: typing.Iterable[str]) -> tuple[Network, ...]:
    """The allowed networks from their (already validated) CIDR strings."""
    return tuple(ipaddress.ip_network(v, strict=False) for v in values)


def refusal(address: IPAddress, allowed: tuple[Network, ...] = ()) -> str | None:
    """What kind of non-public address ``address`` is (``loopback``, ``private``, …), or None when a request to it
    is fine: a public address, or one inside an allowed network."""
    target = address  # the address the packets reach in the end
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            target = address.ipv4_mapped
        elif address in _NAT64:
            target = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if any(a in net for net in allowed for a in (address, target) if a.version == net.version):
        return None
    for kind in ("loopback", "unspecified", "link_local", "multicast", "private", "reserved"):
        if getattr(target, f"is_{kind}"):
            return kind.replace("_", "-")
    if not target.is_global:
        return "non-global"  # shared address space (100.64.0.0/10), documentation ranges, …
    return None


def lookup(host: str, port: int) -> list[str]:
    """The addresses of ``host`` as the system resolver answers (tests replace this with a stub resolver)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def checked_addresses(host: str, port: int, allowed: tuple[Network, ...] = ()) -> list[str]:
    """The addresses of ``host`` that may be connected to, in the resolver's order; raises :class:`BlockedAddress`
    when there is none. An IP literal is not looked up. A name with some public and some private addresses keeps
    only the public ones (the connection goes to a checked address, so the others can do no harm)."""
    name = host.strip("[]")
    try:
        found = [ipaddress.ip_address(name)]
    except ValueError:
        found = [ipaddress.ip_address(a.split("%", 1)[0]) for a in lookup(name, port)]
    ok = [str(a) for a in found if refusal(a, allowed) is None]
    if not ok:
        first = found[0] if found else None
        raise BlockedAddress(host, str(first), refusal(first, allowed) if first is not None else "unresolved")
    return ok


@dataclass
class Deadline:
    """The monotonic time by which one request must be done; ``hit`` turns true when a socket operation was cut
    short by it (so the caller can tell a trickling server from a plain read timeout)."""

    at: float
    hit: bool = False

    def limit(self, timeout: float | None) -> tuple[float, bool]:
        """The timeout to use now, and whether the deadline is what sets it."""
        left = self.at - time.monotonic()
        if left <= 0:
            self.hit = True
            raise httpcore.ReadTimeout(f"the overall deadline passed {-left:.1f} s ago")
        return (left, True) if timeout is None or left < timeout else (timeout, False)


_deadline: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar("stancewatch_fetch_deadline", default=None)


@contextmanager
def deadline(seconds: float) -> Iterator[Deadline]:
    """Everything inside (in this thread) must be done within ``seconds``."""
    d = Deadline(time.monotonic() + seconds)
    token = _deadline.set(d)
    try:
        yield d
    finally:
        _deadline.reset(token)


def _bounded(op: typing.Callable[[float | None], typing.Any], timeout: float | None) -> typing.Any:
    """Run a socket operation with at most the time left before the current deadline."""
    d = _deadline.get()
    if d is None:
        return op(timeout)
    timeout, by_deadline = d.limit(timeout)
    try:
        return op(timeout)
    except (httpcore.ReadTimeout, httpcore.WriteTimeout, httpcore.ConnectTimeout):
        d.hit = d.hit or by_deadline
        raise


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose reads and writes never outlast the current :func:`deadline`."""

    def __init__(self, stream: httpcore.NetworkStream):
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return _bounded(lambda t: self._stream.read(max_bytes, t), timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        _bounded(lambda t: self._stream.write(buffer, t), timeout)

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return DeadlineStream(_bounded(lambda t: self._stream.start_tls(ssl_context, server_hostname, t), timeout))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's network backend, connecting only to checked addresses (see module doc)."""

    def __init__(self, allowed: tuple[Network, ...] = ()):
        self.allowed = allowed
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = checked_addresses(host, port, self.allowed)
        except OSError as exc:  # the resolver failed: a DNS error is a connection error, retried like one
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        error: Exception | None = None
        for address in addresses:
            try:
                stream = _bounded(
                    lambda t: self._inner.connect_tcp(address, port, t, local_address, socket_options), timeout
                )
                return DeadlineStream(stream)
            except httpcore.ConnectError as exc:  # try the next address of the name
                error = exc
        assert error is not None
        raise error

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options=None):
        raise BlockedAddress(path, path, "unix-socket")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over :class:`GuardedBackend`. httpx takes no network backend, so the connection pool is
    built again here with the same settings plus the backend (the pool is the transport's only state)."""

    def __init__(self, allowed: tuple[Network, ...], limits: httpx.Limits):
        super().__init__(limits=limits)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(allowed),
        )
