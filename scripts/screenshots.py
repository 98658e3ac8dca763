"""Screenshot each page type on a desktop and a phone viewport (for looking, not testing).

Usage: python scripts/screenshots.py SITE_DIR OUT_DIR [PATH ...]
Serves SITE_DIR on 127.0.0.1 and writes OUT_DIR/<name>-desktop.png and -phone.png.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    site, out, *pages = sys.argv[1:]
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    server = serve(Path(site))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, viewport in VIEWPORTS.items():
            page = browser.new_page(viewport=viewport)
            for path in pages:
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                slug = path.strip("/").replace("/", "_").replace("#", "-") or "home"
                page.screenshot(path=str(out_dir / f"{slug}-{name}.png"), full_page="full" in sys.argv[0] or False)
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
