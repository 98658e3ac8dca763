"""Hostile and broken input: every case ends in a positioned Dutch problem, never in a traceback or wrong output.

The guard that would turn an unexpected exception into one line re-raises in
the tests (KADER_INTERN_FOUT=raise, tests/conftest.py), so reaching it fails
the test with the real traceback.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from conftest import ROOT, edit
from hypothesis import example, given
from hypothesis import strategies as st

from generator import cli, index, load, model, paths, pipeline, validate, zoeken, zoekvormen
from generator.data import csv_cell
from generator.problems import INTERNAL_ERROR_ENV, Problem, guard

ALFA = "rapporten/2019-alfa.yaml"
# A one-line text value in the fixture, at line 27, its value starting at column 20.
TEKST = "tekst: De lijnen zijn kort."


def problems_at(root: Path) -> list[str]:
    return [str(p) for p in pipeline.check(root)]


def assert_problem(root: Path, where: str, *words: str) -> None:
    found = problems_at(root)
    matching = [p for p in found if p.startswith(where + ":")]
    assert matching, f"no problem at {where}; got {found}"
    assert any(all(w in p for w in words) for p in matching), f"{words} not in {matching}"


def run_check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "check"], capture_output=True, text=True, timeout=120
    )


# --------------------------------------------------------------------------- #
# 1. Content is text: tags, anchors, limits, links on disk
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("value", "column", "tag"),
    [
        pytest.param("!!binary PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", 20, "!!binary", id="binary"),
        pytest.param("!!set {a, b}", 20, "!!set", id="set"),
        pytest.param("!!omap [a: 1]", 20, "!!omap", id="omap"),
        pytest.param("!!pairs [a: 1]", 20, "!!pairs", id="pairs"),
        pytest.param("!!python/object/apply:os.system [echo]", 20, "!!python/object/apply:os.system", id="python"),
        pytest.param("!eigen tekst", 20, "!eigen", id="custom-tag"),
        pytest.param("[!!binary aGk=]", 21, "!!binary", id="tag-inside-a-list"),
    ],
)
def test_non_text_tags_are_refused(mini: Path, value: str, column: int, tag: str) -> None:
    edit(mini / ALFA, TEKST, f"tekst: {value}")
    assert_problem(mini, f"{ALFA}:27:{column}", f"YAML-tag '{tag}'", "niet toegestaan")


def test_standard_tags_are_text(mini: Path) -> None:
    edit(mini / ALFA, TEKST, "tekst: !!str De lijnen zijn kort.")
    assert problems_at(mini) == []


def test_merge_key_is_refused(mini: Path) -> None:
    edit(mini / ALFA, "nazorg: {deadline: 2019-11-01}", "nazorg: {<<: {deadline: 2019-11-01}}")
    assert_problem(mini, f"{ALFA}:10:10", "YAML-tag '!!merge'")


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        pytest.param("titel: Proefrapport Alfa", "titel: &t Proefrapport Alfa", "2:8", id="anchor"),
        pytest.param(TEKST, "tekst: *onbekend", "27:20", id="unknown-alias"),
        pytest.param("regio: Regio Noord", "regio: &r Regio Noord\nx: *r", "7:8", id="alias"),
        pytest.param("gemeenten: [alfa]", "gemeenten: &g [alfa, *g]", "8:12", id="recursive-alias"),
    ],
)
def test_anchors_and_aliases_are_refused(mini: Path, old: str, new: str, where: str) -> None:
    edit(mini / ALFA, old, new)
    found = problems_at(mini)
    assert any(p.startswith(f"{ALFA}:{where}:") and ("ankers (&naam)" in p or "YAML" in p) for p in found), found


def test_alias_bomb_ends_at_once(mini: Path) -> None:
    """28 bytes per level used to run for an hour; the first anchor is refused before anything is expanded."""
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 40)]
    (mini / "rapporten/bom.yaml").write_text("\n".join(levels) + "\n", "utf-8")
    start = time.perf_counter()
    assert_problem(mini, "rapporten/bom.yaml:1:5", "ankers (&naam)")
    assert time.perf_counter() - start < 30  # a guard against hanging, not a speed target


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param("a: " + "[" * 100_000 + "\n", "1:43", id="100k-open-brackets"),
        pytest.param("a: " + "[" * 100_000 + "]" * 100_000 + "\n", "1:43", id="100k-nested-lists"),
        pytest.param("a: " + "{b: " * 50_000 + "}" * 50_000 + "\n", "1:160", id="50k-nested-mappings"),
        pytest.param("- " * 100_000 + "x\n", "1:81", id="100k-compact-block-lists"),
        pytest.param("".join("  " * i + f"k{i}:\n" for i in range(500)) + "  " * 500 + "x\n", "41:81", id="500-indented-keys"),
    ],
)
def test_deep_nesting_is_refused_by_the_real_command(mini: Path, text: str, where: str) -> None:
    """libyaml's composer recurses in C (a crash above ~10 000 levels): deep files are refused before composing."""
    (mini / "rapporten/diep.yaml").write_text(text, "utf-8")
    result = run_check(mini)
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"rapporten/diep.yaml:{where}: de inhoud is dieper genest dan 40 niveaus" in result.stderr
    assert "Traceback" not in result.stderr


def test_nesting_up_to_the_limit_is_fine(mini: Path) -> None:
    (mini / "rapporten/diep.yaml").write_text("a: " + "[" * 39 + "]" * 39 + "\n", "utf-8")
    found = [p for p in problems_at(mini) if p.startswith("rapporten/diep.yaml")]
    assert found and "genest" not in found[0] and "YAML" not in found[0], found  # a model problem, not a limit


def test_huge_integer_is_refused(mini: Path) -> None:
    edit(mini / ALFA, "publicatie: 2019-06", "publicatie: " + "9" * 5000)
    assert_problem(mini, f"{ALFA}:5:13", "getal van 5000 cijfers", "18 cijfers")


def test_long_text_and_big_file_are_refused(mini: Path) -> None:
    edit(mini / ALFA, TEKST, "tekst: " + "a" * (load.MAX_TEXT_CHARS + 1))
    assert_problem(mini, f"{ALFA}:27:20", f"tekst van {load.MAX_TEXT_CHARS + 1} tekens")
    (mini / "rapporten/groot.yaml").write_text("a: |\n" + ("  regel\n" * (load.MAX_FILE_BYTES // 8 + 1)), "utf-8")
    assert_problem(mini, "rapporten/groot.yaml:1:1", "de grens is 2000000 bytes")


def test_real_files_are_far_below_the_limits() -> None:
    """The limits are documented in BEHEER.md and leave room: the largest real file is under a twentieth of MAX_FILE_BYTES."""
    files = list(load.content_files(ROOT))
    assert max(f.stat().st_size for f in files) * 20 < load.MAX_FILE_BYTES
    text = (ROOT / "BEHEER.md").read_text("utf-8")
    for figure in ("2 MB", "100 000 tekens", "40 niveaus", "18 cijfers", f"{validate.MAX_LIST_DEPTH} niveaus"):
        assert figure in text, figure


def test_symlinks_are_refused_and_not_read(mini: Path, tmp_path: Path) -> None:
    secret = tmp_path / "geheim.yaml"
    secret.write_text((mini / ALFA).read_text("utf-8").replace("id: 2019-alfa", "id: 2019-geheim"), "utf-8")
    (mini / "rapporten/2019-geheim.yaml").symlink_to(secret)
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / "x.yaml").write_text("id: x\n", "utf-8")
    (mini / "kader/varianten/buiten").symlink_to(outside, target_is_directory=True)
    found = problems_at(mini)
    assert "rapporten/2019-geheim.yaml:1:1: dit is een symbolische koppeling" in " ".join(found), found
    assert any(p.startswith("kader/varianten/buiten:1:1: dit is een symbolische koppeling") for p in found), found
    assert len(found) == 2, found
    collected = pipeline.collect(mini)
    assert "2019-geheim" not in collected.index.rapporten


def test_content_folder_that_is_a_symlink_is_refused(mini: Path, tmp_path: Path) -> None:
    real = tmp_path / "elders"
    (mini / "rapporten").rename(real)
    (mini / "rapporten").symlink_to(real, target_is_directory=True)
    found = problems_at(mini)
    assert any(p.startswith("rapporten:1:1: dit is een symbolische koppeling") for p in found), found


@pytest.mark.parametrize(
    ("content", "where", "words"),
    [
        pytest.param(b"id: a\x00b\n", "1:6", ["het teken \\x00"], id="nul"),
        pytest.param(b'a: x\nb: "\x07"\n', "2:5", ["het teken \\x07"], id="bell"),
        pytest.param(b"? [a, b]\n: c\n", "1:3", ["een sleutel moet een woord of getal zijn"], id="list-as-key"),
        pytest.param(b"%TAG ! tag:yaml.org,2002:\n---\nid: !binary aGk=\n", "3:5", ["'!!binary'"], id="tag-directive"),
        pytest.param(b"nummer: 0o" + b"7" * 30 + b"\n", "1:9", ["getal van 31 cijfers"], id="octal"),
        pytest.param(b"nummer: 1_000_000_000_000_000_000\n", "1:9", ["getal van 19 cijfers"], id="underscores"),
    ],
)
def test_odd_yaml_ends_in_a_positioned_problem(mini: Path, content: bytes, where: str, words: list[str]) -> None:
    (mini / "rapporten/raar.yaml").write_bytes(content)
    assert_problem(mini, f"rapporten/raar.yaml:{where}", *words)


def test_fifo_is_not_read(mini: Path) -> None:
    os.mkfifo(mini / "rapporten/pijp.yaml")
    assert_problem(mini, "rapporten/pijp.yaml:1:1", "geen gewoon bestand")


# --------------------------------------------------------------------------- #
# 2. Text checks: what passes the check always renders
# --------------------------------------------------------------------------- #

LINK_CASES = [
    pytest.param("[kort](jav&#x61;script:alert(1))", 43, "script- of datalink", id="entity-javascript"),
    pytest.param("[kort](&#106;avascript:alert(1))", 43, "script- of datalink", id="numeric-entity"),
    pytest.param("[kort](java&#x09;script:alert(1))", 43, "script- of datalink", id="entity-tab"),
    pytest.param("[kort](JAVASCRIPT:alert(1))", 43, "script- of datalink", id="uppercase"),
    pytest.param("[kort](data:text/html;base64,PHNjcmlwdD4=)", 43, "script- of datalink", id="data"),
    pytest.param("[kort](javascript&colon;alert(1))", 43, "script- of datalink", id="named-entity-colon"),
    pytest.param("[kort](bijlage.md)", 43, "relatieve link", id="relative"),
    pytest.param("[kort](../index.md)", 43, "relatieve link", id="relative-up"),
    pytest.param("[kort](#__config)", 43, "anker", id="anchor"),
    pytest.param("[kort](//evil.example/x)", 43, "zonder protocol", id="protocol-relative"),
    pytest.param("[kort]()", 43, "zonder adres", id="empty"),
    pytest.param("[kort](ftp://example.org)", 43, "onbekend protocol", id="ftp"),
    pytest.param("[kort](https\u200b://example.org)", 43, "", id="zero-width-in-scheme"),
]


@pytest.mark.parametrize(("link", "column", "kind"), LINK_CASES)
def test_unsafe_links_are_refused(mini: Path, link: str, column: int, kind: str) -> None:
    edit(mini / ALFA, TEKST, f'tekst: "De lijnen zijn {link}."')
    assert_problem(mini, f"{ALFA}:27:{column}", "link naar", kind, "https://, http:// of mailto:")


def test_link_split_over_lines_is_refused(mini: Path) -> None:
    edit(mini / ALFA, TEKST, "tekst: |\n              De lijnen zijn [kort](java\n              script:alert(1)).")
    assert_problem(mini, f"{ALFA}:28:37", "link naar 'javascript:alert(1'")


@pytest.mark.parametrize(
    "link",
    [
        "[kort](https://example.org/a?b=1&amp;c=2)",
        "[kort](http://example.org)",
        "[kort](mailto:info@example.org)",
        '[kort](https://example.org \\"titel\\")',
        "[kort][r]\\n\\n[r]: https://example.org",
    ],
)
def test_safe_links_pass(mini: Path, link: str) -> None:
    edit(mini / ALFA, TEKST, f'tekst: "De lijnen zijn {link}."')
    assert problems_at(mini) == []


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        pytest.param(
            "Kort.\\n\\n[r]: javascript:alert(1)", "27:34", ["link naar 'javascript:alert(1)'"], id="reference-definition"
        ),
        pytest.param("Kort.\\n\\n[r]:\\n  #anker", "27:34", ["anker"], id="reference-definition-next-line"),
        pytest.param("Kort.\\n\\n- [r]: bijlage.md", "27:36", ["relatieve link"], id="reference-definition-in-list"),
        pytest.param(
            "Kort.[^1]\\n\\n[^1]: Een voetnoot.", "27:34", ["voetnoottekst ('[^1]:')", "'voetnoten'"], id="footnote-definition"
        ),
        pytest.param("Kort. {: onclick=alert(1) }", "27:27", ["attributen"], id="attr-list-colon"),
        pytest.param("Kort. {#__config}", "27:27", ["attributen"], id="attr-list-id"),
        pytest.param("Kort. {.md-header}", "27:27", ["attributen"], id="attr-list-class"),
        pytest.param("Kort. {onclick=alert(1)}", "27:27", ["attributen"], id="attr-list-key-value"),
        pytest.param("Kort. ![x](https://example.org/p.png)", "27:27", ["afbeelding"], id="image"),
        pytest.param("Kort. <a href=x>", "27:27", ["ruwe HTML"], id="raw-html"),
        pytest.param("Kort. <  /  script>", "27:27", ["ruwe HTML"], id="raw-html-with-spaces"),
        pytest.param(
            "Kort.\\n\\n" + "".join("    " * i + "- punt\\n" for i in range(7)), "27:138", ["dieper genest dan 6"], id="deep-list"
        ),
        pytest.param("Kort.\\n\\n" + "> " * 7 + "citaat", "27:30", ["dieper genest dan 6"], id="deep-quote"),
        pytest.param("Kort.\\n\\n" + "- " * 7 + "punt", "27:30", ["dieper genest dan 6"], id="deep-compact-list"),
        pytest.param("VUL IN: tekst", "27:21", ["plaatshouder 'VUL IN'"], id="placeholder"),
        pytest.param("Kort.\\e[2J", "27:20", ["onzichtbaar stuurteken \\x1b"], id="escape-character"),
        pytest.param("Kort.\\u202egoed", "27:20", ["onzichtbaar stuurteken \\u202e"], id="bidi-override"),
        pytest.param("# Kop", "27:21", ["een kopje"], id="heading"),
        pytest.param("Kop\\n===", "27:21", ["een kopje"], id="setext-heading"),
        pytest.param("Zie [bijlage 2.", "27:25", ["'[' zonder ']'"], id="unclosed-bracket"),
        pytest.param("[[[[a]]]]", "27:24", ["dieper genest dan 3"], id="nested-brackets"),
    ],
)
def test_markdown_the_renderer_would_not_keep_is_refused(mini: Path, text: str, where: str, words: list[str]) -> None:
    edit(mini / ALFA, TEKST, f'tekst: "{text}"')
    assert_problem(mini, f"{ALFA}:{where}", *words)


def test_six_levels_of_list_are_fine(mini: Path) -> None:
    items = "".join("    " * i + "- punt\\n" for i in range(6))
    edit(mini / ALFA, TEKST, f'tekst: "Kort.\\n\\n{items}"')
    assert problems_at(mini) == []


# --------------------------------------------------------------------------- #
# 3. Every regex on content runs in linear time
# --------------------------------------------------------------------------- #


def _elapsed(function: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - start)
    return best


def _each(pattern: object) -> Callable[[str], object]:
    return lambda text: sum(1 for _ in pattern.finditer(text))  # type: ignore[attr-defined]


REGEX_FUNCTIONS: dict[str, Callable[[str], object]] = {
    "validate.text_problems": lambda text: list(validate.text_problems(text, "tekst")),
    "validate.FOOTNOTE_REF": _each(validate.FOOTNOTE_REF),
    "validate.RAW_HTML": _each(validate.RAW_HTML),
    "validate.DEFINITION": _each(validate.DEFINITION),
    "validate.ATTR_LIST": _each(validate.ATTR_LIST),
    "validate.HEADING": _each(validate.HEADING),
    "validate._needs_check": validate._needs_check,
    "validate.BRACKET": _each(validate.BRACKET),
    "load._nesting_bound": load._nesting_bound,
    "load._MAYBE_ANCHOR": _each(load._MAYBE_ANCHOR),
    "load._dutch_yaml": load._dutch_yaml,
    "zoeken.add_search_words": lambda text: zoeken.add_search_words(text, "p/", {"VT": "Veilig Thuis"}),
    "zoekvormen.pagefind_forms": lambda text: zoekvormen.pagefind_forms(text.lower()),
}
ADVERSARIAL = {
    "footnote-openers": "[^",
    "spaces-after-lt": None,  # "<" followed by only spaces
    "lt": "<",
    "link-openers": "](",
    "brackets": "[",
    "definition-prefix": "- [",
    "braces": "{",
    "attr-prefix": "{a",
    "images": "![",
    "list-markers": "- ",
    "quote-markers": "> ",
    "ampersand": " &",
    "entities": "&#x61;",
    "words": "heidsheids",
    "lines": "a\n",
    "dashes": "-",
    "escaped-brackets": "\\[",
}


def _adversarial(kind: str, length: int) -> str:
    if kind == "spaces-after-lt":
        return "<" + " " * length
    unit = ADVERSARIAL[kind]
    assert unit is not None
    return (unit * (length // len(unit) + 1))[:length]


@pytest.mark.parametrize("name", sorted(REGEX_FUNCTIONS))
def test_regexes_on_content_run_in_linear_time(name: str) -> None:
    """Ten times the input may take at most about ten times as long (quadratic would be a hundred).

    A ratio, not a time budget: the same test on a slow or busy machine gives the same verdict.
    """
    function = REGEX_FUNCTIONS[name]
    ratios = {}
    for kind in ADVERSARIAL:
        small = _elapsed(function, _adversarial(kind, 10_000))
        large = _elapsed(function, _adversarial(kind, 100_000))
        ratios[kind] = large / max(small, 5e-3)  # below 5 ms a measurement is mostly noise
    worst = max(ratios, key=lambda k: ratios[k])
    assert ratios[worst] < 30, f"{name} on {worst}: 100k takes {ratios[worst]:.0f}x as long as 10k"


# --------------------------------------------------------------------------- #
# 4. No traceback: the guard
# --------------------------------------------------------------------------- #


def test_guard_turns_a_bug_into_one_line_and_exit_3(
    mini: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(INTERNAL_ERROR_ENV)

    def broken(root: Path) -> list[Problem]:
        raise KeyError("\x1b[31mrood")

    monkeypatch.setattr(pipeline, "check", broken)
    assert cli.main(["--root", str(mini), "check"]) == 3
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith(f"interne fout bij het verwerken van {mini}: KeyError: ")
    assert err.endswith("— meld dit als bug met dit bestand")
    assert "\x1b" not in err and "\\x1b" in err


def test_guard_names_the_file_that_was_being_read(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(INTERNAL_ERROR_ENV)
    monkeypatch.setattr(load, "_nesting_bound", lambda text: 1 // 0)
    with pytest.raises(Exception, match=r"interne fout bij het verwerken van kader/begrippen.yaml: ZeroDivisionError"):
        pipeline.check(mini)


def test_guard_reraises_in_tests() -> None:
    """Tests set KADER_INTERN_FOUT=raise: reaching the guard fails the test with the original exception."""
    assert os.environ[INTERNAL_ERROR_ENV] == "raise"
    with pytest.raises(ZeroDivisionError), guard("x.yaml"):
        _ = 1 // 0


# --------------------------------------------------------------------------- #
# 5. Control characters in messages
# --------------------------------------------------------------------------- #


def test_control_and_bidi_characters_in_messages_are_escaped() -> None:
    problem = Problem("rapporten/a\x1b[2J.yaml", 1, 2, "waarde '\u202egoed\u202c' met \x07, \x7f, \x85 en \u2066x\u2069")
    text = str(problem)
    assert text == ("rapporten/a\\x1b[2J.yaml:1:2: waarde '\\u202egoed\\u202c' met \\x07, \\x7f, \\x85 en \\u2066x\\u2069")


def test_control_characters_from_content_are_escaped_in_check_output(mini: Path) -> None:
    edit(mini / ALFA, "oordeel: goed", 'oordeel: "\\e[31mgoed\\u202e"')
    result = run_check(mini)
    assert result.returncode == 1
    assert f"{ALFA}:25:22: 'oordeel' heeft waarde '\\x1b[31mgoed\\u202e'" in result.stderr
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr


# --------------------------------------------------------------------------- #
# 6. No silent wrong output: reserved ids, same page, CSV
# --------------------------------------------------------------------------- #


def _derived_reserved() -> dict[str, set[str]]:
    """Ids whose page would have the URL of a generated page, or of a folder that holds generated pages."""
    fixed = [paths.home(), paths.kaders(), paths.rapporten(), paths.gemeenten(), paths.onderwerpen()]
    fixed += [paths.goede_voorbeelden(), paths.matrix(), paths.begrippen(), paths.nazorg(), paths.open_data()]
    fixed += [paths.kader("k"), paths.kader_volledig("k"), paths.variant("k", "v"), paths.goede_voorbeelden_jaar(2020)]
    fixed += [paths.indicator("k", "i"), paths.rapport("r"), paths.gemeente("g"), paths.onderwerp("o")]
    fixed += [paths.matrix_regio("r")]
    urls = {paths.url(page) for page in fixed}
    folders = {paths.url(page).rsplit("/", 2)[0] + "/" for page in fixed if "/" in paths.url(page).rstrip("/")}
    words = {part.removesuffix(".md") for page in fixed for part in page.split("/")}
    makers: dict[str, Callable[[str], str]] = {
        "gemeente": paths.gemeente,
        "onderwerp": paths.onderwerp,
        "rapport": paths.rapport,
        "indicator": lambda word: paths.indicator("k", word),
        "variant": lambda word: paths.variant("k", word),
        "regio": paths.matrix_regio,
    }
    derived: dict[str, set[str]] = {}
    for kind, make in makers.items():
        own = {paths.url(make(x)) for x in ("g", "o", "r", "i", "v")}
        derived[kind] = {word for word in words if paths.url(make(word)) in (urls | folders) - own}
    return derived


def test_reserved_ids_cover_every_generated_page() -> None:
    derived = _derived_reserved()
    assert derived["indicator"] >= {"index", "volledig", "varianten"}
    for kind, words in derived.items():
        assert words <= paths.RESERVED_IDS[kind], f"{kind}: {sorted(words - paths.RESERVED_IDS[kind])} not reserved"


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "words"),
    [
        pytest.param(
            "kader/gemeenten.yaml",
            "  - id: gamma",
            "  - id: index",
            "kader/gemeenten.yaml:8:9",
            ["gemeenten/"],
            id="gemeente-index",
        ),
        pytest.param(
            "kader/onderwerpen.yaml",
            "  - id: signaleren",
            "  - id: index",
            "kader/onderwerpen.yaml:7:9",
            ["onderwerpen/"],
            id="onderwerp-index",
        ),
        pytest.param(
            "rapporten/2016-thema.yaml",
            "id: 2016-thema",
            "id: index",
            "rapporten/2016-thema.yaml:1:5",
            ["rapporten/"],
            id="rapport-index",
        ),
        pytest.param(
            "kader/proef.yaml",
            "          - id: pk-3",
            "          - id: volledig",
            "kader/proef.yaml:47:17",
            ["kader/proef/volledig/"],
            id="indicator-volledig",
        ),
        pytest.param(
            "kader/proef.yaml",
            "          - id: pk-3",
            "          - id: index",
            "kader/proef.yaml:47:17",
            ["kader/proef/"],
            id="indicator-index",
        ),
        pytest.param(
            "kader/proef.yaml",
            "          - id: pk-3",
            "          - id: varianten",
            "kader/proef.yaml:47:17",
            ["varianten"],
            id="indicator-varianten",
        ),
        pytest.param(
            "kader/gemeenten.yaml",
            "regio: Regio Zuid",
            "regio: Index",
            "kader/gemeenten.yaml:7:12",
            ["bevindingenmatrix/"],
            id="regio-index",
        ),
        pytest.param(
            "kader/gemeenten.yaml",
            "regio: Regio Zuid",
            "regio: regio-noord",
            "kader/gemeenten.yaml:7:12",
            ["hetzelfde webadres", "'Regio Noord'"],
            id="regio-same-page",
        ),
    ],
)
def test_ids_that_would_replace_a_page_are_refused(
    mini: Path, file: str, old: str, new: str, where: str, words: list[str]
) -> None:
    edit(mini / file, old, new)
    if "pk-3" in old:  # the fixture's reports name pk-3; keep them pointing at the renamed indicator
        for name in ("rapporten/2019-alfa.yaml", "rapporten/2020-beta.yaml"):
            path = mini / name
            path.write_text(path.read_text("utf-8").replace("pk-3", new.split()[-1]), "utf-8")
    assert_problem(mini, where, *words)


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised() -> None:
    for text in ("=1+1", "+31", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(text) == "'" + text
    assert csv_cell("Gewone tekst") == "Gewone tekst"
    assert csv_cell(2019) == "2019"


def test_csv_is_neutralised_and_json_stays_exact(mini: Path) -> None:
    edit(mini / ALFA, TEKST, 'tekst: "=HYPERLINK(\\"https://example.org\\")"')
    edit(mini / ALFA, "titel: Korte lijnen", 'titel: "@cmd"')
    files = pipeline.build(mini).files
    rows = list(csv.DictReader(io.StringIO(files["data/items.csv"].decode("utf-8-sig"))))
    row = next(r for r in rows if r["id"] == "korte-lijnen")
    assert row["tekst"] == '\'=HYPERLINK("https://example.org")' and row["titel"] == "'@cmd"
    data = json.loads(files["data/kader-in-de-praktijk.json"])
    assert '"tekst": "=HYPERLINK(\\"https://example.org\\")"' in json.dumps(data, ensure_ascii=False)


# --------------------------------------------------------------------------- #
# 7. One root cause reports once
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("file", "old", "new", "note"),
    [
        pytest.param("kader/gemeenten.yaml", "  - id: alfa", "  - id: [alfa", "gemeenten in rapporten", id="gemeenten"),
        pytest.param("kader/onderwerpen.yaml", "  - id: overdracht", "  - idd: overdracht", "onderwerpen", id="onderwerpen"),
        pytest.param("kader/proef.yaml", "id: proef", "id: proef\nid: dubbel", "kaders en indicatoren", id="kader"),
        pytest.param("kader/begrippen.yaml", "begrippen:", "begrippen: !!set", "begrippen", id="begrippen"),
    ],
)
def test_a_broken_shared_file_reports_once(mini: Path, file: str, old: str, new: str, note: str) -> None:
    edit(mini / file, old, new)
    found = problems_at(mini)
    assert all(p.startswith(file + ":") for p in found), found
    notes = [p for p in found if "zolang" in p]
    assert len(notes) == 1 and note in notes[0] and notes[0].startswith(f"{file}:1:1:"), found
    assert len(found) <= 3, found


# --------------------------------------------------------------------------- #
# 8. Scaffold
# --------------------------------------------------------------------------- #


def nieuw(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "nieuw-rapport", *args], capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("soort", "args", "sections"),
    [
        pytest.param(
            "gemeenterapport",
            ["--gemeente", "alfa"],
            [
                "inleiding",
                "toegang-tot-zorg",
                "resultaten",
                "goede-voorbeelden",
                "conclusie",
                "aanbevelingen",
                "nazorg",
                "bijlagen",
            ],
            id="gemeenterapport",
        ),
        pytest.param(
            "landelijk",
            ["--gemeente", "alfa", "--gemeente", "beta", "--kader", "proef"],
            ["samenvatting", "inleiding", "bevindingen", "conclusies", "bijlagen"],
            id="landelijk",
        ),
        pytest.param("thematisch", [], ["samenvatting", "inleiding", "thema-1", "conclusies"], id="thematisch"),
    ],
)
def test_untouched_scaffold_fails_the_check_at_every_placeholder(
    mini: Path, soort: str, args: list[str], sections: list[str]
) -> None:
    result = nieuw(mini, "2021-nieuw", "--soort", soort, "--titel", "Nieuw", *args)
    assert result.returncode == 0, result.stderr
    path = mini / "rapporten/2021-nieuw.yaml"
    text = path.read_text("utf-8")
    data = load.parse_file(path, "rapporten/2021-nieuw.yaml", "rapport")[0]
    assert data is not None and data.data["soort"] == soort
    assert [s["id"] for s in data.data["secties"]] == sections
    assert ("nazorg" in data.data) == (soort != "thematisch")  # a national report has a follow-up
    assert ("omvang" in data.data) == (soort == "landelijk")
    assert ("gemeenten" in data.data) == (soort != "thematisch")
    lines = text.splitlines()
    expected = {i + 1 for i, line in enumerate(lines) if not line.startswith("#") and ("VUL IN" in line or "1111" in line)}
    check = run_check(mini)
    assert check.returncode == 1 and "Traceback" not in check.stderr
    reported = {
        int(line.split(":")[1]) for line in check.stderr.splitlines() if line.strip().startswith("rapporten/2021-nieuw.yaml:")
    }
    assert expected <= reported, sorted(expected - reported)


def test_filled_in_national_scaffold_passes(mini: Path) -> None:
    """A national report: several gemeenten, findings without a gemeente, an example with one."""
    assert (
        nieuw(
            mini, "2021-landelijk", "--soort", "landelijk", "--titel", "L", "--gemeente", "alfa", "--gemeente", "beta"
        ).returncode
        == 0
    )
    path = mini / "rapporten/2021-landelijk.yaml"
    text = path.read_text("utf-8").replace("VUL IN", "Ingevuld").replace('"1111"', '"2021-02"').replace(": 1111", ": 18")
    path.write_text(text.replace("onderwerpen: []", "onderwerpen: [signaleren]"), "utf-8")
    assert problems_at(mini) == []
    collected = pipeline.collect(mini)
    national = [ref for ref in collected.index.items_per_rapport["2021-landelijk"] if ref.item.soort == "bevinding"]
    assert national and national[0].gemeenten == ()
    rapport = collected.index.rapporten["2021-landelijk"]
    assert rapport.omvang is not None and rapport.omvang.gemeenten == 18
    assert [b.soort for s in rapport.secties for b in s.inhoud if b.soort == "aanbevelingen"] == ["aanbevelingen"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        pytest.param(["../../buiten", "--gemeente", "alfa"], "geen geldige id", id="dotdot"),
        pytest.param(["a/b", "--gemeente", "alfa"], "geen geldige id", id="slash"),
        pytest.param(["Hoofdletters", "--gemeente", "alfa"], "geen geldige id", id="uppercase"),
        pytest.param(["-x", "--gemeente", "alfa"], "", id="dash"),
        pytest.param(["index", "--gemeente", "alfa"], "gereserveerd", id="reserved"),
        pytest.param(["2019-alfa", "--gemeente", "alfa"], "bestaat al", id="exists"),
        pytest.param(["2021-x"], "precies één gemeente", id="gemeente-missing"),
        pytest.param(["2021-x", "--gemeente", "a", "--gemeente", "b"], "precies één gemeente", id="two-gemeenten"),
        pytest.param(["2021-x", "--gemeente", "alfa]\nx: [y"], "geen geldige id", id="gemeente-injection"),
        pytest.param(["2021-x", "--soort", "thematisch", "--gemeente", "alfa"], "noemt geen gemeenten", id="thematic-gemeente"),
    ],
)
def test_scaffold_refuses_bad_arguments(mini: Path, args: list[str], words: str) -> None:
    before = sorted(p.relative_to(mini) for p in mini.rglob("*"))
    result = nieuw(mini, *args, "--titel", "T")
    assert result.returncode == 2, result.stdout
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(mini) for p in mini.rglob("*")) == before


def test_scaffold_quotes_every_value(mini: Path) -> None:
    titel = 'Titel: met "quotes", # geen commentaar\n- {x: *y} \x1b[31m\u202e'
    result = nieuw(mini, "2021-citaat", "--gemeente", "alfa", "--titel", titel)
    assert result.returncode == 0, result.stderr
    source, problem = load.parse_file(mini / "rapporten/2021-citaat.yaml", "rapporten/2021-citaat.yaml", "rapport")
    assert problem is None and source is not None
    assert source.data["titel"] == titel and source.data["gemeenten"] == ["alfa"]


def test_check_on_a_folder_without_content_is_wrong_usage(tmp_path: Path) -> None:
    """Checking the wrong folder must not report 'all fine'."""
    for root in (tmp_path, tmp_path / "bestaat-niet"):
        result = run_check(root)
        assert result.returncode == 2 and "--root" in result.stderr, result.stderr


def test_scaffold_does_not_follow_a_link(mini: Path, tmp_path: Path) -> None:
    target = tmp_path / "elders.yaml"
    (mini / "rapporten/2021-link.yaml").symlink_to(target)
    assert nieuw(mini, "2021-link", "--gemeente", "alfa", "--titel", "T").returncode == 2
    assert not target.exists()


def test_beheer_documents_the_keys_of_the_model() -> None:
    """The block table in BEHEER.md names exactly the keys each kind of block has."""
    text = (ROOT / "BEHEER.md").read_text("utf-8")
    kinds = {"bevinding": model.Bevinding, "goed_voorbeeld": model.GoedVoorbeeld, "aanbeveling": model.Aanbeveling}
    kinds |= {"citaat": model.Citaat, "casus": model.Casus, "tekst": model.Tekst}
    for kind, cls in kinds.items():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{kind}` |"))
        fields = re.sub(r"\([^)]*\)", "", row.split("|")[2])
        named = {part.strip().split()[0].strip("`") for part in fields.split(",") if part.strip()}
        assert named == set(cls.model_fields) - {"soort"}, f"{kind}: {sorted(named)} vs {sorted(cls.model_fields)}"
    # reports and items name `gemeenten`; only a nazorg step names one `gemeente`
    assert "`gemeente`" not in text.replace("--gemeente", "").replace("`gemeente` in een stap", "")
    for soort in ("### Een gemeenterapport", "### Een landelijk rapport", "### Een thematisch rapport"):
        assert soort in text


def test_index_module_uses_the_reserved_constant() -> None:
    assert index.paths.RESERVED_IDS is paths.RESERVED_IDS


# --------------------------------------------------------------------------- #
# What passes the text checks converts to text structure only
# --------------------------------------------------------------------------- #

# The allowlist of the renderer (generator/markup.py on the render branch): what the sanitizer keeps.
KEPT_TAGS = {"p", "br", "em", "strong", "code", "pre", "a", "abbr", "ul", "ol", "li", "blockquote", "hr"}
KEPT_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
TOKENS = [
    *"[]()!<>&#:;*_-`\\ \n^{}.=\"'|~",
    "a",
    "tekst ",
    "javascript:",
    "jav&#x61;script:",
    "https://example.org",
    "mailto:a@example.org",
    "data:",
    "//",
    "\n\n",
    "\n    ",
    "- ",
    "1. ",
    "> ",
    "[^1]",
    "*[VT]: ",
    "{: ",
    "&amp;",
    "&#x3c;",
    "\u202e",
    "\x00",
    "[a](",
    "[a](",
    ")",
    ")",
    "\n[r]: ",
    "[a][r]",
    "[r]",
    "<",
    "\t",
    "&#106;",
    "&colon;",
]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
@example("Zie [de site](jav&#x61;script:alert(1)).")
@example("[a]: java\nscript:x\n\n[b][a]")
@example("tekst {: #__config }")
@example("#hashtag")
@example("=\n=")
def test_a_text_that_passes_the_checks_converts_to_kept_html_only(text: str) -> None:
    """Core Markdown (with the glossary's abbr) on any text the checks accept: only tags and links the sanitizer keeps."""
    if list(validate.text_problems(text, "tekst")):
        return
    converter = markdown.Markdown(extensions=["abbr"])
    parser = _Tags()
    parser.feed(converter.convert(text))
    for tag, attrs in parser.found:
        assert tag in KEPT_TAGS, (tag, text)
        for name, value in attrs:
            assert name in KEPT_ATTRIBUTES.get(tag, set()), (tag, name, text)
            if name == "href":
                assert re.match(r"(?i)(https?:|mailto:)", value or ""), (value, text)


@pytest.mark.parametrize("unit", ["[", "*[", "[a][", "![", "[a](", "1. ", "> ", "- "])
def test_texts_that_make_the_converter_quadratic_or_recurse_are_refused(unit: str) -> None:
    """Python-Markdown takes seconds on a few thousand open brackets and recurses on deep lists: the checks refuse those."""
    assert list(validate.text_problems(unit * 5000, "tekst"))


TARGET_TOKENS = [
    *["https://example.org", "http:", "//", "mailto:", "java", "script:", "data:", "../", "a", "?", "#", ":"],
    *["&#x61;", "&#106;", "&colon;", "&amp;", "&Tab;", "&NewLine;", "%0a"],
    *["\n", "\t", " ", "<", ">", '"t"', "'t'", "(", ")", "\\", "\u200b", "\x00", "\x7f"],
]
LINK_SHAPES = [
    "[{label}]({target})",
    "[{label}][r]\n\n[r]: {target}",
    "[{label}][r]\n\n[r]:\n  {target}",
    "[{label}]\n\n[{label}]: {target}",
]


@given(
    shape=st.sampled_from(LINK_SHAPES),
    label=st.text(alphabet="a *_`^1", min_size=1, max_size=4),
    target=st.lists(st.sampled_from(TARGET_TOKENS), max_size=6).map("".join),
)
@example(shape=LINK_SHAPES[0], label="a", target="jav&#x61;script:alert(1)")
@example(shape=LINK_SHAPES[0], label="a", target="java\nscript:alert(1)")
@example(shape=LINK_SHAPES[2], label="a", target="java\nscript:x")
@example(shape=LINK_SHAPES[0], label="a", target="https://example.org")
def test_a_link_that_passes_the_checks_is_an_absolute_address(shape: str, label: str, target: str) -> None:
    text = shape.format(label=label, target=target)
    if list(validate.text_problems(text, "tekst")):
        return
    parser = _Tags()
    parser.feed(markdown.Markdown(extensions=["abbr"]).convert(text))
    for tag, attrs in parser.found:
        assert tag in KEPT_TAGS, (tag, text)
        for name, value in attrs:
            if name == "href":
                assert re.match(r"(?i)(https?:|mailto:)", value or ""), (value, text)


def test_node_walk_catches_a_shared_collection_without_the_event_scan() -> None:
    """The backstop: even if an anchor slipped past the event scan, a shared or recursive collection is refused."""
    for text in ("a: &x [1]\nb: *x\n", "a: &y [*y]\n"):
        with pytest.raises(load._AliasFound):
            load.check_tree(load._safe_yaml().compose(text))
