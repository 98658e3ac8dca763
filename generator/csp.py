"""Content-Security-Policy for the built site: nothing but what the project ships may run or load.

The policy allows inline scripts only by their sha256 hash, and only hashes
from an allowlist computed from the theme's template files
(``engine.ThemeScripts``), never from what a built page happens to contain.
``audit`` checks every built page against that allowlist and for the two
other ways HTML can run script, event-handler attributes (``onclick=…``) and
``javascript:`` URLs; the plugin fails the build on any finding. The policy
itself blocks all three in the browser as well (no ``'unsafe-inline'``): the
audit makes the build say so, with the page, instead of a silently broken page.
"""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

# A script element starts with its tag name followed by whitespace, '/' or '>', and its text runs to the
# first end tag (as the HTML tokenizer reads them); found step by step, so the scan stays linear.
SCRIPT_START = re.compile(r"<script(?=[\s/>])", re.IGNORECASE)
SCRIPT_END = re.compile(r"</script(?=[\s/>])", re.IGNORECASE)
# `type` values browsers execute (WHATWG: JavaScript MIME types, "module", and the script-like
# "importmap"/"speculationrules", which CSP also governs). Any other type is data (JSON, JSON-LD).
EXECUTABLE_TYPES = frozenset(
    {"", "module", "importmap", "speculationrules"}
    | {f"application/{t}" for t in ("ecmascript", "javascript", "x-ecmascript", "x-javascript")}
    | {f"text/{t}" for t in ("ecmascript", "javascript", "jscript", "livescript", "x-ecmascript", "x-javascript")}
    | {f"text/javascript1.{n}" for n in range(6)}
)
# Screens: cheap scans that every page with an event-handler attribute or a script URL matches (and some
# pages without: those are parsed in full). Attribute names start after whitespace, '/' or a quote.
# (One pattern per spelling of "on": a literal start lets the regex engine skip ahead, ~10x faster than IGNORECASE.)
EVENT_SCREENS = [re.compile(rf"""{on}(?<=[\s/"']{on})[^\s/>="'<]*\s*=""") for on in ("on", "On", "oN", "ON")]
# A URL that runs script starts (after spaces/controls, which browsers strip) with j/v, or with an entity.
SCRIPT_URL_SCREEN = re.compile(r"""=[ \t\n\f\r]*["']?(?P<start>[\x00-\x20]*[jJvV&][^"'>]{0,512})""")
SCRIPT_SCHEMES = ("javascript:", "vbscript:")
C0_AND_SPACE = "".join(chr(c) for c in range(0x21))  # stripped from both ends of a URL by browsers


def source_hash(body: str) -> str:
    """The CSP source for an inline script with exactly this body."""
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def executable_inline_scripts(html: str) -> Iterator[str]:
    """The bodies of the inline scripts a browser would execute (no ``src``, a JavaScript type)."""
    position = 0
    while start := SCRIPT_START.search(html, position):
        tag_end = html.find(">", start.end())
        if tag_end < 0:
            return
        end = SCRIPT_END.search(html, tag_end + 1)
        body = html[tag_end + 1 : end.start() if end else len(html)]
        position = end.end() if end else len(html)
        attributes = html[start.end() : tag_end]
        if attributes.strip():  # (most inline scripts are a plain <script>)
            attrs = _attributes(f"<script{attributes}>")
            kind = (attrs.get("type") or "").split(";", 1)[0].strip().lower()
            if "src" in attrs or kind not in EXECUTABLE_TYPES:
                continue
        yield body


@dataclass
class Audit:
    """What one page's HTML runs: the hashes of its (allowed) inline scripts, and what is not allowed."""

    hashes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def audit(html: str, allowed: frozenset[str]) -> Audit:
    """Check a built page: inline scripts only from the allowlist, no event handlers, no script URLs."""
    result = Audit()
    for body in executable_inline_scripts(html):
        source = source_hash(body)
        if source in allowed:
            result.hashes.append(source)
        else:
            result.problems.append(f"inline <script> die niet uit het thema komt ({source}): {_excerpt(body)}")
    result.hashes = sorted(set(result.hashes))
    suspect_url = any(_runs_script(m.group("start")) for m in SCRIPT_URL_SCREEN.finditer(html))
    if suspect_url or any(screen.search(html) for screen in EVENT_SCREENS):
        result.problems += _parse_for_handlers(html)
    return result


def _runs_script(value: str) -> bool:
    """Whether an attribute value would be a javascript:/vbscript: URL (after entities, as a browser reads it)."""
    url = re.sub(r"[\t\n\r]", "", htmllib.unescape(value)).lstrip(C0_AND_SPACE)
    return url.lower().startswith(SCRIPT_SCHEMES)


class _Handlers(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"event-attribuut {name}= op <{tag}>: {_excerpt(value or '')}")
            elif value and (_runs_script(value) or _runs_script(value.lower().partition("url=")[2])):  # also meta refresh
                self.found.append(f"script-URL in {name}= op <{tag}>: {_excerpt(value)}")

    handle_startendtag = handle_starttag


def _parse_for_handlers(html: str) -> list[str]:
    parser = _Handlers()
    parser.feed(html)
    parser.close()
    return parser.found


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = dict(attrs)


def _attributes(tag: str) -> dict[str, str | None]:
    parser = _Attributes()
    parser.feed(tag)
    parser.close()
    return parser.attrs


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


def policy(script_hashes: list[str], *, header: bool = False) -> str:
    """The policy text: own origin only, no plugins, inline scripts only by hash.

    ``'wasm-unsafe-eval'`` lets the search (Pagefind) compile its WebAssembly;
    it allows no JavaScript eval. ``frame-ancestors`` (no framing by any site)
    is only valid as a real header: browsers ignore it in a ``<meta>`` policy.
    """
    directives = [
        "default-src 'self'",
        # 'wasm-unsafe-eval': Pagefind's search runs as WebAssembly (compiling it, not eval of JavaScript)
        " ".join(["script-src 'self' 'wasm-unsafe-eval'", *script_hashes]),
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    if header:
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)


def with_policy(html: str, script_hashes: list[str]) -> str:
    """The page with the policy as the first element of <head>, before any script it governs."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(script_hashes)}">'
    return re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + meta, html, count=1)


def headers_file(script_hashes: list[str]) -> str:
    """A _headers file (Netlify/Cloudflare Pages format) sending the policy as real headers."""
    return (
        f"/*\n  Content-Security-Policy: {policy(script_hashes, header=True)}\n"
        "  X-Frame-Options: DENY\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: same-origin\n"
    )
