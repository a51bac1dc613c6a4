"""pre-commit checks what a commit holds (git's index), says how to set up a missing .venv, and
yamllint refuses what other YAML tools read as booleans."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT / "tests" / "fixtures" / "valid" / "content"
HOOK = ROOT / "tools" / "pre-commit.sh"
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}
NEW_SOURCE = """\
id: example-gazette-2025-05-01-update
title: Flood toll rises to 60
publisher: The Example Gazette
kind: news
url: https://gazette.example.org/2025/05/01/flood-toll
published: 2025-05-01
accessed: 2025-06-01
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, capture_output=True, text=True,
                          check=True).stdout


# Where this environment's factsheet and yamllint are: the hooks find them on PATH (no .venv here).
TOOLS = str(Path(sys.executable).parent)


def hook(repo: Path, name: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in GIT_ENV.items() if key != "GITHUB_ACTIONS"}
    env["PATH"] = path if path is not None else os.pathsep.join((TOOLS, os.environ.get("PATH", "")))
    return subprocess.run([str(repo / "tools" / "pre-commit.sh"), name], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    shutil.copytree(VALID, tmp_path / "content")
    (tmp_path / "tools").mkdir()
    shutil.copy2(HOOK, tmp_path / "tools" / "pre-commit.sh")
    shutil.copy2(ROOT / ".yamllint.yaml", tmp_path / ".yamllint.yaml")
    git(tmp_path, "add", "content", "tools", ".yamllint.yaml")
    git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


def cite_a_new_source(repo: Path) -> None:
    sheet = repo / "content" / "sheets" / "harbour-flood.yaml"
    text = sheet.read_text()
    old = ("          - source: example-ministry-2025-04-10-briefing\n"
           "            quote: the toll now stands at 52\n")
    assert old in text
    new = ("          - source: example-gazette-2025-05-01-update\n"
           "            quote: the toll now stands at 52\n")
    sheet.write_text(text.replace(old, old + new, 1))
    (repo / "content" / "sources" / "example-gazette-2025-05-01-update.yaml").write_text(NEW_SOURCE)


def test_a_commit_that_stages_the_sheet_but_not_its_new_source_fails(repo):
    cite_a_new_source(repo)
    git(repo, "add", "content/sheets/harbour-flood.yaml")  # the source file stays untracked
    result = hook(repo, "check")
    assert result.returncode == 1, result.stdout
    assert "content/sheets/harbour-flood.yaml:" in result.stdout
    assert "unknown source 'example-gazette-2025-05-01-update': no such source" in result.stdout
    assert "checked the staged files" in result.stdout
    git(repo, "add", "content/sources/example-gazette-2025-05-01-update.yaml")
    passed = hook(repo, "check")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert passed.stdout.endswith("no problems found\n")


def test_an_unstaged_fix_does_not_make_a_broken_commit_pass(repo):
    actor = repo / "content" / "actors" / "jane-sample.yaml"
    actor.write_text(actor.read_text().replace("kind: person", "kind: wizard"))
    git(repo, "add", "content/actors/jane-sample.yaml")
    actor.write_text(actor.read_text().replace("kind: wizard", "kind: person"))  # fixed, not staged
    result = hook(repo, "check")
    assert result.returncode == 1
    assert "content/actors/jane-sample.yaml:3:7: error: kind: expected one of" in result.stdout


def test_yamllint_checks_the_staged_files_and_refuses_yes_and_no(repo):
    source = repo / "content" / "sources" / "example-ministry-2025-04-10-briefing.yaml"
    source.write_text(source.read_text() + "language: no\n")
    assert hook(repo, "yamllint").returncode == 0  # not staged yet: the commit holds the old file
    git(repo, "add", str(source))
    result = hook(repo, "yamllint")
    assert result.returncode == 1
    assert "content/sources/example-ministry-2025-04-10-briefing.yaml" in result.stdout
    assert "error    truthy value" in result.stdout


def test_a_missing_venv_is_explained_with_the_command_to_run(repo):
    for name in ("check", "yamllint"):
        result = hook(repo, name, path="/usr/bin:/bin")  # neither tool on PATH either
        assert result.returncode == 1
        assert "make .venv/.ready" in result.stderr, result.stderr
        assert "Executable" not in result.stderr


def test_a_project_venv_comes_before_the_tools_on_path(repo):
    (repo / ".venv" / "bin").mkdir(parents=True)
    for tool in ("factsheet", "yamllint"):  # stand-ins that say where they are
        stand_in = repo / ".venv" / "bin" / tool
        stand_in.write_text(f"#!/bin/sh\necho 'the project .venv {tool}'\n")
        stand_in.chmod(0o755)
    for name, tool in (("check", "factsheet"), ("yamllint", "yamllint")):
        result = hook(repo, name)  # this environment's tools are on PATH too
        assert result.returncode == 0 and f"the project .venv {tool}" in result.stdout, result


def test_the_hooks_are_the_script_on_every_commit():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {item["id"]: item for repo in config["repos"] for item in repo["hooks"]}
    assert hooks["factsheet-check"]["entry"] == "tools/pre-commit.sh check"
    assert hooks["factsheet-check"]["always_run"] is True  # a deleted source breaks the sheets citing it
    assert hooks["yamllint"]["entry"] == "tools/pre-commit.sh yamllint"
    for item in hooks.values():
        assert item["language"] == "script" and item["pass_filenames"] is False
    assert os.access(HOOK, os.X_OK)


def test_yamllint_refuses_a_comment_that_cuts_a_text_short(repo):
    # `notes: ranked #1 ...` is valid YAML whose text is "ranked": the loader never sees the comment.
    source = repo / "content" / "sources" / "example-ministry-2025-04-10-briefing.yaml"
    source.write_text(source.read_text() + "notes: ranked #1 by the ministry   # a real comment is fine\n")
    git(repo, "add", str(source))
    result = hook(repo, "yamllint")
    assert result.returncode == 1
    assert "8:15      error    too few spaces before comment" in result.stdout, result.stdout
