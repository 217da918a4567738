"""Dates and numbers at and past their bounds, through the real command line.

A review dated 9999-12-31, a cadence of 99,999,999,999 years or an --as-of far in the
future once ended in ValueError or OverflowError tracebacks. The schemas now bound
dates (1900-01-01 to 2999-12-31) and cadence counts (1 to 999), so that no accepted
value can overflow a date computation, and every command says what is wrong and where.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.test_cli import svcstd

REVIEWED = "services/admin-purchase-orders.yaml"  # review: {cadence: yearly, last: 2026-04-20}


def _git_repo(example: Path) -> Path:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=example, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "data")
    return example


def _edit(example: Path, rel: str, old: str, new: str) -> int:
    """Replace old by new in one file; return the 1-based line where new stands."""
    path = example / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode in (0, 1, 2), done.stderr


COMMANDS = {
    "lint": ("lint", "--as-of", "2026-11-30", "."),
    "due": ("due", "--as-of", "2026-11-30"),
    "render": ("render", "--format", "md", "--out", "../rendered", "--as-of", "2026-11-30", "."),
    "digest": ("digest", "--as-of", "2026-11-30"),
    "publish": ("publish", "--dry-run", "--as-of", "2026-11-30"),
}


@pytest.mark.parametrize(
    ("old", "new", "field", "shown"),
    [
        ("last: 2026-04-20", "last: 9999-12-31", "review.last", "2999-12-31"),
        ("last: 2026-04-20", "last: 3000-01-01", "review.last", "2999-12-31"),
        ("last: 2026-04-20", "last: 1899-12-31", "review.last", "1900-01-01"),
        ("cadence: yearly", "cadence: every 99999999999 years", "review.cadence", "1 to 999"),
        ("cadence: yearly", "cadence: every 1000 days", "review.cadence", "1 to 999"),
    ],
)
def test_out_of_range_review_is_a_located_lint_finding(
    example: Path, old: str, new: str, field: str, shown: str
) -> None:
    line = _edit(example, REVIEWED, old, new)
    done = svcstd(*COMMANDS["lint"], cwd=example)
    _no_traceback(done)
    assert done.returncode == 1
    found = re.search(rf"{REVIEWED}\n\s+{line}:\d+\s+error\s+{field}: .*{shown}", done.stdout)
    assert found, done.stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("last: 2026-04-20", "last: 9999-12-31"),
        ("cadence: yearly", "cadence: every 99999999999 years"),
    ],
)
def test_no_command_fails_on_an_out_of_range_review(
    example: Path, command: str, old: str, new: str
) -> None:
    _edit(example, REVIEWED, old, new)
    done = svcstd(*COMMANDS[command], cwd=_git_repo(example))
    _no_traceback(done)
    assert done.returncode == (1 if command == "lint" else 0), done.stderr


def test_the_largest_accepted_values_work_everywhere(example: Path) -> None:
    # Just inside both bounds: the review falls due in year 3998, and nothing overflows.
    _edit(example, REVIEWED, "cadence: yearly", "cadence: every 999 years")
    _edit(example, REVIEWED, "last: 2026-04-20", "last: 2999-12-31")
    repo = _git_repo(example)
    for command, args in COMMANDS.items():
        done = svcstd(*args, cwd=repo)
        _no_traceback(done)
        assert done.returncode == 0, (command, done.stdout, done.stderr)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_out_of_range_publication_cadence_is_a_configuration_error(
    example: Path, command: str
) -> None:
    line = _edit(
        example,
        "svcstd.yaml",
        "  cadence: monthly\n  tag_prefix:",
        "  cadence: every 99999999999 years\n  tag_prefix:",
    )
    done = svcstd(*COMMANDS[command], cwd=_git_repo(example))
    _no_traceback(done)
    assert done.returncode == 2
    assert f"svcstd.yaml:{line}:" in done.stderr
    assert "1 to 999" in done.stderr


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("as_of", ["9999-12-31", "3000-01-01", "1899-12-31"])
def test_as_of_outside_the_range_is_a_usage_error(example: Path, command: str, as_of: str) -> None:
    args = [as_of if previous == "--as-of" else a for previous, a in _pairs(COMMANDS[command])]
    done = svcstd(*args, cwd=_git_repo(example))
    _no_traceback(done)
    assert done.returncode == 2
    assert f"--as-of {as_of} is outside the dates svcstd accepts" in done.stderr


def _pairs(args: tuple[str, ...]) -> list[tuple[str, str]]:
    return list(zip(("", *args[:-1]), args, strict=True))
