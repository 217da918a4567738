"""svcstd feedback: survey exports in, the feedback rules, the small-numbers rule, the matrix."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from svcstd.durations import parse_cadence
from svcstd.feedback.periods import parse_period, period_of
from tests.survey_exports import GOOGLE, MICROSOFT, write_google_forms, write_microsoft_forms

AS_OF = "2026-11-30"


def svcstd(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "svcstd", *args], capture_output=True, text=True, cwd=cwd
    )


@pytest.fixture
def exports(tmp_path: Path, example: Path) -> Path:
    from svcstd.pipeline import load

    folder = tmp_path / "exports"
    folder.mkdir()
    org = load(example).org
    write_google_forms(org, folder / GOOGLE)
    write_microsoft_forms(org, folder / MICROSOFT)
    return folder


def import_both(standards: Path, exports: Path) -> None:
    for name, source in ((GOOGLE, "staff-survey"), (MICROSOFT, "quarterly-survey")):
        run = svcstd(
            "feedback", "import", str(exports / name), "--source", source, "-C", str(standards)
        )
        assert run.returncode == 0, run.stderr


def rel(standards: Path, path: Path) -> str:
    """A file as lint reports it outside git: relative to the standards folder."""
    return path.relative_to(standards).as_posix()


def findings(standards: Path, as_of: str = AS_OF) -> list[dict[str, Any]]:
    run = svcstd("lint", str(standards), "--as-of", as_of, "--format", "json", "--no-cache")
    assert run.returncode in (0, 1), run.stderr
    return [f for f in json.loads(run.stdout)["findings"] if f["rule"].startswith("feedback/")]


# ---- import ---------------------------------------------------------------------------


def test_the_example_feedback_is_what_the_sample_exports_import_to(
    example: Path, exports: Path
) -> None:
    committed = {
        p.relative_to(example): p.read_bytes() for p in (example / "feedback").rglob("*.yaml")
    }
    shutil.rmtree(example / "feedback")
    import_both(example, exports)
    imported = {
        p.relative_to(example): p.read_bytes() for p in (example / "feedback").rglob("*.yaml")
    }
    assert imported == committed
    assert len(imported) == 23
    # Importing the same exports again changes nothing.
    import_both(example, exports)
    again = {p.relative_to(example): p.read_bytes() for p in (example / "feedback").rglob("*.yaml")}
    assert again == committed


def test_imported_feedback_lints_clean(example: Path) -> None:
    run = svcstd("lint", str(example), "--as-of", AS_OF, "--no-cache")
    assert run.returncode == 0 and run.stdout.endswith("checked: clean\n"), run.stdout


def test_respondents_names_and_addresses_are_never_copied(example: Path, exports: Path) -> None:
    shutil.rmtree(example / "feedback")
    import_both(example, exports)
    written = "".join(p.read_text() for p in (example / "feedback").rglob("*.yaml"))
    assert "respondent" not in written and "staff1@" not in written
    assert "Staff Member" not in written and "@" not in written


def test_comments_are_kept_only_when_configured(example: Path, exports: Path) -> None:
    config = example / "svcstd.yaml"
    config.write_text(config.read_text().replace("keep_comments: true", "keep_comments: false"))
    shutil.rmtree(example / "feedback")
    import_both(example, exports)
    written = [p.read_text() for p in (example / "feedback").rglob("*.yaml")]
    assert written and not any("comments:" in text for text in written)


def test_counts_and_periods_follow_the_cadence(example: Path) -> None:
    text = (example / "feedback" / "hr-payroll" / "2026-q4.yaml").read_text()
    assert "period: 2026-Q4\nstart: 2026-10-01\nend: 2026-12-31\n" in text
    monthly = (example / "feedback" / "it-pms-support" / "2026-11.yaml").read_text()
    assert "period: 2026-11\nstart: 2026-11-01\nend: 2026-11-30\n" in monthly


def test_rows_that_cannot_be_counted_are_reported_and_the_rest_written(
    example: Path, tmp_path: Path
) -> None:
    export = tmp_path / "generic.csv"
    export.write_text(
        "submitted,standard,customer_team,score,comment\n"
        "2026-11-03T09:00:00,hr-payroll,finance,5,fine\n"
        "2026-11-03T09:00:00,hr-payrol,finance,5,\n"
        "2026-11-03T09:00:00,hr-payroll,finanse,4,\n"
        "2026-11-03T09:00:00,hr-payroll,hr,5,\n"
        "2026-11-03T09:00:00,hr-payroll,finance,6,\n"
        "yesterday,hr-payroll,finance,3,\n"
        # 20:30 UTC on 31 October is 1 November in Jakarta: the organisation's day.
        "2026-10-31T20:30:00+00:00,it-pms-support,finance,2,\n"
    )
    run = svcstd("feedback", "import", str(export), "-C", str(example))
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if line.startswith(str(export))]
    assert errors == [
        f"{export}:3: standard: 'hr-payrol' is no standard",
        f"{export}:4: customer_team: 'finanse' is no team",
        f"{export}:5: customer_team: 'hr' provides hr-payroll; it cannot rate itself",
        f"{export}:6: score: '6' is not a score from 1 to 5 (map answer texts under values.score)",
        f"{export}:7: submitted: 'yesterday' is not a time in the form ISO 8601",
        f"{export}: 2 of 7 answers counted",
    ]
    payroll = (example / "feedback" / "hr-payroll" / "2026-q4.yaml").read_text()
    assert "  - customer: finance\n    scores: [0, 0, 0, 0, 1]\n" in payroll
    pms = (example / "feedback" / "it-pms-support" / "2026-11.yaml").read_text()
    assert "    scores: [0, 1, 0, 0, 0]\n" in pms and "collected: 2026-11-01\n" in pms


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "missing.csv does not exist"),
        (["bad.csv"], "the export has no column 'customer_team', 'score'"),
        (["bad.csv", "--source", "typeform"], "unknown feedback source 'typeform'"),
    ],
)
def test_import_usage_errors(example: Path, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "bad.csv").write_text("submitted,standard\n2026-11-01,hr-payroll\n")
    run = svcstd("feedback", "import", *args, "-C", str(example), cwd=tmp_path)
    assert run.returncode == 2 and message in run.stderr and "Traceback" not in run.stderr


# ---- rules ----------------------------------------------------------------------------


def write_results(
    standards: Path, ident: str, scores: list[int], collected: str = "2026-11-27"
) -> Path:
    path = standards / "feedback" / "hr-payroll" / f"{ident}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"kind: feedback\nid: {ident}\nstandard: hr-payroll\nperiod: 2026-Q4\n"
        f"start: 2026-10-01\nend: 2026-12-31\ncollected: {collected}\n"
        f"results:\n  - customer: finance\n    scores: {scores}\n"
    )
    return path


@pytest.mark.parametrize(
    ("scores", "low"),
    [
        ([0, 0, 5, 5, 0], False),  # mean exactly 3.5: not under it
        ([0, 1, 5, 4, 0], True),  # mean 3.3
        ([1, 0, 0, 0, 3], False),  # four answers: too few to judge, however poor
        ([1, 0, 1, 0, 2], False),  # mean 3.5 and a quarter scored 1-2: not over the share
        ([2, 0, 0, 1, 4], True),  # mean 3.57 but 29% scored 1-2
    ],
)
def test_low_score_without_action(example: Path, scores: list[int], low: bool) -> None:
    (example / "feedback" / "hr-payroll" / "2026-q4.yaml").unlink()
    path = write_results(example, "hr-payroll-2026-q4", scores)
    found = [f for f in findings(example) if f["rule"] == "feedback/unanswered-low-score"]
    if not low:
        assert found == []
        return
    [finding] = found
    assert (finding["file"], finding["line"], finding["column"]) == (rel(example, path), 8, 1)
    assert "hr-payroll-2026-q4" in finding["hint"]
    action = example / "actions" / "act-payroll.yaml"
    action.write_text(
        "kind: action\nid: act-payroll\nstandard: hr-payroll\nanswers: hr-payroll-2026-q4\n"
        "said: Payslips came late.\nwill_do: Send them on payday.\nowner: hr-payroll-officer\n"
        "due: 2026-12-31\nstatus: open\n"
    )
    assert [f for f in findings(example) if f["rule"] == "feedback/unanswered-low-score"] == []


def test_action_overdue_boundary(example: Path) -> None:
    path = example / "actions" / "act-pms-outage-updates.yaml"  # due 2026-12-31
    assert [f for f in findings(example, "2026-12-31") if f["file"] == rel(example, path)] == []
    [finding] = [f for f in findings(example, "2027-01-01") if f["file"] == rel(example, path)]
    assert finding["rule"] == "feedback/action-overdue"
    due = next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line[:4] == "due:")
    assert finding["line"] == due and "1 days overdue" in finding["message"]
    path.write_text(path.read_text().replace("status: open", "status: done\nclosed: 2026-12-20"))
    assert [f for f in findings(example, "2027-01-01") if f["file"] == rel(example, path)] == []


def test_a_done_action_needs_its_closing_day(example: Path) -> None:
    path = example / "actions" / "act-pms-outage-updates.yaml"
    path.write_text(path.read_text().replace("status: open", "status: dropped"))
    run = svcstd("lint", str(example), "--as-of", AS_OF, "--format", "json", "--no-cache")
    [finding] = [f for f in json.loads(run.stdout)["findings"] if f["file"] == rel(example, path)]
    assert finding["rule"].startswith("schema/") and "closed" in finding["message"]


def test_survey_overdue_boundary(example: Path) -> None:
    # The kitchen's weekly survey last counted answers on 27 November.
    due = [f for f in findings(example, "2026-12-04") if f["rule"] == "feedback/survey-overdue"]
    assert due == []
    [late] = [
        f
        for f in findings(example, "2026-12-05")
        if f["rule"] == "feedback/survey-overdue" and "kitchen" in f["file"]
    ]
    assert "was due on 2026-12-04 (last answers 2026-11-27); 1 days overdue" in late["message"]
    assert late["file"].endswith("services/kitchen-service-orders.yaml")


def test_no_survey_tracking_before_the_first_results(example: Path) -> None:
    shutil.rmtree(example / "feedback")
    shutil.rmtree(example / "actions")
    assert findings(example, "2027-06-01") == []


@pytest.mark.parametrize(
    ("comment", "flagged"),
    [
        ("Call me on +62 812 3456 7890 please", True),
        ("write to dewi.lestari@nusantarajaya.example", True),
        ("(021) 555-0123 is the desk", True),
        ("Orders in 2026-11 were late, ext. 2100 is busy", False),
        ("Room 1203 and 1204 were not ready by 14:00", False),
    ],
)
def test_personal_data_in_comments(example: Path, comment: str, flagged: bool) -> None:
    path = example / "feedback" / "it-pms-support" / "2026-11.yaml"
    path.write_text(path.read_text() + f"  - customer: finance\n    text: '{comment}'\n")
    found = [f for f in findings(example) if f["rule"] == "feedback/personal-data"]
    assert bool(found) == flagged, found
    if flagged:
        assert found[0]["severity"] == "error" and found[0]["file"] == rel(example, path)


# ---- matrix and small numbers -----------------------------------------------------------


def test_matrix_never_shows_a_mean_of_too_few_answers(example: Path) -> None:
    run = svcstd("feedback", "matrix", "--format", "json", "-C", str(example))
    assert run.returncode == 0, run.stderr
    matrix = json.loads(run.stdout)
    assert matrix["min_responses"] == 5
    cells = {(c["provider"], c["customer"]): c for c in matrix["cells"]}
    for cell in cells.values():
        assert (cell["mean"] is None) == (cell["responses"] < 5) == cell["too_few"]
    kitchen = cells[("kitchen", "fnb-service")]  # the planted poor November
    assert kitchen["responses"] >= 5 and kitchen["mean"] < 2
    assert kitchen["periods"] == ["kitchen-service-orders 2026-11"]
    text = svcstd("feedback", "matrix", "-C", str(example)).stdout
    assert "too few" in text and "'too few' under 5 answers" in text


def test_min_responses_is_configurable(example: Path) -> None:
    config = example / "svcstd.yaml"
    config.write_text(config.read_text().replace("min_responses: 5", "min_responses: 1"))
    cells = json.loads(svcstd("feedback", "matrix", "--format", "json", "-C", str(example)).stdout)
    assert all(c["mean"] is not None for c in cells["cells"])


# ---- periods ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "cadence", "name", "start", "end"),
    [
        ("2026-11-15", "monthly", "2026-11", "2026-11-01", "2026-11-30"),
        ("2026-11-15", "quarterly", "2026-Q4", "2026-10-01", "2026-12-31"),
        ("2026-10-01", "quarterly", "2026-Q4", "2026-10-01", "2026-12-31"),
        ("2026-09-30", "quarterly", "2026-Q3", "2026-07-01", "2026-09-30"),
        ("2026-07-01", "every 6 months", "2026-H2", "2026-07-01", "2026-12-31"),
        ("2026-02-28", "yearly", "2026", "2026-01-01", "2026-12-31"),
        ("2028-02-10", "weekly", "2028-02", "2028-02-01", "2028-02-29"),
        ("2026-05-10", "every 2 months", "2026-05", "2026-05-01", "2026-05-31"),
    ],
)
def test_period_of(day: str, cadence: str, name: str, start: str, end: str) -> None:
    period = period_of(date.fromisoformat(day), parse_cadence(cadence))
    assert (period.name, period.start.isoformat(), period.end.isoformat()) == (name, start, end)
    assert parse_period(name) == period


@pytest.mark.parametrize("text", ["26", "2026-13", "2026-Q5", "2026-H3", "2026-X1", "abcd"])
def test_parse_period_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="is not a period"):
        parse_period(text)
