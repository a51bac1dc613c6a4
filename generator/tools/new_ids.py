"""Fresh ids for new records (`factsheet new`): from a URL or a title, unique on the site."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..content.load import load_documents
from ..content.parse import Node

ID_LIMIT = 64  # characters; ids are URLs and anchors, so keep them readable
_HOST_PREFIXES = ("www", "m", "amp", "mobile", "edition", "news", "en", "english")
_SECOND_LEVEL = ("co", "com", "org", "net", "ac", "gov", "go", "or", "ne", "edu")
URL_DATE = re.compile(
    r"(?<![0-9])(20[0-9]{2}|19[0-9]{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12][0-9]|3[01])(?![0-9])"
)


def slugify(text: str, limit: int = ID_LIMIT) -> str:
    """Lowercase words joined by single hyphens, cut at a word boundary within `limit`."""
    words = re.findall(r"[a-z0-9]+", unquote(text).lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or (words[0][:limit] if words else "")


def site_ids(content_dir: Path) -> set[str]:
    """Every id used anywhere in content/ (records, nested records, former ids)."""
    documents, _ = load_documents(content_dir)
    ids: set[str] = set()

    def walk(node: Node) -> None:
        if isinstance(node.value, dict):
            for key, child in node.value.items():
                if key == "id" and isinstance(child.value, str):
                    ids.add(child.value.strip())
                elif key == "former_ids" and isinstance(child.value, list):
                    ids.update(item.value.strip() for item in child.value if isinstance(item.value, str))
                walk(child)
        elif isinstance(node.value, list):
            for child in node.value:
                walk(child)

    for document in documents:
        walk(document.root)
    # A file's stem is its id even when the file does not load.
    ids.update(path.stem for path in content_dir.glob("*/*.yaml"))
    return ids


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... : the first that no record on the site uses."""
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: ID_LIMIT - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def source_id_for(url: str) -> str:
    """An id from the URL's site name, a date in its path, and its most telling path segment.

    https://www.example.com/news/2025/04/30/troops-killed-in-kursk
    -> example-2025-04-30-troops-killed-in-kursk
    """
    parts = urlsplit(url)
    labels = [label for label in (parts.hostname or "").split(".") if label]
    while len(labels) > 2 and labels[0] in _HOST_PREFIXES:
        labels = labels[1:]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
        labels = labels[:-1]
    site = slugify(labels[-2] if len(labels) >= 2 else (labels[0] if labels else "source"), 24)
    path = unquote(parts.path)
    found = URL_DATE.search(path)
    day = "-".join(found.groups()) if found else ""
    segments = [s for s in re.split(r"/", URL_DATE.sub(" ", path)) if re.search(r"[A-Za-z]{3}", s)]
    # The segment with the most words is the headline slug in most news URLs.
    words = max(segments, key=lambda s: (len(re.findall(r"[A-Za-z]+", s)), len(s)), default="")
    words = re.sub(r"\.(s?html?|php|aspx?)$", "", words)
    head = "-".join(p for p in (site, day) if p)
    return slugify(f"{head} {words}") or "source"
