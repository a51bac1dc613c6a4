"""'Cite this page': a plain-text citation and a BibTeX entry for a sheet.

The date is the last change of the sheet's YAML file (git), so a citation names the version
the reader saw. The access date cannot be known when the site is built: the reader fills it in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from ..errors import one_line
from ..formatting import long_date

BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Characters with a meaning in BibTeX/LaTeX, written so they print as themselves.
_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "%": r"\%", "_": r"\_", "^": r"\^{}", "~": r"\~{}", "<": r"\textless{}", ">": r"\textgreater{}",
}  # fmt: skip


@dataclass(frozen=True)
class Citation:
    plain: str
    bibtex: str


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIALS.get(ch, ch) for ch in one_line(text))


def cite_sheet(site_name: str, sheet_id: str, title: str, page_url: str, changed: date) -> Citation:
    """The citation of one sheet; `page_url` is absolute when the site's address is known."""
    plain = (
        f"{one_line(site_name)}. “{one_line(title)}.” Last updated {long_date(changed)}. "
        f"{page_url} (accessed [date])."
    )
    key = f"{_key_part(site_name)}-{sheet_id}-{changed.isoformat()}"
    # Double braces keep the title's capitals; url and urldate are biblatex fields, note for BibTeX.
    bibtex = "\n".join(
        (
            f"@misc{{{key},",
            f"  author = {{{{{bibtex_escape(site_name)}}}}},",
            f"  title = {{{{{bibtex_escape(title)}}}}},",
            f"  year = {{{changed.year}}},",
            f"  month = {BIBTEX_MONTHS[changed.month - 1]},",
            f"  date = {{{changed.isoformat()}}},",
            f"  url = {{{_bibtex_url(page_url)}}},",
            f"  note = {{Last updated {changed.isoformat()}, accessed [date]}},",
            "}",
        )
    )
    return Citation(plain=plain, bibtex=bibtex)


def cite_block(citation: Citation) -> str:
    """The citation as a raw HTML block (no blank lines; &, < and > escaped, quotes left as
    typed: this is element content, where they mean nothing)."""
    return "\n".join(
        (
            '<div class="fs-cite" data-search-exclude>',  # repeats the title; keeps search results clean
            "<p>Plain text:</p>",
            f"<pre><code>{escape(citation.plain, quote=False)}</code></pre>",
            "<p>BibTeX:</p>",
            f'<pre><code class="language-bibtex">{escape(citation.bibtex, quote=False)}</code></pre>',
            "</div>",
        )
    )


def _key_part(text: str) -> str:
    kept = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in kept.split("-") if part) or "site"


def _bibtex_url(url: str) -> str:
    # Braces would end the field; a URL we build never has them, but SITE_URL is configurable.
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")
