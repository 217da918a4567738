"""svcstd measure end to end: formats, exit codes, --fail-under, presets, Parquet, and the same
figures whatever the row order or batch size."""

from __future__ import annotations

import importlib.util
import json
import random
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from svcstd.measure.run import Request, measure
from svcstd.pipeline import load_organisation

BENCH = Path(__file__).resolve().parents[1] / "bench"
pytestmark = pytest.mark.skipif(not BENCH.is_dir(), reason="bench/ ships only with the repository")


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("measure_generate", BENCH / "measure_generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    generator().write_all(out, 1500, 7)
    return out


def svcstd(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "svcstd", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def figures(report: dict[str, Any]) -> list[dict[str, Any]]:
    return report["targets"]


def same_tickets(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records with ticket ids reduced to their number (IT-12, REQ-12 and 12 are one ticket)."""
    return [
        {**r, "worst": [{**w, "ticket": w["ticket"].rsplit("-", 1)[-1]} for w in r["worst"]]}
        for r in records
    ]


def test_same_figures_whatever_the_row_order_or_batch_size(
    example: Path, sample: Path, tmp_path: Path
) -> None:
    org = load_organisation(example)
    base = measure(
        org, Request([sample / "generic.csv"], stop=__import__("datetime").date(2026, 6, 30))
    )
    table = pacsv.read_csv(
        sample / "generic.csv",
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(
                ["ticket", "opened", "first_response", "resolved", "paused", "promised"],
                pa.string(),
            ),
            strings_can_be_null=False,
        ),
    )
    order = list(range(table.num_rows))
    random.Random(3).shuffle(order)
    shuffled = tmp_path / "shuffled.csv"
    pacsv.write_csv(table.take(pa.array(order)), shuffled)
    half = table.num_rows // 2
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    pacsv.write_csv(table.slice(half), first)
    pacsv.write_csv(table.slice(0, half), second)
    stop = __import__("datetime").date(2026, 6, 30)
    again = measure(org, Request([shuffled], stop=stop, block_bytes=8 << 10))  # many small batches
    split = measure(org, Request([first, second], stop=stop))
    assert sum(r["requests"] for r in figures(base)) > 2500
    assert {"by", "deadline"} <= {r["metric"] for r in figures(base)}
    assert any(r["open"] for r in figures(base)) and any(r["breached"] for r in figures(base))
    assert figures(again) == figures(base)
    assert figures(split) == figures(base)


def test_parquet_gives_the_figures_of_the_csv(example: Path, sample: Path) -> None:
    org = load_organisation(example)
    csv_report = measure(org, Request([sample / "generic.csv"]))
    parquet_report = measure(org, Request([sample / "generic.parquet"]))
    assert figures(parquet_report) == figures(csv_report)


@pytest.mark.parametrize(
    ("desk", "source", "standard"),
    [
        ("jira", "it-jira", "it-pms-support"),
        ("zendesk", "fo-zendesk", "fo-guest-complaints"),
        ("freshdesk", "hr-freshdesk", "hr-payroll"),
    ],
)
def test_desk_exports_match_the_generic_export_of_the_same_tickets(
    example: Path, sample: Path, tmp_path: Path, desk: str, source: str, standard: str
) -> None:
    gen = generator()
    own = [t for t in gen._catalogue() if t[0] == standard and t[1] in gen.DESKS[desk][1]]
    number = list(gen.DESKS).index(desk) + 1
    data = gen.tickets(1500, 7 + number, own)
    pacsv.write_csv(gen.generic_table(data), tmp_path / "same.csv")
    org = load_organisation(example)
    stop = __import__("datetime").date(2026, 6, 30)
    with_pauses = measure(
        org, Request([sample / f"{desk}.csv"], source, [sample / f"{desk}-history.csv"], stop=stop)
    )
    generic = measure(org, Request([tmp_path / "same.csv"], stop=stop))
    assert not [f for f in with_pauses["findings"] if f["severity"] == "warning"]
    assert same_tickets(figures(with_pauses)) == same_tickets(figures(generic))
    without = measure(org, Request([sample / f"{desk}.csv"], source, stop=stop))
    assert same_tickets(figures(without)) != same_tickets(
        figures(generic)
    )  # the history's pauses do change the figures


def test_text_report_and_fail_under(example: Path, sample: Path) -> None:
    plain = svcstd(
        "measure", sample / "generic.csv", "--to", "2026-06-30", "-C", example, cwd=example
    )
    assert plain.returncode == 0, plain.stderr
    assert "it-pms-support/pms-outage acknowledge within 15m" in plain.stdout
    assert "Under objective" in plain.stdout
    failing = svcstd(
        "measure",
        sample / "generic.csv",
        "--to",
        "2026-06-30",
        "--fail-under",
        "-C",
        example,
        cwd=example,
    )
    assert failing.returncode == 1 and "Under objective" in failing.stdout


def test_min_requests_boundary(example: Path, tmp_path: Path) -> None:
    def export(n: int) -> Path:
        rows = [
            f"T-{i},it-pms-support,pms-outage,2026-03-02T09:00,"
            f"2026-03-02T09:{10 + i % 2 * 10},2026-03-02T10:00,,"
            for i in range(n)
        ]
        path = tmp_path / f"{n}.csv"
        path.write_text(
            "ticket,standard,target,opened,first_response,resolved,customer_team,paused\n"
            + "\n".join(rows)
            + "\n"
        )
        return path

    # Half the acknowledgements take 20 minutes (objective 95%, limit 15m): under objective.
    assert (
        svcstd("measure", export(19), "--fail-under", "-C", example, cwd=tmp_path).returncode == 0
    )
    twenty = svcstd("measure", export(20), "--fail-under", "-C", example, cwd=tmp_path)
    assert twenty.returncode == 1, twenty.stdout
    assert (
        svcstd(
            "measure",
            export(20),
            "--fail-under",
            "--min-requests",
            "21",
            "-C",
            example,
            cwd=tmp_path,
        ).returncode
        == 0
    )


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_formats_written_with_out(example: Path, sample: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out" / f"report.{fmt}"
    out.parent.mkdir()
    done = svcstd(
        "measure", sample / "generic.csv", "-f", fmt, "--out", out, "-C", example, cwd=tmp_path
    )
    assert done.returncode == 0 and done.stdout == ""
    text = out.read_text()
    if fmt == "json":
        report = json.loads(text)
        assert report["targets"][0]["requests"] > 0 and report["source"] == "generic"
    elif fmt == "csv":
        assert text.splitlines()[0].startswith("standard,target,metric,promise")
    else:
        assert "| target | requests |" in text
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left behind


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "no such file"),
        (["{export}", "--source", "servicenow"], "unknown source 'servicenow'"),
        (["{export}", "--format", "xml"], "unknown format 'xml'"),
        (["{export}", "--from", "2026-13-01"], "is not a date"),
        (["{export}", "--from", "2026-03-02", "--to", "2026-03-01"], "is before --from"),
        (["{bad_header}"], "missing column(s) 'opened'"),
    ],
)
def test_usage_errors_exit_2_with_a_message(
    example: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    export = tmp_path / "e.csv"
    export.write_text("ticket,standard,target,opened,first_response,resolved\n")
    bad_header = tmp_path / "h.csv"
    bad_header.write_text("ticket,standard,target,first_response,resolved\n")
    argv = [a.format(export=export, bad_header=bad_header) for a in args]
    done = svcstd("measure", *argv, "-C", example, cwd=tmp_path)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert message in done.stderr and "Traceback" not in done.stderr


def test_out_to_a_device_writes_through_it_and_leaves_it_a_device(
    example: Path, tmp_path: Path
) -> None:
    import os
    import stat

    export = tmp_path / "e.csv"
    export.write_text("ticket,standard,target,opened,first_response,resolved\n")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    done = svcstd("measure", export, "-f", "csv", "--out", fifo, "-C", example, cwd=tmp_path)
    received = reader.communicate(timeout=60)[0]
    assert done.returncode == 0, done.stderr
    assert received.startswith("standard,target,metric")
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # not replaced by a regular file


def test_measure_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    cmd = [
        sys.executable,
        str(BENCH / "measure_bench.py"),
        "--tickets",
        "2000",
        "--small",
        "300",
        "--runs",
        "1",
        "--baseline-tickets",
        "300",
        "--workdir",
        str(tmp_path / "work"),
        "--results",
        str(results),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    text = results.read_text()
    assert "## svcstd measure (issue 16)" in text and "peak memory" in text


def test_the_typed_read_gives_the_figures_of_the_text_read(
    example: Path, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CSV reader parses the sample's timestamps and labels itself; reading every column
    as text (the fallback) gives the same report."""
    from svcstd.measure import read
    from svcstd.measure.sources import find_source

    batch = next(read.read_export(sample / "generic.csv", find_source(None, {}), None, [],
                                  typed=True))  # fmt: skip
    assert pa.types.is_timestamp(batch.columns["opened"].type)
    assert pa.types.is_dictionary(batch.columns["standard"].type)
    org = load_organisation(example)
    request = Request([sample / "generic.csv"], stop=__import__("datetime").date(2026, 6, 30))
    typed = measure(org, request)
    monkeypatch.setattr(read, "typed_columns", lambda *args: {})
    assert measure(org, request) == typed


def test_a_bad_value_after_the_sampled_rows_is_still_located(example: Path, tmp_path: Path) -> None:
    """The first rows choose a typed read; a bad timestamp far below them makes the reader
    fail, and the export is read again as text, where the value is a located finding."""
    from svcstd.measure import layout

    rows = [
        f"T-{i},it-pms-support,pms-outage,2026-03-02T09:00,2026-03-02T09:10,2026-03-02T10:00"
        for i in range(layout.SNIFF_ROWS + 300)
    ]
    rows[layout.SNIFF_ROWS + 250] = rows[layout.SNIFF_ROWS + 250].replace("T10:00", "T10:0O")
    export = tmp_path / "late-bad.csv"
    export.write_text("ticket,standard,target,opened,first_response,resolved\n"
                      + "\n".join(rows) + "\n", encoding="utf-8")  # fmt: skip
    org = load_organisation(example)
    report = measure(org, Request([export], block_bytes=4 << 10))  # many batches before it
    [bad] = [f for f in report["findings"] if f["code"] == "bad-timestamp"]
    assert (bad["column"], bad["rows"]) == ("resolved", [layout.SNIFF_ROWS + 252])
    [resolve] = [r for r in report["targets"] if r["metric"] == "resolve"]
    assert (resolve["requests"], resolve["excluded"]) == (len(rows) - 1, 1)
    assert sum(r["requests"] for r in report["targets"]) == 2 * (len(rows) - 1)
