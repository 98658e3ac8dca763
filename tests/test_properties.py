"""Property: whatever a maintainer does to a valid file, the loader ends in problems or a model.

Hypothesis mutates the example files (drop keys, change types, insert junk,
truncate, swap characters) and the pipeline must never raise.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from conftest import MINI
from hypothesis import example, given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator import pipeline
from generator.problems import Problem

FILES = sorted(str(p.relative_to(MINI)) for p in (MINI / "kader").rglob("*.yaml")) + sorted(
    str(p.relative_to(MINI)) for p in (MINI / "rapporten").glob("*.yaml")
)

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def paths_in(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path in parsed YAML, so a mutation can target any node."""
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths_in(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths_in(value, (*prefix, index))
    return found


def mutate(data: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "drop":
        del parent[last]
    elif action == "replace":
        parent[last] = value
    elif action == "add" and isinstance(parent[last], dict):
        parent[last]["onbekend_" + str(value)[:5]] = value
    elif action == "add" and isinstance(parent[last], list):
        parent[last].append(value)
    return data


def run(tmp: Path, name: str, text: str | bytes) -> list[Problem]:
    """Check the mutated content; when it is valid, rendering it must work too."""
    root = tmp / "site"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(MINI, root)
    target = root / name
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, "utf-8")
    problems = pipeline.check(root)
    if not problems:
        rendered = pipeline.build(root)
        assert rendered.pages
    return problems


# The number of examples and derandomisation come from the hypothesis profile (tests/conftest.py).


@given(name=st.sampled_from(FILES), data=st.data(), action=st.sampled_from(["drop", "replace", "add"]), value=junk)
def test_structural_mutations_end_in_problems_or_success(
    tmp_path: Path, name: str, data: st.DataObject, action: str, value: Any
) -> None:
    yaml = YAML(typ="safe", pure=True)
    parsed = yaml.load((MINI / name).read_text("utf-8"))
    path = data.draw(st.sampled_from(paths_in(parsed)))
    mutated = mutate(parsed, path, action, value)
    out = YAML(typ="safe", pure=True)
    out.default_flow_style = False
    import io

    buffer = io.StringIO()
    out.dump(mutated, buffer)
    problems = run(tmp_path, name, buffer.getvalue())
    assert all(isinstance(p, Problem) and p.line >= 1 and p.column >= 1 for p in problems)


@given(
    name=st.sampled_from(FILES),
    cut=st.floats(min_value=0, max_value=1),
    insert=st.text(max_size=12),
    at=st.floats(min_value=0, max_value=1),
)
def test_text_mutations_end_in_problems_or_success(tmp_path: Path, name: str, cut: float, insert: str, at: float) -> None:
    """Truncate the file and insert arbitrary characters somewhere (tabs, colons, quotes, control characters)."""
    text = (MINI / name).read_text("utf-8")
    text = text[: int(len(text) * (0.2 + 0.8 * cut))]
    position = int(len(text) * at)
    text = text[:position] + insert + text[position:]
    problems = run(tmp_path, name, text)
    assert all(isinstance(p, Problem) for p in problems)


@given(name=st.sampled_from(FILES), raw=st.binary(max_size=40), at=st.floats(min_value=0, max_value=1))
def test_byte_mutations_end_in_problems_or_success(tmp_path: Path, name: str, raw: bytes, at: float) -> None:
    """Arbitrary bytes (invalid UTF-8, NUL) inserted into a file."""
    data = (MINI / name).read_bytes()
    position = int(len(data) * at)
    problems = run(tmp_path, name, data[:position] + raw + data[position:])
    assert all(isinstance(p, Problem) for p in problems)


@given(value=junk | st.just(["bevinding"]))
@example(value=["bevinding"])  # once crashed validate.py: an unhashable 'soort' in a block with an id
def test_any_value_as_the_kind_of_a_block_is_a_problem(tmp_path: Path, value: Any) -> None:
    """Whatever 'soort' a finding has, the answer is a positioned problem (or, for 'bevinding', none)."""
    yaml = YAML(typ="safe", pure=True)
    name = "rapporten/2019-alfa.yaml"
    parsed = yaml.load((MINI / name).read_text("utf-8"))
    parsed["secties"][1]["secties"][0]["inhoud"][0]["soort"] = value
    out = YAML(typ="safe", pure=True)
    out.default_flow_style = False
    import io

    buffer = io.StringIO()
    out.dump(parsed, buffer)
    problems = run(tmp_path, name, buffer.getvalue())
    assert (problems == []) == (value == "bevinding"), problems
    assert all(p.path == name and p.line > 1 for p in problems)
