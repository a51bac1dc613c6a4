"""An editor's pull request, played end to end on a temporary clone of this repository.

`git clone` of the repository (its committed state), then in the clone only, as an editor would:
`factsheet new source URL`, fill in the blanks; `factsheet new claim SHEET --source ID`, fill in
the claim with a quote of the page; `factsheet check`; `factsheet verify` against a page served
on 127.0.0.1; `factsheet check` again with the results; and the content tests of the clone pass.
Every command runs with this interpreter (sys.executable) on the clone's own code; nothing
outside the clone is read.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import fill
from tests.verify_server import Server, respond

ROOT = Path(__file__).resolve().parent.parent
SHEET = "dprk-troops-russia"
PAGE = """<!DOCTYPE html><html><head><title>Spy agency raises its estimate of North Korean troops
killed</title><meta property="article:published_time" content="2026-11-20T09:00:00+09:00"></head>
<body><article><h1>Spy agency raises its estimate of North Korean troops killed</h1>
<p>SEOUL &mdash; South Korea&#8217;s spy agency now estimates that about 2,300&nbsp;North Korean
soldiers have been killed fighting for Russia, a lawmaker said on Thursday after a closed-door
briefing.</p><p>The estimate is up from about 2,000 in September.</p></article></body></html>"""


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.fail("git is needed: sudo apt-get install git")
    target = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(target)], check=True,
                   capture_output=True, timeout=120)  # fmt: skip
    return target


@pytest.fixture
def page():
    server = Server().start()
    server.routes["/2026/11/20/nis-raises-estimate"] = respond(200, PAGE)
    yield server
    server.stop()


def run(clone: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PYTHONPATH", "REPO_URL")}
    env.update(PYTHONPATH=str(clone), NO_PROXY="127.0.0.1,localhost", PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run([sys.executable, *args], cwd=clone, env=env, capture_output=True, text=True,
                            timeout=300)  # fmt: skip
    if check:
        assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


def factsheet(clone: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run(clone, "-m", "generator", *args, check=check)


def test_an_editor_adds_a_source_and_a_quoted_estimate(clone, page):
    url = page.url("/2026/11/20/nis-raises-estimate")
    created = factsheet(clone, "new", "source", url).stdout
    source_id = re.search(r"\(id: ([a-z0-9-]+)\)", created).group(1)
    source = clone / "content" / "sources" / f"{source_id}.yaml"
    fill(source, 1, {"title": "Spy agency raises its estimate of North Korean troops killed",
                     "publisher": "Example News", "published": "2026-11-20"})  # fmt: skip

    added = factsheet(clone, "new", "claim", SHEET, "--source", source_id).stdout
    first = int(re.search(rf"content/sheets/{SHEET}\.yaml:(\d+):", added).group(1))
    sheet = clone / "content" / "sheets" / f"{SHEET}.yaml"
    fill(sheet, first, {
        "text": "South Korea's National Intelligence Service estimated that about 2,300 North Korean "
                "soldiers had been killed.",
        "claimant": "nis",
        "claimed_on": "2026-11-20",
        "value": "2300",
        "basis": "cumulative",
        "quote": "now estimates that about 2,300 North Korean soldiers have been killed",
    })  # fmt: skip
    # The skeleton names the sheet's first metric and an exact qualifier: the editor changes both.
    text = _set(sheet.read_text(), first, "metric", "dprk-troops-killed")
    sheet.write_text(_set(text, first, "qualifier", "about"))

    checked = factsheet(clone, "check", "--strict")
    assert checked.stdout == "no problems found\n"

    verified = factsheet(clone, "verify", "--json", source_id)
    assert '"status": "verified"' in verified.stdout and '"not-found"' not in verified.stdout
    assert (clone / "content" / "checks" / f"{source_id}.yaml").is_file()
    assert factsheet(clone, "check", "--strict").stdout == "no problems found\n"

    counted = "tests/test_checks.py::test_the_real_sheets_count_only_verified_quotes"
    tests = run(clone, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_content.py", counted,
                check=False)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert " passed" in tests.stdout

    # The same estimate written as exact contradicts the page's "about": a warning, and --strict fails.
    sheet.write_text(_set(sheet.read_text(), first, "qualifier", "exact"))
    strict = factsheet(clone, "check", "--strict", check=False)
    assert strict.returncode == 1 and "the quote says 'about'" in strict.stdout


def _set(text: str, first_line: int, key: str, value: str) -> str:
    """The first `key: ...` line at or after `first_line` with its value replaced (comment kept)."""
    lines = text.split("\n")
    for index in range(first_line - 1, len(lines)):
        if re.match(rf"^\s+{key}: ", lines[index]):
            lines[index] = re.sub(rf"{key}: [a-z0-9-]+", f"{key}: {value}", lines[index])
            return "\n".join(lines)
    raise AssertionError(f"no {key!r} after line {first_line}")
