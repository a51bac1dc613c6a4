"""generate and build_site: nothing written on content errors, changed-only writes, atomic swap.

The MkDocs builds run the real mkdocs.yml in a subprocess, into folders under tmp_path.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import BuildError, ContentError
from generator.site.build import (
    ENV_CONTENT_DIR,
    ENV_DOCS_DIR,
    SITE_MARKER,
    build_site,
    check_site_dir,
    generate,
    remove_leftovers,
)

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT / "tests" / "fixtures" / "valid" / "content"
SHEET = "sheets/harbour-flood.md"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the valid fixture content that a test may break."""
    return Path(shutil.copytree(VALID, tmp_path / "content"))


@pytest.fixture(autouse=True)
def no_site_environment(monkeypatch):
    # The pages must not depend on the developer's shell.
    for name in ("SITE_URL", "REPO_URL", ENV_CONTENT_DIR, ENV_DOCS_DIR, "FACTSHEET_SKIP_GENERATE"):
        monkeypatch.delenv(name, raising=False)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under folder with its bytes and modification time."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def break_content(content: Path) -> None:
    sheet = content / "sheets" / "harbour-flood.yaml"
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(text.replace("value: 52", "value: 52 people"), encoding="utf-8")


def test_generate_writes_every_page_then_nothing_when_run_again(tmp_path, content):
    docs = tmp_path / "docs"
    first = generate(ROOT, docs, content_dir=content)
    assert {"index.md", "sheets/index.md", SHEET, "assets/extra.css"} <= set(first.written.written)
    assert first.written.unchanged == ()
    before = snapshot(docs)

    second = generate(ROOT, docs, content_dir=content)

    assert second.written.written == ()
    assert second.written.removed == ()
    assert set(second.written.unchanged) == set(first.written.written)
    assert snapshot(docs) == before


def test_an_edit_rewrites_the_pages_that_show_it_and_a_deleted_sheet_disappears(tmp_path, content):
    docs = tmp_path / "docs"
    generate(ROOT, docs, content_dir=content)
    sheet = content / "sheets" / "harbour-flood.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Toll", "Death toll"), encoding="utf-8")

    edited = generate(ROOT, docs, content_dir=content)
    assert SHEET in edited.written.written
    assert "index.md" not in edited.written.written

    sheet.unlink()
    (content / "sources" / "example-gazette-2025-03-02-flood-toll.yaml").unlink()
    (content / "sources" / "example-ministry-2025-04-10-briefing.yaml").unlink()
    removed = generate(ROOT, docs, content_dir=content)
    assert SHEET in removed.written.removed
    assert not (docs / SHEET).exists()


def test_content_errors_write_nothing(tmp_path, content):
    docs = tmp_path / "docs"
    generate(ROOT, docs, content_dir=content)
    before = snapshot(docs)
    break_content(content)

    with pytest.raises(ContentError) as raised:
        generate(ROOT, docs, content_dir=content)

    assert any("figure.value" in p.format() for p in raised.value.problems)
    assert snapshot(docs) == before
    with pytest.raises(ContentError):
        generate(ROOT, tmp_path / "fresh", content_dir=content)
    assert not (tmp_path / "fresh").exists()


def test_the_generate_command_reports_counts_and_errors_in_compiler_form(tmp_path, content, capsys):
    docs = tmp_path / "docs"
    assert main(["generate", "--content", str(content), "--out", str(docs)]) == 0
    assert re.search(
        r"generated \d+ files in .*: \d+ written, 0 unchanged, 0 removed", capsys.readouterr().out
    )

    break_content(content)
    assert main(["generate", "--content", str(content), "--out", str(docs)]) == 1
    out = capsys.readouterr().out
    assert re.search(r"sheets/harbour-flood\.yaml:\d+:\d+: error: .*figure\.value", out)
    assert "Traceback" not in out


@pytest.mark.slow
def test_build_site_swaps_the_new_site_in(tmp_path, content):
    site = tmp_path / "site"
    site.mkdir()
    (site / "stale.html").write_text("from an earlier build\n", encoding="utf-8")
    (site / SITE_MARKER).write_text("an earlier build\n", encoding="utf-8")
    # Work folders of builds that were killed: removed, whatever their age or naming.
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()  # fmt: skip
    for name in (".site-new-k3j2h1g0", f".site-new-{dead}-abc_1234", f".site-old-{dead}-x9x9x9x9"):
        (tmp_path / name / "assets").mkdir(parents=True)

    report = build_site(ROOT, site, content_dir=content, docs_dir=tmp_path / "docs")

    assert report.site_dir == site
    assert (site / "sheets" / "harbour-flood" / "index.html").is_file()
    assert not (site / "stale.html").exists()
    assert (site / SITE_MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "docs", "site"]  # no temp folders left
    assert oct(site.stat().st_mode & 0o777) == "0o755"


@pytest.mark.slow
def test_a_failed_mkdocs_build_leaves_the_previous_site_untouched(tmp_path, content):
    site, docs = tmp_path / "site", tmp_path / "docs"
    build_site(ROOT, site, content_dir=content, docs_dir=docs)
    before = snapshot(site)
    # A stray page with a broken link: `mkdocs build --strict` fails after generation succeeded.
    (docs / "stray.md").write_text("# Stray\n\n[nowhere](missing.md)\n", encoding="utf-8")

    with pytest.raises(BuildError, match=r"missing\.md"):
        build_site(ROOT, site, content_dir=content, docs_dir=docs)

    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "docs", "site"]


@pytest.mark.slow
def test_content_errors_stop_the_build_before_mkdocs_and_keep_the_site(tmp_path, content):
    site, docs = tmp_path / "site", tmp_path / "docs"
    build_site(ROOT, site, content_dir=content, docs_dir=docs)
    before_site, before_docs = snapshot(site), snapshot(docs)
    break_content(content)
    with pytest.raises(ContentError):
        build_site(ROOT, site, content_dir=content, docs_dir=docs)
    assert snapshot(site) == before_site
    assert snapshot(docs) == before_docs


def run_plain_mkdocs(tmp_path: Path, content: Path) -> subprocess.CompletedProcess:
    """`mkdocs build` as a user runs it: the hook regenerates from content/ first."""
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)  # MkDocs checks that docs_dir exists before any hook runs
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "REPO_URL")}
    env.update({ENV_CONTENT_DIR: str(content), ENV_DOCS_DIR: str(docs), "NO_MKDOCS_2_WARNING": "1"})
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        "mkdocs.yml",
        "-d",
        str(tmp_path / "site"),
    ]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


@pytest.mark.slow
def test_plain_mkdocs_build_runs_the_generator_through_the_hook(tmp_path, content):
    done = run_plain_mkdocs(tmp_path, content)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "docs" / SHEET).is_file()
    assert (tmp_path / "site" / "sheets" / "harbour-flood" / "index.html").is_file()


@pytest.mark.slow
def test_plain_mkdocs_build_with_content_errors_stops_cleanly_with_located_messages(tmp_path, content):
    break_content(content)
    done = run_plain_mkdocs(tmp_path, content)
    assert done.returncode == 1
    assert re.search(r"sheets/harbour-flood\.yaml:\d+:\d+: error: .*figure\.value", done.stderr)
    assert "nothing was generated" in done.stderr
    assert "Traceback" not in done.stderr
    assert list((tmp_path / "docs").iterdir()) == []


@pytest.mark.slow
def test_with_a_repository_the_edit_button_opens_the_sheet_yaml(tmp_path, content, monkeypatch):
    monkeypatch.setenv("REPO_URL", "https://github.com/example/factsheet")
    build_site(ROOT, tmp_path / "site", content_dir=content, docs_dir=tmp_path / "docs")
    sheet = (tmp_path / "site" / "sheets" / "harbour-flood" / "index.html").read_text(encoding="utf-8")
    edit_links = re.findall(r'<a href="([^"]*)"[^>]*rel="edit"', sheet)
    assert edit_links == ["https://github.com/example/factsheet/edit/main/content/sheets/harbour-flood.yaml"]
    # Generated pages with no YAML of their own get no edit button (it would open build/docs).
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'rel="edit"' not in home


@pytest.mark.slow
def test_stopping_factsheet_serve_stops_the_mkdocs_server(tmp_path, content):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "generator", "serve", "--content", str(content)]
    command += ["--out", str(tmp_path / "docs"), "--dev-addr", f"127.0.0.1:{port}"]
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/sheets/harbour-flood/", timeout=5
                ).read()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
        assert b'id="ministry-2025-04-10-deaths"' in page
    finally:
        server.terminate()
        assert server.wait(30) == 128 + signal.SIGTERM
    # Nothing listens on the port any more: the mkdocs child went with its parent.
    with socket.socket() as again:
        assert again.connect_ex(("127.0.0.1", port)) != 0


# --- the site folder: only a previous site is ever replaced ------------------------------------


def test_build_refuses_a_site_folder_that_is_not_a_previous_site(tmp_path, content):
    docs = tmp_path / "docs"
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.txt").write_text("keep me\n")
    (tmp_path / "file").write_text("x\n")
    (tmp_path / "link").symlink_to(tmp_path / "notes")
    refused = {
        content: "it is, holds or is inside",
        content / "sheets": "it is, holds or is inside",
        content / "new-site": "it is, holds or is inside",  # would land inside content/
        docs: "it is, holds or is inside",
        docs / "site": "it is, holds or is inside",
        tmp_path: "it is, holds or is inside",  # holds content/
        ROOT: "it is, holds or is inside",  # the repository
        ROOT.parent: "it is, holds or is inside",
        tmp_path / "notes": "it holds files but no .factsheet-site",
        tmp_path / "file": "it is a file, not a folder",
        tmp_path / "link": "it is a symbolic link",
    }
    before = snapshot(tmp_path)
    for site, why in refused.items():
        with pytest.raises(BuildError, match=why):
            build_site(ROOT, site, content_dir=content, docs_dir=docs)
    assert snapshot(tmp_path) == before  # refused before anything was generated or built
    (tmp_path / "empty").mkdir()
    check_site_dir(tmp_path / "empty", (content, docs), (ROOT,))  # an empty or new folder is fine
    check_site_dir(tmp_path / "new", (content, docs), (ROOT,))
    check_site_dir(ROOT / "site", (ROOT / "content", ROOT / "build" / "docs"), (ROOT,))  # the default


def test_the_build_command_refuses_site_dir_content_in_one_line(tmp_path, content, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = snapshot(content)
    assert main(["build", "--content", "content", "--site-dir", "content"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "factsheet: error: refusing to build into 'content': the build replaces that whole folder, and it "
        "is, holds or is inside 'content'; choose a folder of its own, such as site/\n"
    )
    assert snapshot(content) == before


def test_only_work_folders_of_builds_that_are_gone_are_removed(tmp_path):
    site = tmp_path / "site"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()  # fmt: skip
    gone = [".site-new-k3j2h1g0", ".site-old-12345678", f".site-new-{dead}-abc_1234",
            f".site-old-{dead}-x9x9x9x9"]  # fmt: skip
    kept = [f".site-new-{os.getpid()}-mine", f".site-new-{os.getppid()}-parent", ".site-new-x/y",
            ".other-new-k3j2h1g0", ".site-new-"]  # fmt: skip
    for name in gone + kept:
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / ".site-new-linked").symlink_to(tmp_path / ".other-new-k3j2h1g0")
    (tmp_path / ".site-old-file").write_text("not a folder\n")
    assert sorted(p.name for p in remove_leftovers(site)) == sorted(gone)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([".site-new-x", *kept[:2], ".other-new-k3j2h1g0", ".site-new-", ".site-new-linked",
                           ".site-old-file"])  # fmt: skip


def test_generate_refuses_a_docs_folder_in_or_around_content(tmp_path, content):
    before = snapshot(tmp_path)
    for out in (content, content / "sheets", content / "docs", tmp_path):
        with pytest.raises(BuildError, match="is, holds or is inside the content folder"):
            generate(ROOT, out, content_dir=content)
    assert snapshot(tmp_path) == before
