"""Benchmark svcstd against the libyaml floor and check-jsonschema, on one generated tree.

    python bench/run.py [--size default|small|tiny] [--runs 5] [--workdir DIR] [--results FILE]
                         [--check-targets]
    python bench/run.py --only pdf [--runs 3] [--results FILE]

Every measure is a whole process, timed after one warm-up run; the table gives the
median and spread of wall time and the peak memory (ru_maxrss of that child). Lint
must report exactly the planted findings, or the run fails: speed without
correctness does not count. So does every row whose command is missing or exits
with another status than the one it must give (the row then says FAILED, with the
reason, and the run exits 1). Results go to bench/RESULTS.md (or --results).
`--only pdf` runs just the PDF rows (issue 13), with CPU seconds (user + system)
beside wall seconds and the machine's load average, and prints them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = {
    "default": dict(teams=300, roles=3000, standards=1500, sops=5000),
    "small": dict(teams=40, roles=400, standards=200, sops=600),
    "tiny": dict(teams=6, roles=30, standards=8, sops=12),
}
AS_OF = "2026-11-23"
PLANT = 14  # at least one of each of generate.py's thirteen planters: every rule family
# The command as people run it: the script pip installs beside this interpreter (``python -m``
# would add runpy's imports to every row), or the module where there is no such script.
_SCRIPT = Path(sys.executable).with_name("svcstd")
SVCSTD = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "svcstd"]
FLOOR = """
import sys, yaml
from pathlib import Path
for p in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)
"""


MAX_LINT_MB = 500.0  # the peak memory target of every lint row


@dataclass
class Measure:
    """One row of the results table."""

    name: str
    times: list[float]
    peak_mb: float
    target: str = ""
    cpu: list[float] = field(default_factory=list)  # user + system seconds of each timed run
    ok: bool | None = None
    failure: str = ""  # why the command could not be measured; the row then fails

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")

    def check(self, met: bool, target: str) -> Measure:
        """Add a target; the row is met only when every one of its targets is."""
        self.target = f"{self.target}; {target}" if self.target else target
        self.ok = met and self.ok is not False and not self.failure
        return self


class CommandFailed(Exception):
    """A timed command exited with an unexpected status, or could not be started."""


# Measured as an installed program runs: Python keeps the bytecode it compiles. A shell
# with PYTHONDONTWRITEBYTECODE set (and pip, which then compiles nothing at install)
# would otherwise have every run compile svcstd and its dependencies from source.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(
    cmd: list[str], cwd: Path, expect: tuple[int, ...] = (0,), env: dict[str, str] | None = None
) -> tuple[float, float, float]:
    """Wall seconds, peak MB and CPU seconds of one child; CommandFailed on another exit status.

    CPU time (user + system, every thread) varies far less than wall time when other jobs
    share the machine, so the PDF rows report both.
    """
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors, env=env or CHILD_ENV
            )
        except OSError as exc:
            raise CommandFailed(f"cannot run {cmd[0]}: {exc.strerror}") from None
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        # Reaped here for its rusage: tell Popen, or it warns that the child still runs.
        code = proc.returncode = os.waitstatus_to_exitcode(status)
        if code not in expect:
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            wanted = " or ".join(map(str, expect))
            raise CommandFailed(f"exit {code}, expected {wanted}: {' / '.join(tail)}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def measure(
    name: str,
    cmd: list[str],
    cwd: Path,
    runs: int,
    before: Callable[[], None] | None = None,
    expect: tuple[int, ...] = (0,),
    env: dict[str, str] | None = None,
) -> Measure:
    """Warm up once, then time ``runs`` runs (calling ``before`` ahead of each).

    Every run must exit with a status in ``expect``; the first that does not ends the
    row, which then fails with the reason (printed at once, and kept in the table).
    """
    return measure_in_turn([(name, cmd)], cwd, runs, before, expect, env)[0]


def measure_in_turn(
    commands: list[tuple[str, list[str]]],
    cwd: Path,
    runs: int,
    before: Callable[[], None] | None = None,
    expect: tuple[int, ...] = (0,),
    env: dict[str, str] | None = None,
) -> list[Measure]:
    """:func:`measure` for several commands run in turn: one warm-up round, then ``runs``
    rounds of each command once, so that the rows of a round meet the same machine."""
    rows = [Measure(name, [], 0.0) for name, _ in commands]
    for i in range(runs + 1):
        for row, (_, cmd) in zip(rows, commands, strict=True):
            if row.failure:
                continue
            if before:
                before()
            try:
                wall, peak, used = run_once(cmd, cwd, expect, env)
            except CommandFailed as exc:
                print(f"FAILED: {row.name}: {exc}", file=sys.stderr)
                row.ok, row.failure = False, str(exc)
                continue
            if i:  # the first round is the warm-up
                row.times.append(wall)
                row.cpu.append(used)
                row.peak_mb = max(row.peak_mb, peak)
    return rows


def git(cwd: Path, *args: str) -> None:
    # A fixed identity and date, so the benchmark repository is the same on every machine.
    who = {"NAME": "bench", "EMAIL": "bench@example.invalid", "DATE": "2026-11-01T09:00:00"}
    env = {
        **os.environ,
        **{f"GIT_{role}_{k}": v for role in ("AUTHOR", "COMMITTER") for k, v in who.items()},
    }
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


def prepare(workdir: Path, size: str) -> Path:
    """Generate the organisation (with planted findings) inside a fresh git repository."""
    org = workdir / "org"
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    args = [f"--{k}={v}" for k, v in SIZES[size].items()]
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), str(org), "--plant", str(PLANT), *args],
        check=True,
    )
    git(org, "init", "-q", "-b", "main")
    git(org, "add", ".")
    git(org, "commit", "-qm", "base")
    git(org, "tag", "-a", "edition-2026-11-01", "-m", "base edition")
    services = sorted((org / "services").glob("*.yaml"))
    for path in services[1 :: max(1, len(services) // 10)][:10]:  # ten changed documents
        path.write_text(path.read_text().replace("resolve: 4h", "resolve: 3h"))
    git(org, "commit", "-qam", "ten")
    return org


def check_findings(org: Path) -> bool:
    """Lint must report exactly the planted findings (file:line rule), exiting 1 for them."""
    out = subprocess.run(
        [*SVCSTD, "lint", "--format", "json", "--as-of", AS_OF, "."],
        cwd=org,
        capture_output=True,
        text=True,
    )
    if out.returncode != 1:
        print(f"lint exited {out.returncode}, expected 1 (planted errors):", file=sys.stderr)
        print(out.stderr[-2000:], file=sys.stderr)
        return False
    got = sorted(f"{f['file']}:{f['line']} {f['rule']}" for f in json.loads(out.stdout)["findings"])
    expected = sorted((org / "expected-findings.txt").read_text().split("\n"))
    expected = [e for e in expected if e]
    if got != expected:
        print("lint findings differ from the planted ones:", file=sys.stderr)
        print("  missing:", sorted(set(expected) - set(got))[:10], file=sys.stderr)
        print("  unexpected:", sorted(set(got) - set(expected))[:10], file=sys.stderr)
    return got == expected


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=sorted(SIZES), default="default")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/svcstd-bench"))
    parser.add_argument("--results", type=Path, help="where to write (default bench/RESULTS.md)")
    parser.add_argument(
        "--check-targets",
        action="store_true",
        help="exit 1 when a target is missed (targets are meant for the default size)",
    )
    parser.add_argument(
        "--only",
        choices=["pdf"],
        help="only the PDF rows (issue 13), printed; written to --results only when given",
    )
    args = parser.parse_args()
    if args.only == "pdf":
        return pdf_only(args.workdir, args.runs, args.results)
    org = prepare(args.workdir, args.size)
    correct = check_findings(org)
    rows = collect(org, args.runs)
    results = args.results or HERE / "RESULTS.md"
    write_results(results, args.size, rows, correct)
    print(results.read_text())
    return exit_status(rows, correct, args.check_targets)


def pdf_only(work: Path, runs: int, results: Path | None) -> int:
    """The PDF rows alone, with the machine's load average before and after them."""
    work.mkdir(parents=True, exist_ok=True)
    before = os.getloadavg()[0]
    rows = pdf_rows(work, runs, PDF_TEAMS)
    lines = pdf_table(rows, before, os.getloadavg()[0])
    if results is not None:
        results.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return exit_status(rows, True, False)


def pdf_table(rows: list[Measure], load_before: float, load_after: float) -> list[str]:
    """The PDF rows with CPU seconds beside wall seconds (medians, and the range of each)."""
    lines = [
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"load average (1 min) {load_before:.1f} before and {load_after:.1f} after",
        "",
        "| measure | median wall s | min-max wall s | median CPU s | min-max CPU s | peak MB "
        "| target | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.failure:
            lines.append(f"| {r.name} | - | - | - | - | - | {r.target} | **FAILED** |")
            continue
        met = "" if r.ok is None else ("yes" if r.ok else "**no**")
        cpu = statistics.median(r.cpu) if r.cpu else float("nan")
        lines.append(
            f"| {r.name} | {r.median:.3f} | {min(r.times):.3f}-{max(r.times):.3f} | {cpu:.3f} | "
            f"{min(r.cpu, default=0):.3f}-{max(r.cpu, default=0):.3f} | {r.peak_mb:.0f} | "
            f"{r.target} | {met} |"
        )
    return lines


def exit_status(rows: list[Measure], correct: bool, check_targets: bool) -> int:
    """1 when lint missed a planted finding, a row failed, or (if asked) a target was missed."""
    failed = [r.name for r in rows if r.failure]
    if failed:
        print(f"{len(failed)} row(s) FAILED: {', '.join(failed)}", file=sys.stderr)
    missed = check_targets and any(r.ok is False for r in rows)
    return 0 if correct and not missed and not failed else 1


def collect(org: Path, runs: int) -> list[Measure]:
    """Every measure of the issue, in order; a missing or failing command fails its row."""
    cache = org / ".svcstd-cache"
    lint = [*SVCSTD, "lint", "--format", "json", "--as-of", AS_OF, "."]
    changed = sorted((org / "roles").rglob("*.yaml"))[5]
    original = changed.read_text()
    counter = iter(range(10**6))

    def touch_one() -> None:
        changed.write_text(original.replace("Officer", f"Officer v{next(counter)}", 1))

    def restructure_one() -> None:
        # Another manager each time: the organisation-wide rules must run again.
        manager = f"reports_to: role-0000-0{next(counter) % 2}"
        changed.write_text(re.sub(r"reports_to: \S+", manager, original, count=1))

    def timed_lint(name: str, before: Callable[[], None] | None = None) -> Measure:
        # The planted errors make lint exit 1; 0 would mean it missed them.
        return measure(name, lint, org, runs, before, expect=(1,))

    floor = measure(
        "floor: parse every file with yaml.CSafeLoader",
        [sys.executable, "-c", FLOOR, "."],
        org,
        runs,
    )
    if floor.failure:
        raise SystemExit(f"the floor could not be measured: {floor.failure}")
    files = [str(p.relative_to(org)) for p in sorted((org / "sops").glob("*.yaml"))]
    schema = str(HERE.parent / "schemas" / "sop.schema.json")
    rows = [
        floor,
        # A test dependency, run with this interpreter so no PATH entry is needed. Exit 1
        # would be schema errors in the SOPs (none are planted there), not a failure.
        measure(
            "check-jsonschema, SOP files only (schema only)",
            [sys.executable, "-m", "check_jsonschema", "--schemafile", schema, *files],
            org,
            min(runs, 3),
            expect=(0, 1),
        ),
        _memory(
            _ratio(
                timed_lint(
                    "svcstd lint, cold (no cache)",
                    lambda: shutil.rmtree(cache, ignore_errors=True),
                ),
                floor,
                1.5,
            )
        ),
        _memory(_ratio(timed_lint("svcstd lint, warm (nothing changed)"), floor, 0.2)),
        _memory(_ratio(timed_lint("svcstd lint, one file changed", touch_one), floor, 0.3)),
        _memory(
            timed_lint(
                "svcstd lint, one structural change (organisation rules run again)",
                restructure_one,
            )
        ),
    ]
    changed.write_text(original)
    rows += [
        _limit(
            measure("svcstd whois payroll-like topic", [*SVCSTD, "whois", "booking"], org, runs),
            0.3,
        ),
        _limit(measure("svcstd --version", [*SVCSTD, "--version"], org, runs), 0.15),
        _limit(
            measure(
                "svcstd diff, 10 of 10,000 documents changed",
                [*SVCSTD, "diff", "HEAD~1", "HEAD"],
                org,
                runs,
                expect=(1,),  # 1: there are changes, which is what the row measures
            ),
            1.0,
        ),
        measure(
            "svcstd render --format html (generated org)",
            [*SVCSTD, "render", "--format", "html", "--out", str(org.parent / "out")],
            org,
            min(runs, 3),
        ),
    ]
    # The PDF rows (issue 13): Typst against its own floor, the example and 300 teams.
    rows.extend(pdf_rows(org.parent, runs, len(list((org / "teams").rglob("*.yaml")))))
    return rows


# --- The PDF handbook (issue 13): Typst against its own floor -----------------------------

TYPST_FLOOR = """
import sys, typst
from pathlib import Path
root = Path(sys.argv[1])
data = (root / "data.json").read_text(encoding="utf-8")
typst.compile(str(root / "handbook.typ"), root=str(root), sys_inputs={"handbook": data},
              font_paths=[], ignore_system_fonts=True, timestamp=0)
"""
PDF_TEAMS = 300  # the large PDF: a 300-team organisation in the example's proportions


def pdf_rows(work: Path, runs: int, teams_in_tree: int) -> list[Measure]:
    """render --format pdf of the example against typst.compile alone, html,pdf,md, 300 teams.

    The large organisation has as many teams as the benchmark tree, at most 300 (the target's
    size), so that a tiny run stays quick.
    """
    example = HERE.parent / "standards"
    # The floor and the render take turns, round by round, and the ratio is judged per
    # round: a virtual machine's speed drifts by tens of percent over a minute, which would
    # otherwise land on one row and not the other.
    floor, pdf = measure_in_turn(
        [("floor: typst.compile alone (example's template and data)",
          [sys.executable, "-c", TYPST_FLOOR, str(_typst_inputs(example, work / "typst-floor"))]),
         ("svcstd render --format pdf (example organisation)",
          _render(example, "pdf", work / "pdf"))],
        work, max(runs, 5))  # fmt: skip
    ratios = [p / f for p, f in zip(pdf.times, floor.times, strict=True)]
    ratio = statistics.median(ratios) if ratios else float("nan")
    pdf.target = f"<= 1.5 s, <= 1.5 x floor (per round: median {ratio:.2f} x), <= 250 MB"
    pdf.ok = pdf.median <= 1.5 and ratio <= 1.5 and pdf.peak_mb <= 250
    runs = min(runs, 3)
    every = measure("svcstd render --format html,pdf,md (example organisation; compiled "
                    "templates kept from the warm-up run)",
                    _render(example, "html,pdf,md", work / "all"), work, runs)  # fmt: skip
    # The same with Jinja2's compiled templates (svcstd.render.compiled) gone before each run,
    # as on a machine's first render: the child's TMPDIR is a folder emptied each time.
    fresh = work / "fresh-tmp"
    cold = measure("svcstd render --format html,pdf,md (example; templates compiled afresh)",
                   _render(example, "html,pdf,md", work / "all-cold"), work, runs,
                   before=lambda: _empty(fresh),
                   env={**CHILD_ENV, "TMPDIR": str(fresh)})  # fmt: skip
    teams = min(PDF_TEAMS, teams_in_tree)
    large = _generated(work / f"org-{teams}", teams)
    big = measure(f"svcstd render --format pdf ({teams}-team generated organisation)",
                  _render(large, "pdf", work / "pdf-large"), work, 1)  # fmt: skip
    return [floor, pdf, _limit(every, 2.5), _limit(cold, 2.5),
            _limit(big, 15.0) if teams == PDF_TEAMS else big]  # fmt: skip


def _empty(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)


def _render(org: Path, formats: str, out: Path) -> list[str]:
    return [*SVCSTD, "render", str(org), "--format", formats, "--out", str(out),
            "--as-of", AS_OF]  # fmt: skip


def _typst_inputs(example: Path, folder: Path) -> Path:
    """The template and the view-model JSON that svcstd hands Typst for the example."""
    from datetime import date

    from svcstd.render.load import load_organisation
    from svcstd.render.pdf import data_text, handbook_data
    from svcstd.render.templating import builtin_templates
    from svcstd.render.view import Options, build_handbook

    org = load_organisation(example).org
    view = build_handbook(org, Options(org.config.language, date.fromisoformat(AS_OF)))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data.json").write_text(data_text(handbook_data(view)), encoding="utf-8")
    for template in builtin_templates().glob("*.typ"):  # handbook.typ and what it imports
        shutil.copy(template, folder / template.name)
    return folder


def _generated(target: Path, teams: int) -> Path:
    """An organisation with about the example's roles, standards and SOPs per team."""
    if not (target / "svcstd.yaml").exists():
        sizes = ["--teams", str(teams), "--roles", str(3 * teams),
                 "--standards", str(teams), "--sops", str(teams)]  # fmt: skip
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(target), *sizes],
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return target


def _ratio(m: Measure, floor: Measure, limit: float) -> Measure:
    return m.check(
        bool(m.times) and m.median <= limit * floor.median,
        f"<= {limit} x floor ({limit * floor.median:.2f} s)",
    )


def _limit(m: Measure, seconds: float) -> Measure:
    return m.check(bool(m.times) and m.median <= seconds, f"<= {seconds} s")


def _memory(m: Measure, limit_mb: float = MAX_LINT_MB) -> Measure:
    return m.check(bool(m.times) and m.peak_mb <= limit_mb, f"<= {limit_mb:.0f} MB")


FOOTER = [
    "Each row times whole processes: the median (and range) of the runs after one",
    "warm-up, and the peak memory of the largest. The cached lint rows follow the",
    "cold ones in the same tree: 'one file changed' rewords a role's title (the",
    "organisation rules are reused), 'one structural change' gives that role another",
    "manager (they run again). Every lint row must also stay within 500 MB of peak",
    "memory, and every command must exit as it should (lint and diff 1, for the",
    "planted findings and the changes; the others 0), or its row says FAILED and the",
    "run exits 1. Made by `python3 bench/run.py`; see the README.",
]


def write_results(path: Path, size: str, rows: list[Measure], correct: bool) -> None:
    """bench/RESULTS.md: the machine, the date, the table."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    lines = [
        "# Benchmark results",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {os.cpu_count()} cores, {cpu}, "
        f"Python {platform.python_version()}, {platform.system()}",
        f"- size: {size} ({', '.join(f'{k} {v}' for k, v in SIZES[size].items())})",
        f"- lint reported exactly the planted findings: {'yes' if correct else 'NO'}",
        "",
        "| measure | median s | min-max s | peak MB | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.failure:
            reason = r.failure.replace("|", "/")
            lines.append(f"| {r.name} | - | - | - | {r.target} | **FAILED**: {reason} |")
            continue
        met = "" if r.ok is None else ("yes" if r.ok else "**no**")
        lines.append(
            f"| {r.name} | {r.median:.3f} | {min(r.times):.3f}-{max(r.times):.3f} | "
            f"{r.peak_mb:.0f} | {r.target} | {met} |"
        )
    lines += ["", *FOOTER]
    path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
