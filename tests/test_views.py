"""Views are pure functions of the index; planning refuses two pages on one path."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pipeline, views
from generator.index import Index
from generator.render import Planner

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


def test_region_slugs_are_unique() -> None:
    slugs = views.unique_slugs(["Noord-Holland", "Noord Holland", "noord holland!"])
    assert slugs == {"Noord-Holland": "noord-holland", "Noord Holland": "noord-holland-2", "noord holland!": "noord-holland-3"}


def test_two_pages_on_one_path_are_refused(index: Index) -> None:
    planner = Planner(index)
    planner.page("nazorg.md", "nazorg.md.j2", "Nazorg", rapporten=[])
    with pytest.raises(ValueError, match=r"nazorg\.md"):
        planner.page("nazorg.md", "nazorg.md.j2", "Nazorg", rapporten=[])
