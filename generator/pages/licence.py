"""The licence page: how the sheets and their data may be reused, and how to credit them."""

from __future__ import annotations

from dataclasses import dataclass

from .. import licence, paths
from ..settings import Settings
from .environment import front_matter, render_page


@dataclass(frozen=True)
class LicencePageContext:
    front_matter: str
    site_name: str
    content_name: str
    content_short: str
    content_url: str
    code_name: str
    code_url: str
    repo_url: str | None
    site_url: str | None
    data_href: str
    methodology_href: str


def licence_context(settings: Settings) -> LicencePageContext:
    return LicencePageContext(
        front_matter=front_matter(
            {
                "title": "Licence",
                "description": (
                    f"Reuse the fact sheets and their data under {licence.CONTENT.short}, with attribution."
                ),
            }
        ),
        site_name=settings.site_name,
        content_name=licence.CONTENT.name,
        content_short=licence.CONTENT.short,
        content_url=licence.CONTENT.url,
        code_name=licence.CODE.name,
        code_url=licence.CODE.url,
        repo_url=settings.repo_url,
        site_url=paths.absolute_url(settings.site_url, ""),
        data_href=paths.page_link(paths.LICENCE, paths.DATA_PAGE),
        methodology_href=paths.page_link(paths.LICENCE, paths.METHODOLOGY),
    )


def render_licence_page(settings: Settings) -> dict[str, str]:
    return {paths.LICENCE: render_page("licence.md.j2", licence_context(settings))}
