"""Fuzzing the whole command: hostile content trees built from the valid fixture.

Each example copies tests/fixtures/valid/content, then applies either hostile but valid values
(HTML, Markdown, Jinja syntax, the largest numbers, any script) or random structural mutations
(files removed, copied under hostile names, into sub-folders, as links to a secret outside
content/, to /dev/zero or to themselves, named pipes, folders where files belong) and byte
mutations (tokens that broke the tool before: 0x1e, NUL, escape characters, line separators,
YAML escapes, 400 nines, reserved and over-long ids, anchors, tags), and runs `factsheet check`
and `factsheet generate` in-process. Whatever the tree holds:

- the exit status is 0 or 1, never an internal error or a traceback;
- every line printed is a located problem (`content/...:line:col: error|warning: ...`), the
  count, the one line of a whole-run error, or the `generated` line; all printable;
- check passing means generate passes (a build that fails after a clean check was rows 2, 12, 13);
- nothing outside the output folder changes, and the secret outside content/ is never printed
  nor written.

HYPOTHESIS_EXAMPLES sets the number of examples (default 200, about 10 s).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.cli import main
from tests.cases import snapshot

VALID = Path(__file__).parent / "fixtures" / "valid" / "content"
FILES = sorted(p.relative_to(VALID).as_posix() for p in VALID.rglob("*.yaml"))
SECRET = "SECRET-c0ffee-outside-content"
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "200"))

# Bytes that broke something, or might: separators, controls, YAML syntax, sizes, names.
TOKENS = [
    b"\x1e", b"\x00", b"\x1b", b"\x1bc", b"\x1b]0;x\x07", b"\x9b", b"\xc2\x9b", b"\xc2\x85", b"\xe2\x80\xa8",
    b"\xe2\x80\xae", b"\xe2\x80\x8b", b"\xef\xbb\xbf", b"\xff", b"\xed\xa0\x80", b"\t", b"\r", b"\n", b"\r\n",
    b": ", b"- ", b"---\n", b"...\n", b"&a ", b"*a", b"!!python/object/apply:os.system ", b"!x ", b"? ",
    b"{", b"}", b"[", b"]", b"'", b'"', b"#", b"|\n", b">-\n", b"<b>", b"[x](javascript:x)", b"{: #x }",
    b'"\\e"', b'"\\0"', b'"\\x9b"', b'"\\u202e"', b'"\\L"', b'"\\N"', b'"\\ud800"', b'"\\U0010ffff"',
    b"9" * 400, b"1" * 5000, b"12345678901234567.5", b"0.00000000001", b"-0", b"1e3", b"0x10",
    b"index", b"data", b"search", b"a" * 300, b"2999-12-31", b"0000-01-01", b"9999-12", b"~", b"null",
]  # fmt: skip
NUMBERS = ["9" * 400, "1" * 5000, "99999999999999999999", "12345678901234567.5", "0.0000000001", "-12",
           "0", "1.55555555555", "4,700", "1e3", '"600"']
IDS = ["index", "data", "assets", "search", "404", "x" * 101, "x" * 300, "toll", "flood-deaths",
       "harbour-flood", "example-ministry", "jane-sample", "example-gazette-2025-03-02-flood-toll",
       "ministry-2025-03-02-deaths", "[index, data]", "[a, a]", "[toll]"]
TEXTS = ['"\\e[31mred"', '"\\0"', '"\\x9b"', '"\\x85"', '"\\u2028"', '"\\u202eevil"', '"\\ufeff"',
         '"\\ud800"', "<script>x</script>", "[x](javascript:x)", "{: #x }", "|", "# heading", "x" * 2000]
URLS = ['"https://example.org/\\u202e"', '"https://exa\\u200bmple.org/"', '"https://example.org/\\x9b"',
        "https://example.org/", "javascript:alert(1)", "https://user:pw@example.org/", "http://[::1]:99999/"]
DATES = ["2999-01-01", "2025-02-30", "2025", "0000-01-01", "9999-12-31", "1-1-1"]
GENERAL = ["~", "''", "[]", "{}", "!!str x", "&a x", "*a"]
# Hostile but valid: the content still passes check, so the pages, charts and data files meet them.
GENTLE = {
    "value": ["99999999999999999999", "12345678901234567.5", "0.0000000001", "-12", "0", "4700.50"],
    "text": ["<script>alert(1)</script>", "[x](javascript:x)", "{: #x .y }", "a | b", "# not a heading",
             "x" * 2000, '"עברית \\u2067(x)\\u2069"', "👩\u200d🔬", "_x_ *y* `z`", "&amp; &#x41;",
             "{{ 7*7 }}", "{% raw %}", "<!-- c -->", '"\\u00a0nbsp\\u00a0"', "'it''s'", '"\\t tab"'],
    "url": ["https://example.org/a?b=c#d", "https://EXAMPLE.org/%20x", "https://[2001:db8::1]/",
            "https://example.org/한국/(x)"],
    "claimed_on": ["2025", "2025-04", "2024-02-29"],
}  # fmt: skip
GENTLE_KEYS = {
    "value": ["value", "low", "high"], "url": ["url", "archive_url"], "claimed_on": ["claimed_on"],
    "text": ["title", "text", "name", "summary", "notes", "label", "publisher", "definition", "quote",
             "locator", "role", "statement", "finding", "scope", "unit", "intro"],
}  # fmt: skip
KEY_VALUES = {
    "value": NUMBERS, "low": NUMBERS, "high": NUMBERS, "id": IDS, "former_ids": IDS, "claimant": IDS,
    "source": IDS, "metric": IDS, "superseded_by": IDS, "tags": IDS, "via": IDS, "series": IDS,
    "url": URLS, "archive_url": URLS, "title": TEXTS, "text": TEXTS, "name": TEXTS, "summary": TEXTS,
    "notes": TEXTS, "label": TEXTS, "publisher": TEXTS, "claimed_on": DATES, "published": DATES,
    "updated": DATES, "as_of": DATES, "status": ["superseded", "retracted", "x"],
    "kind": ["figure", "quote", "x"], "qualifier": ["about", "x"], "language": ["en", "english"],
    "country": ["KR", "XX"],
}  # fmt: skip
NAMES = [
    "X.YAML", "x.yml", "x.Yaml", ".gitattributes", "README.md", "index.yaml", "data.yaml", "a b.yaml",
    "x\n::error file=a,line=1::forged.yaml", "\x1bc.yaml", "\x1b]0;t\x07.yaml", "\u202egpj.yaml",
    "caf\udce9.yaml", "csi\udc9b.yaml", "-rf.yaml", "~.yaml", ".hidden.yaml", "a" * 200 + ".yaml",
]  # fmt: skip
FOLDERS = ["", "sources/", "actors/", "sheets/", "sheets/sub/", "source/", "actors/deep/er/"]

names = st.one_of(
    st.sampled_from(NAMES),
    st.builds(lambda stem, suffix: stem + suffix,
              st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
                      min_size=1, max_size=12),
              st.sampled_from([".yaml", ".yml", ".YAML", "", ".txt"])),
)  # fmt: skip
places = st.builds(lambda folder, name: folder + name, st.sampled_from(FOLDERS), names).filter(
    lambda p: all(part not in ("", ".", "..") for part in p.split("/"))
    and all(len(os.fsencode(part)) <= 255 for part in p.split("/"))
)
files = st.sampled_from(FILES)
LINK_TARGETS = ["../secret.txt", "../../secret.txt", "/dev/zero", "self", "sheets/harbour-flood.yaml", "..",
                "missing"]  # fmt: skip
gentle = st.sampled_from(list(GENTLE)).flatmap(
    lambda kind: st.tuples(st.just("value"), st.sampled_from(GENTLE_KEYS[kind]), st.integers(0, 50),
                           st.sampled_from(GENTLE[kind])))  # fmt: skip
values = st.sampled_from(list(KEY_VALUES)).flatmap(
    lambda key: st.tuples(st.just("value"), st.just(key), st.integers(0, 50),
                          st.sampled_from(KEY_VALUES[key] + GENERAL)))  # fmt: skip
mutation = st.one_of(
    st.tuples(st.just("delete"), files),
    st.tuples(st.just("copy"), files, places),
    st.tuples(st.just("bytes"), files, st.floats(0, 1), st.sampled_from(["insert", "replace", "cut"]),
              st.one_of(st.sampled_from(TOKENS), st.binary(max_size=8))),
    *[values] * 3,  # the most telling change: most reach the validator and the pages
    st.tuples(st.just("former"), files, st.integers(0, 50), st.sampled_from(IDS)),
    st.tuples(st.just("link"), places, st.sampled_from(LINK_TARGETS)),
    st.tuples(st.just("fifo"), places),
    st.tuples(st.just("folder"), places),
)  # fmt: skip

LOCATED = re.compile(r"^content/.+:[0-9]+:[0-9]+: (error|warning): .+$")
COUNT = re.compile(
    r"^no problems found$|^[0-9]+ (errors?|warnings?)( and [0-9]+ warnings?)? in [0-9]+ files?$"
)
GENERATED = re.compile(r"^generated [0-9]+ files in .+: [0-9]+ written, [0-9]+ unchanged, [0-9]+ removed$")


def regular(path: Path) -> bool:
    """The test itself must not open a pipe or write through a link that earlier changes made."""
    return path.is_file() and not path.is_symlink()


def apply(content: Path, change: tuple) -> None:
    kind, *args = change
    if kind in ("copy", "bytes", "former") and not regular(content / args[0]):
        return
    with contextlib.suppress(FileNotFoundError, FileExistsError, IsADirectoryError, NotADirectoryError):
        if kind == "delete":
            (content / args[0]).unlink()
        elif kind == "copy":
            target = content / args[1]
            if os.path.lexists(target) and not regular(target):
                return
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((content / args[0]).read_bytes())
        elif kind == "bytes":
            path = content / args[0]
            data = path.read_bytes()
            at = int(args[1] * len(data))
            size = len(args[3])
            before, after = data[:at], data[at:]
            data = {"insert": before + args[3] + after, "replace": before + args[3] + after[size:],
                    "cut": before + after[max(size, 1):]}[args[2]]  # fmt: skip
            path.write_bytes(data)
        elif kind == "value":  # the value of one `key: value` line, in any file, replaced
            key = args[0].encode() + b": "
            keyed = [(path, i) for path in sorted(content.rglob("*.yaml")) if regular(path)
                     for i, line in enumerate(path.read_bytes().split(b"\n"))
                     if line.lstrip(b" -").startswith(key)]  # fmt: skip
            if keyed:
                path, i = keyed[args[1] % len(keyed)]
                lines = path.read_bytes().split(b"\n")
                lines[i] = lines[i][: lines[i].index(key) + len(key)] + args[2].encode()
                path.write_bytes(b"\n".join(lines))
        elif kind == "former":  # a former id added to one record
            path = content / args[0]
            lines = path.read_bytes().split(b"\n")
            ids = [i for i, line in enumerate(lines) if line.lstrip(b" -").startswith(b"id: ")]
            if ids:
                i = ids[args[1] % len(ids)]
                indent = len(lines[i]) - len(lines[i].lstrip(b" -"))
                lines.insert(i + 1, b" " * indent + b"former_ids: [" + args[2].encode() + b"]")
                path.write_bytes(b"\n".join(lines))
        elif kind in ("link", "fifo", "folder"):
            path = content / args[0]
            path.parent.mkdir(parents=True, exist_ok=True)
            if kind == "fifo":
                os.mkfifo(path)
            elif kind == "folder":
                path.mkdir()
            else:
                os.symlink(path.name if args[1] == "self" else args[1], path)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


def assert_well_behaved(status: int, out: str, err: str, last: re.Pattern[str]) -> None:
    assert status in (0, 1), (status, out, err)
    assert "Traceback" not in out + err and "internal error" not in err, err
    lines = out.splitlines()
    assert all(line.isprintable() for line in lines + err.splitlines()), (out, err)
    assert SECRET not in out + err
    if err:  # a whole-run error: one line
        assert status == 1 and err.count("\n") == 1 and err.startswith("factsheet: error: "), err
        return
    assert lines and last.match(lines[-1]), out
    assert all(LOCATED.match(line) or COUNT.match(line) for line in lines[:-1]), out  # warnings, counted


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(mutation, min_size=1, max_size=6), st.lists(gentle, min_size=1, max_size=6)))
def test_hostile_content_trees_give_located_problems_and_touch_nothing_else(changes):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        content = root / "content"
        shutil.copytree(VALID, content)
        (root / "secret.txt").write_text(f"id: {SECRET}\n")
        (Path(folder) / "secret.txt").write_text(f"id: {SECRET}\n")
        for change in changes:
            apply(content, change)
        before = snapshot(Path(folder))

        status, out, err = run("check", "--content", str(content))
        assert_well_behaved(status, out, err, COUNT)
        checked = status
        status, out, err = run("generate", "--content", str(content), "--out", str(root / "out"))
        if status == 0:
            assert_well_behaved(status, out, err, GENERATED)
        else:
            assert_well_behaved(status, out, err, COUNT)
        assert (checked == 0) <= (status == 0), f"check passed, generate failed:\n{out}{err}"
        event(f"check exit {checked}, generate exit {status}")  # --hypothesis-show-statistics

        assert snapshot(Path(folder), ["repo/out"]) == before  # nothing written but the docs folder
        if (root / "out").exists():
            for path in (root / "out").rglob("*"):
                assert not path.is_symlink()
                if path.is_file():
                    assert SECRET.encode() not in path.read_bytes()
