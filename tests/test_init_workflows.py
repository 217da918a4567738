"""The GitHub workflows ``svcstd init`` writes: valid for GitHub, least privilege, an
explicit install source, and shell steps that really run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from svcstd.cli import app

ROOT = Path(__file__).resolve().parents[1]
COMMIT = "0123456789abcdef0123456789abcdef01234567"
WORKFLOWS = ("svcstd-lint.yml", "svcstd-publish.yml")
DEFAULT = re.compile(r"^\$\{\{ vars\.SVCSTD_INSTALL \|\| '(?P<source>[^']*)' \}\}$")


def init(target: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["init", str(target), *args])
    return result.exit_code, result.output


def workflow(repo: Path, name: str) -> dict[str, Any]:
    data = yaml.safe_load((repo / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    # PyYAML reads the key 'on' as the boolean true (YAML 1.1); GitHub reads it as 'on'.
    data["on"] = data.pop(True)
    return data  # type: ignore[no-any-return]


@pytest.mark.parametrize("install", ["svcstd==0.1.0", ""])
def test_github_accepts_the_workflows(tmp_path: Path, install: str) -> None:
    code, out = init(tmp_path / "org", *(["--install", install] if install else []))
    assert code == 0, out
    files = [str(tmp_path / "org" / ".github" / "workflows" / name) for name in WORKFLOWS]
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema"]
    checked = subprocess.run(
        [*command, "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_least_privilege_and_time_limits(tmp_path: Path) -> None:
    init(tmp_path / "org", "--install", "svcstd==0.1.0")
    lint = workflow(tmp_path / "org", "svcstd-lint.yml")
    publish = workflow(tmp_path / "org", "svcstd-publish.yml")
    assert lint["permissions"] == {"contents": "read"}
    assert publish["permissions"] == {"contents": "write"}
    for flow in (lint, publish):
        for name, job in flow["jobs"].items():
            assert 0 < job["timeout-minutes"] <= 15, name
    writers = [
        name
        for flow in (lint, publish)
        for name, job in flow["jobs"].items()
        if job.get("permissions", {}).get("security-events") == "write"
    ]
    assert writers == ["code-scanning"]
    scanning = lint["jobs"]["code-scanning"]
    assert "vars.SVCSTD_CODE_SCANNING == 'true'" in scanning["if"]
    assert any("upload-sarif" in step.get("uses", "") for step in scanning["steps"])


@pytest.mark.parametrize(
    "source",
    [
        "svcstd==0.1.0",
        "acme-svcstd===2.3.1",
        "https://files.example.org/dist/svcstd-0.1.0-py3-none-any.whl",
        "https://files.example.org/svcstd-0.1.0-py3-none-any.whl#sha256=" + "a" * 64,
        f"git+https://github.com/acme/svcstd@{COMMIT}",
        f"git+ssh://git@github.com/acme/svcstd@{COMMIT}",
    ],
)
def test_a_pinned_source_is_written_into_every_workflow(tmp_path: Path, source: str) -> None:
    code, out = init(tmp_path / "org", "--install", source)
    assert code == 0 and f"pip install {source}" in out
    for name in WORKFLOWS:
        value = workflow(tmp_path / "org", name)["env"]["SVCSTD_INSTALL"]
        match = DEFAULT.match(value)
        assert match and match["source"] == source, name


@pytest.mark.parametrize(
    "source",
    [
        "svcstd",  # a bare name anyone could claim
        "svcstd>=0.1",  # a range: not repeatable
        "http://files.example.org/svcstd-0.1.0-py3-none-any.whl",  # not https
        "https://files.example.org/svcstd-0.1.0.tar.gz",  # not a wheel
        "git+https://github.com/acme/svcstd@main",  # a branch moves
        "git+https://github.com/acme/svcstd@0123456",  # a short commit is ambiguous
        "svcstd==0.1.0' }}${{ secrets.TOKEN",  # breaking out of the expression
        "svcstd==0.1.0 --index-url https://evil.example",
    ],
)
def test_an_unpinned_or_unsafe_source_is_refused(tmp_path: Path, source: str) -> None:
    code, out = init(tmp_path / "org", "--install", source)
    assert code == 2 and "--install" in out and "svcstd docs lint" in out
    assert not (tmp_path / "org").exists()


def test_without_a_source_init_says_what_ci_needs(tmp_path: Path) -> None:
    code, out = init(tmp_path / "org")
    assert code == 0 and "SVCSTD_INSTALL" in out and "svcstd docs format" in out
    assert "docs/format.md" not in out
    value = workflow(tmp_path / "org", "svcstd-lint.yml")["env"]["SVCSTD_INSTALL"]
    assert DEFAULT.match(value)["source"] == ""  # type: ignore[index]


# ------------------------------------------------------------ the lint workflow, run here


@pytest.fixture(scope="module")
def wheel_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """svcstd built as a wheel: what the workflow's pip install fetches."""
    from hatchling.builders.wheel import WheelBuilder

    folder = tmp_path_factory.mktemp("wheels")
    list(WheelBuilder(str(ROOT)).build(directory=str(folder), versions=["standard"]))
    return folder


@pytest.fixture(scope="module")
def runner_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment standing in for the runner's Python, without svcstd.

    svcstd's dependencies (and pip) are borrowed from the test environment through a
    folder of links, which leaves svcstd itself out: the workflow's install step must
    install it, and its console script, for the later steps to find.
    """
    home = tmp_path_factory.mktemp("runner")
    venv.create(home / "venv", with_pip=False)
    borrowed = home / "borrowed"
    borrowed.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        name = entry.name.lower()
        if "svcstd" in name or entry.suffix == ".pth":
            continue
        (borrowed / entry.name).symlink_to(entry)
    site = next((home / "venv" / "lib").glob("python3*/site-packages"))
    (site / "borrowed.pth").write_text(str(borrowed) + "\n")
    return home / "venv" / "bin"


def run_steps(repo: Path, steps: list[dict[str, Any]], env: dict[str, str]) -> list[Any]:
    """Run each ``run:`` step as GitHub does (bash -eo pipefail), stopping at a failure."""
    done = []
    for step in steps:
        if "run" not in step:  # actions (checkout, setup-python, artifacts) need GitHub
            continue
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        done.append(result)
        if result.returncode != 0:
            break
    return done


def runner_env(bin_dir: Path, wheels: Path, source: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV"))}
    keep.pop("PYTHONPATH", None)
    return keep | {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
        "SVCSTD_INSTALL": source,
        # The package index is this folder: svcstd==X.Y.Z resolves to the wheel just built.
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheels),
    }


def test_the_lint_workflow_steps_run_and_block_a_broken_reference(
    tmp_path: Path, wheel_dir: Path, runner_python: Path
) -> None:
    from svcstd import __version__

    repo = tmp_path / "org"
    init(repo, "--install", f"svcstd=={__version__}")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    flow = workflow(repo, "svcstd-lint.yml")
    source = DEFAULT.match(flow["env"]["SVCSTD_INSTALL"])["source"]  # type: ignore[index]
    env = runner_env(runner_python, wheel_dir, source)
    steps = flow["jobs"]["lint"]["steps"]

    install, lint = run_steps(repo, steps, env)
    assert install.returncode == 0, install.stdout + install.stderr
    assert (runner_python / "svcstd").is_file()  # installed by the step, not borrowed
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "::error" not in lint.stdout and (repo / "svcstd.sarif").is_file()

    role = repo / "roles" / "call-centre" / "cc-agent.yaml"
    role.write_text(role.read_text().replace("team: call-centre", "team: call-center"))
    *_, lint = run_steps(repo, steps, env)
    assert lint.returncode == 1
    assert "::error file=roles/call-centre/cc-agent.yaml,line=" in lint.stdout


def test_the_install_step_stops_at_once_without_a_source(
    tmp_path: Path, wheel_dir: Path, runner_python: Path
) -> None:
    repo = tmp_path / "org"
    init(repo)
    flow = workflow(repo, "svcstd-lint.yml")
    env = runner_env(runner_python, wheel_dir, "")
    (install,) = run_steps(repo, flow["jobs"]["lint"]["steps"], env)
    assert install.returncode == 1
    assert install.stdout.startswith("::error title=svcstd install source missing::")
    assert "SVCSTD_INSTALL" in install.stdout and "pip" not in install.stderr


def test_on_a_terminal_init_asks_until_the_source_is_pinned(tmp_path: Path) -> None:
    import pty
    import select

    main, child = pty.openpty()
    env = os.environ | {"NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "svcstd", "init", "org"],
        stdin=child,
        stdout=child,
        stderr=child,
        cwd=tmp_path,
        env=env,
    )
    os.close(child)
    seen = b""

    def read_until(text: bytes) -> None:
        nonlocal seen
        while text not in seen:
            ready, _, _ = select.select([main], [], [], 60)
            assert ready, seen.decode(errors="replace")
            seen += os.read(main, 4096)

    read_until(b"Install source:")
    os.write(main, b"svcstd\n")  # a bare name: refused, asked again
    read_until(b"is not a pinned install source")
    read_until(b"Install source:")
    os.write(main, b"svcstd==0.1.0\n")
    assert proc.wait(timeout=60) == 0
    os.close(main)
    value = workflow(tmp_path / "org", "svcstd-lint.yml")["env"]["SVCSTD_INSTALL"]
    assert DEFAULT.match(value)["source"] == "svcstd==0.1.0"  # type: ignore[index]
