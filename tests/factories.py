"""What several test modules build alike: model objects, fixture content, the site's Markdown setup.

Test modules import from here (or get fixtures from conftest.py), never from one another.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import markdown
import yaml
from mkdocs.config.defaults import MkDocsConfig

from generator.content.fields import FOLDER_RECORDS, TOP_LEVEL_FILES
from generator.content.model import (
    Actor,
    Citation,
    Claim,
    Content,
    Figure,
    Metric,
    Origin,
    PartialDate,
    Section,
    Sheet,
    Source,
)
from generator.content.parse import Node
from generator.content.validate import check_content
from generator.tools.schema import FILE_KINDS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
VALID = FIXTURES / "valid" / "content"
HERE = Origin("content/x.yaml", 1, 1)


# ------------------------------------------------------------------ model objects


def day(text: str) -> PartialDate:
    return PartialDate(*(int(part) for part in text.split("-")))


def source(source_id: str) -> Source:
    return Source(
        id=source_id,
        title=f"Title of {source_id}",
        publisher="Publisher",
        kind="news",
        url=f"https://example.org/{source_id}",
        published=day("2025-01-01"),
        accessed=day("2025-06-01"),
        origin=HERE,
    )


def actor(actor_id: str, name: str) -> Actor:
    return Actor(id=actor_id, name=name, kind="agency", origin=HERE)


def figure_claim(claim_id, claimant, on, value, status="reported", metric="killed", **more) -> Claim:
    return Claim(
        id=claim_id,
        text=f"{claimant} said {value}.",
        kind="figure",
        claimed_on=day(on),
        status=status,
        citations=more.pop("citations", (Citation("s1", quote=f"quote {claim_id}"),)),
        origin=HERE,
        claimant=claimant,
        figure=Figure(metric=metric, value=value, as_of=more.pop("as_of", None)),
        **more,
    )


def event(claim_id, on, citations, **more) -> Claim:
    return Claim(
        id=claim_id,
        text="Something happened.",
        kind="event",
        claimed_on=day(on),
        status="reported",
        citations=citations,
        origin=HERE,
        **more,
    )


def content(*sheets: Sheet) -> Content:
    return Content(
        sources={s: source(s) for s in ("s1", "s2", "s3")},
        actors={
            "nis": actor("nis", "National Intelligence Service"),
            "kiev": actor("kiev", "Kyiv"),
            "zed": actor("zed", "Zed Agency"),
            "lawmaker": actor("lawmaker", "A Lawmaker"),
        },
        sheets=sheets,
    )


def sheet(sheet_id="war", sections=(), reviews=(), metrics=None) -> Sheet:
    if metrics is None:
        metrics = (Metric("killed", "Killed", "people", "Dead.", HERE, series=("zed",)),)
    return Sheet(
        id=sheet_id,
        title="War",
        summary="Summary.",
        updated=day("2025-06-01"),
        origin=HERE,
        metrics=metrics,
        sections=sections,
        reviews=reviews,
    )


def section(section_id, *claims) -> Section:
    return Section(id=section_id, title=section_id.title(), origin=HERE, claims=claims)


# ------------------------------------------------------------------ fixture content


def valid_content() -> Content:
    """tests/fixtures/valid, validated."""
    loaded, problems = check_content(VALID)
    assert loaded is not None, problems
    return loaded


def with_claim_text(content: Content, **changes) -> Content:
    """The content with its first claim changed (hostile text the validator would let through)."""
    first = content.sheets[0]
    part = first.sections[0]
    claim = replace(part.claims[0], **changes)
    part = replace(part, claims=(claim, *part.claims[1:]))
    first = replace(first, sections=(part, *first.sections[1:]))
    return replace(content, sheets=(first, *content.sheets[1:]))


def merge_content(target: Path) -> Path:
    """The valid and hostile fixtures side by side in one content folder (ids do not clash)."""
    for name in ("valid", "hostile"):
        shutil.copytree(
            FIXTURES / name / "content",
            target,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("tags.yaml"),
        )
    tags = [tag for name in ("valid", "hostile") for tag in _tags(FIXTURES / name / "content" / "tags.yaml")]
    (target / "tags.yaml").write_text(yaml.safe_dump({"tags": tags}, allow_unicode=True), encoding="utf-8")
    return target


def _tags(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["tags"]


INVALID = FIXTURES / "invalid"


def copy_case(name: str, into: Path) -> Path:
    """An invalid fixture's content folder copied under `into`. A `grow.txt` ("<path> <bytes>")
    pads that file with a comment to the given size first, so no 1 MiB file is committed."""
    shutil.copytree(INVALID / name / "content", into / "content")
    grow = INVALID / name / "grow.txt"
    if grow.exists():
        relative, size = grow.read_text().split()
        target = into / relative
        data = target.read_bytes()
        target.write_bytes(data + b"#" + b"x" * (int(size) - len(data) - 2) + b"\n")
        assert target.stat().st_size == int(size)
    return into / "content"


# ------------------------------------------------------------------ files written as an editor would


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    """Each file (a path under root -> its text or bytes), parents made; returns root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode() if isinstance(text, str) else text)
    return root


def fill(path: Path, first_line: int, values: dict[str, str]) -> None:
    """Write each value into the first blank `key:` at or after `first_line` (1-based), as an
    editor fills a skeleton of `factsheet new`; the blank's comment stays after the value."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for key, value in values.items():
        for index in range(first_line - 1, len(lines)):
            match = re.match(rf"^(\s*(?:- )?){key}:\s*(#.*)?$", lines[index])
            if match:
                lines[index] = f"{match.group(1)}{key}: {value}   {match.group(2) or ''}".rstrip()
                break
        else:
            raise AssertionError(f"no blank {key!r} in {path}")
    path.write_text("\n".join(lines), encoding="utf-8")


# ------------------------------------------------------------------ the Markdown of mkdocs.yml


class _ConfigLoader(yaml.SafeLoader):
    """Safe YAML that reads mkdocs.yml's `!ENV` tags as unset variables."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: None)


def mkdocs_markdown_setup() -> tuple[list[str], dict[str, dict]]:
    """The Markdown extensions and their settings exactly as MkDocs passes them for mkdocs.yml:
    its built-ins plus the `markdown_extensions` list read from the file."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    names = list(MkDocsConfig.markdown_extensions.builtins)
    configs: dict[str, dict] = {}
    for item in config.get("markdown_extensions") or []:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if options:
            configs[name] = options
    return names, configs


def site_markdown() -> markdown.Markdown:
    """A Python-Markdown converter configured as the site's."""
    names, configs = mkdocs_markdown_setup()
    return markdown.Markdown(extensions=names, extension_configs=configs)


# --- What a YAML 1.2 tool (the VS Code extension) reads from a file ----------------------------

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(
    r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"
)


def yaml12_value(node: Node) -> Any:
    """A loaded node as the YAML 1.2 core schema resolves it (the reading editors' tools use)."""
    if isinstance(node.value, dict):
        return {key: yaml12_value(child) for key, child in node.value.items()}
    if isinstance(node.value, list):
        return [yaml12_value(child) for child in node.value]
    text = node.value
    if not node.plain:
        return text
    if _NULL.match(text):
        return None
    if _BOOL.match(text):
        return text.lower() == "true"
    if _INT.match(text):
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
    if _FLOAT.match(text):
        special = text.lstrip("+-").lower()
        if special in (".inf", ".nan"):
            return float(special[1:]) * (-1 if text.startswith("-") else 1)
        return float(text)
    return text


def schema_for_document(path: str, folder: str) -> str | None:
    """The schema file name that applies to a content file, or None for a file that is not content."""
    kind = FOLDER_RECORDS.get(folder) if folder else TOP_LEVEL_FILES.get(Path(path).name)
    return next((f"{stem}.schema.json" for stem, (k, _, _) in FILE_KINDS.items() if k == kind), None)
