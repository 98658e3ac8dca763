"""Bad input: every problem reported at once as path:line:column: message, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, edit

from generator import pipeline

# (file, old snippet, new snippet, expected "path:line:column", expected words in the message)
CASES = [
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "            indicatoren: [pk-1]\n          - soort: bevinding\n            id: schriftelijke-overdracht",
        "            indicatoren: [pk-13]\n          - soort: bevinding\n            id: schriftelijke-overdracht",
        "rapporten/2019-alfa.yaml:28:27",
        ["bevinding 'korte-lijnen'", "indicator 'pk-13'", "kader 'proef' kent pk-1 … pk-3"],
        id="missing-indicator",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "            titel: Korte lijnen",
        "            tital: Korte lijnen",
        "rapporten/2019-alfa.yaml:26:13",
        ["onbekende sleutel 'tital'", "bedoelde u 'titel'"],
        id="misspelled-key",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "            oordeel: goed\n",
        "",
        "rapporten/2019-alfa.yaml:23:13",
        ["verplichte sleutel 'oordeel' ontbreekt", "bevinding 'korte-lijnen'"],
        id="missing-field",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "            oordeel: goed\n",
        "            oordeel: prima\n",
        "rapporten/2019-alfa.yaml:25:22",
        ["'oordeel' heeft waarde 'prima'", "'goed' or 'kan_beter'"],
        id="wrong-enum",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "            indicatoren: [pk-1]\n          - soort: bevinding\n            id: schriftelijke",
        "            indicatoren: pk-1\n          - soort: bevinding\n            id: schriftelijke",
        "rapporten/2019-alfa.yaml:28:26",
        ["'indicatoren' moet een lijst"],
        id="wrong-type",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "nazorg: {deadline: 2019-11-01}",
        "nazorg: {deadline: 2019-11-31}",
        "rapporten/2019-alfa.yaml:10:20",
        ["YAML", "ongeldige datum '2019-11-31'"],
        id="impossible-date-is-a-yaml-error",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "nazorg: {deadline: 2019-11-01}",
        "nazorg: {deadline: 1 november 2019}",
        "rapporten/2019-alfa.yaml:10:20",
        ["'deadline'", "geen geldige datum", "2019-11-01"],
        id="invalid-date",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "publicatie: 2019-06",
        "publicatie: juni 2019",
        "rapporten/2019-alfa.yaml:5:13",
        ["'publicatie'", "jaar of jaar-maand"],
        id="invalid-publication",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "            id: schriftelijke-overdracht",
        "            id: korte-lijnen",
        "rapporten/2019-alfa.yaml:30:17",
        ["id 'korte-lijnen' komt in dit rapport al voor (regel 24)"],
        id="duplicate-id-in-file",
    ),
    pytest.param(
        "rapporten/2020-beta.yaml",
        "id: 2020-beta",
        "id: 2019-alfa",
        "rapporten/2020-beta.yaml:1:5",
        ["rapport '2019-alfa' bestaat al (in rapporten/2019-alfa.yaml)"],
        id="duplicate-id-across-files",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "            onderwerpen: [overdracht]",
        "            onderwerpen: [overdrachtt]",
        "rapporten/2019-alfa.yaml:35:27",
        ["onderwerp 'overdrachtt'", "bekend: overdracht, veiligheidsplan, signaleren"],
        id="missing-onderwerp",
    ),
    pytest.param(
        "kader/onderwerpen.yaml",
        "    begrippen: [VT]",
        "    begrippen: [VTX]",
        "kader/onderwerpen.yaml:4:17",
        ["begrip 'VTX'", "kader/begrippen.yaml"],
        id="missing-begrip",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "gemeenten: [alfa]",
        "gemeenten: [alfaa]",
        "rapporten/2019-alfa.yaml:8:13",
        ["gemeente 'alfaa'", "bekend: alfa, beta, gamma"],
        id="missing-gemeente",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "kader: {kader: proef, variant: noord}",
        "kader: {kader: proef, variant: zuid}",
        "rapporten/2019-alfa.yaml:9:32",
        ["variant 'zuid' van kader 'proef'", "bekend: noord"],
        id="missing-variant",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "kader: {kader: proef, variant: noord}",
        "kader: {kader: proeff, variant: noord}",
        "rapporten/2019-alfa.yaml:9:16",
        ["kader 'proeff'", "bekend: proef, tweede"],
        id="missing-kader",
    ),
    pytest.param(
        "kader/varianten/noord.yaml",
        "  - element: overdracht-na-onderzoek",
        "  - element: overdracht-bij-start",
        "kader/varianten/noord.yaml:7:14",
        ["wijzigt element 'overdracht-bij-start'", "kader 'proef' heeft dat element niet"],
        id="variant-changes-unknown-element",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "tekst: De lijnen zijn kort.",
        "tekst: De lijnen zijn <b>kort</b>.",
        "rapporten/2019-alfa.yaml:27:35",
        ["ruwe HTML ('<b…')", "Markdown"],
        id="raw-html",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "tekst: De lijnen zijn kort.",
        "tekst: De lijnen zijn kort.<script>alert(1)</script>",
        "rapporten/2019-alfa.yaml:27:40",
        ["ruwe HTML ('<script…')"],
        id="script",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "tekst: De lijnen zijn kort.",
        "tekst: De lijnen zijn [kort](javascript:alert(1)).",
        "rapporten/2019-alfa.yaml:27:42",
        ["javascript:alert(1", "script- of datalink", "https://"],
        id="javascript-link",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "titel: Proefrapport Alfa",
        "titel: Proefrapport <img src=x onerror=alert(1)>",
        "rapporten/2019-alfa.yaml:2:21",
        ["ruwe HTML ('<img"],
        id="html-in-title",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "tekst: Dit is de inleiding over VT.[^1]",
        "tekst: Dit is de inleiding over VT.[^1][^2]",
        "rapporten/2019-alfa.yaml:16:48",
        ["voetnoot [^2]", "bekend: 1"],
        id="missing-footnote",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "        indicatoren: [pk-1]\n      - soort: goed_voorbeeld",
        "        onderwerpen: [overdracht]\n      - soort: goed_voorbeeld",
        "rapporten/2019-alfa.yaml:45:13",
        ["goed_voorbeeld 'vaste-contactpersoon'", "minstens één indicator"],
        id="gemeenterapport-item-without-indicator",
    ),
    pytest.param(
        "rapporten/2019-alfa.yaml",
        "      - soort: aanbeveling",
        "      - soort: aanbevelingg",
        "rapporten/2019-alfa.yaml:56:16",
        ["onbekende soort 'aanbevelingg' in onderdeel 'aanbeveling-overdracht'", "'aanbeveling'"],
        id="unknown-block-kind",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "where", "words"), CASES)
def test_problem_is_reported_with_position_and_explanation(
    mini: Path, file: str, old: str, new: str, where: str, words: list[str]
) -> None:
    """Each broken input yields a problem at the right place that says what is wrong."""
    edit(mini / file, old, new)
    problems = [str(p) for p in pipeline.check(mini)]
    matching = [p for p in problems if p.startswith(where + ":")]
    assert matching, f"no problem at {where}; got {problems}"
    assert any(all(word in p for word in words) for p in matching), f"{words} not in {matching}"


def test_fixture_itself_is_clean(mini: Path) -> None:
    assert pipeline.check(mini) == []


def test_all_problems_at_once(mini: Path) -> None:
    """Four mistakes in three files: four messages in one run.

    A file that does not match the schema is left out of the cross-reference
    check (its references cannot be trusted), so its own problems come first.
    """
    edit(mini / "rapporten/2019-alfa.yaml", "titel: Korte lijnen", "tital: Korte lijnen")
    edit(mini / "rapporten/2019-alfa.yaml", "oordeel: kan_beter", "oordeel: slecht")
    edit(mini / "rapporten/2020-beta.yaml", "indicatoren: [pk-2]", "indicatoren: [pk-9]")
    edit(mini / "kader/onderwerpen.yaml", "begrippen: [VT]", "begrippen: [VTX]")
    problems = pipeline.check(mini)
    assert len(problems) == 4, problems
    assert {p.path for p in problems} == {"rapporten/2019-alfa.yaml", "rapporten/2020-beta.yaml", "kader/onderwerpen.yaml"}


@pytest.mark.parametrize(
    ("name", "content", "where", "words"),
    [
        pytest.param(
            "rapporten/kapot.yaml",
            b"id: kapot\ntitel: [niet gesloten\n",
            "rapporten/kapot.yaml:3:1",
            ["YAML-syntaxfout"],
            id="yaml-syntax",
        ),
        pytest.param("rapporten/leeg.yaml", b"", "rapporten/leeg.yaml:1:1", ["leeg"], id="empty-file"),
        pytest.param(
            "rapporten/latin1.yaml",
            "id: caf\u00e9\n".encode("latin-1"),
            "rapporten/latin1.yaml:1:8",
            ["geen UTF-8", "0xe9"],
            id="not-utf8",
        ),
        pytest.param(
            "rapporten/notities.txt", b"losse aantekeningen", "rapporten/notities.txt:1:1", ["geen inhoudsbestand"], id="not-yaml"
        ),
        pytest.param("kader/plaatje.png", b"\x89PNG\r\n", "kader/plaatje.png:1:1", ["geen inhoudsbestand"], id="binary"),
        pytest.param("rapporten/lijst.yaml", b"- a\n- b\n", "rapporten/lijst.yaml:1:1", ["mapping"], id="list-not-mapping"),
        pytest.param(
            "rapporten/dubbel.yaml", b"id: a\nid: b\n", "rapporten/dubbel.yaml:2:1", ["dubbele sleutel"], id="duplicate-key"
        ),
        pytest.param(
            "rapporten/dubbelepunt.yaml",
            b"id: a\ntitel: Plan: opstellen\n",
            "rapporten/dubbelepunt.yaml:2:12",
            ["':' op een plek waar geen sleutel kan staan", "gebruik |"],
            id="colon-in-plain-text",
        ),
        pytest.param("rapporten/tab.yaml", b"id: a\n\ttitel: b\n", "rapporten/tab.yaml:2:1", ["YAML-syntaxfout"], id="tab"),
    ],
)
def test_unreadable_files(mini: Path, name: str, content: bytes, where: str, words: list[str]) -> None:
    (mini / name).write_bytes(content)
    problems = [str(p) for p in pipeline.check(mini)]
    matching = [p for p in problems if p.startswith(where + ":")]
    assert matching, f"no problem at {where}; got {problems}"
    assert all(word in matching[0] for word in words), matching


def test_check_command_exit_status_and_output(mini: Path) -> None:
    """kader-check: non-zero exit, every message on stderr, no traceback."""
    edit(mini / "rapporten/2019-alfa.yaml", "titel: Korte lijnen", "tital: Korte lijnen")
    (mini / "rapporten/leeg.yaml").write_text("", "utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(mini), "check"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "De inhoud bevat 2 problemen" in result.stderr
    assert "rapporten/2019-alfa.yaml:26:13: onbekende sleutel 'tital'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_check_command_passes_on_good_content(mini: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(mini), "check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "in orde" in result.stdout


def _nieuw(mini: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(mini), "nieuw-rapport", *args], capture_output=True, text=True
    )


def test_scaffold_writes_a_valid_report(mini: Path) -> None:
    """The new-report command writes a file that validates once its placeholders are filled in."""
    result = _nieuw(mini, "2021-gamma", "--gemeente", "gamma", "--titel", "Rapport Gamma", "--kader", "proef")
    assert result.returncode == 0, result.stderr
    path = mini / "rapporten/2021-gamma.yaml"
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/rapport.schema.json")
    assert "BEHEER.md" in text
    filled = text.replace("VUL IN", "Ingevuld").replace("1111-11-11", "2021-11-01").replace('"1111"', '"2021-02"')
    filled = filled.replace("indicatoren: []", "indicatoren: [pk-1]")
    path.write_text(filled, "utf-8")
    assert [str(p) for p in pipeline.check(mini)] == []
    again = _nieuw(mini, "2021-gamma", "--gemeente", "gamma", "--titel", "x")
    assert again.returncode == 2 and "bestaat al" in again.stderr
    assert path.read_text("utf-8") == filled


def test_real_content_is_clean() -> None:
    """The published content itself has no problems."""
    assert [str(p) for p in pipeline.check(ROOT)] == []


def test_memo_reuses_unchanged_files_and_rereads_changed_ones(mini: Path) -> None:
    """What mkdocs serve keeps between builds: a changed file is read again, others are not."""
    memo = pipeline.Memo()
    assert pipeline.collect(mini, memo).problems == []
    first = {rel: entry[1] for rel, entry in memo.parsed.items()}
    edit(mini / "rapporten/2020-beta.yaml", "titel: Plan bekend", "tital: Plan bekend")
    problems = pipeline.collect(mini, memo).problems
    assert [p.path for p in problems] == ["rapporten/2020-beta.yaml"]
    assert memo.parsed["rapporten/2019-alfa.yaml"][1] is first["rapporten/2019-alfa.yaml"]
    assert memo.parsed["rapporten/2020-beta.yaml"][1] is not first["rapporten/2020-beta.yaml"]
    edit(mini / "rapporten/2020-beta.yaml", "tital: Plan bekend", "titel: Plan bekend")
    assert pipeline.collect(mini, memo).problems == []
