"""A newcomer follows CONTRIBUTING.md on a copy of the real content and makes the usual mistakes, in
order; each message must name the mistake's fix, at the line where it was made.

The steps come from the guide itself: its example URL, its example ids (which must be free), the
`factsheet new` commands of "On your own computer", then a commit through the pre-commit hook and
`factsheet diff` as the reviewer reads it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.tools.new_ids import site_ids

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
GIT_ENV = {
    **{key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"},
    "GIT_AUTHOR_NAME": "Newcomer", "GIT_AUTHOR_EMAIL": "newcomer@example.org",
    "GIT_COMMITTER_NAME": "Newcomer", "GIT_COMMITTER_EMAIL": "newcomer@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "PYTHONPATH": str(ROOT),
    # The hooks run factsheet and yamllint from PATH when there is no .venv: this environment's.
    "PATH": os.pathsep.join((str(Path(sys.executable).parent), os.environ.get("PATH", ""))),
}


def run(repo: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(command), cwd=repo, env=GIT_ENV, capture_output=True, text=True, timeout=120,
                          check=False)


def factsheet(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(repo, sys.executable, "-m", "generator", *args)


def errors(repo: Path) -> list[str]:
    result = factsheet(repo, "check")
    assert "Traceback" not in result.stderr
    return [line for line in result.stdout.splitlines() if ": error: " in line]


def replace_line(path: Path, old: str, new: str) -> int:
    """Replace the first line that starts with `old` (after its indentation); its 1-based number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for index, line in enumerate(lines):
        if line.strip().startswith(old):
            indent = line[: len(line) - len(line.lstrip())]
            lines[index] = new if new.startswith(" ") else indent + new
            path.write_text("\n".join(lines), encoding="utf-8")
            return index + 1
    raise AssertionError(f"no line {old!r} in {path}")


def guide_example(pattern: str) -> str:
    found = re.search(pattern, GUIDE)
    assert found, pattern
    return found.group(1)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    run(tmp_path, "git", "init", "-q", "-b", "main")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    (tmp_path / "tools").mkdir()
    shutil.copy2(ROOT / "tools" / "pre-commit.sh", tmp_path / "tools" / "pre-commit.sh")
    shutil.copy2(ROOT / ".yamllint.yaml", tmp_path / ".yamllint.yaml")
    run(tmp_path, "git", "add", "content", "tools", ".yamllint.yaml")
    run(tmp_path, "git", "commit", "-q", "-m", "main")
    return tmp_path


def test_the_guide_s_example_ids_are_free():
    taken = site_ids(ROOT / "content")
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE, re.DOTALL)
    id_line = re.compile(r"^\s*(?:- )?id: ([a-z0-9-]+)", re.M)
    examples = {found for block in blocks for found in id_line.findall(block)}
    examples |= set(re.findall(r"e\.g\. `([a-z0-9]+(?:-[a-z0-9]+)+)`", GUIDE))
    examples -= {"casualties"}  # a section id: unique within its sheet only, and the example is a new sheet
    assert examples, "no example ids found in CONTRIBUTING.md"
    assert sorted(examples & taken) == []


def test_a_newcomer_s_mistakes_each_get_a_message_that_names_the_fix(repo):
    url = guide_example(r"factsheet new source (https://\S+)")
    claim_id = guide_example(r"new\s+id, e\.g\. `([a-z0-9-]+)`")
    metric = guide_example(r"--metric ([a-z0-9-]+)")

    # 1. `factsheet new source URL`: a file with blanks, each reported until it is filled.
    created = factsheet(repo, "new", "source", url)
    assert created.returncode == 0, created.stderr
    source_id = guide_example(r"writes content/sources/([a-z0-9-]+)\.yaml")
    source = repo / "content" / "sources" / f"{source_id}.yaml"
    assert source.is_file() and f"wrote content/sources/{source_id}.yaml" in created.stdout
    assert any("title: required field 'title' has no value" in line for line in errors(repo))

    # 2. A title with ': ' in it, unquoted: a YAML mistake, named with its fix at its line.
    line = replace_line(source, "title:", "title: NIS: about 2,500 North Korean soldiers killed")
    found = errors(repo)
    assert found == [f"content/sources/{source_id}.yaml:{line}:8: error: the text of 'title' holds ': ', "
                     "which YAML reads as the start of a field: put the whole text in quotes"]
    replace_line(source, "title:", 'title: "NIS: about 2,500 North Korean soldiers killed"')
    replace_line(source, "publisher:", "publisher: Example News")
    replace_line(source, "published:", "published: 2026-11-20")

    # 3. `factsheet new claim`: where the latest estimate of the metric is, never the reviews' section.
    claim = factsheet(repo, "new", "claim", "dprk-troops-russia", "--source", source_id, "--metric", metric)
    assert claim.returncode == 0, claim.stderr
    assert "in section 'casualties'" in claim.stdout
    sheet = repo / "content" / "sheets" / "dprk-troops-russia.yaml"
    skeleton_id = re.search(r"added claim '([a-z0-9-]+)'", claim.stdout).group(1)  # type: ignore[union-attr]
    replace_line(sheet, f"- id: {skeleton_id}", f"- id: {claim_id}")
    said = "The NIS estimated that about 2,500 soldiers had been killed."
    replace_line(sheet, "text:   # the claim", f"text: {said}")
    replace_line(sheet, "claimed_on:   #", "claimed_on: 2026-11-20")
    replace_line(sheet, "value:   #", "value: 2500")
    replace_line(sheet, "basis:   #", "basis: cumulative")
    replace_line(sheet, "quote:   # words copied", "quote: about 2,500 soldiers had been killed")

    # 4. The claimant written as a name, not an id.
    line = replace_line(sheet, "claimant:   #", "claimant: NIS")
    hint = "did you mean 'nis' (National Intelligence Service)?"
    assert any(f"dprk-troops-russia.yaml:{line}:" in e and hint in e for e in errors(repo)), errors(repo)
    replace_line(sheet, "claimant: NIS", "claimant: nis")

    # 4b. The source written by its title, not its id.
    text = sheet.read_text()
    title = "NIS: about 2,500 North Korean soldiers killed"  # as set in step 2
    line = replace_line(sheet, f"- source: {source_id}", f'- source: "{title}"')
    hint = f"(did you mean '{source_id}'?)"
    assert any(f"dprk-troops-russia.yaml:{line}:" in e and hint in e for e in errors(repo)), errors(repo)
    sheet.write_text(text)

    # 5. A second citation of a source never created.
    text = sheet.read_text()
    citation = re.search(rf"^ +- source: {source_id} .*\n", text, re.M).group(0)  # type: ignore[union-attr]
    sheet.write_text(text.replace(citation, "          - source: yonhap-2026-11-20-nis\n" + citation, 1))
    found = [e for e in errors(repo) if "yonhap-2026-11-20-nis" in e]
    assert found and "no such source — create it with `factsheet new source URL`" in found[0], found
    sheet.write_text(text)

    # 6. A field indented one space too far.
    line = replace_line(sheet, "qualifier: exact   #", "           qualifier: about   # one space too far")
    found = errors(repo)
    assert len(found) == 1 and f"dprk-troops-russia.yaml:{line}:" in found[0], found
    assert "'qualifier' is indented 11 spaces, more than 'basis' above it" in found[0]
    assert "indent it like the fields beside it" in found[0]
    replace_line(sheet, "qualifier: about   # one space", "          qualifier: about")

    # 7. The number in quotes.
    replace_line(sheet, "value: 2500", 'value: "2500"')
    assert any("got the quoted text '2500'; remove the quotes" in e for e in errors(repo)), errors(repo)
    replace_line(sheet, 'value: "2500"', "value: 2500")

    # 8. A quote opened and never closed: found where it opens, not where the parser stopped.
    line = replace_line(sheet, f"text: {said}", f'text: "{said}')
    found = errors(repo)
    assert found == [f"content/sheets/dprk-troops-russia.yaml:{line}:15: error: the text that starts with \" "
                     "here is never closed: end it with \" on the same line (a \" inside double quotes is "
                     "written \\\")"], found
    replace_line(sheet, f'text: "{said}', f"text: {said}")
    assert errors(repo) == []  # the guide's example id was free: no duplicate

    # 9. The commit stages the sheet but not the new source: the hook says what is missing.
    run(repo, "git", "add", "content/sheets/dprk-troops-russia.yaml")
    hook = run(repo, "tools/pre-commit.sh", "check")
    assert hook.returncode == 1
    missing = f"unknown source '{source_id}': no such source — create it with `factsheet new source URL`"
    assert missing in hook.stdout
    run(repo, "git", "add", f"content/sources/{source_id}.yaml")
    assert run(repo, "tools/pre-commit.sh", "check").returncode == 0
    assert run(repo, "tools/pre-commit.sh", "yamllint").returncode == 0

    # 10. What the reviewer reads: every field of the claim and of the source.
    diff = factsheet(repo, "diff", "main")
    assert diff.returncode == 0, diff.stderr
    out = diff.stdout
    assert out.splitlines()[2].startswith("**1 claim added; 1 source added. 0 errors")
    for expected in (f"- `{claim_id}`: on `dprk-troops-russia`", "  - section: `casualties` (Casualties)",
                     "  - claimant: `nis` (National Intelligence Service)",
                     f"  - citation 1: `{source_id}`: “NIS: about 2,500 North Korean soldiers killed”, "
                     "Example News",
                     "    - quote: “about 2,500 soldiers had been killed”", f"  - url: <{url}>"):
        assert expected in out, expected
