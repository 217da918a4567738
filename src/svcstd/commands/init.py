"""``svcstd init DIR``: a new standards repository from the bundled example organisation."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from svcstd.commands._common import parse_date
from svcstd.errors import EXIT_OK, UsageError

ORDER = 10


def command(
    directory: Annotated[
        Path, typer.Argument(help="Where to create the repository; must be new or empty.")
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="The repository's first day (YYYY-MM-DD): the example's dates are moved "
            "so that it lints clean on that day. Default: today in its time zone.",
        ),
    ] = None,
) -> None:
    """Create a new standards repository from the example organisation.

    It holds svcstd.yaml, the example hotel's teams, roles, standards and SOPs, a
    GitHub Actions workflow running svcstd lint and a pre-commit configuration.
    """
    raise typer.Exit(run_init(directory, parse_date(as_of) if as_of else None))


def run_init(target: Path, first_day: date | None = None) -> int:
    """Copy the example data and the CI / pre-commit wiring into an empty or new folder."""
    from svcstd.resources import data_dir

    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(
            f"{target} already exists and is not empty",
            "choose a new folder name; svcstd init never overwrites files",
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    # Build beside the target and rename at the end, so a failure leaves nothing half-made.
    staging = Path(tempfile.mkdtemp(prefix=".svcstd-init-", dir=target.parent))
    try:
        shutil.copytree(
            data_dir("example"),
            staging,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(".svcstd-cache", "__pycache__"),
        )
        shutil.copytree(data_dir("templates") / "init", staging, dirs_exist_ok=True)
        start_on(staging, first_day)
        if target.exists():
            target.rmdir()
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    print(_next_steps(target))
    return EXIT_OK


def start_on(root: Path, first_day: date | None) -> None:
    """Move the example's dates to the first day (default: today in the configured zone)."""
    import yaml

    from svcstd.rebase import rebase_dates, today_in

    if first_day is None:
        config = yaml.safe_load((root / "svcstd.yaml").read_text(encoding="utf-8"))
        first_day = today_in(str(config.get("timezone", "UTC")))
    rebase_dates(root, first_day)


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
