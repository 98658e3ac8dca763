"""Benchmark: build cost of the generator at 10, 100 and 1000 synthetic gemeenterapporten.

Usage (from the repository root; `make bench` sets up and runs it):

    .venv/bin/python scripts/benchmark.py [--sizes 10 100 1000] [--out bench-out]
        [--repeat 2] [--serve-rounds 3] [--no-serve] [--no-pagefind]

For each size it generates a synthetic but realistic corpus (the real kader/
folder, N gemeenten in 25 regions, N reports with 6-14 findings, 2-5 good
examples and 4-6 recommendations linked to the 12 indicators, Dutch domain
vocabulary, fixed seed), checks it, and prints:

- full `mkdocs build` wall time and peak memory (RSS of the build process);
- the same pages written out as plain Markdown (`python -m generator export`)
  built by a plain `mkdocs build` without the plugin (same theme, extensions,
  nav and glossary): the baseline, and the ratio plugin/baseline (both built
  --repeat times, alternating; the fastest of each counts);
- load+validate+index and render times in-process, and their share of the build;
- search index size (raw and gzip), the heaviest HTML page, pages over 500 kB,
  and the bytes a browser fetches for its first search with Material's lunr
  index (index + worker + lunr, gzip) and with Pagefind (measured in Chromium);
- `mkdocs serve --dirty` latency (what `make serve` runs) from saving one
  report to the page showing the change, and its ratio to the full build.

Figures are printed as a table and written as JSON to the out folder. This is
not part of the test suite: timings on shared machines are noisy, compare ratios.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import resource
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

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


def generate(n: int, target: Path) -> None:
    """A project folder with the real kader and n synthetic gemeenterapporten."""
    if target.exists():
        shutil.rmtree(target)
    (target / "rapporten").mkdir(parents=True)
    shutil.copytree(ROOT / "kader", target / "kader")
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(ROOT / "site_overrides", target / "site_overrides")
    (target / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text("utf-8").replace("  - generator/templates\n", ""), "utf-8")
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


def timed_build(project: Path, config: Path, site: Path) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of one `mkdocs build` subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(
        [PY, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr[-3000:]}")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return elapsed, peak


def baseline_config(project: Path, plain: Path) -> Path:
    """mkdocs.yml for the exported Markdown: same theme and extensions, the plugin's nav and glossary, no plugin."""
    sys.path.insert(0, str(ROOT))
    from generator import pipeline

    rendered = pipeline.build(project)
    text = (project / "mkdocs.yml").read_text("utf-8")
    text = re.sub(r"\n  - kader\n", "\n", text)
    text = text.replace("docs_dir: docs", f"docs_dir: {plain / 'docs'}")  # the export is a site source: pages in docs/
    text = text.replace("custom_dir: site_overrides", f"custom_dir: {project / 'site_overrides'}")
    text = text.replace("strict: true", "strict: false")
    glossary = "markdown_extensions:\n  - abbr:\n      glossary: " + json.dumps(rendered.glossary) + "\n"
    text = text.replace("markdown_extensions:\n  - abbr\n", glossary)
    text += "\nnav: " + json.dumps(rendered.nav) + "\n"
    config = project / "mkdocs-baseline.yml"
    config.write_text(text, "utf-8")
    for page in (project / "docs").glob("*.md"):
        shutil.copy(page, plain / "docs" / page.name)
    return config


def in_process(project: Path) -> tuple[float, float]:
    sys.path.insert(0, str(ROOT))
    from generator import pipeline
    from generator.render import render_site

    start = time.perf_counter()
    collected = pipeline.collect(project)
    middle = time.perf_counter()
    render_site(collected.index)
    return middle - start, time.perf_counter() - middle


def sizes(site: Path) -> dict[str, object]:
    pages = [(p.stat().st_size, str(p.relative_to(site))) for p in site.rglob("*.html")]
    heaviest = max(pages)
    index = site / "search" / "search_index.json"
    raw = index.read_bytes()
    first_search = len(gzip.compress(raw))
    for path in [
        *(site / "assets" / "javascripts" / "workers").glob("*.js"),
        site / "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
        site / "assets/javascripts/lunr/min/lunr.nl.min.js",
    ]:
        if path.exists():
            first_search += len(gzip.compress(path.read_bytes()))
    return {
        "pages": len(pages),
        "heaviest_page": heaviest[1],
        "heaviest_page_kb": round(heaviest[0] / 1024, 1),
        "pages_over_500kb": sum(1 for size, _ in pages if size > 500 * 1024),
        "search_index_kb": round(len(raw) / 1024, 1),
        "search_index_gzip_kb": round(len(gzip.compress(raw)) / 1024, 1),
        "first_search_gzip_kb": round(first_search / 1024, 1),
    }


PAGEFIND_QUERY = "veiligheidsplan"
PAGEFIND_RESULTS = 10  # a first page of results, with their excerpts


def pagefind_first_search(site: Path) -> dict[str, object]:
    """Index the built site with Pagefind and measure, in Chromium, what one search downloads.

    Pagefind (pip package ``pagefind[bin]``, `make bench` installs it) writes a
    chunked index next to the site. The browser loads Pagefind's script, its
    WebAssembly, the entry and metadata files, the index chunks for the query
    and the fragments of the first results; we sum those files as a server
    sends them (gzip for files Pagefind did not compress itself).
    """
    import http.server
    import threading

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
    folder = site / "pagefind"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: Quiet(*a, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            # a page without the site CSP: Pagefind needs WebAssembly (CSP would need wasm-unsafe-eval)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/pagefind/pagefind-entry.json")
            urls: list[str] = []  # requests from the page and from Pagefind's worker
            page.on("request", lambda request: urls.append(request.url.split("?")[0]))
            found = page.evaluate(
                """async ([query, n]) => {
                    const pagefind = await import('/pagefind/pagefind.js');
                    const search = await pagefind.search(query);
                    await Promise.all(search.results.slice(0, n).map(r => r.data()));
                    return search.results.length;
                }""",
                [PAGEFIND_QUERY, PAGEFIND_RESULTS],
            )
            browser.close()
    finally:
        server.shutdown()
    total = 0
    for url in urls:
        data = (site / url.split("/", 3)[3]).read_bytes()
        total += len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data))
    return {
        "pagefind_index_s": round(index_s, 2),
        "pagefind_index_kb": round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1024, 1),
        "pagefind_query": PAGEFIND_QUERY,
        "pagefind_results": found,
        "pagefind_files_fetched": len(urls),
        "pagefind_first_search_gzip_kb": round(total / 1024, 1),
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
                return response.read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 1800
        while "Resultaten" not in fetch():
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("serve did not start")
            time.sleep(1)
        latencies = []
        for n in range(rounds):
            token = f"meettoken{n}x{int(time.time())}"
            text = report.read_text("utf-8").replace("titel: Inleiding", f"titel: Inleiding {token}", 1)
            start = time.perf_counter()
            report.write_text(text, "utf-8")
            while token not in fetch():
                time.sleep(0.2)
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
    }


def run(n: int, out: Path, serve: bool, rounds: int = 3, pagefind: bool = True, repeat: int = 1) -> dict[str, object]:
    project = out / f"corpus-{n}"
    generate(n, project)
    check = subprocess.run([PY, "-m", "generator", "--root", str(project), "check"], capture_output=True, text=True, env=ENV)
    if check.returncode != 0:
        raise SystemExit(check.stderr)
    collect_s, render_s = in_process(project)
    plain = project / "plain"
    subprocess.run(
        [PY, "-m", "generator", "--root", str(project), "export", str(plain)], check=True, capture_output=True, env=ENV
    )
    baseline = baseline_config(project, plain)
    # plugin and baseline builds alternate, so a busy spell on this shared machine hits both; the fastest counts
    runs, base_runs, peaks = [], [], []
    for _ in range(repeat):
        elapsed, peak = timed_build(project, project / "mkdocs.yml", project / "site")
        runs.append(elapsed)
        peaks.append(peak)
        base_runs.append(timed_build(project, baseline, project / "site-plain")[0])
    build_s, base_s, peak_mb = min(runs), min(base_runs), max(peaks)
    figures: dict[str, object] = {
        "reports": n,
        "build_s": round(build_s, 2),
        "peak_mb": round(peak_mb),
        "build_runs_s": [round(r, 2) for r in runs],
        "baseline_build_s": round(base_s, 2),
        "baseline_runs_s": [round(r, 2) for r in base_runs],
        "overhead_ratio": round(build_s / base_s, 3),
        "load_validate_index_s": round(collect_s, 2),
        "load_validate_index_share": round(collect_s / build_s, 3),
        "render_s": round(render_s, 2),
        "build_s_per_report": round(build_s / n, 3),
        **sizes(project / "site"),
    }
    if pagefind:
        figures.update(pagefind_first_search(project / "site"))
    if serve:
        latency = serve_latency(project, rounds)
        figures["serve_edit_to_preview_s"] = round(latency, 2)
        figures["serve_ratio_to_build"] = round(latency / build_s, 3)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve latency measurement")
    parser.add_argument("--repeat", type=int, default=2, help="builds per variant (alternating); the fastest counts")
    parser.add_argument("--no-pagefind", action="store_true", help="skip the Pagefind comparison")
    parser.add_argument("--serve-rounds", type=int, default=3, help="edits to time in mkdocs serve (median is reported)")
    args = parser.parse_args()
    args.out = args.out.resolve()  # builds run with the corpus as working folder
    args.out.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(), "runs": []}
    print(json.dumps(results["machine"]))
    for n in args.sizes:
        figures = run(
            n, args.out, serve=not args.no_serve, rounds=args.serve_rounds, pagefind=not args.no_pagefind, repeat=args.repeat
        )
        results["runs"].append(figures)  # type: ignore[attr-defined]
        print(json.dumps(figures), flush=True)
        (args.out / "benchmark.json").write_text(json.dumps(results, indent=2), "utf-8")


if __name__ == "__main__":
    main()
