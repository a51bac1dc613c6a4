"""The countries an actor may belong to: ISO 3166-1 alpha-2 code -> the English name readers see.

An explicit, short table rather than a dependency: the site names a handful of countries, and
each name here was chosen for readers ("South Korea", not the ISO "Korea, Republic of").
The validator accepts these codes and ISO's user-assigned codes (AA, QM-QZ, XA-XZ, ZZ: made-up
countries for examples and test content, shown as typed); any other code is a located error,
so every real country on the site shows a name. To use a new country, add its code and name here.
"""

from __future__ import annotations

COUNTRY_NAMES: dict[str, str] = {
    "BY": "Belarus",
    "CN": "China",
    "DE": "Germany",
    "FR": "France",
    "GB": "United Kingdom",
    "IR": "Iran",
    "JP": "Japan",
    "KP": "North Korea",
    "KR": "South Korea",
    "NO": "Norway",
    "PL": "Poland",
    "RU": "Russia",
    "UA": "Ukraine",
    "US": "United States",
}

# ISO 3166-1 leaves these codes to private use; no real country will ever get one.
USER_ASSIGNED_PATTERN = r"AA|Q[M-Z]|X[A-Z]|ZZ"
COUNTRY_PATTERN = "(?:" + "|".join(COUNTRY_NAMES) + "|" + USER_ASSIGNED_PATTERN + ")"


def country_name(code: str) -> str:
    """The reader-facing name of a validated code (the code itself if the table lacks it)."""
    return COUNTRY_NAMES.get(code, code)
