"""Stable URLs: redirects from former ids, and the committed list of every published URL.

A page's URL is its record's id, and a claim's anchor is the claim's id, so a rename would
break every link to it. A record that keeps its old id in `former_ids` gets, for a page, a small
HTML page at the old address that sends readers on (with the `#anchor` they came with) and, for
a claim, an empty anchor element with the old id beside the claim (site_templates/_claim.md.j2).
`published-urls.txt`, beside content/, lists every URL the site has published; the build fails
when one of them would disappear without a redirect, naming it, so a removal is always a
deliberate, reviewed change (`factsheet urls --update`).
"""

from __future__ import annotations

import errno
import html
import json
import os
from pathlib import Path

from .. import paths
from ..content.load import read_limited
from ..content.model import Actor, Content, Sheet, Source
from ..errors import BuildError

PUBLISHED_FILE = "published-urls.txt"
MAX_LIST_BYTES = 64 * 1024 * 1024  # about a million URLs
_HEADER = """\
# Every URL the site has published, one path per line (relative to the site's address).
# The build fails when one of them would disappear without a redirect. After removing a page
# or a claim on purpose, run `factsheet urls --update` and commit this file with the change.
"""


def _renamed(content: Content) -> list[tuple[str, str, str]]:
    """(kind, former id, id) for every former id of a sheet, source or actor."""
    records: list[tuple[str, Sheet | Source | Actor]] = [("sheet", s) for s in content.sheets]
    records += [("source", s) for s in content.sources.values()]
    records += [("actor", a) for a in content.actors.values()]
    return [(kind, old, record.id) for kind, record in records for old in record.former_ids]


def _renamed_pages(content: Content) -> dict[str, str]:
    """Old site path -> new site path."""
    return {
        paths.site_path(paths.record_page(kind, old)): paths.site_path(paths.record_page(kind, new))
        for kind, old, new in _renamed(content)
    }


def redirect_pages(content: Content, site_url: str | None = None) -> dict[str, str]:
    """Docs path -> HTML of a redirect page at each former page address."""
    pages = {}
    for kind, old, new in sorted(_renamed(content)):
        relative = paths.redirect_target(kind, new)
        canonical = paths.absolute_url(site_url, paths.page_url(paths.record_page(kind, new))) or relative
        pages[paths.redirect_file(kind, old)] = redirect_html(relative, canonical)
    return pages


def redirect_html(target: str, canonical: str) -> str:
    """A page that sends readers to `target`, keeping the #anchor; works without JavaScript too."""
    href = html.escape(target, quote=True)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{html.escape(canonical, quote=True)}">
<meta http-equiv="refresh" content="0; url={href}">
<script>location.replace({html.escape(json.dumps(target), quote=False)} + location.hash);</script>
</head>
<body>
<p>This page has moved: <a href="{href}">{html.escape(target)}</a>.</p>
</body>
</html>
"""


def claim_anchors(content: Content) -> dict[str, set[str]]:
    """Sheet page path -> the anchors of its claims: live ids and former ids."""
    anchors: dict[str, set[str]] = {}
    for sheet in content.sheets:
        found = anchors.setdefault(paths.site_path(paths.sheet_page(sheet.id)), set())
        for claim in sheet.claims:
            found.add(claim.id)
            found.update(claim.former_ids)
    return anchors


def current_urls(content: Content, pages: dict[str, str]) -> set[str]:
    """Every page URL the site serves, its redirects, and claim anchors (old and new).

    Data files (JSON, CSV, the feed) are left out: they are read by programs, not linked from
    articles, and their layout belongs to the export module.
    """
    urls = {paths.site_path(path) for path in pages if paths.is_page(path)}
    moves = _renamed_pages(content)
    urls.update(moves)
    anchors = claim_anchors(content)
    for page, names in anchors.items():
        urls.update(f"{page}#{name}" for name in names)
    for old, new in moves.items():  # a redirect page carries the #anchor on to the new page
        urls.update(f"{old}#{name}" for name in anchors.get(new, ()))
    return urls


def read_published(path: Path) -> list[str]:
    """The published URLs; the list is a file of the pull request, read as content files are:
    a regular file (never through a link), bounded in size, UTF-8."""
    try:
        data = read_limited(path, MAX_LIST_BYTES)
    except OSError as error:
        why = "it is a symbolic link" if error.errno == errno.ELOOP else error.strerror or str(error)
        raise BuildError(f"cannot read {path.name}: {why}") from None
    if len(data) > MAX_LIST_BYTES:
        raise BuildError(f"{path.name} is over {MAX_LIST_BYTES:,} bytes")
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise BuildError(f"{path.name} is not UTF-8 text (byte {error.start + 1:,})") from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def published_list_exists(path: Path) -> bool:
    """Whether the list is there at all (a link counts, and is then refused when read)."""
    return os.path.lexists(path)


def write_published(path: Path, urls: set[str]) -> bool:
    """Write the list (sorted); True when its bytes changed. Never through a link."""
    text = _HEADER + "".join(f"{url}\n" for url in sorted(urls))
    if path.is_symlink() or (published_list_exists(path) and not path.is_file()):
        raise BuildError(f"refusing to write {path.name}: it is a symbolic link or not a regular file")
    if path.is_file() and read_limited(path, MAX_LIST_BYTES) == text.encode("utf-8"):
        return False
    path.write_text(text, encoding="utf-8")
    return True


def missing_urls(published: list[str], current: set[str]) -> list[str]:
    return [url for url in published if url not in current]


def explain_missing(url: str) -> str:
    page, _, anchor = url.partition("#")
    if anchor:
        return (f"{url}: the claim anchor '#{anchor}' is gone from {page} and nothing leads on from it: "
                f"if the claim was renamed, keep '{anchor}' in its former_ids")
    return (f"{url}: this published page is gone and no redirect leads from it: if it was renamed, "
            f"keep its old id in the former_ids of the renamed record")


def check_published_urls(list_path: Path, content: Content, pages: dict[str, str]) -> None:
    """Raise BuildError naming every published URL the new site would lose. No list: no check."""
    if not published_list_exists(list_path):
        return
    missing = missing_urls(read_published(list_path), current_urls(content, pages))
    if missing:
        lines = "\n".join(f"  {explain_missing(url)}" for url in missing)
        raise BuildError(
            f"{len(missing)} published URL{'s' if len(missing) != 1 else ''} would break "
            f"({list_path.name} lists every URL the site has published):\n{lines}\n"
            f"If a removal is deliberate, run `factsheet urls --update` and commit {list_path.name}."
        )
