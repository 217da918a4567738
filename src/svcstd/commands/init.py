"""``svcstd init DIR``: a new standards repository from the bundled example organisation."""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from svcstd.commands._common import parse_date
from svcstd.errors import EXIT_OK, UsageError

ORDER = 10

# Where the generated workflows install svcstd from: an exact, repeatable choice, never
# a bare name that anyone could claim on a public index. Checked in this order.
_INSTALL_FORMS = {
    "a pinned version": re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*===?[0-9][A-Za-z0-9.!+_-]*"),
    "a wheel URL": re.compile(r"https://[^/]+/.*\.whl(#sha256=[0-9a-f]{64})?"),
    "a git URL with a commit": re.compile(r"git\+(https|ssh)://[^@]+(@[^/]+)?/.*@[0-9a-f]{40}"),
}
# Characters that could break out of the workflow's YAML or GitHub expression quoting.
_UNSAFE = re.compile(r"[\s'\"\\$`{}]")
INSTALL_HINT = (
    "give a pinned version (svcstd==0.1.0), a wheel URL "
    "(https://example.org/svcstd-0.1.0-py3-none-any.whl) or a git URL with a full commit "
    "(git+https://github.com/ORG/svcstd@<40-hex commit>); see: svcstd docs lint"
)
# The marker in templates/init/.github/workflows that init replaces.
INSTALL_MARKER = "@SVCSTD_INSTALL@"


def command(
    directory: Annotated[
        Path, typer.Argument(help="Where to create the repository; must be new or empty.")
    ],
    install: Annotated[
        str | None,
        typer.Option(
            "--install",
            metavar="SOURCE",
            help="Where the CI workflows install svcstd from: a pinned version "
            "(svcstd==0.1.0), a wheel URL, or a git URL with a full commit "
            "(git+https://…/svcstd@<commit>). Asked for on a terminal; without it the "
            "workflows need the repository variable SVCSTD_INSTALL.",
        ),
    ] = None,
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

    It holds svcstd.yaml, the example hotel's teams, roles, standards and SOPs,
    GitHub Actions workflows running svcstd lint and publish, and a pre-commit
    configuration.
    """
    if install is None and sys.stdin.isatty():
        install = ask_install_source()
    source = check_install_source(install) if install else ""
    raise typer.Exit(run_init(directory, parse_date(as_of) if as_of else None, source))


def check_install_source(source: str) -> str:
    """The install source, stripped, if it is one of the accepted forms; else a usage error."""
    source = source.strip()
    if _UNSAFE.search(source):
        raise UsageError(
            f"--install {source!r} holds a space, quote, backslash, '$', '`' or brace",
            INSTALL_HINT,
        )
    if not any(form.fullmatch(source) for form in _INSTALL_FORMS.values()):
        raise UsageError(f"--install {source!r} is not a pinned install source", INSTALL_HINT)
    return source


def ask_install_source() -> str:
    """Ask on the terminal until the answer is a valid source or empty (decide later)."""
    typer.echo(
        "Where should CI install svcstd from? A pinned version (svcstd==0.1.0), a wheel URL,\n"
        "or a git URL with a full commit. Leave empty to set the repository variable\n"
        "SVCSTD_INSTALL later."
    )
    while True:
        answer = str(typer.prompt("Install source", default="", show_default=False))
        try:
            return check_install_source(answer) if answer.strip() else ""
        except UsageError as exc:
            typer.echo(f"{exc.message}; {exc.hint}")


def write_install_source(folder: Path, source: str) -> None:
    """Write the install source into the generated workflows (empty: fail fast in CI)."""
    for workflow in sorted((folder / ".github" / "workflows").glob("*.yml")):
        text = workflow.read_text(encoding="utf-8")
        workflow.write_text(text.replace(INSTALL_MARKER, source), encoding="utf-8")


def run_init(target: Path, first_day: date | None = None, install: str = "") -> int:
    """Copy the example data and the CI / pre-commit wiring into an empty or new folder."""
    from svcstd.writer import ensure_folder

    hint = "choose a new folder name; svcstd init never overwrites files"
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise UsageError(f"{target} already exists and is not a folder", hint)
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{target} already exists and is not empty", hint)
    ensure_folder(target.parent, "choose a folder you may write into")
    try:
        _build(target, install, first_day)
    except OSError as exc:
        reason = exc.strerror.lower() if exc.strerror else str(exc)
        raise UsageError(f"cannot create {target}: {reason}", hint) from None
    print(_next_steps(target))
    print(_ci_note(install))
    return EXIT_OK


def _build(target: Path, install: str, first_day: date | None) -> None:
    """Build beside the target and rename at the end, so a failure leaves nothing half-made."""
    from svcstd.resources import data_dir

    staging = Path(tempfile.mkdtemp(prefix=".svcstd-init-", dir=target.parent))
    try:
        shutil.copytree(
            data_dir("example"),
            staging,
            dirs_exist_ok=True,
            # The example's survey results and actions describe the hotel's past months;
            # a new organisation starts without results (svcstd docs feedback).
            ignore=shutil.ignore_patterns(".svcstd-cache", "__pycache__", "feedback", "actions"),
            copy_function=shutil.copyfile,  # new files, moded by the umask, not the package's
        )
        shutil.copytree(
            data_dir("templates") / "init", staging, dirs_exist_ok=True,
            copy_function=shutil.copyfile,
        )  # fmt: skip
        write_install_source(staging, install)
        start_on(staging, first_day)
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


def _ci_note(install: str) -> str:
    if install:
        return f"\nThe CI workflows (.github/workflows/) install svcstd with: pip install {install}"
    return (
        "\nThe CI workflows (.github/workflows/) do not know where to install svcstd from yet:\n"
        "set the repository variable SVCSTD_INSTALL to a pinned version (svcstd==X.Y.Z), a\n"
        "wheel URL or git+https://…/svcstd@<commit>; until then they stop with that message.\n"
        "More: svcstd docs lint"
    )


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
teams, roles, standards and SOPs with your own. The format is described by
'svcstd docs format'; 'svcstd docs' lists the other topics."""
