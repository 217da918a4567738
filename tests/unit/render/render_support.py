"""Helpers shared by the render tests: small repositories, hostile content, a tripwire server."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

from svcstd.render.handbook import RenderRequest, render_handbook

TESTS = Path(__file__).resolve().parents[2]
BASE = TESTS / "cases" / "_base"
AS_OF = date(2026, 11, 1)


def base_repo(target: Path) -> Path:
    """A private copy of the tiny valid repository tests/cases/_base."""
    shutil.copytree(BASE, target)
    return target


def edit_yaml(path: Path, **changes: object) -> None:
    """Rewrite a YAML document with some top-level fields changed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def hostile_repo(target: Path, port: int) -> Path:
    """The base repository with script, javascript: links, remote and file:// images in text."""
    root = base_repo(target)
    tripwire = f"http://127.0.0.1:{port}"
    edit_yaml(root / "svcstd.yaml", organisation=f'Evil"; }} @import url({tripwire}/org.css); x {{')
    edit_yaml(
        root / "teams" / "it.yaml",
        name="<script>alert('team')</script>IT",
        mission=(
            f"Click [here](javascript:alert(1)) or [there](JAVASCRIPT:alert(2)).\n\n"
            f"![pixel]({tripwire}/pixel.png) ![passwd](file:///etc/passwd)\n\n"
            f'<img src="{tripwire}/raw.png"> <iframe src="file:///etc/passwd"></iframe>\n\n'
            f'<link rel="stylesheet" href="{tripwire}/style.css"> <file:///etc/passwd>\n\n'
            "[ok](https://example.org/safe)"
        ),
    )
    edit_yaml(
        root / "services" / "it-pms-support.yaml",
        title="<script>alert('title')</script>PMS support",
        summary=f"See ![logo]({tripwire}/logo.png) and <script>fetch('{tripwire}/x')</script>",
    )
    return root


def render(root: Path, out: Path, formats: list[str], **options: object) -> list[Path]:
    """Render a repository with a fixed date."""
    request = RenderRequest(root, formats, out, as_of=AS_OF)
    for key, value in options.items():
        setattr(request, key, value)
    return render_handbook(request)


@contextmanager
def tripwire_server() -> Iterator[tuple[int, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every request it receives."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
