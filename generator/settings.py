"""Site settings that come from the environment rather than from content/."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit


@dataclass(frozen=True)
class Settings:
    """What the renderer needs to know about where the site and its sources live.

    `repo_url` (REPO_URL, e.g. https://github.com/owner/repo) turns on "edit this page" links
    to the YAML on GitHub; `content_path` is where content/ sits inside that repository.
    """

    repo_url: str | None = None
    repo_branch: str = "main"
    content_path: str = "content"
    site_name: str = "Fact sheets"
    # SITE_URL: absolute addresses in citations, JSON-LD and the feed (relative when unset).
    site_url: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        repo_url = (env.get("REPO_URL") or "").strip().rstrip("/")
        # Only a plain http(s) address may become a link; anything else is ignored.
        if repo_url and (urlsplit(repo_url).scheme not in ("http", "https") or not urlsplit(repo_url).netloc):
            repo_url = ""
        site_url = (env.get("SITE_URL") or "").strip()
        if site_url and (urlsplit(site_url).scheme not in ("http", "https") or not urlsplit(site_url).netloc):
            site_url = ""
        return cls(
            repo_url=repo_url or None,
            repo_branch=(env.get("REPO_BRANCH") or "main").strip(),
            site_url=site_url or None,
        )

    def commit_url(self, sha: str) -> str | None:
        """The GitHub page of one commit, if the repository is known."""
        return f"{self.repo_url}/commit/{quote(sha, safe='')}" if self.repo_url and sha else None

    def file_at_commit(self, sha: str, content_file: str) -> str | None:
        """A content file as it stood at a commit, on GitHub (path relative to content/)."""
        if not self.repo_url or not sha:
            return None
        return f"{self.repo_url}/blob/{quote(sha, safe='')}/{quote(f'{self.content_path}/{content_file}')}"

    def history_url(self, content_file: str | None = None) -> str | None:
        """The repository's list of commits, of one content file or of all of content/."""
        if not self.repo_url:
            return None
        path = quote(f"{self.content_path}/{content_file}" if content_file else self.content_path)
        return f"{self.repo_url}/commits/{quote(self.repo_branch, safe='')}/{path}"

    def edit_url(self, content_file: str) -> str | None:
        """The GitHub address that edits a content file (path relative to content/), if known."""
        if not self.repo_url:
            return None
        path = quote(f"{self.content_path}/{content_file}")
        return f"{self.repo_url}/edit/{quote(self.repo_branch, safe='')}/{path}"
