"""Benchmark: build cost of the generator at 10, 100 and 1000 synthetic gemeenterapporten.

Usage (from the repository root; `make bench` sets up and runs it):

    .venv/bin/python scripts/benchmark.py [--sizes 10 100 1000] [--out bench-out]
        [--repeat 3] [--ref f468d5a | --no-ref] [--profile] [--serve-rounds 3]
        [--no-serve] [--no-pagefind] [--baseline]

For each size it generates a synthetic but realistic corpus (the real kader/
folder, N gemeenten in 25 regions, N reports with 8-16 findings, 2-5 good
examples and 4-6 recommendations linked to the 12 indicators, Dutch domain
vocabulary, fixed seed), checks it, and measures:

- full `mkdocs build` of the current code against a reference build of commit
  --ref (default f468d5a): that commit is checked out into a git work tree
  (bench-out/ref) with its own virtual environment and its own site config,
  and builds the same reports. Builds alternate (--repeat pairs, reference
  first); the script prints fastest and median of each, the ratio
  current/reference on both, and the spread between identical builds in this
  run (the noise). Which `generator` package each side ran is checked and printed;
- peak memory (RSS of the build process and its children) and CPU time;
- the heaviest HTML page and the pages over 500 kB;
- in Chromium (Debian's /usr/bin/chromium via Playwright): the bytes (gzip) of
  the first page view of the home page and of the first search typed into the
  site's own search box, for whatever the site searches with: Pagefind when the
  built site has a `pagefind/` folder, Material's lunr index when it has
  `search/search_index.json`, nothing when search is off. For a site without
  Pagefind, it also indexes the site with Pagefind for comparison (unless --no-pagefind);
- `mkdocs serve --dirty` latency (what `make serve` runs) from saving one
  report to the page showing the change, and its ratio to the full build;
- with --profile: one extra build of the current code under py-spy, split into
  Python-Markdown, search index, templates, Jinja, YAML, validate, index,
  writing and Pagefind;
- with --baseline: the same pages exported as plain Markdown and built by a
  plain `mkdocs build` without the plugin (the overhead ratio of the first benchmark).

Figures are printed as a table and written as JSON to the out folder. This is
not part of the test suite: timings on shared machines are noisy, compare ratios
from one run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
REF_COMMIT = "f468d5a"  # main before "fast by design" (issue 16): the reference every ratio is against
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "KADER_PARALLEL", "KADER_PROCESSES")}
ENV["NO_MKDOCS_2_WARNING"] = "1"
CORPUS_PARTS = ("kader", "docs", "site_overrides")  # folders a corpus takes from a source tree, besides mkdocs.yml and *.yaml


WORDS = (  # noqa: SIM905 - a sentence of vocabulary reads better than a list of 40 strings
    "veiligheid overdracht gezin professional wijkteam hulpverlening veiligheidsplan regie evaluatie netwerk "
    "jeugdige ouders signalen afspraken zorg ondersteuning risico-inschatting samenwerking informatie dossier "
    "Veilig Thuis casusregisseur veiligheidsvoorwaarden huisarts school jeugdgezondheidszorg monitoring "
    "hulpverleningsplan doelen kinderen leefgebieden zelfredzaamheid meldcode kindcheck terugmelden"
).split()
ONDERWERPEN = [
    "overdracht",
    "veiligheidsplan",
    "regie",
    "evaluatie",
    "informatie-delen",
    "signaleren",
    "risico-inschatting",
    "doelen",
]


def sentence(rng: random.Random, n: int = 16) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def paragraph(rng: random.Random, k: int = 4) -> str:
    return " ".join(sentence(rng, rng.randint(10, 22)) for _ in range(k))


def generate(n: int, target: Path, source: Path = ROOT) -> None:
    """A project folder with ``source``'s kader, docs, theme overrides and settings, and n synthetic gemeenterapporten.

    The reports and gemeenten depend only on n (fixed seed), so the current code and the reference build the same corpus.
    """
    if target.exists():
        shutil.rmtree(target)
    (target / "rapporten").mkdir(parents=True)
    for part in CORPUS_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part)
    for settings in source.glob("*.yaml"):  # e.g. publicatie.yaml
        shutil.copy(settings, target / settings.name)
    (target / "mkdocs.yml").write_text(
        (source / "mkdocs.yml").read_text("utf-8").replace("  - generator/templates\n", ""), "utf-8"
    )
    rng = random.Random(20261124)
    lines = ["# yaml-language-server: $schema=../schema/gemeenten.schema.json", "gemeenten:"]
    for j in range(n):
        lines += [f"  - id: gemeente-{j}", f"    naam: Gemeente {j}", f"    regio: Regio {j % 25}"]
    (target / "kader" / "gemeenten.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    for j in range(n):
        (target / "rapporten" / f"r{j}.yaml").write_text(report(rng, j), "utf-8")


def report(rng: random.Random, j: int) -> str:
    year = 2019 + j % 6
    out = [
        "# yaml-language-server: $schema=../schema/rapport.schema.json",
        f"id: {year}-gemeente-{j}",
        f"titel: Het lokale netwerk na Veilig Thuis Gemeente {j}",
        "soort: gemeenterapport",
        "uitgever: Toezicht Sociaal Domein",
        f'publicatie: "{year}-0{1 + j % 9}"',
        "onderzoek: Het lokale netwerk na Veilig Thuis",
        f"regio: Regio {j % 25}",
        f"gemeenten: [gemeente-{j}]",
        "kader: {kader: lokale-netwerk-na-veilig-thuis}",
        f"nazorg: {{deadline: {year}-11-01}}",
        "secties:",
        "  - id: inleiding",
        "    titel: Inleiding",
        "    inhoud:",
        "      - soort: tekst",
        f"        tekst: {paragraph(rng, 6)}[^1]",
        "  - id: resultaten",
        "    titel: Resultaten",
        "    secties:",
    ]
    counter = 0
    for t in range(4):
        out += [f"      - id: thema-{t}", f"        titel: Thema {t}", "        inhoud:"]
        for _ in range(rng.randint(2, 4)):
            counter += 1
            indicator = rng.randint(1, 12)
            out += [
                "          - soort: bevinding",
                f"            id: bevinding-{counter}",
                f"            oordeel: {rng.choice(['goed', 'kan_beter'])}",
                f"            titel: {sentence(rng, 5)[:-1]}",
                f"            tekst: {paragraph(rng, 4)}",
                f"            indicatoren: [lnvt-{indicator}]",
                f"            onderwerpen: [{rng.choice(ONDERWERPEN)}]",
            ]
    out += ["  - id: goede-voorbeelden", "    titel: Goede voorbeelden/werkzame elementen", "    inhoud:"]
    for v in range(rng.randint(2, 5)):
        out += [
            "      - soort: goed_voorbeeld",
            f"        id: voorbeeld-{v}",
            f"        tekst: {paragraph(rng, 2)}",
            f"        indicatoren: [lnvt-{rng.randint(1, 12)}]",
            f"        onderwerpen: [{rng.choice(ONDERWERPEN)}]",
        ]
    out += ["  - id: aanbevelingen", "    titel: Aanbevelingen in het kort", "    inhoud:"]
    for a in range(rng.randint(4, 6)):
        out += [
            "      - soort: aanbeveling",
            f"        id: aanbeveling-{a + 1}",
            f"        nummer: {a + 1}",
            f"        tekst: {sentence(rng, 30)}",
            f"        indicatoren: [lnvt-{rng.randint(1, 12)}]",
        ]
    out += ["voetnoten:", f"  1: {sentence(rng, 12)}"]
    return "\n".join(out) + "\n"


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def which_generator(python: str) -> str:
    """The folder of the `generator` package that ``python`` imports, and the MkDocs plugin `kader` it registers."""
    probe = (
        "import importlib.metadata as m, generator, pathlib; "
        "print(pathlib.Path(generator.__file__).resolve().parent, "
        "*[e.value for e in m.entry_points(group='mkdocs.plugins') if e.name == 'kader'])"
    )
    with tempfile.TemporaryDirectory() as empty:  # no stray generator/ on sys.path[0]
        found = subprocess.run([python, "-c", probe], cwd=empty, env=ENV, check=True, capture_output=True, text=True)
    return found.stdout.strip()


def reference(out: Path, commit: str) -> tuple[Path, str, str]:
    """Check ``commit`` out into the git work tree out/ref, with its own venv; returns (tree, python, full sha).

    The venv installs the reference's own pinned dependencies and its `generator` package (editable, from the work tree).
    """
    sha = git("rev-parse", "--verify", f"{commit}^{{commit}}")
    tree = out / "ref"
    if (tree / ".git").exists():
        if git("rev-parse", "HEAD", cwd=tree) != sha:
            git("checkout", "--quiet", "--detach", sha, cwd=tree)
    else:
        if tree.exists():
            shutil.rmtree(tree)
        git("worktree", "prune")
        git("worktree", "add", "--quiet", "--detach", str(tree), sha)
    venv = tree / ".venv"
    python = str(venv / "bin" / "python")
    marker = venv / f".installed-{sha}"
    if not marker.exists():
        print(f"reference: installing {sha[:7]} into {venv}", file=sys.stderr, flush=True)
        if venv.exists():
            shutil.rmtree(venv)
        subprocess.run([PY, "-m", "venv", str(venv)], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "-e", str(tree)], check=True, env=ENV)
        marker.touch()
    ran = which_generator(python)
    if Path(ran.split()[0]) != (tree / "generator").resolve():
        raise SystemExit(f"the reference venv imports generator from {ran}, not from {tree}")
    return tree, python, sha


def timed_build(python: str, project: Path, config: Path, site: Path, spy: list[str] | None = None) -> dict[str, float]:
    """Wall time, CPU time and peak RSS (MB, the build process or its largest child) of one `mkdocs build`.

    ``spy``: a py-spy command that samples the build (``--pid`` appended, once the build process runs MkDocs).
    """
    command = [python, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, env=ENV, stdout=log, stderr=subprocess.STDOUT)
        spying = None
        if spy:
            deadline = time.monotonic() + 10
            while b"mkdocs" not in Path(f"/proc/{process.pid}/cmdline").read_bytes():  # until the fork has exec'd
                if time.monotonic() > deadline:
                    break
                time.sleep(0.001)
            spying = subprocess.Popen([*spy, "--pid", str(process.pid)], stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)  # this child's own resource usage (and its children's)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if spying:
            spying.wait(timeout=300)
        if process.returncode != 0 or (spying and spying.returncode != 0):
            log.seek(0)
            raise SystemExit(f"build failed ({' '.join(command)}):\n{log.read().decode('utf-8', 'replace')[-3000:]}")
    return {"wall_s": elapsed, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def summary(walls: list[float]) -> dict[str, Any]:
    return {
        "fastest_s": round(min(walls), 2),
        "median_s": round(statistics.median(walls), 2),
        "runs_s": [round(w, 2) for w in walls],
        "spread_pct": round(100 * (max(walls) / min(walls) - 1), 1),  # slowest vs fastest identical build
    }


def baseline_config(project: Path, plain: Path) -> Path:
    """mkdocs.yml for the exported Markdown: same theme and extensions, the plugin's nav and glossary, no plugin."""
    sys.path.insert(0, str(ROOT))
    from generator import pipeline

    rendered: Any = pipeline.build(project)
    text = (project / "mkdocs.yml").read_text("utf-8")
    text = re.sub(r"\n  - kader\n", "\n", text)
    docs = plain / "docs" if (plain / "docs").is_dir() else plain  # the export is a site source: pages in docs/
    text = text.replace("docs_dir: docs", f"docs_dir: {docs}")
    text = text.replace("custom_dir: site_overrides", f"custom_dir: {project / 'site_overrides'}")
    text = text.replace("strict: true", "strict: false")
    glossary = "markdown_extensions:\n  - abbr:\n      glossary: " + json.dumps(rendered.glossary) + "\n"
    text = text.replace("markdown_extensions:\n  - abbr\n", glossary)
    text += "\nnav: " + json.dumps(rendered.nav) + "\n"
    config = project / "mkdocs-baseline.yml"
    config.write_text(text, "utf-8")
    for page in (project / "docs").glob("*.md"):
        shutil.copy(page, docs / page.name)
    return config


def collect_time(project: Path) -> float | None:
    """Load + validate + index in this process (None when the pipeline no longer has ``collect``)."""
    sys.path.insert(0, str(ROOT))
    from generator import pipeline

    collect = getattr(pipeline, "collect", None)
    if collect is None:
        return None
    start = time.perf_counter()
    collect(project)
    return time.perf_counter() - start


def sizes(site: Path) -> dict[str, Any]:
    pages = [(p.stat().st_size, str(p.relative_to(site))) for p in site.rglob("*.html")]
    heaviest = max(pages)
    figures: dict[str, Any] = {
        "pages": len(pages),
        "heaviest_page": heaviest[1],
        "heaviest_page_kb": round(heaviest[0] / 1024, 1),
        "pages_over_500kb": sum(1 for size, _ in pages if size > 500 * 1024),
        "site_mb": round(sum(size for size, _ in pages) / 1024 / 1024, 1),
    }
    index = site / "search" / "search_index.json"
    if index.exists():
        raw = index.read_bytes()
        figures["lunr_index_kb"] = round(len(raw) / 1024, 1)
        figures["lunr_index_gzip_kb"] = round(len(gzip.compress(raw)) / 1024, 1)
    if (site / "pagefind").is_dir():
        figures["pagefind_index_kb"] = round(
            sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file()) / 1024, 1
        )
    return figures


SEARCH_QUERY = "veiligheidsplan"
PAGEFIND_RESULTS = 10  # a first page of results, with their excerpts
SEARCH_BOX = "input[type=search], input.md-search__input, input[name=query], [role=search] input"


def sent_bytes(data: bytes) -> int:
    """Bytes a server sends for a file: as is when it is already gzip (Pagefind's chunks) or gzip makes it no smaller."""
    return len(data) if data[:2] == b"\x1f\x8b" else min(len(data), len(gzip.compress(data)))


class _Site:
    """The site folder over HTTP on 127.0.0.1 (a thread), as `with _Site(site) as base:`."""

    def __init__(self, site: Path) -> None:
        import http.server

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: Quiet(*a, directory=str(site)))

    def __enter__(self) -> str:
        import threading

        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def files_for(site: Path, base: str, urls: list[str]) -> tuple[int, dict[str, int], list[str]]:
    """(bytes sent, bytes sent per local path, requests to other hosts) for the unique URLs requested."""
    total, paths, foreign = 0, {}, []
    for url in dict.fromkeys(urls):
        if not url.startswith(base + "/"):
            if not url.startswith(("data:", "blob:")):
                foreign.append(url)
            continue
        path = urllib.parse.unquote(urllib.parse.urlsplit(url).path).lstrip("/")
        file = site / path
        if file.is_dir() or path == "" or path.endswith("/"):
            file = file / "index.html"
        if file.is_file():
            paths[path or "/"] = sent_bytes(file.read_bytes())
            total += paths[path or "/"]
    return total, paths, foreign


def settle(page: Any, urls: list[str], quiet_s: float = 1.0, limit_s: float = 60) -> None:
    """Wait until no new request has been made for ``quiet_s`` seconds."""
    deadline, seen, since = time.monotonic() + limit_s, -1, time.monotonic()
    while time.monotonic() < deadline:
        if len(urls) != seen:
            seen, since = len(urls), time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return
        page.wait_for_timeout(100)


# A search through Pagefind's own JavaScript API: the query, then the data of the first n results.
PAGEFIND_SEARCH = """async ([query, n]) => {
    const pagefind = await import('/pagefind/pagefind.js');
    const search = await pagefind.search(query);
    await Promise.all(search.results.slice(0, n).map(r => r.data()));
    return search.results.length;
}"""


def first_view_and_search(site: Path) -> dict[str, Any]:
    """In Chromium: what the home page's first view downloads, then what the first search adds (gzip, bytes as sent).

    The search is typed into the site's own search box. For Pagefind, when the box did not fetch an index chunk
    (for instance because its UI loads on another event), Pagefind's API searches as the UI would and loads the
    first results' fragments.
    """
    from playwright.sync_api import sync_playwright

    engine = (
        "pagefind" if (site / "pagefind").is_dir() else "lunr" if (site / "search" / "search_index.json").exists() else "none"
    )
    with _Site(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        urls: list[str] = []  # requests of the page and of its workers
        context.on("request", lambda request: urls.append(request.url.split("#")[0]))
        page = context.new_page()
        page.goto(base + "/", wait_until="networkidle")
        settle(page, urls)
        view = list(urls)
        urls.clear()
        via, results = "none", None
        if engine != "none":
            box = page.locator(SEARCH_BOX).first
            if box.count() and box.is_visible():
                box.click()
                box.press_sequentially(SEARCH_QUERY, delay=30)
                via = "search box"
                settle(page, urls, quiet_s=2.0)
            if engine == "pagefind" and not any(".pf_index" in url for url in urls):
                via = "Pagefind API"
                results = page.evaluate(
                    PAGEFIND_SEARCH,
                    [SEARCH_QUERY, PAGEFIND_RESULTS],
                )
                settle(page, urls)
        browser.close()
    view_bytes, view_files, view_foreign = files_for(site, base, view)
    fresh = [url for url in urls if url not in view]
    search_bytes, search_files, search_foreign = files_for(site, base, fresh)
    return {
        "search_engine": engine,
        "search_via": via,
        "search_query": SEARCH_QUERY,
        **({"search_results": results} if results is not None else {}),
        "first_view_gzip_kb": round(view_bytes / 1024, 1),
        "first_view_files": len(view_files),
        "first_search_gzip_kb": round(search_bytes / 1024, 1),
        "first_search_files": len(search_files),
        "first_view_and_search_gzip_kb": round((view_bytes + search_bytes) / 1024, 1),
        "other_hosts": view_foreign + search_foreign,
        "heaviest_files_kb": {
            path: round(size / 1024, 1) for path, size in Counter({**view_files, **search_files}).most_common(5)
        },
    }


def pagefind_comparison(site: Path) -> dict[str, Any]:
    """For a site without Pagefind: index it with the Pagefind CLI (pip `pagefind[bin]`) and measure one search.

    Outside the site's CSP (Pagefind needs WebAssembly): the query `veiligheidsplan` and the fragments of the first
    10 results, summed as a server sends them.
    """
    from playwright.sync_api import sync_playwright

    start = time.perf_counter()
    result = subprocess.run(
        [PY, "-m", "pagefind", "--site", str(site), "--root-selector", "article", "--silent"],
        capture_output=True,
        text=True,
        env=ENV,
    )
    if result.returncode != 0:
        raise SystemExit(f"pagefind failed:\n{result.stderr[-2000:]}")
    index_s = time.perf_counter() - start
    with _Site(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(f"{base}/pagefind/pagefind-entry.json")  # a page without the site's CSP
        urls: list[str] = []
        page.on("request", lambda request: urls.append(request.url.split("?")[0]))
        found = page.evaluate(
            PAGEFIND_SEARCH,
            [SEARCH_QUERY, PAGEFIND_RESULTS],
        )
        browser.close()
    total, files, _ = files_for(site, base, urls)
    folder = site / "pagefind"
    return {
        "pagefind_cli_index_s": round(index_s, 2),
        "pagefind_cli_index_kb": round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1024, 1),
        "pagefind_cli_results": found,
        "pagefind_cli_files_fetched": len(files),
        "pagefind_cli_first_search_gzip_kb": round(total / 1024, 1),
    }


def serve_latency(project: Path, rounds: int = 3, dirty: bool = True) -> float:
    """Median seconds from saving one report file to `mkdocs serve` serving the change.

    ``dirty``: `mkdocs serve --dirty`, as `make serve` runs it (only changed pages are rebuilt).
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(project / "serve.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [PY, "-m", "mkdocs", "serve", *(["--dirty"] if dirty else []), "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    report = sorted((project / "rapporten").glob("*.yaml"))[0]
    rapport_id = re.search(r"^id: (.+)$", report.read_text("utf-8"), re.M).group(1)  # type: ignore[union-attr]
    url = f"http://127.0.0.1:{port}/rapporten/{rapport_id}/"

    def fetch() -> str:
        try:
            with urllib.request.urlopen(url, timeout=600) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 1800
        while "Resultaten" not in fetch():
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"serve did not start; see {project / 'serve.log'}")
            time.sleep(1)
        latencies = []
        for n in range(rounds):
            token = f"meettoken{n}x{int(time.time())}"
            text = report.read_text("utf-8").replace("titel: Inleiding", f"titel: Inleiding {token}", 1)
            start = time.perf_counter()
            report.write_text(text, "utf-8")
            while token not in fetch():  # (a request waits while a rebuild runs; polling adds at most 0.05 s)
                time.sleep(0.05)
            latencies.append(time.perf_counter() - start)
            report.write_text(text.replace(f" {token}", ""), "utf-8")
            if n < rounds - 1:  # wait for the revert to be served before the next round
                time.sleep(2)
                while token in fetch():
                    time.sleep(0.2)
        return sorted(latencies)[len(latencies) // 2]
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


# --profile: where a build's time goes. A sample counts for the first part (in this order) that any frame of its
# stack belongs to; frames are "function (/full/path/file.py:line)" as py-spy writes them (--full-filenames).
GENERATOR = r"[/\\]generator[/\\]"
MARKDOWN = re.compile(r"[/\\]site-packages[/\\](markdown|pymdownx)[/\\]")
TEMPLATES = re.compile(r"[/\\]site-packages[/\\]jinja2[/\\]|\.(j2|html):\d+\)")
PARTS: list[tuple[str, re.Pattern[str]]] = [
    ("Pagefind", re.compile(r"[/\\]pagefind[/\\]|" + GENERATOR + r"zoeken\.py")),
    (
        "search index (Material; generator word forms)",
        re.compile(
            r"[/\\](material[/\\]plugins|mkdocs[/\\]contrib)[/\\]search[/\\]|snowballstemmer|" + GENERATOR + r"zoekvormen\.py"
        ),
    ),
    ("Python-Markdown", MARKDOWN),
    # (generator pages are rendered in render.py; the theme's templates run below MkDocs' _build_page, which
    # engine.PageSplit wraps: a generator frame above a template is not enough to tell them apart)
    ("Jinja (generator pages)", re.compile(GENERATOR + r"render\.py:[^;]*;.*(" + TEMPLATES.pattern + ")")),
    ("templates (MkDocs/Material theme)", TEMPLATES),
    ("YAML", re.compile(r"[/\\]site-packages[/\\](ruamel|yaml)[/\\]|" + GENERATOR + r"load\.py")),
    ("validate", re.compile(GENERATOR + r"validate\.py|[/\\]site-packages[/\\]pydantic")),
    ("index", re.compile(GENERATOR + r"index\.py")),
    ("sanitise (generator markup.py)", re.compile(GENERATOR + r"markup\.py")),
    ("page planning (generator render/views)", re.compile(GENERATOR + r"(render|views)\.py")),
    ("writing", re.compile(r"(^|;)(write_file|copy_file|write_text|write_bytes|copyfile|copy2|copyfileobj) \(")),
    ("imports", re.compile(r"<frozen importlib\._bootstrap")),
]
MARKDOWN_PARTS: list[tuple[str, re.Pattern[str]]] = [  # within Python-Markdown, the innermost match counts
    ("md_in_html", re.compile(r"extensions[/\\]md_in_html\.py")),
    ("abbreviations", re.compile(r"extensions[/\\]abbr\.py")),
    ("footnotes", re.compile(r"extensions[/\\]footnotes\.py")),
    ("toc", re.compile(r"extensions[/\\]toc\.py")),
    ("link rewriting (MkDocs)", re.compile(r"mkdocs[/\\]structure[/\\]pages\.py")),
    ("inline patterns", re.compile(r"markdown[/\\](inlinepatterns|treeprocessors)\.py")),
    ("block parser", re.compile(r"markdown[/\\](blockparser|blockprocessors)\.py")),
    ("serialising", re.compile(r"markdown[/\\](serializers|postprocessors)\.py")),
]
WAITING = re.compile(r"^(wait|_wait_for_tstate_lock|select|poll|sleep|acquire|_recv|recv|recv_into|accept|_poll|epoll) \(")
PROFILE_RATE = 100  # samples per second and thread


def profile(project: Path, out: Path) -> dict[str, Any]:
    """One full `mkdocs build` of the current code under py-spy (all its processes, waits included), and its split."""
    spy = shutil.which("py-spy", path=str(Path(PY).parent)) or shutil.which("py-spy")
    if spy is None:
        raise SystemExit('--profile needs py-spy: .venv/bin/python -m pip install -e ".[bench]"')
    raw = out / f"profile-{project.name}.txt"
    record = [spy, "record", "--format", "raw", "--rate", str(PROFILE_RATE), "--subprocesses", "--idle", "--full-filenames"]
    build = timed_build(PY, project, project / "mkdocs.yml", project / "site-profile", spy=[*record, "-o", str(raw)])
    return {"profile_build_s": round(build["wall_s"], 2), **profile_split(raw), "profile_raw": str(raw)}


def profile_split(raw: Path) -> dict[str, Any]:
    """Shares of py-spy's samples per part of the build (PARTS).

    A sample that only waits (a pool's idle thread, a sleep until a file is there) is counted as waiting and left
    out of the shares, unless it waits for Pagefind (a subprocess): that wait is on the build's path.
    """
    parts: Counter[str] = Counter()
    markdown: Counter[str] = Counter()
    other: Counter[str] = Counter()
    waiting = 0
    for line in raw.read_text("utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [f for f in stack.split(";") if not f.startswith("process ")]
        stack, n = ";".join(frames), int(count)
        if not frames:  # a process between Python frames (starting, exiting)
            frames = ["(no Python frame)"]
        part = next((name for name, pattern in PARTS if pattern.search(stack)), None)
        if part != "Pagefind" and WAITING.search(frames[-1]):
            waiting += n
            continue
        if part is None:
            part = "other"
            other[re.sub(r":\d+\)$", ")", frames[-1])] += n
        parts[part] += n
        if part == "Python-Markdown":
            first = next(i for i, f in enumerate(frames) if MARKDOWN.search(f))  # from Markdown's entry inwards
            inner = next(
                (name for f in reversed(frames[first:]) for name, pattern in MARKDOWN_PARTS if pattern.search(f)), "other"
            )
            markdown[inner] += n
    total = sum(parts.values())
    return {
        "profile_samples_s": round(total / PROFILE_RATE, 1),
        "profile_waiting_s": round(waiting / PROFILE_RATE, 1),
        "profile_split_pct": {name: round(100 * n / total, 1) for name, n in parts.most_common()},
        "profile_markdown_split_pct": {
            name: round(100 * n / max(1, sum(markdown.values())), 1) for name, n in markdown.most_common()
        },
        "profile_other_top": {name: round(100 * n / total, 1) for name, n in other.most_common(8)},
    }


def machine() -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0")
    import material
    import mkdocs

    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory_gb": f"{int(mem) / 1024 / 1024:.0f}",
        "python": platform.python_version(),
        "mkdocs": mkdocs.__version__,
        "material": getattr(material, "__version__", "?"),
        "commit": git("rev-parse", "--short", "HEAD")
        + (" (with uncommitted changes)" if git("status", "--porcelain", "--", "generator") else ""),
    }


def run(n: int, out: Path, args: argparse.Namespace, ref: tuple[Path, str, str] | None) -> dict[str, Any]:
    project = out / f"corpus-{n}"
    generate(n, project)
    check = subprocess.run([PY, "-m", "generator", "--root", str(project), "check"], capture_output=True, text=True, env=ENV)
    if check.returncode != 0:
        raise SystemExit(check.stderr)
    figures: dict[str, Any] = {"reports": n}
    ref_project = out / f"corpus-{n}-ref"
    if ref:
        generate(n, ref_project, source=ref[0])
    # reference and current builds alternate, so a busy spell on this shared machine hits both
    builds: dict[str, list[dict[str, float]]] = {"current": [], "reference": []}
    loads = [load_average()]
    for _ in range(args.repeat):
        if ref:
            builds["reference"].append(timed_build(ref[1], ref_project, ref_project / "mkdocs.yml", ref_project / "site"))
            loads.append(load_average())
        builds["current"].append(timed_build(PY, project, project / "mkdocs.yml", project / "site"))
        loads.append(load_average())
    for side, runs in builds.items():
        if runs:
            walls = [b["wall_s"] for b in runs]
            figures[side] = {
                **summary(walls),
                "peak_mb": round(max(b["peak_mb"] for b in runs)),
                "cpu_pct": round(100 * sum(b["cpu_s"] for b in runs) / sum(walls)),
                "cpu_median_s": round(statistics.median(b["cpu_s"] for b in runs), 2),  # steadier than wall time when busy
                "cpu_runs_s": [round(b["cpu_s"], 2) for b in runs],
            }
    current = figures["current"]
    figures["load_average"] = {"min": min(loads), "max": max(loads), "samples": loads}
    if ref:
        reference_ = figures["reference"]
        figures["ratio_fastest"] = round(current["fastest_s"] / reference_["fastest_s"], 3)
        figures["ratio_median"] = round(current["median_s"] / reference_["median_s"], 3)
        figures["noise_pct"] = max(reference_["spread_pct"], current["spread_pct"])
        figures["ratio_cpu_median"] = round(current["cpu_median_s"] / reference_["cpu_median_s"], 3)
    collect_s = collect_time(project)
    if collect_s is not None:
        figures["load_validate_index_s"] = round(collect_s, 2)
        figures["load_validate_index_share"] = round(collect_s / current["fastest_s"], 3)
    figures["build_s_per_report"] = round(current["fastest_s"] / n, 3)
    figures.update(sizes(project / "site"))
    figures.update(first_view_and_search(project / "site"))
    if ref:
        ref_site = ref_project / "site"
        figures["reference_sizes"] = sizes(ref_site)
        figures["reference_browser"] = first_view_and_search(ref_site)
        if not args.no_pagefind and not (ref_site / "pagefind").is_dir():
            figures["reference_browser"].update(pagefind_comparison(ref_site))
    if not args.no_pagefind and not (project / "site" / "pagefind").is_dir():
        figures.update(pagefind_comparison(project / "site"))
    if args.baseline:
        plain = project / "plain"
        subprocess.run(
            [PY, "-m", "generator", "--root", str(project), "export", str(plain)], check=True, capture_output=True, env=ENV
        )
        try:  # relies on pipeline.build() returning nav and glossary
            config = baseline_config(project, plain)
        except Exception as error:
            figures["baseline_error"] = repr(error)
        else:
            base = [timed_build(PY, project, config, project / "site-plain")["wall_s"] for _ in range(args.repeat)]
            figures["baseline"] = summary(base)
            figures["overhead_ratio"] = round(current["fastest_s"] / min(base), 3)
    if not args.no_serve:
        latency = serve_latency(project, args.serve_rounds)
        figures["serve_edit_to_preview_s"] = round(latency, 2)
        figures["serve_ratio_to_build"] = round(latency / current["fastest_s"], 3)
    if args.profile:
        figures.update(profile(project, out))
    return figures


ROWS: list[tuple[str, str]] = [  # (label, path into a run's figures)
    ("`mkdocs build`, current code: fastest (s)", "current.fastest_s"),
    ("  median (s)", "current.median_s"),
    ("  all builds (s)", "current.runs_s"),
    ("`mkdocs build`, reference: fastest (s)", "reference.fastest_s"),
    ("  median (s)", "reference.median_s"),
    ("  all builds (s)", "reference.runs_s"),
    ("**ratio current/reference, fastest** (target ≤ 0.5)", "ratio_fastest"),
    ("**ratio current/reference, median**", "ratio_median"),
    ("noise: spread of identical builds, reference (%)", "reference.spread_pct"),
    ("noise: spread of identical builds, current (%)", "current.spread_pct"),
    ("load average during the builds (min–max)", "load_average"),
    ("CPU time (user+sys) of a build, current: median (s)", "current.cpu_median_s"),
    ("CPU time (user+sys) of a build, reference: median (s)", "reference.cpu_median_s"),
    ("ratio of CPU time current/reference, median (steadier on a busy machine)", "ratio_cpu_median"),
    ("peak memory, current (MB) (target ≤ 976)", "current.peak_mb"),
    ("peak memory, reference (MB)", "reference.peak_mb"),
    ("CPU use during build, current (%)", "current.cpu_pct"),
    ("CPU use during build, reference (%)", "reference.cpu_pct"),
    ("load+validate+index share of the build", "load_validate_index_share"),
    ("HTML pages", "pages"),
    ("heaviest page", "heaviest_page"),
    ("**heaviest page (kB)** (target ≤ 500)", "heaviest_page_kb"),
    ("pages over 500 kB", "pages_over_500kb"),
    ("heaviest page, reference (kB)", "reference_sizes.heaviest_page_kb"),
    ("search", "search_engine"),
    ("first page view (kB gzip)", "first_view_gzip_kb"),
    ("first search (kB gzip)", "first_search_gzip_kb"),
    ("**first view + first search (kB gzip)** (target ≤ 500)", "first_view_and_search_gzip_kb"),
    ("  search measured via", "search_via"),
    ("first view + first search, reference (kB gzip)", "reference_browser.first_view_and_search_gzip_kb"),
    ("requests to other hosts", "other_hosts"),
    ("Pagefind added for comparison: first search (kB gzip)", "pagefind_cli_first_search_gzip_kb"),
    ("Pagefind added to the reference: first search (kB gzip)", "reference_browser.pagefind_cli_first_search_gzip_kb"),
    ("`mkdocs serve --dirty`: save → new page (s)", "serve_edit_to_preview_s"),
    ("**serve / full build** (target ≤ 0.10)", "serve_ratio_to_build"),
    ("overhead ratio plugin/plain Markdown (--baseline)", "overhead_ratio"),
]


def table(runs: list[dict[str, Any]]) -> str:
    def get(figures: dict[str, Any], path: str) -> str:
        value: Any = figures
        for key in path.split("."):
            if not isinstance(value, dict) or key not in value:
                return "–"
            value = value[key]
        if path == "load_average":
            return f"{value['min']:.2f}–{value['max']:.2f}"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value) or "none"
        return str(value)

    lines = ["| measurement | " + " | ".join(str(r["reports"]) for r in runs) + " |", "|---|" + "---|" * len(runs)]
    for label, path in ROWS:
        cells = [get(r, path) for r in runs]
        if any(c != "–" for c in cells):
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    for r in runs:
        if "profile_split_pct" in r:
            lines.append(
                f"\nProfile at {r['reports']} reports ({r['profile_samples_s']} s of samples, {r['profile_waiting_s']} s waiting left out):"
            )
            lines += [f"- {name}: {pct}%" for name, pct in r["profile_split_pct"].items()]
            lines.append("  Python-Markdown: " + ", ".join(f"{k} {v}%" for k, v in r["profile_markdown_split_pct"].items()))
            lines.append("  other, top: " + ", ".join(f"{k} {v}%" for k, v in r["profile_other_top"].items()))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    parser.add_argument(
        "--repeat", type=int, default=3, help="build pairs (reference, current), alternating; fastest and median count"
    )
    parser.add_argument("--ref", default=REF_COMMIT, help=f"commit to compare with (default {REF_COMMIT})")
    parser.add_argument("--no-ref", action="store_true", help="skip the reference builds")
    parser.add_argument("--profile", action="store_true", help="profile one extra build of the current code with py-spy")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve latency measurement")
    parser.add_argument("--serve-rounds", type=int, default=3, help="edits to time in mkdocs serve (median is reported)")
    parser.add_argument(
        "--no-pagefind", action="store_true", help="do not index a site without Pagefind with Pagefind for comparison"
    )
    parser.add_argument("--baseline", action="store_true", help="also build the exported plain Markdown without the plugin")
    args = parser.parse_args()
    args.out = args.out.resolve()  # builds run with the corpus as working folder
    args.out.mkdir(parents=True, exist_ok=True)
    current = which_generator(PY)
    if Path(current.split()[0]) != ROOT / "generator":
        raise SystemExit(f"{PY} imports generator from {current}, not from {ROOT}: run from the repository's .venv")
    ref = None if args.no_ref else reference(args.out, args.ref)
    for python, tree in [(PY, ROOT), *([(ref[1], ref[0])] if ref else [])]:  # no bytecode compiling inside the first build
        subprocess.run([python, "-m", "compileall", "-q", str(tree / "generator")], check=True, env=ENV)
    results: dict[str, Any] = {
        "machine": machine(),
        "command": " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]),
        "generator": {
            "current": current,
            **({"reference": which_generator(ref[1]), "reference_commit": ref[2]} if ref else {}),
        },
        "runs": [],
    }
    print(json.dumps({k: results[k] for k in ("machine", "generator")}), flush=True)
    for n in args.sizes:
        figures = run(n, args.out, args, ref)
        results["runs"].append(figures)
        print(json.dumps(figures), flush=True)
        (args.out / "benchmark.json").write_text(json.dumps(results, indent=2), "utf-8")
    print()
    print(table(results["runs"]))


if __name__ == "__main__":
    main()
