"""Load the typed organisation for rendering: the shared pipeline, without the lint rules."""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct

from svcstd.model import Organisation
from svcstd.pipeline import load


class LoadedOrganisation(Struct):
    """The organisation and the folder it was read from."""

    root: Path
    org: Organisation
    skipped: int  # documents left out because they failed to load or validate


def load_organisation(path: Path) -> LoadedOrganisation:
    """The linked organisation of the repository holding ``path``; invalid files are left out."""
    loaded = load(path, references=False)  # render shows no reference findings
    unloadable = len({f.file for f in loaded.repo.findings})
    return LoadedOrganisation(loaded.repo.root, loaded.org, loaded.invalid + unloadable)
