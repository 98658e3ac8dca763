"""Content-Security-Policy for the built site: nothing but this site's own files may run or load.

Material puts a few small inline scripts in every page; the policy allows
exactly those by their sha256 hash (computed at build time), so no
'unsafe-inline' is needed for scripts.
"""

from __future__ import annotations

import base64
import hashlib
import re

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
NOT_JAVASCRIPT = re.compile(r"""type\s*=\s*["']?(application/json|text/template)""", re.IGNORECASE)


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-…' sources for every inline script the browser would execute."""
    hashes = []
    for match in INLINE_SCRIPT.finditer(html):
        attrs, body = match.group("attrs"), match.group("body")
        if "src=" in attrs or NOT_JAVASCRIPT.search(attrs) or not body.strip():
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        hashes.append(f"'sha256-{digest}'")
    return sorted(set(hashes))


def policy(script_hashes: list[str]) -> str:
    """The policy text: own origin only, no plugins, no framing by others."""
    directives = [
        "default-src 'self'",
        # 'wasm-unsafe-eval': Pagefind's search runs as WebAssembly (compiling it, not eval of JavaScript)
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(script_hashes)
        if script_hashes
        else "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    return "; ".join(directives)


def with_policy(html: str, script_hashes: list[str]) -> str:
    """The page with the policy as the first element of <head>, before any script it governs."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(script_hashes)}">'
    return re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + meta, html, count=1)


def headers_file(script_hashes: list[str]) -> str:
    """A _headers file (Netlify/Cloudflare Pages format) sending the same policy as a real header."""
    return f"/*\n  Content-Security-Policy: {policy(script_hashes)}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: same-origin\n"
