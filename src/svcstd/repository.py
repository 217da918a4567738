"""Finding the standards folder, reading its configuration and loading every document."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, field

from svcstd.errors import ConfigError, UsageError
from svcstd.findings import Finding

if TYPE_CHECKING:  # the loader imports PyYAML; finding the root needs none of it
    from svcstd.loader import SourceDocument

CONFIG_NAME = "svcstd.yaml"


class Repository(Struct):
    """Everything read from disk: the configuration, the documents and the load findings."""

    root: Path
    config: SourceDocument
    documents: list[SourceDocument] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def display(self, path: Path) -> str:
        """A path as shown to users: relative to the current folder when possible."""
        return display_path(path)


def display_path(path: Path) -> str:
    """Show a path relative to the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def relative_file(file: str, root: Path) -> str:
    """A document's file as a path inside the standards folder; as given when outside it."""
    try:
        return Path(file).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file


def find_root(start: Path) -> Path:
    """The folder holding svcstd.yaml: start itself, one of its parents, or start/standards."""
    if not start.exists():
        raise UsageError(f"{start} does not exist", "give the folder that holds svcstd.yaml")
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    if (here / "standards" / CONFIG_NAME).is_file():
        return here / "standards"
    raise UsageError(
        f"no {CONFIG_NAME} found in {display_path(start)} or any folder above it",
        "run 'svcstd init DIR' to start a standards repository, or point at the folder holding "
        f"{CONFIG_NAME}",
    )


def load_config(root: Path) -> SourceDocument:
    """Load svcstd.yaml; a configuration that does not even parse is a ConfigError."""
    from svcstd.loader import load_file

    path = root / CONFIG_NAME
    result = load_file(path, display_path(path))
    if result.findings:
        first = result.findings[0]
        raise ConfigError(f"{first.file}:{first.line}:{first.column}: {first.message}", first.hint)
    return result.documents[0]


def load_repository(root: Path) -> Repository:
    """Load the configuration and every other YAML file under root."""
    from svcstd.loader import iter_yaml_files, load_file

    repo = Repository(root=root, config=load_config(root))
    # Display names are the root's display name plus the relative path: one resolve()
    # for the whole tree instead of two per file.
    prefix = display_path(root)
    prefix = "" if prefix == "." else prefix.rstrip("/") + "/"
    for path in iter_yaml_files(root):
        rel = path.relative_to(root).as_posix()
        if rel == CONFIG_NAME:
            continue
        result = load_file(path, prefix + rel)
        repo.documents.extend(result.documents)
        repo.findings.extend(result.findings)
    return repo
