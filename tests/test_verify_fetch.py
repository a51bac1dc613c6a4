"""generator/tools/verify/fetch.py against an in-process server: every outcome, every limit."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tracemalloc
import zlib

import pytest

from generator.tools.verify.decode import decode
from generator.tools.verify.fetch import Fetcher, FetchSettings, user_agent
from tests.verify_server import Server, fixture, redirect, respond, sequence, slow, stream

UA = user_agent("https://github.com/example/factsheet")
MB = 1024 * 1024


class FakeTime:
    """A clock that only moves when the fetcher sleeps: waits are recorded, never spent."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


@pytest.fixture
def server():
    running = Server().start()
    yield running
    running.stop()


@pytest.fixture
def fake_time():
    return FakeTime()


def make_fetcher(fake_time: FakeTime | None = None, **settings) -> Fetcher:
    settings = {"host_delay": 0.0, "connect_timeout": 2.0, "read_timeout": 2.0, "trust_env": False} | settings
    if fake_time is None:
        return Fetcher(FetchSettings(UA, **settings))
    return Fetcher(FetchSettings(UA, **settings), clock=fake_time.clock, sleep=fake_time.sleep)


def test_user_agent_names_the_tool_and_the_repository():
    assert UA == "factsheet-verify/0.1 (+https://github.com/example/factsheet)"
    assert user_agent(None) == "factsheet-verify/0.1"


def test_an_html_page_is_read_and_decoded(server):
    server.routes["/article"] = fixture("article.html")
    with make_fetcher() as fetcher:
        result = fetcher.fetch(server.url("/article"))
    assert result.status == "ok" and result.ok and result.reason == ""
    assert result.http_status == 200 and result.media_type == "text/html" and result.charset == "utf-8"
    assert result.text is not None and "North Korean casualties" in result.text
    assert result.final_url == server.url("/article") and result.redirects == () and result.attempts == 1
    headers = server.log[0].headers
    assert headers["User-Agent"] == UA
    assert headers["Accept-Encoding"] == "gzip, deflate"


def test_plain_text_is_read(server):
    server.routes["/wire.txt"] = fixture("plain.txt", "text/plain")
    with make_fetcher() as fetcher:
        result = fetcher.fetch(server.url("/wire.txt"))
    assert result.status == "ok" and result.media_type == "text/plain"
    assert result.text is not None and result.text.startswith("NORTH KOREA")


@pytest.mark.parametrize(
    ("code", "status"),
    [(404, "unreachable"), (410, "unreachable"), (500, "unreachable"), (502, "unreachable"),
     (400, "unreachable"), (401, "blocked"), (403, "blocked"), (451, "blocked")],
)  # fmt: skip
def test_http_errors(server, code, status):
    server.routes["/page"] = respond(code, b"<p>no</p>")
    with make_fetcher() as fetcher:
        result = fetcher.fetch(server.url("/page"))
    assert result.status == status and result.http_status == code and result.text is None
    assert result.reason.startswith(f"HTTP {code} (")
    assert result.attempts == 1  # only 429 and 503 are retried


def test_404_says_not_found(server):
    with make_fetcher() as fetcher:
        result = fetcher.fetch(server.url("/missing"))
    assert (result.status, result.reason) == ("unreachable", "HTTP 404 (not found)")


def test_403_is_blocked(server):
    server.routes["/private"] = respond(403, b"Forbidden")
    with make_fetcher() as fetcher:
        result = fetcher.fetch(server.url("/private"))
    assert (result.status, result.reason) == ("blocked", "HTTP 403 (forbidden)")


def test_a_redirect_chain_of_three_hops_is_followed(server):
    for hop in range(3):
        server.routes[f"/hop{hop}"] = redirect(f"/hop{hop + 1}", 301 if hop else 302)
    server.routes["/hop3"] = fixture("article.html")
    with make_fetcher() as fetcher:
        result = fetcher.fetch(server.url("/hop0"))
    assert result.status == "ok"
    assert result.final_url == server.url("/hop3")
    assert result.redirects == tuple(server.url(f"/hop{n}") for n in (1, 2, 3))
    assert result.attempts == 4


def test_seven_hops_is_too_many(server):
    for hop in range(7):
        server.routes[f"/hop{hop}"] = redirect(server.url(f"/hop{hop + 1}"), 307)
    server.routes["/hop7"] = fixture("article.html")
    with make_fetcher() as fetcher:
        result = fetcher.fetch(server.url("/hop0"))
    assert (result.status, result.reason) == ("unreachable", "more than 5 redirects")
    assert len(result.redirects) == 6 and result.attempts == 6
    assert "/hop7" not in server.paths()


def test_a_redirect_loop_ends(server):
    server.routes["/a"] = redirect("/b")
    server.routes["/b"] = redirect("/a")
    with make_fetcher() as fetcher:
        result = fetcher.fetch(server.url("/a"))
    assert result.status == "unreachable" and result.attempts == 6


def test_a_redirect_to_another_scheme_is_not_followed(server):
    server.routes["/ftp"] = redirect("ftp://example.org/file")
    with make_fetcher() as fetcher:
        result = fetcher.fetch(server.url("/ftp"))
    assert result.status == "unreachable"
    assert result.reason == "redirected to a non-web address ftp://example.org/file"


def test_a_non_web_address_is_not_fetched():
    with make_fetcher() as fetcher:
        result = fetcher.fetch("file:///etc/passwd")
    assert (result.status, result.reason, result.attempts) == ("unreachable", "not a web address", 0)


def test_a_response_slower_than_the_read_timeout_is_unreachable(server):
    server.routes["/slow"] = slow(server, 5.0, fixture("article.html"))
    started = time.monotonic()
    with make_fetcher(read_timeout=0.3) as fetcher:
        result = fetcher.fetch(server.url("/slow"))
    assert (result.status, result.reason) == ("unreachable", "timed out waiting for the page")
    assert time.monotonic() - started < 2.0


def test_a_page_that_trickles_past_the_deadline_is_unreachable(server):
    server.routes["/trickle"] = stream(server, 10_000, chunk=b"<p>x</p>\n", pause=0.05)
    started = time.monotonic()
    with make_fetcher(read_timeout=1.0, total_timeout=0.4) as fetcher:
        result = fetcher.fetch(server.url("/trickle"))
    assert (result.status, result.reason) == ("unreachable", "timed out reading the page")
    assert time.monotonic() - started < 2.0


def test_a_refused_connection_is_unreachable():
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with make_fetcher() as fetcher:
        result = fetcher.fetch(f"http://127.0.0.1:{port}/")
    assert result.status == "unreachable" and result.reason.startswith("cannot connect")


def test_a_20_mb_stream_stops_at_5_mb_without_holding_20_mb(server):
    server.routes["/huge"] = stream(server, 20 * MB)
    tracemalloc.start()
    try:
        with make_fetcher() as fetcher:
            result = fetcher.fetch(server.url("/huge"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (result.status, result.reason) == ("unsupported", "too large: more than 5,242,880 bytes")
    assert result.text is None
    assert peak < 8 * MB, f"peak {peak / MB:.1f} MB"  # 5 MB of body and a little
    deadline = time.monotonic() + 5
    while server.handling and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.bytes_sent["/huge"] < 20 * MB, "the client read everything"


def test_a_20_mb_content_length_is_refused_before_reading(server):
    server.routes["/huge"] = stream(server, 20 * MB, content_length=True)
    with make_fetcher() as fetcher:
        result = fetcher.fetch(server.url("/huge"))
    assert result.status == "unsupported"
    assert result.reason == "too large: 20,971,520 bytes, more than 5,242,880"
    assert server.paths() == ["/huge"]


def test_a_gzip_bomb_stops_at_the_limit(server):
    bomb = gzip.compress(b"\0" * (20 * MB))
    assert len(bomb) < 100_000
    server.routes["/bomb"] = respond(200, bomb, headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        with make_fetcher() as fetcher:
            result = fetcher.fetch(server.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status == "unsupported" and result.reason.startswith("too large")
    assert peak < 12 * MB, f"peak {peak / MB:.1f} MB"


def test_gzip_and_deflate_bodies_are_decoded(server):
    page = b"<html><body><p>Some 600 deaths.</p></body></html>"
    raw_deflate = zlib.compressobj(wbits=-15)
    server.routes["/gzip"] = respond(200, gzip.compress(page), headers={"Content-Encoding": "gzip"})
    server.routes["/zlib"] = respond(200, zlib.compress(page), headers={"Content-Encoding": "deflate"})
    server.routes["/raw"] = respond(
        200, raw_deflate.compress(page) + raw_deflate.flush(), headers={"Content-Encoding": "deflate"}
    )
    server.routes["/br"] = respond(200, b"??", headers={"Content-Encoding": "br"})
    with make_fetcher() as fetcher:
        for path in ("/gzip", "/zlib", "/raw"):
            result = fetcher.fetch(server.url(path))
            assert result.status == "ok" and result.text == page.decode(), path
        result = fetcher.fetch(server.url("/br"))
    assert (result.status, result.reason) == ("unsupported", "compressed as br, which we do not decode")


def test_a_pdf_is_unsupported_and_not_read(server):
    pdf = b"%PDF-1.7\n" + b"0" * 65_000
    server.routes["/report.pdf"] = stream(server, 3 * MB, chunk=pdf, content_type="application/pdf")
    with make_fetcher() as fetcher:
        result = fetcher.fetch(server.url("/report.pdf"))
    assert (result.status, result.reason) == ("unsupported", "not a web page: application/pdf")
    assert result.media_type == "application/pdf"


def test_a_body_without_content_type_is_sniffed(server):
    server.routes["/pdf"] = respond(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", content_type=None)
    server.routes["/html"] = respond(200, b"<!DOCTYPE html><html><p>600</p></html>", content_type=None)
    server.routes["/bytes"] = respond(200, b"\x00\x01\x02\xff", content_type=None)
    with make_fetcher() as fetcher:
        pdf, html, data = (fetcher.fetch(server.url(path)) for path in ("/pdf", "/html", "/bytes"))
    assert (pdf.status, pdf.reason) == ("unsupported", "no Content-Type, and the body is application/pdf")
    assert (html.status, html.media_type) == ("ok", "text/html")
    assert data.status == "unsupported"
    assert data.reason == "no Content-Type, and the body is not recognisable as text"


def test_429_then_200_succeeds_after_waiting_as_asked(server, fake_time):
    server.routes["/busy"] = sequence(
        respond(429, b"slow down", headers={"Retry-After": "7"}), fixture("article.html")
    )
    with make_fetcher(fake_time) as fetcher:
        result = fetcher.fetch(server.url("/busy"))
    assert result.status == "ok" and result.attempts == 2
    assert fake_time.sleeps == [7.0]


def test_503_is_retried_with_exponential_backoff_then_given_up(server, fake_time):
    server.routes["/down"] = respond(503, b"maintenance")
    with make_fetcher(fake_time, retries=3, backoff=1.5) as fetcher:
        result = fetcher.fetch(server.url("/down"))
    assert result.status == "unreachable" and result.attempts == 4
    assert result.reason == "HTTP 503 (service unavailable) after 4 attempts"
    assert fake_time.sleeps == [1.5, 3.0, 6.0]


def test_429_every_time_is_blocked(server, fake_time):
    server.routes["/busy"] = respond(429, b"slow down", headers={"Retry-After": "1"})
    with make_fetcher(fake_time) as fetcher:
        result = fetcher.fetch(server.url("/busy"))
    assert (result.status, result.reason) == ("blocked", "HTTP 429 (too many requests) after 3 attempts")
    assert fake_time.sleeps == [1.0, 1.0]


def test_a_retry_after_longer_than_max_wait_gives_up_at_once(server, fake_time):
    server.routes["/busy"] = respond(429, b"come back tomorrow", headers={"Retry-After": "86400"})
    with make_fetcher(fake_time, max_wait=30) as fetcher:
        result = fetcher.fetch(server.url("/busy"))
    assert result.status == "blocked" and result.attempts == 1 and fake_time.sleeps == []
    assert result.reason == "HTTP 429 (too many requests); asked to wait 86400 s, too long"


def test_requests_to_one_host_are_spaced_by_host_delay(server, fake_time):
    server.routes["/a"] = fixture("article.html")
    other = Server().start()
    try:
        other.routes["/a"] = fixture("article.html")
        with make_fetcher(fake_time, host_delay=4.0) as fetcher:
            fetcher.fetch(server.url("/a"))
            fetcher.fetch(other.url("/a"))  # another host (port): no wait
            assert fake_time.sleeps == []
            fetcher.fetch(server.url("/a"))
            assert fake_time.sleeps == [4.0]
            fake_time.now += 10  # long enough ago: no wait
            fetcher.fetch(server.url("/a"))
            assert fake_time.sleeps == [4.0]
    finally:
        other.stop()


def test_one_request_at_a_time_per_host_even_from_threads(server):
    server.routes["/slowish"] = slow(server, 0.1, fixture("article.html"))
    with make_fetcher() as fetcher:
        threads = [threading.Thread(target=fetcher.fetch, args=(server.url("/slowish"),)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    assert len(server.log) == 4
    assert server.most_slow_at_once == 1


@pytest.mark.parametrize(
    ("body", "content_type", "text", "charset"),
    [
        ("café 600".encode("latin-1"), "text/html; charset=ISO-8859-1", "café 600", "cp1252"),
        ("“600”".encode("cp1252"), "text/html; charset=iso-8859-1", "“600”", "cp1252"),
        ('<meta charset="windows-1251"><p>Курск'.encode("cp1251"), "text/html", "Курск", "cp1251"),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>Курск'.encode("koi8-r"),
            "text/html",
            "Курск",
            "koi8-r",
        ),
        ("\ufeffcafé".encode(), "text/html; charset=latin-1", "café", "utf-8"),  # the BOM wins
        ("café".encode(), "text/html; charset=no-such-charset", "café", "utf-8"),
        (b"caf\xe9 600", "text/html", "caf\ufffd 600", "utf-8"),  # undecodable: replaced
    ],
)
def test_charsets(server, body, content_type, text, charset):
    server.routes["/page"] = respond(200, body, content_type)
    with make_fetcher() as fetcher:
        result = fetcher.fetch(server.url("/page"))
    assert result.status == "ok"
    assert result.text is not None and text in result.text
    assert result.charset == charset


def test_decode_alone():
    assert decode(b"\xff\xfe6\x000\x000\x00", None, "text/plain") == ("600", "utf-16-le")
