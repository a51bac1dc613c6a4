"""The set-up of an invalid fixture that a committed folder cannot hold: `setup.txt`.

tests/fixtures/invalid/<case>/ holds `content/` and `expected.txt` (the exact standard output);
some cases also need a symbolic link, a named pipe, a file name with a line break or an escape
character, a git history with chosen dates, or a command other than `check`. `setup.txt` says
so, one instruction a line, run in order after `content/` is copied into a fresh folder:

    write PATH DATA        a file (parents made); DATA is a Python string or bytes literal
    rename OLD NEW         move a file or folder
    remove PATH            delete a file or folder
    symlink PATH TARGET    a symbolic link at PATH to TARGET (as given: relative or absolute)
    mkfifo PATH            a named pipe
    mkdir PATH             a folder
    git ARGS...            run git in the folder (a fixed author; no global or system config)
    commit WHEN            `git add -A` and commit, authored and committed at WHEN (git's date format)
    env NAME VALUE         an environment variable for the command
    run ARGS...            the command (default: check --content content), run in the folder
    writes PATH            a folder the command may write into (anything else must stay as it was)
    exit N                 the exit status (default: 1 when the last line counts an error, else 0)

PATH, OLD and NEW are relative to the folder; any argument may be a Python literal in double
quotes ("a\\nb", b"\\x1e"). `expected-stderr.txt`, when present, is the exact standard error
(otherwise it must be empty). `grow.txt` ("<path> <bytes>") pads a file to a size.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}  # fmt: skip
_TOKEN = re.compile(r'b?"(?:\\.|[^"\\])*"|\S+')


@dataclass
class Case:
    root: Path
    command: list[str] = field(default_factory=lambda: ["check", "--content", "content"])
    env: dict[str, str] = field(default_factory=dict)
    status: int | None = None
    writes: list[str] = field(default_factory=list)


def tokens(line: str) -> list[str | bytes]:
    return [ast.literal_eval(t) if t.startswith(('"', 'b"')) else t for t in _TOKEN.findall(line)]


def inside(root: Path, relative: str | bytes) -> Path:
    name = os.fsdecode(relative)
    assert not os.path.isabs(name) and ".." not in Path(name).parts, f"setup path leaves the case: {name!r}"
    return root / name


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run(["git", *args], cwd=root, env={**os.environ, **GIT_ENV, **(env or {})},
                   check=True, capture_output=True)  # fmt: skip


def prepare(case_dir: Path, root: Path) -> Case:
    """Copy the case's content into root, grow and set it up; return what to run."""
    if (case_dir / "content").is_dir():
        shutil.copytree(case_dir / "content", root / "content", symlinks=True)
    grow = case_dir / "grow.txt"
    if grow.exists():
        relative, size = grow.read_text().split()
        target = root / relative
        data = target.read_bytes()
        target.write_bytes(data + b"#" + b"x" * (int(size) - len(data) - 2) + b"\n")
        assert target.stat().st_size == int(size)
    case = Case(root)
    setup = case_dir / "setup.txt"
    lines = setup.read_text(encoding="utf-8").splitlines() if setup.exists() else []
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        verb, *args = tokens(line)
        apply(case, str(verb), args)
    return case


def apply(case: Case, verb: str, args: list[str | bytes]) -> None:
    root = case.root
    text = [os.fsdecode(a) if isinstance(a, bytes) else a for a in args]
    if verb == "write":
        path = inside(root, args[0])
        path.parent.mkdir(parents=True, exist_ok=True)
        data = args[1]
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    elif verb == "rename":
        inside(root, args[0]).rename(inside(root, args[1]))
    elif verb == "remove":
        path = inside(root, args[0])
        shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    elif verb == "symlink":
        os.symlink(args[1], inside(root, args[0]))
    elif verb == "mkfifo":
        os.mkfifo(inside(root, args[0]))
    elif verb == "mkdir":
        inside(root, args[0]).mkdir(parents=True)
    elif verb == "git":
        git(root, *text)
    elif verb == "commit":
        when = text[0]
        git(root, "add", "-A")
        git(root, "commit", "-q", "--allow-empty", "-m", f"at {when}",
            env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})  # fmt: skip
    elif verb == "env":
        case.env[text[0]] = text[1]
    elif verb == "run":
        case.command = text
    elif verb == "writes":
        case.writes.append(text[0])
    elif verb == "exit":
        case.status = int(text[0])
    else:
        raise AssertionError(f"unknown setup instruction {verb!r}")


def snapshot(root: Path, skip: list[str] = ()) -> dict[str, object]:
    """Every entry under root (links not followed, pipes not opened): what a run must not change."""
    found: dict[str, object] = {}
    skipped = {root / name for name in skip}
    for folder, folders, files in os.walk(root):
        here = Path(folder)
        folders[:] = [name for name in folders if here / name not in skipped]
        for name in folders + files:
            path = here / name
            key = os.fsdecode(path.relative_to(root))
            if path.is_symlink():
                found[key] = ("link", os.readlink(path))
            elif path.is_dir():
                found[key] = "folder"
            elif path.is_file():
                found[key] = path.read_bytes()
            else:
                found[key] = "special"
    return found
