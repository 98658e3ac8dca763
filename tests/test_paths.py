"""Relative links between generated pages equal what posixpath computes, for any page layout."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from generator.paths import href, relative

segment = st.sampled_from(["kader", "rapporten", "k", "lnvt-3", "varianten", "gemeenten", "a", "b"])
page = st.lists(segment, min_size=0, max_size=3).map(
    lambda parts: "/".join([*parts, "index.md"]) if parts else "index.md"
) | st.lists(segment, min_size=1, max_size=3).map(lambda parts: "/".join(parts) + ".md")


@given(page, page)
def test_relative_matches_posixpath(source: str, target: str) -> None:
    assert relative(source, target) == posixpath.relpath(target, posixpath.dirname(source) or ".")


def test_href_follows_directory_urls() -> None:
    assert href("bevindingenmatrix.md", "rapporten/2019-roermond.md", "x") == "../rapporten/2019-roermond/#x"
    assert href("index.md", "rapporten/2019-roermond.md") == "rapporten/2019-roermond/"
    assert href("kader/k/lnvt-3.md", "kader/k/index.md") == "../"
