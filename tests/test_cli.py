"""`factsheet check`: exact output, exit codes, GitHub annotations, never a traceback.

Every folder in tests/fixtures/invalid/ is a small content tree with `expected.txt`, the
exact output of `factsheet check` for it. A `grow.txt` ("<path> <bytes>") pads that file
with a comment to the given size first, so no 1 MiB file is committed. A `setup.txt` adds
what a committed folder cannot hold (links, pipes, odd file names, git history) or runs
another command (tests/cases.py). Whatever the case, nothing outside the command's output
folders changes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.cases import prepare, snapshot
from tests.factories import INVALID, write

ROOT = Path(__file__).resolve().parent.parent
VALID = Path(__file__).parent / "fixtures" / "valid" / "content"
CASES = sorted(path.name for path in INVALID.iterdir() if path.is_dir())


def test_there_are_enough_invalid_cases():
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", CASES)
def test_invalid_fixture_gives_exactly_the_expected_output(name, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    case = prepare(INVALID / name, tmp_path)
    for variable, value in case.env.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path, case.writes)
    status = main(case.command)
    out, err = capsys.readouterr()
    expected = (INVALID / name / "expected.txt").read_text()
    assert out == expected
    expected_err = INVALID / name / "expected-stderr.txt"
    assert err == (expected_err.read_text() if expected_err.exists() else "")
    last = (expected or err).splitlines()[-1]
    assert status == (case.status if case.status is not None else (1 if " error" in last else 0))
    assert last != "no problems found"
    assert "Traceback" not in out + err and "internal error" not in out + err
    assert snapshot(tmp_path, case.writes) == before


def run(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    environment["PYTHONPATH"] = str(ROOT)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_valid_content_passes(tmp_path):
    shutil.copytree(VALID, tmp_path / "content")
    result = run("check", cwd=tmp_path)  # --content defaults to ./content
    assert (result.returncode, result.stdout, result.stderr) == (0, "no problems found\n", "")


TWO_FILES = {
    "content/actors/nis.yaml": "id: nis\nname: NIS\nkind: spy\n",
    "content/sources/s.yaml": "id: s\ntitel: T\n",
}
TWO_FILES_OUTPUT = [
    "content/actors/nis.yaml:3:7: error: kind: expected one of agency, person, government, military, "
    "organisation, media; got 'spy'",
    "content/sources/s.yaml:1:1: error: required field 'accessed' is missing",
    "content/sources/s.yaml:1:1: error: required field 'kind' is missing",
    "content/sources/s.yaml:1:1: error: required field 'published' is missing",
    "content/sources/s.yaml:1:1: error: required field 'publisher' is missing",
    "content/sources/s.yaml:1:1: error: required field 'title' is missing",
    "content/sources/s.yaml:1:1: error: required field 'url' is missing",
    "content/sources/s.yaml:1:5: warning: id: source 's' is not cited by any claim or review",
    "content/sources/s.yaml:2:1: error: unknown field 'titel' (did you mean 'title'?)",
]


def test_errors_print_sorted_in_compiler_form_with_a_count_and_exit_1(tmp_path):
    write(tmp_path, TWO_FILES)
    result = run("check", "--content", str(tmp_path / "content"))
    assert result.stdout.splitlines() == [*TWO_FILES_OUTPUT, "8 errors and 1 warning in 2 files"]
    assert (result.returncode, result.stderr) == (1, "")


def test_github_actions_also_get_annotations(tmp_path):
    write(tmp_path, TWO_FILES)
    result = run("check", "--content", str(tmp_path / "content"), env={"GITHUB_ACTIONS": "true"})
    lines = result.stdout.splitlines()
    assert lines[:9] == TWO_FILES_OUTPUT
    assert lines[9:12] == [
        "::error file=content/actors/nis.yaml,line=3,col=7::kind: expected one of agency, person, "
        "government, military, organisation, media; got 'spy'",
        "::error file=content/sources/s.yaml,line=1,col=1::required field 'accessed' is missing",
        "::error file=content/sources/s.yaml,line=1,col=1::required field 'kind' is missing",
    ]
    assert lines[16:] == [
        "::warning file=content/sources/s.yaml,line=1,col=5::id: source 's' is not cited by any claim "
        "or review",
        "::error file=content/sources/s.yaml,line=2,col=1::unknown field 'titel' (did you mean 'title'?)",
        "8 errors and 1 warning in 2 files",
    ]
    assert result.returncode == 1


def test_no_annotations_unless_github_actions_is_true(tmp_path):
    write(tmp_path, TWO_FILES)
    result = run("check", "--content", str(tmp_path / "content"), env={"GITHUB_ACTIONS": "false"})
    assert not any(line.startswith("::") for line in result.stdout.splitlines())


def test_warnings_pass_unless_strict(tmp_path):
    shutil.copytree(VALID, tmp_path / "content")
    extra = (VALID / "sources" / "example-ministry-2025-04-10-briefing.yaml").read_text()
    write(
        tmp_path,
        {"content/sources/spare.yaml": extra.replace("example-ministry-2025-04-10-briefing", "spare")},
    )
    warning = (
        "content/sources/spare.yaml:1:5: warning: id: source 'spare' is not cited by any claim or review\n"
    )
    result = run("check", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, warning + "1 warning in 1 file\n")
    strict = run("check", "--strict", cwd=tmp_path)
    assert (strict.returncode, strict.stdout) == (1, warning + "1 warning in 1 file\n")


def test_garbage_and_unreadable_files_are_located_problems_not_tracebacks(tmp_path):
    shutil.copytree(VALID, tmp_path / "content")
    write(tmp_path, {"content/actors/garbage.yaml": bytes(range(256)) * 4})
    (tmp_path / "content/sheets/folder.yaml").mkdir()
    write(tmp_path, {"content/sources/nul.yaml": b"id: nul\x00\n"})
    result = run("check", cwd=tmp_path)
    assert result.stdout.splitlines() == [
        "content/actors/garbage.yaml:2:118: error: not valid UTF-8 (byte 0x80); save the file as UTF-8",
        "content/sheets/folder.yaml:1:1: error: a folder inside sheets/ is not read; move the files it holds "
        "into content/sheets/",
        "content/sources/nul.yaml:1:8: error: control character U+0000 is not allowed; remove it",
        "3 errors in 3 files",
    ]
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_a_missing_content_folder_is_one_line_and_exit_2(tmp_path):
    result = run("check", "--content", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"factsheet: error: no content folder at '{tmp_path / 'nowhere'}'\n"


BOOM = """
import sys
from generator import cli

def add_boom_parser(subparsers):
    subparsers.add_parser("boom").set_defaults(run=lambda args: {}["no such key"])

cli.SUBCOMMANDS.append(add_boom_parser)
sys.exit(cli.main(sys.argv[1:]))
"""


def test_an_internal_error_is_one_line_and_exit_2_and_a_traceback_only_with_debug():
    # A subcommand that fails the way a bug would; registered the way every subcommand is.
    plain = subprocess.run([sys.executable, "-c", BOOM, "boom"], cwd=ROOT, capture_output=True, text=True)
    assert plain.returncode == 2
    assert plain.stderr == (
        "factsheet: internal error: KeyError: 'no such key' (run with --debug for the traceback)\n"
    )
    debug = subprocess.run(
        [sys.executable, "-c", BOOM, "--debug", "boom"], cwd=ROOT, capture_output=True, text=True
    )
    assert debug.returncode == 1 and "Traceback" in debug.stderr and "KeyError" in debug.stderr


def test_help_lists_every_subcommand():
    result = run("--help")
    assert result.returncode == 0
    for name in ("check", "generate", "build", "serve", "schema", "new", "diff"):
        assert name in result.stdout


def test_usage_errors_exit_2():
    result = run("check", "--no-such-option")
    assert result.returncode == 2 and "unrecognized arguments" in result.stderr
    assert run().returncode == 2  # no subcommand


def test_a_file_name_that_is_not_utf8_is_reported_not_crashed_on(tmp_path):
    shutil.copytree(VALID, tmp_path / "content")
    with open(os.fsencode(tmp_path / "content" / "actors") + b"/caf\xe9.yaml", "wb") as file:
        file.write(b"id: cafe\n")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ""
    shown = "content/actors/caf\\udce9.yaml"
    assert f"{shown}:1:5: error: id: id 'cafe' does not match the file name" in result.stdout


def test_a_content_folder_that_is_a_link_is_one_line_and_exit_1(tmp_path):
    shutil.copytree(VALID, tmp_path / "real")
    (tmp_path / "content").symlink_to("real")
    result = run("check", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "factsheet: error: the content folder 'content' is a symbolic link; links are not followed "
        "(one could lead outside the repository)\n"
    )
