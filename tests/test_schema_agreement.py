"""The JSON Schemas and the validator agree: a differential test on single mutations of the real content.

Each mutation changes one thing in one real content file (a value replaced, a field removed or
emptied, an unknown field added, a list emptied or given a blank item, an enum set to another
choice). The mutated file is then judged twice:

- by `factsheet check`'s rules (the loader and the validator, with every other file as it is):
  does the file have an error?
- as editors' tools see it: read by a YAML 1.2 reader (ruamel.yaml composes it; scalars are typed
  by the YAML 1.2 core schema, as VS Code's YAML extension types them) and validated against
  its schema in schemas/ with `jsonschema`: does it have a schema error?

The two verdicts must agree, except where the validator's error comes from a rule a JSON Schema
cannot express (`INEXPRESSIBLE`: other files, uniqueness, ranges between fields, today's date),
or where YAML 1.2 reads a plain scalar as a number or boolean whose spelling the schema cannot
see (`1e3`, `+1`, `007`, `True`: the validator reads the text as typed). The mutations are picked
by a seeded generator, so every run checks the same ones.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import BaseResolver

from generator.content.crosscheck import check_site
from generator.content.field_specs import FieldSpec
from generator.content.fields import RECORDS
from generator.content.load import Document, load_documents
from generator.content.parse import Node, parse_bytes
from generator.content.validate import read_document
from generator.tools.schema import render_schemas
from tests.factories import schema_for_document

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SEED = 13
# Mutations per kind of file; together at least 300 (the bar), across every kind.
QUOTAS = {"sheets": 120, "sources": 180, "actors": 100, "": 30}

# Rules of the validator that a JSON Schema of one file cannot express, by their messages.
INEXPRESSIBLE = {
    "a reference to another record (actor, source, claim, tag, metric)": re.compile(
        r"^unknown (actor|source|claim|tag|metric) |is a former id of|belongs to sheet"),
    "ids unique across the site": re.compile(
        r"is already used (by|on this sheet)|former id '.*' is (the live id|also a former id)"
        r"|anchors must differ"),
    "the id equals the file name": re.compile(r"does not match the file name"),
    "low <= value <= high": re.compile(r"^(low|high) \S+ is (greater|less) than"),
    "no date in the future": re.compile(r"is in the future"),
    "supersession between claims": re.compile(r"cannot supersede itself|forms a cycle"),
    "an actor once in a chain of hops": re.compile(r"is listed twice \(first at \[\d+\](\[\d+\])?\)$"),
    "a figure's number, or a quote claim's words, found in the citations' quotes": re.compile(
        r"appears in none of the claim's quotes|the words quoted appear in none of the claim's citation"
        r"|none of the claim's citations carries a quote"),
}
SPELLING = "YAML 1.2 reads the plain scalar as a number or boolean, not its spelling"


# --- the content as an editable tree ---------------------------------------------------------------

# A scalar is ("s", text, plain); a mapping ("m", {key: tree}); a list ("l", [tree]).
Tree = tuple


def tree_of(node: Node) -> Tree:
    if isinstance(node.value, dict):
        return ("m", {key: tree_of(child) for key, child in node.value.items()})
    if isinstance(node.value, list):
        return ("l", [tree_of(child) for child in node.value])
    return ("s", node.value, node.plain)


def emit(tree: Tree) -> str:
    """Block-style YAML both readers read the same way: plain scalars as typed, others in JSON's quotes."""
    return "\n".join(_emit(tree, 0)) + "\n"


def _scalar(tree: Tree) -> str:
    _, text, plain = tree
    return text if plain else json.dumps(text, ensure_ascii=False)


def _emit(tree: Tree, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if tree[0] == "m":
        for key, child in tree[1].items():
            if child[0] == "s":
                lines.append(f"{pad}{key}: {_scalar(child)}".rstrip())
            elif not child[1]:
                lines.append(f"{pad}{key}: {'{}' if child[0] == 'm' else '[]'}")
            else:
                lines.append(f"{pad}{key}:")
                lines += _emit(child, indent + 2)
    elif tree[0] == "l":
        for child in tree[1]:
            if child[0] == "s":
                lines.append(f"{pad}- {_scalar(child)}".rstrip())
            elif not child[1]:
                lines.append(f"{pad}- {'{}' if child[0] == 'm' else '[]'}")
            else:
                inner = _emit(child, indent + 2)
                lines += [f"{pad}- {inner[0][indent + 2:]}", *inner[1:]]
    return lines


def replace(tree: Tree, path: tuple, new: Tree | None) -> Tree:
    """The tree with the node at `path` replaced (None: the mapping key or list item removed)."""
    if not path:
        assert new is not None
        return new
    head, rest = path[0], path[1:]
    if tree[0] == "m":
        items = dict(tree[1])
        if not rest and new is None:
            del items[head]
        else:
            items[head] = replace(items[head], rest, new) if head in items else new
        return ("m", items)
    items_list = list(tree[1])
    if not rest and new is None:
        del items_list[head]
    else:
        items_list[head] = replace(items_list[head], rest, new)
    return ("l", items_list)


# --- mutations --------------------------------------------------------------------------------------


def s(text: str, plain: bool = True) -> Tree:
    return ("s", text, plain)


GENERIC = [s(""), s("", False), s("  ", False), s("600"), s("600", False), s("true"), s("True"), s("NIS"),
           s("0000"), s("Said: this", False), ("l", [s("x")]), ("m", {"k": s("v")})]
BY_TYPE = {
    "date": ["2025", "2025-04", "2024-02-29", "2023-02-29", "2025-13", "0000-01-01", "0001", "99", "2999",
             "2025-4-30", "10000", "2025-04-31", "2025-06-31", "2000-02-29", "1900-02-29"],
    "number": ["-3", "1.5", "1e3", "+1", "007", "1,000", "0", ".5", "-0", "12.50"],
    "slug": ["nis", "nope-nope", "-bad", "Bad", "a--b", "600", "0x1f", "a" * 100, "a" * 101, "a-" * 50 + "b"],
    "url": ["https://example.org/x", "javascript:alert(1)", "http://user@example.org/", "https://",
            "ftp://example.org/", "https://example.org:99999/", "https://example.org:8080/a", "HTTPS://EXAMPLE.ORG/",
            "https://example.org/a b", "http://:80/"],
    "text": ["plain words", "x", "no", "2025-04-30"],
}
PATTERN_PROBES = ["en", "ko-KR", "english", "KR", "XA", "kr", "ZZ", "e"]


@dataclass(frozen=True)
class Mutation:
    file: str  # path as shown, e.g. content/sheets/x.yaml
    what: str
    path: tuple
    new: Tree | None


def _sites(tree: Tree, kind: str, path: tuple = ()):
    """(path, field spec, node) for every field of every record in a file's tree."""
    if tree[0] != "m":
        return
    spec = RECORDS[kind]
    yield path, None, tree  # the record itself
    for key, child in tree[1].items():
        field = spec.field(key)
        if field is None:
            continue
        yield (*path, key), field, child
        if field.type == "mapping" and field.record:
            yield from _sites(child, field.record, (*path, key))
        elif field.type == "mapping_list" and field.record and child[0] == "l":
            for index, item in enumerate(child[1]):
                yield from _sites(item, field.record, (*path, key, index))


def _probes(field: FieldSpec) -> list[Tree]:
    probes = list(GENERIC)
    if field.type == "enum":
        probes += [s(choice) for choice in field.choices]
        probes += [s(field.choices[0] + "x"), s(f" {field.choices[0]} ", False)]
    elif field.type == "text" and field.pattern:
        probes += [s(text) for text in PATTERN_PROBES]
    elif field.type in BY_TYPE:
        probes += [s(text) for text in BY_TYPE[field.type]]
    elif field.type in ("slug_list", "text_list", "hops"):
        probes += [("l", []), ("l", [s("")]), ("l", [s("nis"), s("nis")]), ("l", [s("nis"), s("Bad")]),
                   ("l", [s("a" * 101)]), ("l", [("l", [s("nis")])]), ("l", [("l", [s("nis"), s("kcna")])]),
                   ("l", [("m", {"k": s("v")})])]
    elif field.type == "mapping_list":
        probes += [("l", []), ("l", [s("")]), ("l", [("m", {})])]
    return probes


def _show(tree: Tree) -> str:
    if tree[0] == "s":
        return _scalar(tree) or "(blank)"
    return json.dumps(tree)[:60]


def mutations_of(file: str, tree: Tree, kind: str) -> list[Mutation]:
    found = []
    for path, field, node in _sites(tree, kind):
        if field is None:
            found.append(Mutation(file, "unknown field added", (*path, "remarks"), s("An aside.")))
            continue
        found.append(Mutation(file, f"{field.name} removed", path, None))
        for probe in _probes(field):
            found.append(Mutation(file, f"{field.name} = {_show(probe)}", path, probe))
        if field.type == "mapping_list" and node[0] == "l" and node[1]:
            found.append(Mutation(file, f"{field.name}: one entry more", (*path, len(node[1])), node[1][0]))
    return found


# --- the two verdicts -----------------------------------------------------------------------------

_CORE_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_CORE_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_CORE_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_CORE_FLOAT = re.compile(
    r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$")


def core_scalar(text: str) -> Any:
    """A plain scalar typed by the YAML 1.2 core schema (the tag resolution VS Code's YAML uses)."""
    if _CORE_NULL.match(text):
        return None
    if _CORE_BOOL.match(text):
        return text.lower() == "true"
    if _CORE_INT.match(text):
        base = 16 if text.startswith("0x") else 8 if text.startswith("0o") else 10
        return int(text[2:] if base != 10 else text, base)
    if _CORE_FLOAT.match(text):
        lowered = text.lower()
        if lowered.lstrip("+-") in (".inf", ".nan"):
            return float(lowered.replace(".", ""))
        return float(text)
    return text


class DuplicateKey(Exception):
    pass


def _yaml12(node) -> Any:
    if isinstance(node, MappingNode):
        out: dict[Any, Any] = {}
        for key, value in node.value:
            name = _yaml12(key)
            if name in out:
                raise DuplicateKey(name)
            out[name] = _yaml12(value)
        return out
    if isinstance(node, SequenceNode):
        return [_yaml12(item) for item in node.value]
    assert isinstance(node, ScalarNode)
    return core_scalar(node.value) if node.style in (None, "") else node.value


class _Untyped(BaseResolver):
    """Types no scalar: the core schema does, in `core_scalar` (the composer still asks)."""

    def __init__(self, version: Any = None, loader: Any = None, loadumper: Any = None):
        super().__init__(loadumper or loader)


def read_yaml12(text: str) -> Any:
    reader = YAML(typ="safe")  # ruamel.yaml: its C parser when ruamel.yaml.clib is installed
    reader.version = (1, 2)
    reader.Resolver = _Untyped
    return _yaml12(reader.compose(text))


def lossy(tree: Tree | None) -> bool:
    """Whether YAML 1.2 reads a plain scalar in the tree as a number or boolean it writes differently."""
    if tree is None:
        return False
    if tree[0] == "s":
        text, plain = tree[1], tree[2]
        if not plain:
            return False
        value = core_scalar(text)
        return (isinstance(value, bool) and text != str(value).lower()) or (
            isinstance(value, int | float) and not isinstance(value, bool) and text != str(value))
    children = tree[1].values() if tree[0] == "m" else tree[1]
    return any(lossy(child) for child in children)


class Judge:
    """Both verdicts for one mutated file, with every other file of the content as it is."""

    def __init__(self, content_dir: Path):
        self.today = date.today()
        self.documents, problems = load_documents(content_dir)
        assert not problems, [p.format() for p in problems]
        self.readers = {d.path: read_document(d, self.today) for d in self.documents}
        self.schemas = {
            name: Draft202012Validator(json.loads(text)) for name, text in render_schemas().items()
        }

    def validator_errors(self, document: Document, text: str) -> list[str]:
        root, problems = parse_bytes(text.encode("utf-8"), document.path)
        if root is None:
            return [f"(load) {p.message}" for p in problems]
        mutated = Document(document.path, document.folder, root)
        reader = read_document(mutated, self.today)
        records = [r for path, other in self.readers.items() if path != document.path for r in other.records]
        records += reader.records
        found = reader.problems + check_site(records, frozenset())
        return [f"{p.field_path}: {p.message}" if p.field_path else p.message
                for p in found if p.path == document.path and p.severity == "error"]

    def schema_errors(self, document: Document, text: str) -> list[str]:
        """The schema's errors; only the first few (all it takes for a verdict and a report)."""
        try:
            data = read_yaml12(text)
        except DuplicateKey as key:
            return [f"duplicate key {key}"]
        name = schema_for_document(document.path, document.folder)
        assert name is not None
        errors = islice(self.schemas[name].iter_errors(data), 3)
        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def inexpressible(errors: list[str]) -> set[str] | None:
    """The rules behind the validator's errors when every one is a rule a schema cannot express."""
    rules = set()
    for error in errors:
        message = error.split(": ", 1)[1] if re.match(r"^[\w.\[\]]+: ", error) else error
        rule = next((name for name, pattern in INEXPRESSIBLE.items() if pattern.search(message)), None)
        if rule is None and ".via[" in error.split(": ", 1)[0] + "." and "is listed twice" in message:
            rule = "an actor once in a chain of hops"
        if rule is None:
            return None
        rules.add(rule)
    return rules


def sampled_mutations(judge: Judge) -> list[tuple[Document, Mutation]]:
    rng = random.Random(SEED)
    picked = []
    for folder, quota in QUOTAS.items():
        pool = [(document, mutation) for document in judge.documents if document.folder == folder
                for mutation in mutations_of(document.path, tree_of(document.root), _kind(document))]
        picked += rng.sample(pool, min(quota, len(pool)))
    return picked


def _kind(document: Document) -> str:
    return {"sources": "source", "actors": "actor", "sheets": "sheet"}.get(document.folder, "tags_file")


def disagreements(judge: Judge, picked: list[tuple[Document, Mutation]]):
    """(mutation, validator errors, schema errors, why allowed or None) for each verdict that differs."""
    for document, mutation in picked:
        text = emit(replace(tree_of(document.root), mutation.path, mutation.new))
        by_rules, by_schema = judge.validator_errors(document, text), judge.schema_errors(document, text)
        if bool(by_rules) == bool(by_schema):
            continue
        allowed = None
        if by_rules and not by_schema:
            rules = inexpressible(by_rules)
            allowed = ", ".join(sorted(rules)) if rules else None
        if allowed is None and lossy(mutation.new):
            allowed = SPELLING
        yield mutation, by_rules, by_schema, allowed


# --- the tests --------------------------------------------------------------------------------------


@cache
def judge() -> Judge:
    return Judge(CONTENT)


def test_the_emitter_writes_what_the_loader_read():
    judge_ = judge()
    for document in judge_.documents:
        text = emit(tree_of(document.root))
        root, problems = parse_bytes(text.encode(), document.path)
        assert root is not None, problems
        assert tree_of(root) == tree_of(document.root), document.path
        assert judge_.validator_errors(document, text) == []
        assert judge_.schema_errors(document, text) == [], document.path


def test_the_schemas_agree_with_the_validator_on_single_mutations_of_the_real_content():
    picked = sampled_mutations(judge())
    assert len(picked) >= 300
    assert {document.folder for document, _ in picked} == set(QUOTAS)
    allowed: Counter[str] = Counter()
    wrong = []
    for mutation, by_rules, by_schema, why in disagreements(judge(), picked):
        if why is None:
            side = "the schema accepts" if by_rules else "the schema refuses"
            wrong.append(f"{mutation.file}: {mutation.what} at {mutation.path}: {side}; "
                         f"rules: {by_rules[:2]}; schema: {by_schema[:2]}")
        else:
            allowed[why] += 1
    assert wrong == [], f"{len(wrong)} of {len(picked)} disagree:\n" + "\n".join(wrong)


def test_the_date_pattern_accepts_exactly_the_dates_that_exist():
    from generator.content.scalars import read_date
    from generator.tools.schema import DATE_PATTERN

    pattern = re.compile(f"^(?:{DATE_PATTERN})$")
    far = date(9999, 12, 31)
    texts = [f"{year:04d}" for year in (0, 1, 999, 2025, 9999)]
    texts += [f"{year:04d}-{month:02d}" for year in (0, 2025) for month in range(14)]
    texts += [f"{year:04d}-{month:02d}-{day:02d}" for year in (0, 4, 100, 400, 1900, 2000, 2023, 2024, 2100)
              for month in range(14) for day in range(33)]
    for text in texts:
        assert bool(pattern.match(text)) == (read_date(text, far)[1] is None), text


def test_the_url_pattern_accepts_exactly_the_urls_the_validator_accepts():
    from generator.content.scalars import url_problem
    from generator.tools.schema import URL_PATTERN

    pattern = re.compile(f"^(?:{URL_PATTERN})$")
    urls = ["https://example.org", "http://example.org/a?b=c#d", "HTTPS://EXAMPLE.ORG", "https://example.org:",
            "https://example.org:0/", "https://example.org:65535/", "https://example.org:65536/",
            "https://example.org:000080/x", "https://example.org:8a/", "https://:80/", "https://", "http:/x",
            "https:///x", "ftp://example.org", "javascript:alert(1)", "https://user@example.org/",
            "https://user:pw@example.org/", "https://example.org/@user", "https://[::1]/", "https://a b/",
            "https://example.org/<x>", "https://example.org/\\", "https://example.org/`", "https://例え.jp/パス",
            "https://example.org/%20", "https://example.org:80:90/", "https://example.org?x", "https://example.org#y"]
    for url in urls:
        assert bool(pattern.match(url)) == (url_problem(url) is None), url
