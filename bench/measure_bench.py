"""Benchmark of ``svcstd measure`` against the targets of issue 16.

    python bench/measure_bench.py [--tickets 1000000] [--small 10000] [--runs 3]
                                  [--baseline-tickets 100000] [--workdir DIR] [--results FILE]

Generates a generic export of the example organisation (two targets per ticket, acknowledge
and resolve, about 10% with pauses; bench/measure_generate.py), then measures:

* pyarrow's plain CSV read of the same file (the floor any reader pays), in this process
  and, beside it, as a whole ``python -c`` process (the start-up any Python tool pays too);
* the whole ``svcstd measure`` process (start-up, loading the standards, reading, judging,
  the report) and its peak memory;
* a per-ticket Python loop computing only business time for one metric with the
  ``businesstimedelta`` package, on ``--baseline-tickets`` tickets, scaled to the full size;
* the whole process on ``--small`` tickets.

With ``--results`` a section is appended to that Markdown file. No timing is asserted here.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STANDARDS = ROOT / "standards"


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "measure_generate", ROOT / "bench" / "measure_generate.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generate(path: Path, tickets: int, seed: int = 16) -> None:
    import pyarrow.csv as pacsv

    gen = _generator()
    if not path.exists():
        pacsv.write_csv(gen.generic_table(gen.tickets(tickets, seed, gen._catalogue())), path)


def best(runs: int, func) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """The best wall-clock and CPU seconds (all threads) of a function over some runs."""
    times = []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        func()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return min(t[0] for t in times), min(t[1] for t in times)


def pyarrow_read(path: Path) -> None:
    import pyarrow.csv as pacsv

    pacsv.read_csv(path)


def pyarrow_read_process(path: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of a whole Python process that imports pyarrow and reads the
    CSV: the same start-up as any Python tool pays, beside the read itself."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "import sys, pyarrow.csv\npyarrow.csv.read_csv(sys.argv[1])",
         str(path)],
        check=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def whole_process(path: Path) -> tuple[float, float, int]:
    """Wall-clock seconds, CPU seconds and peak resident memory (bytes) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import resource, sys\nfrom svcstd.cli import main\n"
            "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n",
            "measure",
            str(path),
            "-C",
            str(STANDARDS),
            "--to",
            "2026-06-30",
            "-f",
            "json",
            "--out",
            str(path.with_suffix(".report.json")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, None) and "Traceback" in done.stderr:
        raise SystemExit(done.stderr)
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return elapsed, cpu, peak_kb * 1024


def per_ticket_loop(path: Path, tickets: int) -> float:
    """Business time of one metric (resolve) ticket by ticket with businesstimedelta."""
    import csv
    import datetime as dt
    from zoneinfo import ZoneInfo

    import businesstimedelta as btd

    sys.path.insert(0, str(ROOT / "src"))
    from svcstd.pipeline import load_organisation

    org = load_organisation(STANDARDS)
    cal = org.config.calendars["office"]
    tz = ZoneInfo(org.config.timezone)
    days = [["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(d) for d in cal.days]
    start, end = (dt.time.fromisoformat(t) for t in cal.hours.split("-"))
    rules = [
        btd.WorkDayRule(start_time=start, end_time=end, working_days=days),
        btd.HolidayRule(sorted(cal.holidays.within(range(2025, 2028)))),
    ]
    rule = btd.Rules(rules)
    with path.open() as f:
        rows = [r for _, r in zip(range(tickets), csv.DictReader(f), strict=False)]
    began = time.perf_counter()
    total = 0.0
    for row in rows:
        opened = dt.datetime.fromisoformat(row["opened"]).replace(tzinfo=tz)
        if not row["resolved"]:
            continue
        resolved = dt.datetime.fromisoformat(row["resolved"]).replace(tzinfo=tz)
        taken = rule.difference(opened, resolved)
        total += taken.timedelta.total_seconds()
        for interval in filter(None, row["paused"].split(";")):
            a, b = (dt.datetime.fromisoformat(x).replace(tzinfo=tz) for x in interval.split("/"))
            a, b = max(a, opened), min(b, resolved)
            if b > a:
                total -= rule.difference(a, b).timedelta.total_seconds()
    return time.perf_counter() - began


def _verdict(wall_ok: bool, cpu_ok: bool, target: str) -> str:
    """The issue's targets are elapsed (wall-clock) times of whole processes; CPU time, summed
    over every thread, is shown beside them and noted when it alone tells another story."""
    if wall_ok:
        return f"{target}: met" + ("" if cpu_ok else " (wall clock; CPU over all threads is not)")
    if cpu_ok:
        return f"{target}: NOT met in wall-clock time (met in CPU time)"
    return f"{target}: NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-tickets", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--results", type=Path)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="svcstd-measure-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    big, small = work / f"tickets-{args.tickets}.csv", work / f"tickets-{args.small}.csv"
    generate(big, args.tickets)
    generate(small, args.small)

    read, read_cpu = best(args.runs, lambda: pyarrow_read(big))
    read_runs = [pyarrow_read_process(big) for _ in range(args.runs)]
    read_proc, read_proc_cpu = min(r[0] for r in read_runs), min(r[1] for r in read_runs)
    runs = [whole_process(big) for _ in range(args.runs)]
    whole, whole_cpu, peak = (
        min(r[0] for r in runs),
        min(r[1] for r in runs),
        max(r[2] for r in runs),
    )
    small_runs = [whole_process(small) for _ in range(args.runs)]
    small_time, small_cpu = min(r[0] for r in small_runs), min(r[1] for r in small_runs)
    baseline_n = min(args.baseline_tickets, args.tickets)
    loop = per_ticket_loop(big, baseline_n) * args.tickets / baseline_n
    size_mb = big.stat().st_size / 1e6
    rows = [
        ("export", f"{args.tickets:,} tickets, {size_mb:.0f} MB CSV", "", ""),
        ("pyarrow plain CSV read (in process)", f"{read:.2f} s", f"{read_cpu:.2f} s", ""),
        (
            "`svcstd measure` whole process",
            f"{whole:.2f} s = {whole / read:.1f} x the read",
            f"{whole_cpu:.2f} s = {whole_cpu / read_cpu:.1f} x the read",
            _verdict(whole <= 3 * read, whole_cpu <= 3 * read_cpu, "<= 3 x"),
        ),
        (
            "pyarrow plain CSV read, whole process (`python -c` importing pyarrow)",
            f"{read_proc:.2f} s; measure = {whole / read_proc:.1f} x this",
            f"{read_proc_cpu:.2f} s; measure = {whole_cpu / read_proc_cpu:.1f} x this",
            _verdict(whole <= 3 * read_proc, whole_cpu <= 3 * read_proc_cpu, "<= 3 x")
            + " (against the read with start-up)",
        ),
        (
            "per-ticket loop, business time of one metric (businesstimedelta)",
            f"{loop:.1f} s (measured on {baseline_n:,}, scaled) = {loop / whole:.0f} x slower",
            "",
            _verdict(loop >= 8 * whole, loop >= 8 * whole_cpu, ">= 8 x"),
        ),
        (
            "peak memory",
            f"{peak / 2**30:.2f} GB",
            "",
            _verdict(peak <= 1.5 * 2**30, True, "<= 1.5 GB"),
        ),
        (
            f"`svcstd measure` on {args.small:,} tickets",
            f"{small_time:.2f} s",
            f"{small_cpu:.2f} s",
            _verdict(small_time <= 0.6, small_cpu <= 0.6, "<= 0.6 s"),
        ),
        (
            "throughput",
            f"{args.tickets / whole:,.0f} tickets/s "
            f"({2 * args.tickets / whole:,.0f} judged requests/s)",
            "",
            "",
        ),
    ]
    table = "\n".join(
        [
            "| measure | wall clock | CPU (all threads) | target |",
            "|---|---|---|---|",
            *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
        ]
    )
    print(table)
    if args.results:
        section = (
            f"\n## svcstd measure (issue 16)\n\n"
            f"`python bench/measure_bench.py --tickets {args.tickets} --runs {args.runs}` on "
            f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"load average {os.getloadavg()[0]:.1f} at the end (the machine is shared: wall-clock "
            f"times vary with the load, CPU times much less); best of {args.runs} runs, peak "
            f"memory the largest.\n\n{table}\n"
        )
        with args.results.open("a", encoding="utf-8") as f:
            f.write(section)


if __name__ == "__main__":
    main()
