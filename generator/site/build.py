"""The whole pipeline: content/ -> Markdown in build/docs/ -> site/ through MkDocs.

`generate` gathers everything first (load, validate, index, render) and writes last, so
content with errors writes nothing. `build_site` builds into a fresh folder next to site/
and swaps it in only when MkDocs succeeded: a failure at any stage leaves site/ as it was.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import paths
from ..content.history import History, generation_time, read_history
from ..content.index import SiteIndex, build_index
from ..content.model import Content
from ..content.validate import check_content
from ..data.export import render_data_files
from ..data.feed import render_feed
from ..errors import BuildError, ContentError, Problem, has_errors
from ..pages.registry import render_pages
from ..settings import Settings
from .engines import DEFAULT_ENGINE, ENGINES, run_engine
from .urls import PUBLISHED_FILE, check_published_urls, redirect_pages
from .write import WriteReport, write_pages

DOCS_DIR = Path("build/docs")  # as in mkdocs.yml's docs_dir
SITE_DIR = Path("site")
# Written into every site this module builds: only a folder holding it (or an empty one) is ever
# replaced, so `--site-dir content` (or any folder of other files) is refused, never deleted.
SITE_MARKER = ".factsheet-site"
_MARKER_TEXT = "A site built by `factsheet build`, which replaces this whole folder on the next build.\n"
# Read by the MkDocs hook (generator/site/mkdocs_hooks.py) inside the `mkdocs build` we start.
ENV_CONTENT_DIR = "FACTSHEET_CONTENT_DIR"
ENV_DOCS_DIR = "FACTSHEET_DOCS_DIR"
ENV_SKIP_GENERATE = "FACTSHEET_SKIP_GENERATE"


@dataclass(frozen=True)
class GenerateReport:
    content: Content
    warnings: tuple[Problem, ...]
    pages: int  # files produced (pages and data files), without the copied assets
    written: WriteReport
    out_dir: Path


@dataclass(frozen=True)
class BuildReport:
    generated: GenerateReport
    site_dir: Path
    mkdocs_output: str  # what MkDocs printed (its INFO lines and any notes)


def render_all(index: SiteIndex, settings: Settings, history: History | None = None) -> dict[str, str]:
    """Every page, data file and redirect, keyed by docs path."""
    history = history if history is not None else History()
    files = render_pages(index, settings, history)
    more = render_other_files(index, settings, history)
    overlap = files.keys() & more.keys()
    if overlap:
        raise BuildError(f"two kinds of file have the same path: {', '.join(sorted(overlap))}")
    files.update(more)
    return files


def render_other_files(index: SiteIndex, settings: Settings, history: History) -> dict[str, str]:
    """What is not a page: the data files, the feed and the redirects at former ids."""
    content = index.content
    generated_at = generation_time(history, content)
    files = render_data_files(content, index, history, generated_at, settings.site_url)
    for more in (
        {paths.FEED: render_feed(index, history, generated_at, settings.site_name, settings.site_url)},
        redirect_pages(content, settings.site_url),
    ):
        overlap = files.keys() & more.keys()
        if overlap:
            raise BuildError(f"two kinds of file have the same path: {', '.join(sorted(overlap))}")
        files.update(more)
    return files


def generate(
    root: Path,
    out_dir: Path | None = None,
    *,
    content_dir: Path | None = None,
    settings: Settings | None = None,
    today: date | None = None,
    pause_collector: bool = False,
) -> GenerateReport:
    """Check content/, then write the Markdown; raises ContentError (writing nothing) on errors.

    `pause_collector`: the command line's own process pauses Python's cyclic garbage collector
    for the run (`collector_paused`); inside MkDocs' process (the hook) it is left alone.
    """
    with collector_paused() if pause_collector else nullcontext():
        return _generate(Path(root).resolve(), out_dir, content_dir, settings, today)


def _generate(
    root: Path, out_dir: Path | None, content_dir: Path | None, settings: Settings | None, today: date | None
) -> GenerateReport:
    content_dir = Path(content_dir) if content_dir else root / "content"
    out_dir = Path(out_dir) if out_dir else root / DOCS_DIR
    if not content_dir.is_dir():
        raise BuildError(f"no content folder at {content_dir}")
    docs, source = out_dir.resolve(), content_dir.resolve()
    if docs == source or source in docs.parents or docs in source.parents:
        raise BuildError(
            f"refusing to write the docs into '{_relative(out_dir)}': it is, holds or is inside the "
            f"content folder '{_relative(content_dir)}'"
        )
    content, problems = check_content(content_dir, today)
    if content is None or has_errors(problems):
        raise ContentError(problems)
    index = build_index(content)
    pages = render_all(index, settings or Settings.from_env(), read_history(content_dir))
    # A published URL that would vanish without a redirect stops the build (urls.py).
    check_published_urls(content_dir.resolve().parent / PUBLISHED_FILE, content, pages)
    written = write_pages(out_dir, pages)
    warnings = tuple(sorted(p for p in problems if p.severity != "error"))
    return GenerateReport(content, warnings, len(pages), written, out_dir)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the stages build large trees of new objects.

    Every time the heap grows by a quarter, a full collection scans all of it, and the content
    trees, the model and the pages are hundreds of thousands of objects with no reference cycles
    (benchmarks/README.md has the figures). The few cycles Jinja leaves wait for the next full
    collection once the collector runs again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Move what survived into the oldest generation (freeze, then unfreeze, does only
            # that), so the next young-generation collection does not scan it all again.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def build_site(
    root: Path,
    site_dir: Path | None = None,
    *,
    strict: bool = True,
    content_dir: Path | None = None,
    docs_dir: Path | None = None,
    config_file: Path | None = None,
    settings: Settings | None = None,
    engine: str = DEFAULT_ENGINE,
) -> BuildReport:
    """Generate, run `mkdocs build` into a new folder beside site_dir, then swap it in.

    `engine="zensical"` builds the same Markdown with Zensical instead (generator/engines.py).
    Either way the build is full, never MkDocs' `--dirty`: this is the output that is deployed.
    """
    if engine not in ENGINES:
        raise BuildError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    root = Path(root).resolve()
    site_dir = Path(os.path.abspath(site_dir)) if site_dir else root / SITE_DIR
    docs_dir = Path(docs_dir).resolve() if docs_dir else root / DOCS_DIR
    config_file = Path(config_file) if config_file else root / "mkdocs.yml"
    content = Path(content_dir).resolve() if content_dir else root / "content"
    check_site_dir(site_dir, protected=(content, docs_dir), around=(root,))
    remove_leftovers(site_dir)
    generated = generate(root, docs_dir, content_dir=content_dir, settings=settings, pause_collector=True)

    site_dir.parent.mkdir(parents=True, exist_ok=True)
    new_dir = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-{os.getpid()}-", dir=site_dir.parent))
    new_dir.chmod(0o755)  # mkdtemp makes it private; the site is served to everyone
    try:
        if engine == "mkdocs":
            output = _run_mkdocs(root, config_file, docs_dir, new_dir, strict, content_dir)
        else:  # runs no hooks, so it builds exactly the Markdown generated above
            output = run_engine(engine, config_file, new_dir, strict, docs_dir)
        (new_dir / SITE_MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        _swap_in(new_dir, site_dir)
    except BaseException:
        shutil.rmtree(new_dir, ignore_errors=True)
        raise
    return BuildReport(generated, site_dir, output)


def check_site_dir(site_dir: Path, protected: tuple[Path, ...] = (), around: tuple[Path, ...] = ()) -> None:
    """Refuse a site folder this build must not replace (BuildError, before anything is built).

    The build deletes the folder it replaces, so it must be a site built before (it holds
    SITE_MARKER), an empty folder, or not exist yet; never a link or a file, never one of
    `protected` (content/, the docs folder), inside one or holding one, and never one of
    `around` (the repository) or a folder that holds it.
    """
    shown = _relative(site_dir)
    if site_dir.is_symlink():
        raise BuildError(f"refusing to build into '{shown}': it is a symbolic link")
    resolved = site_dir.resolve()
    clashes = [folder for folder in map(Path.resolve, protected) if folder in resolved.parents]
    clashes += [folder for folder in map(Path.resolve, (*protected, *around))
                if resolved == folder or resolved in folder.parents]  # fmt: skip
    if clashes:
        raise BuildError(
            f"refusing to build into '{shown}': the build replaces that whole folder, and it is, holds "
            f"or is inside '{_relative(clashes[0])}'; choose a folder of its own, such as site/"
        )
    if not site_dir.exists():
        return
    if not site_dir.is_dir():
        raise BuildError(f"refusing to build into '{shown}': it is a file, not a folder")
    if not (site_dir / SITE_MARKER).is_file() and any(site_dir.iterdir()):
        raise BuildError(
            f"refusing to replace '{shown}': it holds files but no {SITE_MARKER}, the mark of a site "
            "built by factsheet; choose an empty or new folder (or delete an old site first)"
        )


def _relative(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return str(path)


# The folders a build works in beside the site: .site-new-<pid>-<8 random> is being built,
# .site-old-<pid>-<8 random> is the previous site on its way out (older builds named them
# without the process id; the 8 characters are mkdtemp's).
def remove_leftovers(site_dir: Path) -> list[Path]:
    """Remove the work folders of builds that were killed (their process is gone); return them."""
    pattern = re.compile(rf"\.{re.escape(site_dir.name)}-(?:new|old)-(?:([0-9]+)-)?[a-z0-9_]{{8}}")
    removed: list[Path] = []
    try:
        candidates = list(site_dir.parent.iterdir())
    except OSError:
        return removed
    for path in candidates:
        match = pattern.fullmatch(path.name)
        if match is None or path.is_symlink() or not path.is_dir():
            continue
        if match[1] is not None and _running(int(match[1])):
            continue  # another build is using it
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # gone (or a number no process can have)
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _run_mkdocs(
    root: Path, config_file: Path, docs_dir: Path, out: Path, strict: bool, content_dir: Path | None
) -> str:
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config_file), "-d", str(out)]
    if strict:
        command.append("--strict")
    env = dict(os.environ)
    env.update({ENV_DOCS_DIR: str(docs_dir), ENV_SKIP_GENERATE: "1", "NO_MKDOCS_2_WARNING": "1"})
    if content_dir:
        env[ENV_CONTENT_DIR] = str(Path(content_dir).resolve())
    # A separate process: MkDocs keeps global state (logging, plugins) between builds.
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise BuildError(f"mkdocs build failed; site/ was left as it was:\n{output}")
    return output


def _swap_in(new_dir: Path, site_dir: Path) -> None:
    """Replace site_dir by new_dir with two renames; the old site is deleted only afterwards."""
    old_dir = None
    if site_dir.exists():
        old_dir = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-{os.getpid()}-", dir=site_dir.parent))
        os.rmdir(old_dir)  # only the unique name is wanted; rename needs it free
        os.rename(site_dir, old_dir)
    try:
        os.rename(new_dir, site_dir)
    except OSError as error:
        if old_dir:
            os.rename(old_dir, site_dir)
        raise BuildError(f"could not move the new site into {site_dir}: {error}") from error
    if old_dir:
        shutil.rmtree(old_dir, ignore_errors=True)
