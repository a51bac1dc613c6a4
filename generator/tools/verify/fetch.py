"""Fetch one cited page, politely and within limits, and say plainly what went wrong.

Every outcome is one of four page statuses, so a report can say what an editor should do:

- `ok`: an HTML or plain-text page was read (decoded to text);
- `unreachable`: no answer worth reading: DNS or connection error, time-out, too many
  redirects, 404/410, any 5xx (503 after retries), other 4xx;
- `blocked`: the site refuses us: 401, 403, 451, or 429 after retries (the extractor adds
  consent and pay walls);
- `unsupported`: an answer we do not read: not HTML or text (PDF, images), too large, or
  compressed in a way we do not decode.

Limits, each in `FetchSettings`: connect and read time-outs plus a deadline for the whole
response (a read time-out alone lets a server trickle forever); at most `max_redirects`
redirects, followed by hand so each hop is paced and recorded; at most `max_bytes` of body,
counted after decompression and read as a stream, so a 20 MB file or a gzip bomb never sits
in memory. Politeness: one request at a time per host (host and port) and `host_delay`
seconds between two requests to it; 429 and 503 are retried with exponential back-off,
honouring Retry-After up to `max_wait` (a longer wait gives up rather than hammering).
The clock and sleep are injectable so tests run fast.
"""

from __future__ import annotations

import email.utils
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpx

from .decode import HTML_TYPES, TEXT_TYPES, Decoder, TooLarge, decode, sniff_media_type

PageStatus = Literal["ok", "unreachable", "blocked", "unsupported"]

VERSION = "0.1"
_BLOCKED_CODES = frozenset({401, 403, 451})
_RETRY_CODES = frozenset({429, 503})


def user_agent(repo_url: str | None, version: str = VERSION) -> str:
    """An honest User-Agent: what we are and where to read about us (or complain)."""
    return f"factsheet-verify/{version} (+{repo_url})" if repo_url else f"factsheet-verify/{version}"


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # between two reads of the socket
    total_timeout: float = 60.0  # the whole response, however it trickles
    max_redirects: int = 5
    max_bytes: int = 5 * 1024 * 1024
    host_delay: float = 1.0  # seconds between two requests to the same host
    retries: int = 2  # extra attempts after a 429 or 503
    backoff: float = 2.0  # the first wait without Retry-After; doubles each time
    max_wait: float = 30.0  # the longest wait honoured, Retry-After included
    trust_env: bool = True  # proxies and certificates from the environment


@dataclass(frozen=True)
class FetchResult:
    """What one `fetch` found. `text` is the decoded body, set only when status is ok."""

    url: str  # as asked
    final_url: str  # after redirects: the address actually read
    status: PageStatus
    reason: str  # why it is not ok ("" when ok), in words for the report
    http_status: int | None = None
    media_type: str | None = None  # "text/html", "text/plain", ...
    charset: str | None = None
    text: str | None = None
    redirects: tuple[str, ...] = ()  # every address after the first, in order
    attempts: int = 0  # requests sent, redirects and retries included

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class _Answer:
    """One request's outcome, before redirects are followed."""

    status: PageStatus
    reason: str = ""
    http_status: int | None = None
    location: str | None = None
    retry_after: float | None = None
    media_type: str | None = None
    charset: str | None = None
    text: str | None = None


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _http_failure(code: int, retry_after: float | None = None) -> _Answer:
    phrase = httpx.codes.get_reason_phrase(code) or "error"
    reason = f"HTTP {code} ({phrase.lower()})"
    status: PageStatus = "blocked" if code in _BLOCKED_CODES or code == 429 else "unreachable"
    return _Answer(status, reason, http_status=code, retry_after=retry_after)


class Fetcher:
    """Fetches pages one at a time per host. Use as a context manager (closes connections).

    Thread-safe: callers may fetch several hosts at once from a pool of threads; requests to
    one host still wait for each other.
    """

    def __init__(
        self,
        settings: FetchSettings,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self._clock = clock
        self._sleep = sleep
        timeout = httpx.Timeout(
            connect=settings.connect_timeout,
            read=settings.read_timeout,
            write=settings.read_timeout,
            pool=settings.connect_timeout,
        )
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            trust_env=settings.trust_env,
            transport=transport,
            headers={
                "User-Agent": settings.user_agent,
                "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
                "Accept-Encoding": "gzip, deflate",  # the ones Decoder undoes within the cap
            },
        )
        self._guard = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._last_request: dict[str, float] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str) -> FetchResult:
        """GET a page, following redirects by hand; never raises for network trouble."""
        current, redirects, attempts = url, list[str](), 0
        for _ in range(self.settings.max_redirects + 1):
            if urlsplit(current).scheme.lower() not in ("http", "https") or not urlsplit(current).netloc:
                reason = f"redirected to a non-web address {current}" if redirects else "not a web address"
                return FetchResult(
                    url, current, "unreachable", reason, redirects=tuple(redirects), attempts=attempts
                )
            answer, sent = self._get(current)
            attempts += sent
            if answer.location is None:
                return FetchResult(
                    url,
                    current,
                    answer.status,
                    answer.reason,
                    http_status=answer.http_status,
                    media_type=answer.media_type,
                    charset=answer.charset,
                    text=answer.text,
                    redirects=tuple(redirects),
                    attempts=attempts,
                )
            current = urljoin(current, answer.location)
            redirects.append(current)
        return FetchResult(
            url,
            current,
            "unreachable",
            f"more than {self.settings.max_redirects} redirects",
            redirects=tuple(redirects),
            attempts=attempts,
        )

    @contextmanager
    def _turn(self, host: str) -> Iterator[None]:
        """Hold the host: one request at a time, `host_delay` after the previous one ended."""
        with self._guard:
            lock = self._host_locks.setdefault(host, threading.Lock())
        with lock:
            yield

    def _wait_for(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            remaining = last + self.settings.host_delay - self._clock()
            if remaining > 0:
                self._sleep(remaining)

    def _get(self, url: str) -> tuple[_Answer, int]:
        """One address, retried on 429/503: (the answer, how many requests were sent)."""
        host = urlsplit(url).netloc.lower()
        attempt = 0
        with self._turn(host):
            while True:
                attempt += 1
                self._wait_for(host)
                try:
                    answer = self._request(url)
                finally:
                    self._last_request[host] = self._clock()
                if answer.http_status not in _RETRY_CODES or attempt > self.settings.retries:
                    break
                wait = answer.retry_after
                if wait is None:
                    wait = self.settings.backoff * 2 ** (attempt - 1)
                if wait > self.settings.max_wait:
                    reason = f"{answer.reason}; asked to wait {wait:.0f} s, too long"
                    return _Answer(answer.status, reason, http_status=answer.http_status), attempt
                self._sleep(wait)
        if answer.http_status in _RETRY_CODES and attempt > 1:
            answer = _Answer(answer.status, f"{answer.reason} after {attempt} attempts", answer.http_status)
        return answer, attempt

    def _request(self, url: str) -> _Answer:
        deadline = self._clock() + self.settings.total_timeout
        try:
            with self._client.stream("GET", url) as response:
                return self._answer(response, deadline)
        except httpx.TimeoutException as error:
            kind = "connecting" if isinstance(error, httpx.ConnectTimeout) else "waiting for the page"
            return _Answer("unreachable", f"timed out {kind}")
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            return _Answer("unreachable", f"cannot connect: {error or type(error).__name__}")

    def _answer(self, response: httpx.Response, deadline: float) -> _Answer:
        code = response.status_code
        if 300 <= code < 400 and code != 304:
            location = response.headers.get("location")
            if not location:
                return _Answer("unreachable", f"HTTP {code} redirect without a Location", http_status=code)
            return _Answer("ok", http_status=code, location=location)
        if not 200 <= code < 300:
            return _http_failure(code, _retry_after(response.headers.get("retry-after")))

        content_type = response.headers.get("content-type", "")
        media_type = content_type.split(";")[0].strip().lower() or None
        if media_type is not None and media_type not in HTML_TYPES | TEXT_TYPES:
            reason = f"not a web page: {media_type}"
            return _Answer("unsupported", reason, http_status=code, media_type=media_type)
        limit = self.settings.max_bytes
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:  # compressed or not, it cannot fit
            reason = f"too large: {int(length):,} bytes, more than {limit:,}"
            return _Answer("unsupported", reason, http_status=code)
        try:
            decoder = Decoder(response.headers.get("content-encoding", ""))
        except ValueError as error:
            return _Answer("unsupported", f"compressed as {error}, which we do not decode", http_status=code)

        body = bytearray()
        try:
            for chunk in response.iter_raw():  # as received: a chunk size would wait to fill it
                body += decoder.feed(chunk, limit + 1 - len(body))
                if len(body) > limit:
                    raise TooLarge
                if self._clock() > deadline:
                    return _Answer("unreachable", "timed out reading the page", http_status=code)
        except TooLarge:
            return _Answer("unsupported", f"too large: more than {limit:,} bytes", http_status=code)
        except zlib.error:
            return _Answer("unreachable", "the compressed body is damaged", http_status=code)

        data = bytes(body)
        if media_type is None:
            media_type = sniff_media_type(data)
            if media_type is None or media_type not in HTML_TYPES | TEXT_TYPES:
                what = media_type or "not recognisable as text"
                return _Answer("unsupported", f"no Content-Type, and the body is {what}", http_status=code)
        charset_match = re.search(r"charset\s*=\s*[\"']?([^\"';\s]+)", content_type, re.IGNORECASE)
        text, charset = decode(data, charset_match.group(1) if charset_match else None, media_type)
        return _Answer("ok", http_status=code, media_type=media_type, charset=charset, text=text)
