"""Decompression with a cap on what comes out: HTTP bodies, WARC payloads and the tail of a ``.warc.gz``.

A gzip stream of 200 KB can hold 200 MB of zeros (a "gzip bomb"); ``zlib.decompress`` or a decoder that
inflates a whole network chunk at once would build all of it in memory before any size check runs. Here
every call to zlib asks for at most the room left under the limit (``max_length``), so memory stays
bounded by the limit and a bomb stops as soon as it passes it, whatever its ratio.
"""

from __future__ import annotations

import zlib
from typing import BinaryIO

from stancewatch.errors import StancewatchError

# Content-Encoding values read; anything else (br, zstd, compress) is refused rather than passed on as text.
ENCODINGS = ("identity", "gzip", "x-gzip", "deflate")
_GZIP_MAGIC = b"\x1f\x8b"


class TooLarge(StancewatchError, ValueError):
    """More than ``limit`` bytes after decompression (or before: a body is never read past the limit either)."""

    def __init__(self, limit: int):
        super().__init__(f"more than {limit:,} bytes after decompression")
        self.limit = limit


class Undecodable(StancewatchError, ValueError):
    """A Content-Encoding that is not read, or compressed bytes that do not decompress."""


class BoundedDecoder:
    """Decode one Content-Encoding chunk by chunk, never producing more than ``limit`` bytes in all.

    ``gzip`` may hold several members one after the other (RFC 1952); ``deflate`` is zlib-wrapped as RFC 9110
    says, or raw deflate as some servers send it. Raises :class:`TooLarge` past the limit (also when the
    compressed input alone passes it) and :class:`Undecodable` for an unknown encoding or corrupt data. With
    ``truncate``, the output stops at the limit instead (``full`` turns true): for files of which only the start
    is read, such as robots.txt."""

    def __init__(self, encoding: str | None, limit: int, truncate: bool = False):
        enc = (encoding or "identity").strip().lower()
        if "," in enc:  # several codings stacked: not something a news server needs
            raise Undecodable(f"Content-Encoding {encoding!r}: stacked codings are not read")
        if enc not in ENCODINGS:
            raise Undecodable(f"Content-Encoding {encoding!r} is not read (only {', '.join(ENCODINGS)})")
        self.encoding = "gzip" if enc == "x-gzip" else enc
        self.limit, self.truncate, self.full = limit, truncate, False
        self.size = 0  # bytes produced
        self.raw = 0  # bytes fed
        self._z = self._new() if self.encoding != "identity" else None
        self._deflate_probe = self.encoding == "deflate"  # zlib header or raw deflate: decided on the first bytes
        self._after_end = b""  # bytes after the end of a gzip member, kept until the next member's header is known

    def _new(self, wbits: int | None = None):
        return zlib.decompressobj(wbits if wbits is not None else (31 if self.encoding == "gzip" else 15))

    def _room(self) -> int:
        return self.limit - self.size + 1  # one byte more than allowed: enough to know the limit was passed

    def _take(self, piece: bytes) -> bytes:
        if self.size + len(piece) > self.limit:
            if not self.truncate:
                raise TooLarge(self.limit)
            piece, self.full = piece[: self.limit - self.size], True
        self.size += len(piece)
        return piece

    def feed(self, data: bytes) -> bytes:
        """The decoded bytes of the next chunk of input."""
        if self.full:
            return b""
        self.raw += len(data)
        if self.raw > self.limit and not self.truncate:
            raise TooLarge(self.limit)
        if self._z is None:
            return self._take(data)
        if self._deflate_probe and data:
            self._deflate_probe = False
            if (data[0] & 0x0F) != 8 or ((data[0] << 8) | (data[1] if len(data) > 1 else 0)) % 31:
                self._z = self._new(-15)  # no zlib header: raw deflate
        out = []
        data = self._after_end + data
        self._after_end = b""
        while data and not self.full:
            try:
                out.append(self._take(self._z.decompress(data, self._room())))
            except zlib.error as exc:
                raise Undecodable(f"{self.encoding} data that does not decompress ({exc})") from exc
            if self._z.eof:
                rest = self._z.unused_data
                if self.encoding != "gzip" or not rest.lstrip(b"\0"):
                    return b"".join(out)  # trailing padding after the stream is ignored
                if len(rest) < 2:
                    self._after_end = rest  # cannot tell yet whether a member follows
                    return b"".join(out)
                if not rest.startswith(_GZIP_MAGIC):
                    return b"".join(out)  # garbage after the last member, as gzip(1) ignores it
                self._z = self._new()
                data = rest
            else:
                data = self._z.unconsumed_tail
        return b"".join(out)

    def finish(self) -> bytes:
        """What the decoder still holds once the input has ended."""
        if self._z is None or self.full:
            return b""
        try:
            return self._take(self._z.flush())
        except zlib.error as exc:
            raise Undecodable(f"{self.encoding} data that does not decompress ({exc})") from exc


def decode(data: bytes, encoding: str | None, limit: int) -> bytes:
    """``data`` decoded from ``encoding`` in at most ``limit`` bytes (see :class:`BoundedDecoder`)."""
    decoder = BoundedDecoder(encoding, limit)
    return decoder.feed(data) + decoder.finish()


def gzip_member_length(f: BinaryIO, limit: int) -> int | None:
    """The compressed length of the gzip member that starts at ``f``'s position, or None when it is cut short or
    corrupt.

    Reads and inflates chunk by chunk and throws the output away, so checking the last member of a ``.warc.gz``
    costs bounded memory even when it is a bomb; raises :class:`TooLarge` when it holds more than ``limit`` bytes
    (a bound on the time spent)."""
    z = zlib.decompressobj(31)
    size = fed = 0
    data, ended = b"", False
    try:
        while not z.eof:
            if not data and not ended:
                data = f.read(1 << 16)
                fed += len(data)
                ended = not data
            piece = z.decompress(data, 1 << 20)  # with no input left, what zlib still holds
            size += len(piece)
            if size > limit:
                raise TooLarge(limit)
            data = z.unconsumed_tail
            if ended and not piece:
                break
    except zlib.error:
        return None
    return fed - len(z.unused_data) - len(data) if z.eof else None


def only_padding(f: BinaryIO) -> bool:
    """Whether the rest of ``f`` holds nothing but NULs and white space (read in chunks)."""
    while chunk := f.read(1 << 16):
        if chunk.strip(b"\0\r\n\t "):
            return False
    return True
