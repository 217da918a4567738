"""``svcstd init DIR``: a new standards repository from the bundled example organisation."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from svcstd.errors import EXIT_OK, UsageError

ORDER = 10


def command(
    directory: Annotated[
        Path, typer.Argument(help="Where to create the repository; must be new or empty.")
    ],
) -> None:
    """Create a new standards repository from the example organisation.

    It holds svcstd.yaml, the example hotel's teams, roles, standards and SOPs, a
    GitHub Actions workflow running svcstd lint and a pre-commit configuration.
    """
    raise typer.Exit(run_init(directory))


def run_init(target: Path) -> int:
    """Copy the example data and the CI / pre-commit wiring into an empty or new folder."""
    from svcstd.writer import ensure_folder

    hint = "choose a new folder name; svcstd init never overwrites files"
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise UsageError(f"{target} already exists and is not a folder", hint)
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{target} already exists and is not empty", hint)
    ensure_folder(target.parent, "choose a folder you may write into")
    try:
        _build(target)
    except OSError as exc:
        reason = exc.strerror.lower() if exc.strerror else str(exc)
        raise UsageError(f"cannot create {target}: {reason}", hint) from None
    print(_next_steps(target))
    return EXIT_OK


def _build(target: Path) -> None:
    """Build beside the target and rename at the end, so a failure leaves nothing half-made."""
    from svcstd.resources import data_dir

    staging = Path(tempfile.mkdtemp(prefix=".svcstd-init-", dir=target.parent))
    try:
        shutil.copytree(
            data_dir("example"),
            staging,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(".svcstd-cache", "__pycache__"),
            copy_function=shutil.copyfile,  # new files, moded by the umask, not the package's
        )
        shutil.copytree(
            data_dir("templates") / "init", staging, dirs_exist_ok=True,
            copy_function=shutil.copyfile,
        )  # fmt: skip
        _folder_modes(staging)
        if target.exists():
            target.rmdir()
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _folder_modes(top: Path) -> None:
    """Give every folder the mode mkdir would (copytree copies the package's, mkdtemp 0700)."""
    from svcstd.writer import new_folder_mode

    mode = new_folder_mode()
    for folder, _, _ in os.walk(top):
        os.chmod(folder, mode)


def _next_steps(target: Path) -> str:
    return f"""Created a standards repository in {target}/ from the example organisation.

Next steps:
  cd {target}
  git init && git add . && git commit -m "Start our service standards"
  svcstd lint                 # check everything (0 = clean)
  pre-commit install          # lint before every commit (needs: pip install pre-commit)

Then edit svcstd.yaml (organisation name, calendars) and replace the example
teams, roles, standards and SOPs with your own. The format is described in
docs/format.md of svcstd."""
