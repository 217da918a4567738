"""Editor wiring: the JSON Schemas written out, and VS Code's yaml.schemas mapping to them."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from svcstd.errors import UsageError
from svcstd.resources import data_dir
from svcstd.writer import ensure_folder, write_files, write_text

# Where each kind lives in the conventional layout (docs/format.md); editors match by path.
GLOBS: dict[str, list[str]] = {
    "config": ["**/svcstd.yaml"],
    "team": ["**/teams/**/*.yaml", "**/teams/**/*.yml"],
    "role": ["**/roles/**/*.yaml", "**/roles/**/*.yml"],
    "standard": ["**/services/**/*.yaml", "**/services/**/*.yml"],
    "sop": ["**/sops/**/*.yaml", "**/sops/**/*.yml"],
    "waiver": ["**/waivers/**/*.yaml", "**/waivers/**/*.yml"],
    "feedback": ["**/feedback/**/*.yaml", "**/feedback/**/*.yml"],
    "action": ["**/actions/**/*.yaml", "**/actions/**/*.yml"],
}


def write_schemas(out: Path, workspace: Path | None) -> Iterator[str]:
    """Copy every schema into ``out``; map them in ``workspace``/.vscode/settings.json."""
    ensure_folder(out, "give --out a folder svcstd may write into")
    schemas = sorted(data_dir("schemas").glob("*.schema.json"))
    write_files([(out / s.name, s.read_bytes()) for s in schemas], "give --out another folder")
    yield f"wrote the JSON Schemas to {out}/"
    if workspace is not None:
        settings = workspace / ".vscode" / "settings.json"
        hint = "run with --no-vscode, or fix the folder's permissions"
        ensure_folder(settings.parent, hint)
        write_text(settings, _merged_settings(settings, out, workspace), hint)
        yield f"mapped them to the standards' files in {settings}"


def yaml_schemas(out: Path, workspace: Path) -> dict[str, list[str]]:
    """The ``yaml.schemas`` mapping: schema path (relative to the workspace) → file globs."""
    base = Path(os.path.relpath(out.resolve(), workspace.resolve())).as_posix()
    return {f"./{base}/{kind}.schema.json": globs for kind, globs in GLOBS.items()}


def _merged_settings(settings: Path, out: Path, workspace: Path) -> str:
    current: dict[str, Any] = {}
    if settings.is_file():  # anything else there is refused by the writer, with its reason
        try:
            current = json.loads(settings.read_text(encoding="utf-8"))
        except OSError as exc:
            reason = f"cannot read {settings}: {exc.strerror}"
            raise UsageError(reason, "run with --no-vscode") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise UsageError(
                f"{settings} is not plain JSON ({exc}); svcstd will not overwrite it",
                "remove comments from it, or run with --no-vscode",
            ) from None
        if not isinstance(current, dict):
            raise UsageError(f"{settings} is not a JSON object", "run with --no-vscode")
    mapping = dict(current.get("yaml.schemas") or {})
    mapping.update(yaml_schemas(out, workspace))
    current["yaml.schemas"] = mapping
    return json.dumps(current, indent=2, ensure_ascii=False) + "\n"
