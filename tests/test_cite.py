"""'Cite this page': the plain-text citation and the BibTeX entry."""

from __future__ import annotations

from datetime import date

from generator.pages.cite import bibtex_escape, cite_block, cite_sheet

SITE = "https://example.org/factsheets/"


def test_citation_names_site_title_url_and_last_change_and_escapes_bibtex() -> None:
    title = "50% of {troops} & $5_000"
    citation = cite_sheet("Fact sheets", "x", title, SITE + "sheets/x/", date(2025, 6, 9))
    assert citation.plain == (
        "Fact sheets. “50% of {troops} & $5_000.” Last updated 9 June 2025. "
        "https://example.org/factsheets/sheets/x/ (accessed [date])."
    )
    assert r"title = {{50\% of \{troops\} \& \$5\_000}}," in citation.bibtex
    assert "url = {https://example.org/factsheets/sheets/x/}," in citation.bibtex
    assert citation.bibtex.startswith("@misc{fact-sheets-x-2025-06-09,")
    assert bibtex_escape("a\\b ~ ^") == r"a\textbackslash{}b \~{} \^{}"
    block = cite_block(cite_sheet("<b>Site</b>", "x", "</pre><script>", "u", date(2025, 1, 1)))
    assert "<script>" not in block and "&lt;/pre&gt;&lt;script&gt;" in block and "\n\n" not in block
