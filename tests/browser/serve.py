"""Serve a built site on 127.0.0.1 under a sub-path, the way GitHub Pages serves a project site.

GitHub Pages publishes `https://<owner>.github.io/<repo>/`: every page lives under `/<repo>/`, so a
link or asset written as `/assets/...` (root-relative) works on `mkdocs serve` and breaks on Pages.
Serving under `/factsheets/` and answering 404 outside it makes the tests see that breakage.
"""

from __future__ import annotations

import io
import sys
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PREFIX = "/factsheets/"


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Files of the site folder under PREFIX; 404 for every path outside it."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == PREFIX.rstrip("/"):
            # Pages redirects the bare project path to the folder, as for any folder.
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", PREFIX)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if not path.startswith(PREFIX):
            self.send_error(HTTPStatus.NOT_FOUND, "outside the site's sub-path")
            return None
        if not Path(self.translate_path(self.path)).exists():
            return self._not_found_page()
        return super().send_head()

    def _not_found_page(self):  # type: ignore[no-untyped-def]
        """As GitHub Pages does: the site's 404.html, with status 404, for a missing address."""
        page = Path(self.translate_path(PREFIX + "404.html"))
        if not page.is_file():
            self.send_error(HTTPStatus.NOT_FOUND, "no such page")
            return None
        body = page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        return super().translate_path("/" + path[len(PREFIX) :])

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: pytest shows the failures that matter


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        # The browser drops connections when it navigates away mid-download; that is no error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    """A threaded HTTP server bound to an ephemeral port before the site is built.

    Binding first gives the port the build must know (mkdocs writes `site_url` into canonical
    links, the sitemap and the feed); serving starts once the folder is filled.
    """

    def __init__(self, site_dir: Path):
        handler = partial(_SubPathHandler, directory=str(site_dir))
        self._httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.port: int = self._httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.base_url = self.origin + PREFIX
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="site-server", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
        self._httpd.server_close()

    def url(self, relative: str) -> str:
        """The absolute URL of a page given relative to the site root ("" is the home page)."""
        return self.base_url + relative.lstrip("/")
