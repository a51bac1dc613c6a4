"""Editor text and values as inert Markdown, for reports read in a pull request's job summary:
`factsheet diff`, and every problem of `factsheet check` when GitHub would not annotate them all.
"""

from __future__ import annotations

import html
import math
import re
from decimal import Decimal
from typing import Any

from ..errors import one_line, printable
from ..formatting import number

TEXT_LIMIT = 160  # characters of a long text shown in a change line

# Every line of the output starts with our own list marker, so only inline markup needs escaping.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")


def md(text: str, limit: int = TEXT_LIMIT) -> str:
    """Editor text as inert Markdown: one printable line (control characters escaped, see
    errors.printable), HTML escaped, Markdown punctuation backslashed."""
    text = printable(one_line(str(text)))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(text, quote=False))


def md_code(text: str) -> str:
    # Ids are slugs, but a removed record's id may come from a broken revision: escape anyway.
    return f"`{text}`" if re.fullmatch(r"[a-z0-9-]+", text) else md(text)


def show_value(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return str(value).lower()
    finite = (
        value.is_finite()
        if isinstance(value, Decimal)
        else isinstance(value, int | float) and math.isfinite(value)
    )
    if finite:
        return number(value)  # every digit typed, as the site shows it: 0.0000000001, not 1E-10
    if isinstance(value, tuple) and all(isinstance(item, tuple) for item in value):  # hops of `via`
        return " → ".join(" and ".join(md(str(actor), 60) for actor in hop) for hop in value) or "(none)"
    if isinstance(value, tuple):
        return ", ".join(md(str(item), 60) for item in value) or "(none)"
    return md(str(value))
