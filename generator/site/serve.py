"""`factsheet serve`: the preview, brought up to date within a second of an edit (issue 15).

One process keeps everything in memory: the generator's content, index and pages
(`preview.Preview`) and MkDocs' configuration, file list, navigation, theme and built pages
(`MkDocsSite`). After the first full build, an edit goes:

1. the watcher (inotify) wakes the build loop of MkDocs' own live-reload server;
2. `Preview.refresh` re-reads the changed content files, checks, indexes, renders again the pages
   that show the change and writes the ones whose Markdown differs into build/docs;
3. `MkDocsSite.rebuild` has MkDocs read, convert and write just those pages (and adds or
   removes pages that appeared or went);
4. the browser is told to reload; only then the data files, the feed, the redirects, the search
   index and the sitemap are brought up to date (the preview's search finds edited text a moment
   after the reload).

Each rebuild prints one line: which files changed, how many pages were written, and the time of
each step. A change to a generator template (site_templates/*.j2) renders every page again; to
the theme's overrides or mkdocs.yml, MkDocs builds the whole site again. The site is built into
a temporary folder and served from there, never into site/: a preview is never deployed.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.plugins import BasePlugin

from .. import paths
from ..errors import ContentError, FactsheetError, printable_lines
from ..pages import environment
from ..settings import Settings
from .build import ENV_CONTENT_DIR, ENV_DOCS_DIR, ENV_SKIP_GENERATE, collector_paused
from .preview import Preview, Refresh
from .write import ASSETS_DIR


def say(message: str) -> None:
    """One line of the preview's log; a message may quote an error, a file name or an address, so
    every line of it is printed printable (no terminal escape runs)."""
    print(f"factsheet serve: {printable_lines(message)}", flush=True)


class MkDocsSite:
    """MkDocs in this process: one full build, then only the pages that changed."""

    def __init__(self, config_file: Path, site_dir: Path, dev_addr: str) -> None:
        from mkdocs.config import load_config
        from mkdocs.livereload import _serve_url

        self.config = load_config(config_file=str(config_file), site_dir=str(site_dir), dev_addr=dev_addr)
        host, port = self.config.dev_addr
        self.mount_path = urlsplit(self.config.site_url or "/").path
        self.url = self.config.site_url = _serve_url(host, port, self.mount_path)
        self.files = self.nav = self.env = None
        self.config.plugins["factsheet-serve"] = _Capture(self)  # keeps files, nav and env
        self.pages_added_or_removed = False

    def build_all(self) -> None:
        from mkdocs.commands.build import build

        self.config.plugins.on_startup(command="serve", dirty=False)
        build(self.config, serve_url=self.url)

    def rebuild(self, written: Iterable[str], removed: Iterable[str]) -> int:
        """MkDocs reads, converts and writes these docs paths again (pages), copies them (other
        files), or drops them; returns the number of pages built."""
        from mkdocs.commands.build import _build_page, _populate_page
        from mkdocs.structure.files import File, InclusionLevel
        from mkdocs.structure.pages import Page

        config, files = self.config, self.files
        assert files is not None
        for name in removed:
            file = files.get_file_from_path(name)
            if file is not None:
                files.remove(file)
                self._drop_search_entries(file.url)
                _remove(Path(file.abs_dest_path), Path(config.site_dir))
                self.pages_added_or_removed |= file.is_documentation_page()
        pages = []
        for name in sorted(written):
            file = files.get_file_from_path(name)
            if file is None:
                file = File(name, config.docs_dir, config.site_dir, config.use_directory_urls)
                file.inclusion = InclusionLevel.INCLUDED
                files.append(file)
                if file.is_documentation_page():
                    Page(None, file, config)
                    self.pages_added_or_removed = True
            if file.is_documentation_page():
                pages.append(file.page)
            else:
                file.copy_file()
        for page in pages:  # every page read before any is built: links between new pages resolve
            _populate_page(page, config, files)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for page in pages:
            self._drop_search_entries(page.url)
            _build_page(page, config, doc_files, self.nav, self.env)
        return len(pages)

    def finish(self) -> None:
        """The search index, and the sitemap when pages came or went."""
        from mkdocs.commands.build import _build_theme_template

        search = self._search()
        if search is not None:
            search.on_post_build(config=self.config)
        if self.pages_added_or_removed and self.files is not None:
            _build_theme_template("sitemap.xml", self.env, self.files, self.config, self.nav)
            self.pages_added_or_removed = False

    def _search(self):
        from material.plugins.search.plugin import SearchPlugin

        return next((p for p in self.config.plugins.values() if isinstance(p, SearchPlugin)), None)

    def _drop_search_entries(self, url: str) -> None:
        search = self._search()
        if search is not None:  # the page's sections are indexed again when it is built
            entries = search.search_index.entries
            entries[:] = [entry for entry in entries if entry["location"].partition("#")[0] != url]


class _Capture(BasePlugin):
    """A plugin that keeps what MkDocs' build function makes and then forgets."""

    def __init__(self, site: MkDocsSite) -> None:
        super().__init__()
        self.site = site

    def on_files(self, files, *, config):
        self.site.files = files
        return files

    def on_nav(self, nav, *, config, files):
        self.site.nav = nav
        return nav

    def on_env(self, env, *, config, files):
        self.site.env = env
        return env


def _remove(target: Path, site_dir: Path) -> None:
    with suppress(FileNotFoundError):
        target.unlink()
    folder = target.parent
    while folder != site_dir and site_dir in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


class Watched:
    """Signatures of files under some folders, to tell what changed since the last look."""

    def __init__(self, *roots: Path) -> None:
        self.roots = roots
        self.signatures = self._scan()

    def _scan(self) -> dict[Path, tuple[int, int, int]]:
        found = {}
        for root in self.roots:
            if root.is_file():
                status = root.stat()
                found[root] = (status.st_mtime_ns, status.st_size, status.st_ino)
                continue
            for folder, _, names in os.walk(root):
                for name in names:
                    path = Path(folder) / name
                    with suppress(OSError):
                        status = path.stat()
                        found[path] = (status.st_mtime_ns, status.st_size, status.st_ino)
        return found

    def changed(self) -> set[Path]:
        now = self._scan()
        differ = {p for p in now.keys() | self.signatures.keys() if now.get(p) != self.signatures.get(p)}
        self.signatures = now
        return differ


class Server:
    """The preview and MkDocs together, behind MkDocs' live-reload server."""

    def __init__(self, root: Path, content_dir: Path, docs_dir: Path, dev_addr: str) -> None:
        self.root = root
        self.config_file = root / "mkdocs.yml"
        self.dev_addr = dev_addr
        self.preview = Preview(root, content_dir, docs_dir, Settings.from_env())
        self.site_dir = Path(tempfile.mkdtemp(prefix="factsheet-serve-"))
        self.site: MkDocsSite | None = None
        templates = root / "site_templates"
        self.templates = Watched(*(p for p in (templates, self.config_file) if p.exists()))
        self.server: Any = None  # mkdocs.livereload.LiveReloadServer once serving

    def start(self) -> None:
        started = time.perf_counter()
        with collector_paused():  # the generator's stages only: never around MkDocs' own work
            for problem in self.preview.start():
                print(problem.format(), flush=True)
        self.site = MkDocsSite(self.config_file, self.site_dir, self.dev_addr)
        self.site.build_all()
        _settle_memory()
        seconds = time.perf_counter() - started
        say(f"built {len(self.preview.pages)} files in {seconds:.1f} s; serving {self.site.url}")

    def rebuild(self) -> None:
        """The live-reload server's builder: called in its build loop after files changed."""
        assert self.site is not None
        started, cpu = time.perf_counter(), time.process_time()
        templates = self.templates.changed()
        if any(_is_theme_file(p, self.root) for p in templates):
            self._rebuild_everything("the theme or mkdocs.yml changed")
            return
        try:
            with collector_paused():
                assets = (
                    self.preview.refresh_assets()
                    if any(ASSETS_DIR in p.parents for p in templates)
                    else set()
                )
                if any(p.suffix == ".j2" for p in templates):
                    environment.environment.cache_clear()  # Jinja reads the templates again
                    refresh = self.preview.refresh(everything=True)
                else:
                    refresh = self.preview.refresh()
                if assets:
                    refresh = refresh or Refresh(files=sorted(assets))
                    refresh.written |= assets
        except ContentError as error:
            for problem in error.problems:
                print(problem.format(), flush=True)
            say(f"content has {error}; the preview shows the last good version")
            return
        if refresh is None:
            return
        for problem in refresh.problems:
            print(problem.format(), flush=True)
        mkdocs_cpu = time.process_time()
        built = self.site.rebuild(refresh.written, refresh.removed)
        refresh.seconds["mkdocs"] = time.process_time() - mkdocs_cpu
        wall = time.perf_counter() - started
        self._reload()
        self._report(refresh, built, wall, time.process_time() - cpu)
        self._after_reload()

    def _reload(self) -> None:
        """Tell the browsers to reload now; the rest of the work can follow."""
        server = self.server
        if server is None:
            return
        with server._epoch_cond:
            server._visible_epoch = server._wanted_epoch
            server._epoch_cond.notify_all()

    def _after_reload(self) -> None:
        assert self.site is not None
        started = time.process_time()
        with collector_paused():
            written, removed = self.preview.refresh_other_files()
        self.site.rebuild(written, removed)
        self.site.finish()
        _settle_memory()
        say(f"  then data files, feed, search index and sitemap: {time.process_time() - started:.2f} s CPU")

    def _rebuild_everything(self, why: str) -> None:
        started = time.perf_counter()
        say(f"{why}: building everything again")
        environment.environment.cache_clear()
        try:
            with collector_paused():
                refresh = self.preview.refresh(everything=True)
                self.preview.refresh_other_files()
            self.site = MkDocsSite(self.config_file, self.site_dir, self.dev_addr)
            self.site.build_all()
        except ContentError as error:
            for problem in error.problems:
                print(problem.format(), flush=True)
            say(f"content has {error}; the preview shows the last good version")
            return
        _settle_memory()
        self._reload()
        changed = len(refresh.written) if refresh else 0
        say(f"built everything again ({changed} files changed) in {time.perf_counter() - started:.1f} s")

    def _report(self, refresh: Refresh, built: int, wall: float, cpu: float) -> None:
        shown = ", ".join(refresh.files[:3]) + (
            f" and {len(refresh.files) - 3} more" if len(refresh.files) > 3 else ""
        )
        steps = ", ".join(f"{step} {seconds:.2f}" for step, seconds in refresh.seconds.items())
        everything = " (every page rendered again)" if refresh.everything else ""
        removed = sorted(refresh.removed)
        gone = f" ({', '.join(removed[:3])}{', ...' if len(removed) > 3 else ''})" if removed else ""
        say(
            f"{shown} changed: {len(refresh.written)} pages written{everything}, {built} built by MkDocs, "
            f"{len(removed)} removed{gone}, in {wall:.2f} s ({cpu:.2f} s CPU: {steps})"
        )

    def serve(self) -> int:
        from mkdocs.livereload import LiveReloadServer
        from watchdog.observers import Observer

        assert self.site is not None
        host, port = self.site.config.dev_addr
        server = self.server = LiveReloadServer(
            builder=self.rebuild,
            host=host,
            port=port,
            root=str(self.site_dir),
            mount_path=self.site.mount_path,
        )
        server.observer = Observer()  # type: ignore[assignment]  # inotify where there is one: no polling of 10,000 files
        server.build_delay = 0.05  # editors save in one go; more events within this restart the wait
        error_page = self.site_dir / paths.ERROR_PAGE
        server.error_handler = lambda code: (
            error_page.read_bytes() if code == 404 and error_page.is_file() else None
        )
        for watched in (self.preview.content_dir, self.root / "site_templates", self.config_file):
            if watched.exists():
                server.watch(str(watched))
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            server.serve()
        except KeyboardInterrupt:
            return 128 + signal.SIGTERM if _terminated else 130
        finally:
            signal.signal(signal.SIGTERM, previous)
            server.shutdown()
        return 0

    def close(self) -> None:
        shutil.rmtree(self.site_dir, ignore_errors=True)


_terminated = False


def _interrupt(signum, frame) -> None:
    global _terminated
    _terminated = True
    raise KeyboardInterrupt


def _is_theme_file(path: Path, root: Path) -> bool:
    """mkdocs.yml or the theme's overrides: only MkDocs' full build picks those up."""
    return path.name == "mkdocs.yml" or (root / "site_templates" / "overrides") in path.parents


def _settle_memory() -> None:
    """Collect what the last step left, then freeze what stays (the content, the index, the
    pages, MkDocs' structures): the collector never scans those hundreds of thousands of
    objects again, so it does not interrupt the next rebuild."""
    gc.collect()
    gc.freeze()


def run(root: Path, content_dir: Path, docs_dir: Path, dev_addr: str) -> int:
    """`factsheet serve`: build, serve, rebuild what each edit changes until stopped."""
    os.environ[ENV_SKIP_GENERATE] = "1"  # the hook must not generate: this process does
    os.environ[ENV_DOCS_DIR] = str(docs_dir.resolve())
    os.environ[ENV_CONTENT_DIR] = str(content_dir.resolve())
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _quiet_mkdocs()
    server = Server(root, content_dir, docs_dir, dev_addr)
    try:
        server.start()
        return server.serve()
    except FactsheetError:
        raise
    finally:
        server.close()


def _quiet_mkdocs() -> None:
    """MkDocs' warnings (broken links) on stderr; its chatter about each build left out."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    for name in ("mkdocs", "factsheet"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
        logger.propagate = False
