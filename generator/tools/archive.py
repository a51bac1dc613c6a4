"""`factsheet archive SOURCE_ID...`: ask the Internet Archive's Save Page Now for a copy of each
source's page, then write `archive_url` and `archived` into the source's YAML file.

Save Page Now is asked with one GET of `https://web.archive.org/save/<url>`; it answers with the
copy's address (`/web/<14-digit time>/<url>`) in a redirect's `Location` or in
`Content-Location`. A refusal (403, 451, 5xx: the site excludes archiving, or the capture
failed) and rate limiting (429) are said plainly, with what to do; nothing is written then.

The file is edited as text, like `factsheet new claim` does: an existing `archive_url:` or
`archived:` line is replaced (its comment kept), a commented-out one (`# archive_url:` from
`factsheet new source`) is filled in, else the lines go after `url:`. Every other line, comment
and blank line stays as it was; the result must load and read back the new values.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO
from urllib.parse import urljoin

import httpx

from ..content.parse import parse_bytes
from ..content.scalars import url_problem
from ..errors import FactsheetError, one_line, printable
from ..settings import Settings
from .verify.fetch import user_agent

SAVE_ENDPOINT = "https://web.archive.org/save/"
_COPY = re.compile(r"/web/[0-9]{14}[a-z_]*/")
_PLAIN_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9._~:/?&=+%@!$'()*,;\[\]-]*")


class ArchiveUsageError(FactsheetError):
    """An unknown source id (exit status 2)."""


class ArchiveError(FactsheetError):
    """The archive did not make a copy, or the source file cannot be changed; the file is as it was."""


@dataclass(frozen=True)
class Saved:
    source: str
    archive_url: str
    path: Path


def client(timeout: float = 120.0) -> httpx.Client:
    """Save Page Now takes its time: it loads the page itself before answering."""
    return httpx.Client(
        timeout=httpx.Timeout(connect=10.0, read=timeout, write=30.0, pool=10.0),
        follow_redirects=False,
        headers={"User-Agent": user_agent(Settings.from_env().repo_url)},
    )


def save_page(http: httpx.Client, endpoint: str, url: str) -> str:
    """Ask for a copy of `url`; the copy's address, or ArchiveError saying why there is none."""
    try:
        response = http.get(endpoint + url)
    except httpx.TimeoutException:
        raise ArchiveError("the Internet Archive did not answer in time; try again later") from None
    except httpx.HTTPError as error:
        what = f"{type(error).__name__}: {error}"
        raise ArchiveError(f"could not reach the Internet Archive ({what})") from None
    code = response.status_code
    if code == 429:
        wait = response.headers.get("Retry-After")
        when = f"after {wait} seconds" if wait and wait.isdigit() else "in a few minutes"
        raise ArchiveError(
            f"the Internet Archive is limiting requests (HTTP 429); run factsheet archive again {when}"
        )
    for header in ("Location", "Content-Location"):
        value = response.headers.get(header)
        if value and _COPY.search(value) and (200 <= code < 400):
            return urljoin(endpoint, value)
    if code in (401, 403, 451):
        raise ArchiveError(
            f"the Internet Archive refused to save {url} (HTTP {code}{_said(response)}): the site may "
            "exclude archiving. Save the page in another web archive and set archive_url by hand"
        )
    if code >= 400:
        raise ArchiveError(
            f"the Internet Archive could not save {url} (HTTP {code}{_said(response)}); try again later, "
            "or save the page by hand at https://web.archive.org/save and set archive_url"
        )
    raise ArchiveError(
        f"the Internet Archive answered HTTP {code} but named no copy of {url}; try again later"
    )


def _said(response: httpx.Response) -> str:
    """The archive's own words for a failure (its page's title or heading), briefly."""
    text = response.text[:20000] if "html" in response.headers.get("Content-Type", "") else ""
    for tag in ("h2", "h1", "title"):  # Save Page Now's error pages say it in a heading
        found = re.search(rf"<{tag}[^>]*>([^<]{{1,200}})<", text, re.IGNORECASE)
        if found and found.group(1).strip():
            return f": {one_line(found.group(1))}"
    return ""


def _scalar(value: str) -> str:
    return value if _PLAIN_URL.fullmatch(value) and " #" not in value else json.dumps(value)


def set_archive_fields(text: str, archive_url: str, archived: date) -> str:
    """The source file's text with archive_url and archived set; every other line as it was."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    values = {"archive_url": _scalar(archive_url), "archived": archived.isoformat()}
    after = None
    for name, value in values.items():
        line = _set_line(lines, name, value, after)
        after = line
    return newline.join(lines)


def _set_line(lines: list[str], name: str, value: str, after: int | None) -> int:
    """Replace or fill in the top-level `name:` line, or insert one; its index."""
    comment = re.compile(rf"^(#\s*)?{name}:[^#\n]*?(\s+#.*)?$")
    for index, line in enumerate(lines):
        found = comment.match(line)
        if found and not line.startswith(" "):
            lines[index] = f"{name}: {value}{found.group(2) or ''}"
            return index
    if after is None:
        after = next((i for i, line in enumerate(lines) if re.match(r"^url:", line)), len(lines) - 1)
    lines.insert(after + 1, f"{name}: {value}")
    return after + 1


def _read_url(path: Path, shown: str) -> tuple[str, str | None]:
    """The source file's text and its `url`, and its archive_url when set."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ArchiveError(f"cannot read {shown}: {error.strerror}") from None
    root, problems = parse_bytes(data, shown)
    if root is None or not isinstance(root.value, dict):
        first = problems[0].format() if problems else f"{shown}: not a source"
        raise ArchiveError(f"{first} (fix the file first; nothing was changed)")
    url_node = root.value.get("url")
    url = str(url_node.value).strip() if url_node is not None and isinstance(url_node.value, str) else ""
    if not url or url_problem(url):
        raise ArchiveError(f"{shown}: the source has no valid url to archive")
    archived = root.value.get("archive_url")
    existing = None
    if archived is not None and isinstance(archived.value, str):
        existing = str(archived.value).strip()
    return url, existing or None


def _replace(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def archive_source(
    content_dir: Path, source_id: str, http: httpx.Client, *, endpoint: str, today: date, force: bool
) -> Saved:
    path = content_dir / "sources" / f"{source_id}.yaml"
    shown = f"{content_dir.name}/sources/{source_id}.yaml"
    url, existing = _read_url(path, shown)
    if existing and not force:
        raise ArchiveError(
            f"{shown} already has archive_url {existing}; the quotes were checked against it. "
            "Pass --force to replace it with a new copy"
        )
    copy = save_page(http, endpoint, url)
    original = path.read_bytes().decode("utf-8-sig")
    updated = set_archive_fields(original, copy, today)
    root, _ = parse_bytes(updated.encode("utf-8"), shown)
    if root is None or not isinstance(root.value, dict) or root.value["archive_url"].value != copy:
        raise ArchiveError(f"could not write archive_url into {shown} without changing its layout; "
                           f"set it by hand: archive_url: {copy}")
    _replace(path, updated)
    return Saved(source_id, copy, path)


def archive_sources(
    content_dir: Path,
    source_ids: list[str],
    *,
    endpoint: str = SAVE_ENDPOINT,
    today: date,
    force: bool = False,
    http: httpx.Client | None = None,
    out: TextIO | None = None,
) -> int:
    """Archive each source; 1 when any could not be archived, else 0."""
    out = out or sys.stdout
    unknown = [s for s in source_ids if not (content_dir / "sources" / f"{s}.yaml").is_file()]
    if unknown:
        raise ArchiveUsageError(f"no source {', '.join(repr(s) for s in unknown)} in {content_dir}/sources")
    failed = 0
    own = http is None
    http = http or client()
    try:
        for source_id in dict.fromkeys(source_ids):
            try:
                saved = archive_source(
                    content_dir, source_id, http, endpoint=endpoint, today=today, force=force
                )
            except ArchiveError as error:
                failed += 1
                # The archive's own words (a heading of its page) are quoted: printed, never run.
                print(f"factsheet archive: {source_id}: {printable(str(error))}", file=sys.stderr)
                continue
            print(
                f"{source_id}: archive_url {printable(saved.archive_url)} (archived {today.isoformat()})",
                file=out,
            )
    finally:
        if own:
            http.close()
    if not failed:
        print("then run `factsheet verify " + " ".join(dict.fromkeys(source_ids)) + "` to check the quotes "
              "against the copy", file=out)
    return 1 if failed else 0
