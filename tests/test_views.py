"""Views are pure functions of the index; planning refuses two pages on one path."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from generator import paths, pipeline, views
from generator.index import Index
from generator.render import Planner, render_site

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def index() -> Index:
    collected = pipeline.collect(MINI)
    assert not collected.problems
    return collected.index


def test_views_do_not_depend_on_call_order(index: Index) -> None:
    """The matrix used to read page numbers that planning had filled in; now both are computed from the index."""
    before = views.matrices(index)
    Planner(index).plan()
    after = views.matrices(index)
    assert before == after
    assert before and all(mx.pages for mx in before)


def test_every_matrix_cell_links_to_the_page_that_lists_it(index: Index) -> None:
    planned = {job.path for job in Planner(index).plan()}
    for mx in views.matrices(index):
        assert set(mx.pages.values()) <= planned


def test_two_pages_on_one_path_are_refused(index: Index) -> None:
    planner = Planner(index)
    planner.page("nazorg.md", "nazorg.md.j2", "Nazorg", rapporten=[])
    with pytest.raises(ValueError, match=r"nazorg\.md"):
        planner.page("nazorg.md", "nazorg.md.j2", "Nazorg", rapporten=[])


# --------------------------------------------------------------------------- #
# The catalogue at scale: no page over CATALOGUE_MAX examples
# --------------------------------------------------------------------------- #


def _examples(*months: tuple[str, int]) -> list[Any]:
    """Stand-ins for item references: only the publication of their report matters to the split."""
    return [SimpleNamespace(rapport=SimpleNamespace(publicatie=month)) for month, count in months for _ in range(count)]


@pytest.mark.parametrize(
    ("months", "limit", "sizes"),
    [
        # 9 months of 65: three even parts of three months, not 4 + 4 + 1 months
        ([(f"2024-{m:02d}", 65) for m in range(9, 0, -1)], 300, [195, 195, 195]),
        # a month with more than the limit is cut into even pieces
        ([("2024-05", 700)], 300, [233, 233, 234]),
        # no month known (a year only): still at most the limit per page
        ([("2024", 7)], 3, [2, 2, 3]),
        ([("2024-03", 2), ("2024-02", 2), ("2024", 2)], 4, [4, 2]),  # two months, then the rest
        ([("2024-03", 1)], 3, [1]),
    ],
)
def test_catalogue_split_is_even_and_within_the_limit(months: list[tuple[str, int]], limit: int, sizes: list[int]) -> None:
    refs = _examples(*months)
    parts = views._split(refs, limit)
    assert [len(part) for part in parts] == sizes
    assert [r for part in parts for r in part] == refs  # consecutive, nothing lost or repeated


def more_examples(mini: Path) -> dict[str, str]:
    """Copies of the mini report with its two examples in other months of 2019, one without a month, and one in 2020."""
    source = (mini / "rapporten" / "2019-alfa.yaml").read_text("utf-8")
    publications = {"2019-alfa-b": "2019-09", "2019-alfa-c": "2019-09", "2019-alfa-d": "2019-03", "2019-alfa-e": '"2019"'}
    publications["2020-alfa-f"] = "2020-02"
    for rapport_id, publicatie in publications.items():
        text = source.replace("id: 2019-alfa\n", f"id: {rapport_id}\n").replace(
            "publicatie: 2019-06\n", f"publicatie: {publicatie}\n"
        )
        (mini / "rapporten" / f"{rapport_id}.yaml").write_text(text, "utf-8")
    return {"2019-alfa": "2019-06", **publications}


def test_catalogue_pages_hold_at_most_the_limit(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With more examples than fit one page, every catalogue page (a real strict build) holds at most
    CATALOGUE_MAX, every example is on exactly one page, the overview links every page with its count,
    the pages of a year link each other, and no link in the site is broken."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from sitetools import broken_links, parse

    more_examples(mini)
    index = pipeline.collect(mini).index
    expected = sorted(f"{r.rapport.id}--{r.item.id}" for r in views.goede_voorbeelden(index))
    assert len(expected) == 12
    limit = 3
    monkeypatch.setattr(views, "CATALOGUE_MAX", limit)
    delen = views.catalogus_delen(index, views.goede_voorbeelden(index))
    # 2019: September (4) is cut in two, then June, March and the report without a month; 2020 fits one page
    assert [(d.path, d.periode, len(d.refs)) for d in delen] == [
        ("goede-voorbeelden/2020.md", "", 2),
        ("goede-voorbeelden/2019.md", "september (deel 1)", 2),
        ("goede-voorbeelden/2019-deel-2.md", "september (deel 2)", 2),
        ("goede-voorbeelden/2019-deel-3.md", "juni", 2),
        ("goede-voorbeelden/2019-deel-4.md", "maart", 2),
        ("goede-voorbeelden/2019-deel-5.md", "zonder maand", 2),
    ]

    site = tmp_path / "site"
    monkeypatch.chdir(mini)
    build(load_config(str(mini / "mkdocs.yml"), site_dir=str(site), strict=True))

    card = re.compile(r'<div class="kp-voorbeeld[^"]*" id="([^"]+)"')
    found: list[str] = []
    for deel in delen:
        html = (site / paths.url(deel.path) / "index.html").read_text("utf-8")
        cards = card.findall(html)
        assert 0 < len(cards) <= limit and len(cards) == len(deel.refs), deel.path
        found += cards
        if deel.jaar == 2019:  # every page of a split year links the others and says which one it is
            others = {paths.url(d.path).removeprefix("goede-voorbeelden/") for d in delen if d.jaar == 2019 and d != deel}
            assert {href.removeprefix("../") for href in parse(site / paths.url(deel.path) / "index.html").hrefs} >= others
            assert f'<strong aria-current="page">2019, {deel.periode}</strong>' in html
    assert sorted(found) == expected  # each example on exactly one page

    overview = (site / "goede-voorbeelden" / "index.html").read_text("utf-8")
    assert not card.findall(overview)
    for deel in delen:
        name = f"{deel.jaar}, {deel.periode}" if deel.periode else str(deel.jaar)
        assert (
            f'<a href="{paths.url(deel.path).removeprefix("goede-voorbeelden/")}">{name}</a>: {len(deel.refs)} goede voorbeelden'
            in overview
        )
    assert "2019: 10 goede voorbeelden in 5 delen" in overview

    # an example's page and its gemeente's page point to the catalogue page that has the gemeente's examples
    # (alfa's are spread over pages here: to the gemeente page, and the catalogue without a filter)
    record = (site / "goede-voorbeelden" / "2019-alfa-b" / "rto-op-school" / "index.html").read_text("utf-8")
    assert 'href="../../../gemeenten/alfa/">Goede voorbeelden uit Alfa</a>' in record
    assert "?gemeente=" not in (site / "gemeenten" / "alfa" / "index.html").read_text("utf-8")

    broken, checked = broken_links(site)
    assert not broken and checked > 100


def test_catalogue_shows_whole_texts_only_while_it_is_small(index: Index, monkeypatch: pytest.MonkeyPatch) -> None:
    """Up to CATALOGUE_FULL_TEXT examples each card has its whole text and links; above it an excerpt."""

    def catalogue() -> str:
        page = next(p for p in render_site(index).pages if p.path == paths.goede_voorbeelden())
        return page.markdown.split('id="kp-catalogus"', 1)[1]

    assert catalogue().count('class="kp-links"') == 2
    monkeypatch.setattr(views, "CATALOGUE_FULL_TEXT", 1)
    short = catalogue()
    assert short.count('class="kp-voorbeeld ') == 2 and 'class="kp-links"' not in short


def test_zelfde_onderzoek_lists_up_to_the_maximum_of_the_others_and_counts_them_all() -> None:
    group = [SimpleNamespace(id=f"r{n}", onderzoek="o") for n in range(views.ONDERZOEK_MAX + 5)]
    shown, count = views.zelfde_onderzoek({"o": group}, group[2])  # type: ignore[arg-type, dict-item]
    assert [r.id for r in shown] == [r.id for r in group if r is not group[2]][: views.ONDERZOEK_MAX]
    assert count == len(group) - 1
    alone = SimpleNamespace(id="x", onderzoek="ander")
    assert views.zelfde_onderzoek({"o": group}, alone) == ([], 0)  # type: ignore[arg-type, dict-item]
