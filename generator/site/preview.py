"""The generator's side of `factsheet serve`: everything kept in memory, an edit costs what it shows.

`Preview.start` does what `generate` does (load, validate, index, render, write build/docs)
and keeps every file's tree and checked records, the model, the index and every rendered page.
`Preview.refresh` then re-reads only the content files whose size, time or inode changed, checks
them (the checks across files run on the kept records of the others), indexes, and renders
again only the pages that show what changed (`incremental.py`); it writes into build/docs only
the pages whose text differs, and says which. The data files, the feed and the redirects follow
in `refresh_other_files`, which the server runs once the browser has been told to reload.

History (git dates) is read once at the start: an edit is not a commit, so it changes no date
a full build would show either.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import paths
from ..content.history import History, read_history
from ..content.index import IndexCache, SiteIndex, build_index
from ..content.load import Document, Entry, load_entry, reading_order, scan_folder, shown_path, shown_prefix
from ..content.model import Content
from ..content.records import RecordReader
from ..content.validate import combine_documents, read_document
from ..errors import ContentError, Problem, has_errors, printable_lines
from ..pages.registry import render_pages
from ..settings import Settings
from . import incremental
from .build import render_other_files
from .urls import PUBLISHED_FILE, check_published_urls
from .write import ASSETS_DIR, write_changed, write_pages


@dataclass
class _File:
    """One entry of content/ as last listed and read."""

    stamp: tuple[int, int, int] | None  # Entry.stamp: None for what is not a regular file
    order: tuple[int, str]  # load.reading_order
    document: Document | None
    problems: list[Problem]  # from loading it (or why it is not read)
    reader: RecordReader | None  # its records, checked on their own


@dataclass
class Refresh:
    """What one refresh did: the content files read, the pages written and removed."""

    files: list[str]
    written: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    everything: bool = False  # every page was rendered (tags.yaml, or a page kind serve does not know)
    seconds: dict[str, float] = field(default_factory=dict)  # CPU seconds by step
    problems: list[Problem] = field(default_factory=list)  # warnings (errors raise ContentError)


class Preview:
    def __init__(
        self, root: Path, content_dir: Path, docs_dir: Path, settings: Settings | None = None
    ) -> None:
        self.root = Path(root).resolve()
        self.content_dir = Path(content_dir).resolve()
        self.docs_dir = Path(docs_dir)
        self.settings = settings or Settings.from_env()
        self.files: dict[str, _File] = {}  # by path as shown to editors
        self.prefix = shown_prefix(self.content_dir, self.root)
        self.history = History()
        self.content = Content()
        self.index: SiteIndex | None = None
        self.index_cache = IndexCache()
        self.pages: dict[str, str] = {}  # every generated file, docs path -> text
        self.unknown_kinds = False  # pages the incremental renderer does not know: render all

    # ------------------------------------------------------------------ the first run

    def start(self) -> list[Problem]:
        """Read, check and render everything, write build/docs; raises ContentError on errors."""
        self._read_changed()
        content, problems = self._check()
        if has_errors(problems):
            raise ContentError(problems)
        self.history = read_history(self.content_dir)
        index = build_index(content, self.index_cache)
        pages: dict[str, str] = dict(render_pages(index, self.settings, self.history))
        page_names = set(pages)
        pages.update(render_other_files(index, self.settings, self.history))
        check_published_urls(self.content_dir.parent / PUBLISHED_FILE, content, pages)  # type: ignore[arg-type]
        write_pages(self.docs_dir, pages)
        self.content, self.index, self.pages = content, index, pages
        self.unknown_kinds = bool(page_names - incremental.known_pages(index, page_names))
        return [p for p in problems if p.severity != "error"]

    # ------------------------------------------------------------------ after an edit

    def refresh(self, everything: bool = False) -> Refresh | None:
        """Bring build/docs up to date with content/ (pages only); None when nothing changed.
        Raises ContentError, keeping the last good pages, when the content has errors.
        `everything`: render every page (the generator's templates changed)."""
        assert self.index is not None, "start() first"
        clock: dict[str, float] = {}
        mark = time.process_time()

        def lap(step: str) -> None:
            nonlocal mark
            now = time.process_time()
            clock[step] = clock.get(step, 0.0) + now - mark
            mark = now

        read = self._read_changed()
        lap("read")
        if not read and not everything:
            return None
        content, problems = self._check()
        lap("check")
        if has_errors(problems):
            raise ContentError(problems)
        index = build_index(content, self.index_cache) if read else self.index
        lap("index")
        changed = incremental.changed_records(self.content, content)
        plan = incremental.pages_to_render(changed, self.index, index)
        plan.everything |= self.unknown_kinds or everything
        pages, gone = incremental.render_plan(plan, index, self.settings, self.history, self.pages)
        lap("render")
        written = {name: text for name, text in pages.items() if self.pages.get(name) != text}
        try:
            check_published_urls(self.content_dir.parent / PUBLISHED_FILE, content, {**self.pages, **pages})
        except Exception as error:  # a preview still shows the edit; the build will refuse it
            # Its report spans lines and quotes addresses.
            print(f"factsheet serve: warning: {printable_lines(str(error))}", flush=True)
        write_changed(self.docs_dir, written, gone)
        for name in gone:
            self.pages.pop(name, None)
        self.pages.update(written)
        self.content, self.index = content, index
        lap("write")
        warnings = [p for p in problems if p.severity != "error"]
        return Refresh(read, set(written), gone, plan.everything, clock, warnings)

    def refresh_other_files(self) -> tuple[set[str], set[str]]:
        """The data files, the feed and the redirects, brought up to date: (written, removed)."""
        assert self.index is not None
        other = render_other_files(self.index, self.settings, self.history)
        before = {name for name in self.pages if not paths.is_page(name) and not paths.is_asset(name)}
        written = {name: data for name, data in other.items() if self.pages.get(name) != data}
        gone = before - other.keys()
        write_changed(self.docs_dir, written, gone)
        for name in gone:
            self.pages.pop(name, None)
        self.pages.update(written)
        return set(written), gone

    def refresh_assets(self) -> set[str]:
        """Copy the assets (site_templates/assets/) that changed into build/docs; their docs paths."""
        written = {}
        for path in sorted(p for p in ASSETS_DIR.rglob("*") if p.is_file()):
            name = paths.asset_file(path.relative_to(ASSETS_DIR).as_posix())
            data = path.read_bytes()
            target = self.docs_dir / name
            if not target.is_file() or target.read_bytes() != data:
                written[name] = data
        write_changed(self.docs_dir, written, ())
        return set(written)

    # ------------------------------------------------------------------ content files

    def _read(self, entry: Entry, shown: str) -> _File:
        """One entry, loaded as the loader loads it (load.load_entry) and checked on its own."""
        document, problems = load_entry(entry, shown)
        reader = read_document(document, date.today()) if document is not None else None
        return _File(entry.stamp, reading_order(entry), document, problems, reader)

    def _read_changed(self) -> list[str]:
        """List content/ again (links, folders and stray files included, never followed) and read
        the files whose stamp (time, size, inode) changed; the shown paths of what changed."""
        changed: list[str] = []
        seen = set()
        for entry in scan_folder(self.content_dir):
            shown = shown_path(entry, self.prefix)
            seen.add(shown)
            known = self.files.get(shown)
            if known is not None and entry.stamp is not None and known.stamp == entry.stamp:
                continue
            fresh = self._read(entry, shown)
            if known is not None and (known.problems, known.document) == (fresh.problems, fresh.document):
                known.stamp = fresh.stamp  # touched, not changed
                continue
            self.files[shown] = fresh
            changed.append(shown)
        for shown in set(self.files) - seen:
            del self.files[shown]
            changed.append(shown)
        return changed

    def _check(self) -> tuple[Content, list[Problem]]:
        problems: list[Problem] = []
        read = []
        unreadable = set()
        for shown, known in sorted(self.files.items(), key=lambda item: item[1].order):
            problems += known.problems
            if known.document is None or known.reader is None:
                if any(p.severity == "error" for p in known.problems):
                    unreadable.add(shown)
                continue
            read.append((known.document, known.reader))
        content, found = combine_documents(read, unreadable)
        return content, sorted(problems + found)
