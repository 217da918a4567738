"""Formats typeset outside Python start first: their Python part, then a worker thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from msgspec import structs

from svcstd.render import formats
from svcstd.render.handbook import RenderRequest, render_handbook
from tests.unit.render.render_support import AS_OF, base_repo


def _recording(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Wrap every registered format so that each step notes what ran, and in which thread."""
    events: list[tuple[str, str]] = []

    def note(what: str) -> None:
        events.append((what, threading.current_thread().name))

    def wrap_render(fmt: formats.Format) -> Callable[..., bytes]:
        def render(*args: object) -> bytes:
            note(f"render {fmt.name}")
            return fmt.render(*args)  # type: ignore[arg-type]

        return render

    def wrap_prepare(fmt: formats.Format) -> Callable[..., Callable[[], bytes]]:
        def prepare(*args: object) -> Callable[[], bytes]:
            note(f"prepare {fmt.name}")
            assert fmt.prepare is not None
            job = fmt.prepare(*args)  # type: ignore[arg-type]

            def run() -> bytes:
                note(f"job {fmt.name}")
                return job()

            return run

        return prepare

    wrapped = {
        name: structs.replace(
            fmt, render=wrap_render(fmt), prepare=wrap_prepare(fmt) if fmt.prepare else None
        )
        for name, fmt in formats.FORMATS.items()
    }
    monkeypatch.setattr(formats, "FORMATS", wrapped)
    monkeypatch.setattr("svcstd.render.handbook.FORMATS", wrapped)
    return events


def test_the_pdf_is_prepared_first_then_typeset_beside_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = _recording(monkeypatch)
    request = RenderRequest(base_repo(tmp_path / "repo"), ["html", "pdf", "md"], tmp_path / "out",
                            as_of=AS_OF)  # fmt: skip
    written = render_handbook(request)
    main = threading.main_thread().name
    # The PDF's Python part before the other formats start competing with it for the GIL.
    assert [what for what, thread in events if thread == main] == [
        "prepare pdf", "render html", "render md"]  # fmt: skip
    assert [what for what, thread in events if thread != main] == ["job pdf"]
    assert [p.name for p in written] == ["handbook.html", "handbook.pdf", "handbook.md"]


def test_the_pdf_alone_is_typeset_in_the_callers_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = _recording(monkeypatch)
    request = RenderRequest(base_repo(tmp_path / "repo"), ["pdf"], tmp_path / "out", as_of=AS_OF)
    render_handbook(request)
    assert events == [("render pdf", threading.main_thread().name)]
