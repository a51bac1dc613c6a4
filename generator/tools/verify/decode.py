"""A response body as text: its Content-Encoding undone within the byte cap, its charset found
(BOM, header, <meta>, else UTF-8), and its media type sniffed when the server gave none.
"""

from __future__ import annotations

import codecs
import re
import zlib

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})


class TooLarge(Exception):
    """The body, decoded, is over the byte cap."""


class Decoder:
    """Content-Encoding undone chunk by chunk, never producing more than asked for."""

    def __init__(self, encoding: str) -> None:
        encoding = encoding.strip().lower()
        self._raw_fallback = encoding == "deflate"  # some servers send deflate without zlib header
        if encoding in ("", "identity"):
            self._inflate = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            self._inflate = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header
        else:
            raise ValueError(encoding)
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        """At most `room` bytes of decoded data; more input left over means too large."""
        if self._inflate is None:
            return data
        try:
            out = self._inflate.decompress(data, room)
        except zlib.error:
            if not (self._raw_fallback and not self._started):
                raise
            self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._inflate.decompress(data, room)
        self._started = True
        if self._inflate.unconsumed_tail:
            raise TooLarge
        return out


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Browsers read these labels as windows-1252 (WHATWG Encoding), and so do pages that use them.
_AS_WINDOWS_1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"})


def _codec(label: str | bytes | None) -> str | None:
    if not label:
        return None
    name = (label.decode("ascii", "replace") if isinstance(label, bytes) else label).strip().lower()
    if name in _AS_WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode(body: bytes, header_charset: str | None, media_type: str | None) -> tuple[str, str]:
    """The body as text and the charset used: BOM, then the header, then <meta>, then UTF-8.

    Undecodable bytes become U+FFFD rather than failing: a page with one bad byte can still
    hold the quote.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, "replace"), name
    charset = _codec(header_charset)
    if charset is None and media_type in HTML_TYPES:
        found = _META_CHARSET.search(body[:4096])
        charset = _codec(found.group(1)) if found else None
    charset = charset or "utf-8"
    return body.decode(charset, "replace"), charset


def sniff_media_type(body: bytes) -> str | None:
    """A media type for a response without Content-Type, from its first bytes."""
    head = body[:1024].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "application/pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "text/html"
    if b"\x00" not in head:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text/plain"
    return None
