"""The cycle collector is paused while the standards become a model, its checks or a handbook."""

from __future__ import annotations

import gc
import json
import sys
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcstd.cli import app
from svcstd.pipeline import collector_paused
from tests.unit.render.render_support import base_repo, render


@contextmanager
def collections_counted(inside: str) -> Iterator[list[int]]:
    """The collector's runs while the function called ``inside`` is on the stack (the part of a
    command that builds its objects; one run as the pause ends is expected and not counted),
    at a threshold that building the example's objects reaches many times over."""
    runs: list[int] = []

    def count(phase: str, _info: dict[str, int]) -> None:
        frame = sys._getframe(1)
        while phase == "start" and frame is not None:
            if frame.f_code.co_name == inside:
                runs.append(1)
                return
            frame = frame.f_back

    threshold = gc.get_threshold()
    gc.set_threshold(100, 10, 10)
    gc.callbacks.append(count)
    try:
        yield runs
    finally:
        gc.callbacks.remove(count)
        gc.set_threshold(*threshold)


def test_the_collector_is_back_afterwards_even_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("stop")
    assert gc.isenabled()


def test_the_objects_of_the_pause_are_not_walked_at_its_end_but_are_freed_later() -> None:
    class Node:
        pass

    freed: list[str] = []
    with collections_counted(
        "test_the_objects_of_the_pause_are_not_walked_at_its_end_but_are_freed_later"
    ) as runs:
        with collector_paused():
            kept = [[i] for i in range(20_000)]  # far over the threshold of 100
            cycle = Node()
            cycle.self = cycle  # type: ignore[attr-defined]
            weakref.finalize(cycle, freed.append, "cycle")
            del cycle
        after = [[i] for i in range(50)]  # the first allocations after the pause
    assert kept and after
    assert not runs  # no collection started as the pause ended
    assert not freed  # a cycle needs the collector: reference counting cannot free it
    gc.collect()
    assert freed == ["cycle"]


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_counting_sees_collections_outside_a_pause() -> None:
    # What the two tests below rely on: building objects where nothing pauses the collector.
    def build() -> list[list[int]]:
        return [[i] for i in range(10_000)]

    with collections_counted("build") as runs:
        assert build()
    assert runs


def test_a_render_runs_without_the_collector(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo")
    with collections_counted("_render_formats") as runs:
        written = render(root, tmp_path / "out", ["html", "md"])
    assert written == [tmp_path / "out" / "handbook.html", tmp_path / "out" / "handbook.md"]
    assert not runs
    assert gc.isenabled()


def test_a_lint_runs_without_the_collector(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo")
    with collections_counted("_check_tree") as runs:
        result = CliRunner().invoke(app, ["lint", str(root), "--no-cache", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert sum(json.loads(result.output)["summary"]["documents"].values()) == 9
    assert not runs
    assert gc.isenabled()
