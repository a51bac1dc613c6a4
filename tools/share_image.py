"""Draw site_templates/assets/share.png, the picture of the site's share previews (og:image).

Run it again after changing the words or colours below:
    .venv/bin/python tools/share_image.py
It draws the card as HTML in Debian's Chromium (set CHROMIUM for another) at 1200x630, the size
share previews use, with the system's DejaVu Sans: nothing is fetched.
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parents[1] / "site_templates" / "assets" / "share.png"
CARD = """<!doctype html><meta charset="utf-8"><style>
html, body { margin: 0; width: 1200px; height: 630px; }
body { box-sizing: border-box; padding: 72px 84px; background: #3f51b5; color: #fff;
       font-family: "DejaVu Sans", sans-serif; display: flex; flex-direction: column; }
h1 { margin: 0 0 28px; font-size: 88px; letter-spacing: -1px; }
p { margin: 0; font-size: 40px; line-height: 1.35; max-width: 960px; }
.marks { margin-top: auto; display: flex; gap: 18px; font-size: 30px; font-weight: bold; }
.marks span { border: 3px solid #fff; border-radius: 8px; padding: 6px 18px; }
</style>
<h1>Fact sheets</h1>
<p>Contested facts: every claim says who made it, when, through whom,
and which published page supports it.</p>
<div class="marks">
<span>reported</span><span>disputed</span><span>superseded</span><span>[1][2][3]</span>
</div>
"""


def main() -> None:
    chromium = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 630})
        page.set_content(CARD)
        page.screenshot(path=str(OUT))
        browser.close()
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
