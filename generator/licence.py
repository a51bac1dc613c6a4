"""The site's licences: the content (sheets, claims, data files) and the code that builds it.

Stated in every page's footer, on the licence page, in the data files' envelopes (`license`),
in the feed (`<rights>`) and in the sheets' JSON-LD. The code's licence is in LICENSE.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    spdx: str  # the SPDX identifier, as data files and package metadata name it
    name: str
    short: str  # as a footer or a credit line writes it
    url: str  # the licence's own text


CONTENT = Licence(
    spdx="CC-BY-4.0",
    name="Creative Commons Attribution 4.0 International",
    short="CC BY 4.0",
    url="https://creativecommons.org/licenses/by/4.0/",
)
CODE = Licence(spdx="MIT", name="MIT License", short="MIT", url="https://opensource.org/license/mit")
