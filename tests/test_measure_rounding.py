"""One attainment, one figure: measure's reports, the handbook, the digest and due all round
met/judged the same way (svcstd.measure.figures.share), half up from the exact fraction.

The boundaries: 9 of 80 is exactly 11.25% (a binary float holds it exactly, and Python's
round-half-even formatting writes 11.2); 14 of 17 is 82.3529...%, stored as 82.35 in the
JSON report, which formatting would round again to 82.3; 33 of 40 is exactly 82.5%, which
the handbook's whole-percent month list shows as 83%.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from svcstd.measure.figures import Tally, load_figures, percent_text, share
from tests.test_measure_shown import AS_OF, HEADER, month_rows


def svcstd(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "svcstd", *map(str, args)], capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("met", "judged", "digits", "shown"),
    [
        (9, 80, 1, "11.3"),  # exactly 11.25: half up, not half even
        (899, 8000, 1, "11.2"),  # 11.2375: just under the boundary
        (901, 8000, 1, "11.3"),  # 11.2625: just over it
        (14, 17, 1, "82.4"),  # 82.3529...: rounded once, from the fraction
        (1647, 2000, 1, "82.4"),  # exactly 82.35
        (1646, 2000, 1, "82.3"),  # exactly 82.30
        (33, 40, 0, "83"),  # exactly 82.5 to whole percents
        (0, 5, 1, "0.0"),
        (5, 5, 1, "100.0"),
    ],
)
def test_share_rounds_half_up_from_the_fraction(
    met: int, judged: int, digits: int, shown: str
) -> None:
    assert share(met, judged, digits) == Decimal(shown)
    assert str(share(met, judged, digits)) == shown


def test_nothing_judged_has_no_share() -> None:
    assert share(0, 0) is None
    assert percent_text(0, 0) == "-"
    assert percent_text(0, 0, empty="not judged") == "not judged"
    assert percent_text(9, 80, "id") == "11,3%"


def export(tmp_path: Path) -> Path:
    """May: 9 of 80 PMS outages acknowledged in time (call centre); June: 33 of 40 (front
    office). The whole period is 42 of 120, exactly 35%."""
    path = tmp_path / "pms-export.csv"
    rows = month_rows("05", 80, 9) + month_rows("06", 40, 33, team="front-office")
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_measure_reports_round_as_the_handbook_does(example: Path, tmp_path: Path) -> None:
    data = export(tmp_path)
    may = ("--from", "2026-05-01", "--to", "2026-05-31", "-C", example)
    text = svcstd("measure", data, *may)
    assert text.returncode == 0, text.stderr
    [line] = [x for x in text.stdout.splitlines() if x.startswith("it-pms-support/pms-outage ack")]
    assert " 11.3% !" in line
    assert "pms-outage acknowledge: 11.3% < 95%" in text.stdout  # the verdict
    md = svcstd("measure", data, *may, "-f", "md").stdout
    assert "| 11.3% **under** |" in md
    rows = list(csv.DictReader(io.StringIO(svcstd("measure", data, *may, "-f", "csv").stdout)))
    [ack] = [r for r in rows if r["target"] == "pms-outage" and r["metric"] == "acknowledge"]
    assert ack["attainment"] == "11.3"


def results(example: Path, tmp_path: Path) -> Path:
    out = tmp_path / "results.json"
    done = svcstd("measure", export(tmp_path), "--from", "2026-05-01", "--to", "2026-06-30",
                  "-C", example, "-f", "json", "-o", out)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out


def test_handbook_digest_and_due_round_the_same_way(example: Path, tmp_path: Path) -> None:
    from svcstd.pipeline import load_organisation
    from svcstd.render.measured import MeasuredView

    found = results(example, tmp_path)
    view = MeasuredView(load_figures([found]), "en").standard(
        load_organisation(example).standards["it-pms-support"]
    )
    assert view is not None
    [ack] = [r for r in view["rows"] if r["metric"] == "acknowledge"]
    assert [m["text"] for m in ack["months"][-2:]] == ["11.3% (9 of 80)", "82.5% (33 of 40)"]
    assert ack["spark"].endswith("11% · 83%")  # whole percents, half up
    assert ack["total"]["text"] == "35.0% (42 of 120)"
    done = svcstd("digest", "--team", "call-centre", "--as-of", AS_OF, "-C", example,
                  "--measured", found)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "your team's requests: 9 of 80, 11.3%" in done.stdout
    due = svcstd("due", "--as-of", AS_OF, "-C", example, "--measured", found)
    assert "(11.3% in 2026-05, 82.5% in 2026-06; objective 95%; results.json)" in due.stdout


def test_a_stored_figure_is_not_rounded_twice() -> None:
    """The JSON keeps 82.35 for 14 of 17; what is shown comes from the counts."""
    from svcstd.render.measured import percent

    tally = Tally("2026-05", 17, 14, 17, 82.35)
    assert percent(tally, "en") == "82.4%"
    assert percent(tally, "id", digits=0) == "82%"
