"""Whether a check in content/checks/ is still about the page its source cites.

`factsheet verify` records in each check the address it asked for (`url`): the source's
`archive_url` when it read the archived copy, else its `url`. An editor may change either
afterwards; the quotes were then found on a page the source no longer cites, so the check no
longer counts: the site and the data files read its quotes as not checked (`index.py`), and
`factsheet check` warns at the check file until `factsheet verify` runs again.

A check written before `url` was recorded names no address. It counts as made for another page:
its `read_url` is the address after redirects, which cannot say which address was asked for,
and the page may have moved since; one `factsheet verify` run gives it the address.
"""

from __future__ import annotations

from ..errors import Problem
from .model import Content, Source, SourceCheck


def cited_address(check: SourceCheck, source: Source) -> str | None:
    """The address of the source that the check must have been made for: its archive_url for a
    check of the archived copy (None when it has none now), else its url."""
    return source.archive_url if check.archived_copy else source.url


def is_current(check: SourceCheck, source: Source | None) -> bool:
    """The check was made for the address its source cites now."""
    return source is not None and check.url is not None and check.url == cited_address(check, source)


def stale_checks(content: Content) -> list[Problem]:
    """A warning at each check made for an address its source no longer cites (a check of a
    source that is gone is warned about with the other checks across files)."""
    problems = []
    for source_id, check in content.checks.items():
        source = content.sources.get(source_id)
        if source is None or is_current(check, source):
            continue
        now = cited_address(check, source)
        if check.url is None:
            made = ("this check does not say which address it was made for (an older `factsheet verify` "
                    "wrote it)")
            cites = f"the source cites {now}" if now else "the source has no archive_url"
        elif check.archived_copy:
            made = f"this check was made for the archived copy {check.url}"
            cites = f"the source's archive_url is now {now}" if now else "the source now has no archive_url"
        else:
            made, cites = f"this check was made for {check.url}", f"the source now cites {now}"
        origin = check.origin
        message = (f"{made}; {cites}: run `factsheet verify {source_id}` again (until then its quotes "
                   "count as not checked)")  # fmt: skip
        problems.append(Problem(origin.path, origin.line, origin.column, message, "url", "warning"))
    return problems
