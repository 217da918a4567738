"""The command line loads a command's module only when that command runs (svcstd.cli).

Listing the commands (``--help``, suggestions for a mistyped name) still shows every one.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

from svcstd import commands
from tests.unit.render.render_support import base_repo

# Runs the real entry point and then prints which svcstd command modules and which heavy
# libraries it imported, from an exit hook (main() ends with SystemExit).
PROBE = """
import atexit, json, sys
def report():
    loaded = sorted(m for m in sys.modules if m.startswith("svcstd.commands."))
    libraries = {name: name in sys.modules for name in ("git", "jinja2", "msgspec")}
    print(json.dumps({"commands": loaded, **libraries}), file=sys.stderr)
atexit.register(report)
sys.argv = ["svcstd", *sys.argv[1:]]
from svcstd.cli import main
main()
"""


def _probe(*args: str, cwd: Path | None = None) -> tuple[subprocess.CompletedProcess[str], dict]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})  # fmt: skip
    return done, json.loads(done.stderr.strip().splitlines()[-1])


def _every_command() -> list[str]:
    """Every command module's command name, in the order --help must list them."""
    found = []
    for info in pkgutil.iter_modules(commands.__path__):
        module = importlib.import_module(f"svcstd.commands.{info.name}")
        runs = hasattr(module, "command") or hasattr(module, "group")
        if runs and not info.name.startswith("_"):
            found.append((getattr(module, "ORDER", 50), getattr(module, "NAME", info.name)))
    return [name for _, name in sorted(found)]


def test_help_lists_every_command_in_order() -> None:
    done, seen = _probe("--help")
    assert done.returncode == 0
    listed = done.stdout.split("Commands:", 1)[1].split("\n\n", 1)[0].splitlines()
    names = [line.split()[0] for line in listed if line.strip()]
    assert names == _every_command()
    assert len(seen["commands"]) > len(names)  # every module, _common included, was imported


def test_a_command_imports_its_own_module_alone(tmp_path: Path) -> None:
    repo = base_repo(tmp_path / "repo")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": os.environ["PATH"],
           "HOME": str(repo)}  # fmt: skip
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "first"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True,
                         check=True).stdout.strip()  # fmt: skip
    done, seen = _probe("render", str(repo), "--format", "md", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    # The module of the command, and docs for its --help epilog; no other command's module.
    assert seen["commands"] == [
        "svcstd.commands._common", "svcstd.commands.docs", "svcstd.commands.render"]  # fmt: skip
    # The cover's commit comes from one git process, without importing GitPython.
    assert seen["git"] is False
    assert seen["jinja2"] is True  # the Markdown handbook is a Jinja2 template
    assert sha[:10] in (tmp_path / "out" / "handbook.md").read_text(encoding="utf-8")


def test_a_command_named_unlike_its_module_runs() -> None:
    done, seen = _probe("import", "--help")  # module import_, NAME = "import"
    assert done.returncode == 0
    assert "Usage: svcstd import [OPTIONS]" in done.stdout
    assert "svcstd.commands.import_" in seen["commands"]
    assert "svcstd.commands.whois" not in seen["commands"]


def test_a_subcommand_group_runs() -> None:
    done, _ = _probe("feedback", "--help")
    assert done.returncode == 0
    assert "import" in done.stdout.split("Commands:", 1)[1]


def test_a_mistyped_command_is_matched_against_every_command() -> None:
    # "imprt" is closest to "import", whose module (import_) a lookup by name misses.
    done, _ = _probe("imprt")
    assert done.returncode == 2
    assert "No such command 'imprt'. Did you mean 'import', 'impact'?" in done.stderr


def test_the_pdf_alone_needs_neither_jinja2_nor_gitpython(tmp_path: Path) -> None:
    done, seen = _probe("render", str(base_repo(tmp_path / "repo")), "--format", "pdf",
                        "--out", str(tmp_path / "out"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "handbook.pdf").read_bytes().startswith(b"%PDF-")
    assert seen["jinja2"] is False
    assert seen["git"] is False


def test_help_and_version_load_no_records() -> None:
    # Records (msgspec Structs) are for the commands that read standards; the first screen
    # a person sees must not pay for importing msgspec.
    for args in (["--version"], ["--help"], ["lint", "--help"]):
        done, seen = _probe(*args)
        assert done.returncode == 0, done.stderr
        assert seen["msgspec"] is False, args
