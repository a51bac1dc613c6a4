"""Regeneration writes only what changed, and the preview rebuilds only that (issue 6).

Uses a few sheets of the benchmark's synthetic content: realistic cross-links (shared sources,
actors on several sheets) on a scale that keeps the tests fast.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from benchmarks import synth
from generator.site.build import generate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    synth.write_content(tmp_path / "content", sheets=6)
    return tmp_path


def docs_files(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()}


def test_rerun_with_nothing_changed_writes_nothing(project):
    first = generate(project)
    docs = project / "build" / "docs"
    assert len(first.written.written) > 20
    times = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    again = generate(project)
    assert again.written.written == ()
    assert again.written.removed == ()
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == times


def test_changing_one_claim_rewrites_exactly_the_pages_that_show_it(project):
    generate(project)
    docs = project / "build" / "docs"
    before = docs_files(docs)
    claim = synth.edit_claim_text(project / "content", 3, "A changed estimate worded anew")
    report = generate(project)
    after = docs_files(docs)
    showing = {name for name, data in after.items() if b"A changed estimate worded anew" in data}
    assert f"sheets/{synth.sheet_id(3)}.md" in showing
    assert set(report.written.written) == showing
    assert {name for name in after if after[name] != before.get(name)} == showing
    assert claim.startswith(synth.sheet_id(3))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return ""


@pytest.mark.slow
def test_serve_rebuilds_only_the_changed_pages_and_shows_the_edit(project):
    shutil.copyfile(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("site_templates", "generator"):
        (project / name).symlink_to(ROOT / name)
    port = free_port()
    url = f"http://127.0.0.1:{port}/sheets/{synth.sheet_id(2)}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("REPO_URL", None)
    command = [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    log = project / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while "<h1" not in fetch(url):
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
            time.sleep(1.5)  # the watcher's first look at the files
            synth.edit_claim_text(project / "content", 2, "Edited while serving")
            deadline = time.monotonic() + 120
            while "Edited while serving" not in fetch(url):
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        finally:
            server.terminate()
            server.wait(30)
    output = log.read_text()
    # The preview rebuilt only the pages that show the edit, not the whole site (issue 15).
    said = r"factsheet serve: \S*sheet-00002\.yaml changed: (\d+) pages written, (\d+) built"
    rebuilt = re.search(said, output)
    assert rebuilt is not None, output
    assert 0 < int(rebuilt.group(2)) <= 12
