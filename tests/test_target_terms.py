"""Per-target calendars, ladders and pauses, date-relative targets and SOP step deadlines.

Date arithmetic is checked against a real calendar with holidays; each new finding is
reported by the real ``svcstd lint`` in a real git repository at its file, line and
column; whois and the handbook (HTML, Markdown and the PDF's view model) say what
applies to a target; and the example organisation uses every form and lints clean.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from svcstd.model import Calendar, RelativeDue
from svcstd.pipeline import load_organisation
from svcstd.relative import due_moment, shortest_window, words
from svcstd.terms import Terms, terms_of
from svcstd.workdays import HolidaySet
from tests import lint_fixtures as fx
from tests.test_cli import svcstd

AS_OF = "2026-11-30"
# Christmas (a Friday in 2026) and New Year's Day 2027 (a Friday) are holidays.
OFFICE = Calendar(
    "office",
    ["mon", "tue", "wed", "thu", "fri"],
    "08:00-17:00",
    HolidaySet.of(["2026-12-25", "2027-01-01"]),
    None,
)
NEXT_DAY_AT_10 = RelativeDue("opened", 1, True, "10:00")


# ---------------------------------------------------------------- date-relative arithmetic


@pytest.mark.parametrize(
    ("opened", "due"),
    [
        (datetime(2026, 12, 23, 16, 59), datetime(2026, 12, 24, 10, 0)),  # Wed -> Thu
        (datetime(2026, 12, 24, 9, 0), datetime(2026, 12, 28, 10, 0)),  # Christmas, weekend
        (datetime(2026, 12, 31, 12, 0), datetime(2027, 1, 4, 10, 0)),  # the year end, New Year
        (datetime(2026, 12, 26, 11, 0), datetime(2026, 12, 29, 10, 0)),  # opened on a Saturday
    ],
)
def test_next_business_day_at_10_skips_weekends_and_holidays(
    opened: datetime, due: datetime
) -> None:
    assert due_moment(NEXT_DAY_AT_10, opened, OFFICE) == due


@pytest.mark.parametrize(
    ("opened", "due"),
    [
        (datetime(2027, 1, 31, 12, 0), datetime(2027, 2, 1, 10, 0)),
        (datetime(2027, 2, 28, 12, 0), datetime(2027, 3, 1, 10, 0)),
        (datetime(2028, 2, 28, 12, 0), datetime(2028, 2, 29, 10, 0)),  # a leap year
        (datetime(2026, 12, 24, 12, 0), datetime(2026, 12, 25, 10, 0)),  # holidays count
    ],
)
def test_calendar_days_cross_month_ends_and_count_holidays(opened: datetime, due: datetime) -> None:
    assert due_moment(RelativeDue("opened", 1, False, "10:00"), opened, OFFICE) == due


@pytest.mark.parametrize(
    ("opened", "due"),
    [
        (datetime(2026, 11, 30, 15, 0), datetime(2026, 11, 30, 17, 0)),  # at the cut-off
        (datetime(2026, 11, 30, 15, 1), datetime(2026, 12, 1, 17, 0)),  # a minute after
        (datetime(2026, 12, 4, 15, 1), datetime(2026, 12, 7, 17, 0)),  # Friday -> Monday
        (datetime(2026, 12, 5, 9, 0), datetime(2026, 12, 7, 17, 0)),  # Saturday morning
        (datetime(2026, 12, 24, 16, 0), datetime(2026, 12, 28, 17, 0)),  # before Christmas
    ],
)
def test_the_cut_off_moves_late_requests_to_the_next_working_day(
    opened: datetime, due: datetime
) -> None:
    same_day = RelativeDue("opened", 0, True, "17:00", "15:00")
    assert due_moment(same_day, opened, OFFICE) == due


def test_a_promised_date_is_kept_to_its_end_whatever_the_hour() -> None:
    promised = RelativeDue("promised")
    assert due_moment(promised, datetime(2026, 12, 24, 23, 0), OFFICE) == datetime(2026, 12, 25)
    # Counted on business days, a promised holiday moves to the next working day.
    working = RelativeDue("promised", 0, True)
    assert due_moment(working, datetime(2026, 12, 25), OFFICE) == datetime(2026, 12, 29)


@pytest.mark.parametrize(
    ("rule", "minutes"),
    [
        (RelativeDue("opened"), 0.0),  # the same day, no cut-off: a request at 23:59
        (RelativeDue("opened", 0, True, "17:00", "15:00"), 120.0),
        (RelativeDue("opened", 0, True, "15:00", "15:00"), 0.0),
        (NEXT_DAY_AT_10, 600.0),  # opened at midnight, due at 10:00 the next working day
        (RelativeDue("promised"), None),  # known only per request
    ],
)
def test_the_shortest_window_is_what_every_request_can_rely_on(
    rule: RelativeDue, minutes: float | None
) -> None:
    assert shortest_window(rule, OFFICE) == minutes


def test_words_in_english_and_indonesian() -> None:
    assert words(NEXT_DAY_AT_10) == "by 10:00 on the next business day"
    assert words(NEXT_DAY_AT_10, "id") == "paling lambat pukul 10:00 pada hari kerja berikutnya"
    assert words(RelativeDue("promised")) == "by the promised date"
    cutoff = RelativeDue("opened", 0, True, "17:00", "15:00")
    assert words(cutoff) == (
        "by 17:00 the same business day (requests after 15:00 count from the next business day)"
    )


# ---------------------------------------------------------------- what applies to a target


def test_terms_of_a_target_override_the_standards_and_fall_back_to_them(example: Path) -> None:
    # Only plain values are compared: the model's objects link to the whole organisation.
    org = load_organisation(example)

    def terms(std_id: str, target_id: str) -> Terms:
        std = org.standards[std_id]
        return terms_of(org, std, next(t for t in std.targets if t.id == target_id))

    outage, account = (
        terms("it-pms-support", "pms-outage"),
        terms("it-pms-support", "account-request"),
    )
    assert (outage.calendar_name, outage.own_calendar) == ("hotel-24x7", True)
    assert (account.calendar_name, account.own_calendar) == ("office", False)
    room, starter = (
        terms("kitchen-service-orders", "room-service"),
        terms("kitchen-service-orders", "starter"),
    )
    assert [str(x.after) for x in room.escalation] == ["12m", "15m"]
    assert [str(x.after) for x in starter.escalation] == ["20m", "30m", "45m"]
    check, salary = terms("hr-payroll", "sheet-check"), terms("hr-payroll", "salary-payment")
    assert [p.commitment.id if p.commitment else None for p in check.pauses] == ["answer-questions"]
    assert (check.pausable, salary.pausable) == (True, False)


# ---------------------------------------------------------------- findings, located


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=QA", "-c", "user.email=qa@lab.example", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def _value_column(line: str) -> int:
    """The 1-based column of a ``key: value`` line's value (a list item's dash skipped)."""
    text = line.split("  # expect:")[0]
    return text.index(":", len(text) - len(text.lstrip(" -"))) + 3


NEW_RULES = (
    "targets/escalation-after-target",
    "targets/pause-unknown-commitment",
    "targets/pause-without-commitments",
    "targets/relative-due",
    "chains/step-deadline",
    "chains/step-longer-than-target",
)


@pytest.mark.parametrize("rule", NEW_RULES)
def test_each_new_finding_is_located_at_file_line_and_column(rule: str, example: Path) -> None:
    fx.write(example, {**fx.CLEAN, **fx.MUTATIONS[rule]})
    _git(example, "init", "-q")
    _git(example, "add", "-A")
    _git(example, "commit", "-qm", "standards")
    run = svcstd("lint", ".", "--as-of", fx.AS_OF_TEXT, "-f", "json", cwd=example)
    assert run.returncode == 1, run.stderr
    found = {(f["file"], f["line"], f["column"]) for f in json.loads(run.stdout)["findings"]}
    want = set()
    for rel, text in fx.MUTATIONS[rule].items():
        for number, line in enumerate(text.splitlines(), start=1):
            if f"# expect: {rule}" in line:
                want.add((rel, number, _value_column(line)))
    assert want and found == want


def test_a_step_due_the_same_day_as_its_target_is_clean(example: Path) -> None:
    mutation = fx.MUTATIONS["chains/step-deadline"]
    fx.write(example, fx.CLEAN)
    fx.write(example, {k: v.replace("day 26", "day 25") for k, v in mutation.items()})
    run = svcstd("lint", ".", "--as-of", fx.AS_OF_TEXT, "-f", "json", cwd=example)
    assert run.returncode == 0, run.stdout


# ---------------------------------------------------------------- the example and its outputs


def test_the_example_uses_every_form_and_lints_clean(example: Path) -> None:
    run = svcstd("lint", ".", "--as-of", AS_OF, cwd=example)
    assert run.returncode == 0, run.stdout
    text = "\n".join(p.read_text(encoding="utf-8") for p in example.rglob("*.yaml"))
    forms = ["calendar: hotel-24x7", "customer_commitment:", "relative_to: promised"]
    forms += ["relative_to: opened", "deadline: monthly on day 20 at 17:00"]
    for form in [*forms, "escalation:\n      - after: 12m"]:
        assert form in text


def test_whois_says_what_applies_to_each_target(example: Path) -> None:
    pms = svcstd("whois", "PMS access", "-p", str(example))
    assert "resolve within 2 hours, counted on 24/7 (hotel-24x7)" in pms.stdout
    payroll = svcstd("whois", "overtime", "--lang", "id", "-p", str(example))
    assert "Waktu berhenti dihitung selama menunggu departemen menjawab" in payroll.stdout
    data = json.loads(svcstd("whois", "purchase order", "--json", "-p", str(example)).stdout)
    targets = {t["id"]: t for s in data["answer"]["standards"] for t in s["targets"]}
    assert targets["promised-delivery"]["by"]["words"]["id"] == (
        "paling lambat pada tanggal yang dijanjikan"
    )
    assert targets["order-confirmation"]["by"]["cutoff"] == "15:00"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import example_dir

    base = tmp_path_factory.mktemp("terms")
    shutil.copytree(example_dir(), base / "standards")
    run = svcstd("render", str(base / "standards"), "-f", "html,md", "-o", str(base / "out"),
                 "--as-of", AS_OF)  # fmt: skip
    assert run.returncode == 0, run.stderr
    return base / "out"


def test_the_handbook_shows_calendar_pauses_ladder_and_date_relative_wording(
    rendered: Path,
) -> None:
    for name in ("handbook.html", "handbook.md"):
        text = rendered.joinpath(name).read_text(encoding="utf-8")
        assert "Counted on: 24/7" in text
        assert "The clock stops while waiting for the department" in text
        assert "Escalation for this target: After 12 minutes" in text
        assert "by the promised date" in text
        assert "by 17:00 the same business day" in text


def test_the_pdf_view_model_carries_the_same_fields(example: Path) -> None:
    from svcstd.render.load import load_organisation as load_for_render
    from svcstd.render.pdf import handbook_data
    from svcstd.render.view import Options, build_handbook

    org = load_for_render(example).org
    data = handbook_data(build_handbook(org, Options("en", date.fromisoformat(AS_OF))))
    targets = [t for s in data["standards"] for t in s["targets"]]

    def target(request: str) -> dict[str, Any]:
        [found] = [t for t in targets if t["request"].startswith(request)]
        return found

    outage = target("PMS unavailable")
    assert outage["calendar"] == "24/7"
    room = target("In-room dining order entered")
    assert [e["after"] for e in room["escalation"]] == ["12 minutes", "15 minutes"]
    check = target("Overtime or commission sheet checked")
    assert check["pauses"][0]["commitment"].startswith("Departments answer HR")
    delivery = target("Ordered goods received")
    assert delivery["by"] == delivery["deadline"] == "by the promised date"


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
@pytest.mark.parametrize(("size", "mobile"), [((390, 844), True), ((1366, 900), False)])
def test_the_target_terms_are_readable_on_a_phone_and_a_desktop(
    rendered: Path, tmp_path: Path, size: tuple[int, int], mobile: bool
) -> None:
    from tests.chromium import Page

    probe = """(() => Array.from(document.querySelectorAll('.terms')).map(e => {
        e.scrollIntoView({block: 'center'});
        const r = e.getBoundingClientRect();
        return [e.className, Math.round(r.left), Math.round(r.right), Math.round(r.height)];
    }))()"""
    with Page(tmp_path / "profile", size, mobile) as page:
        page.open(rendered.joinpath("handbook.html").as_uri())
        seen = page.js(probe)
        wide = page.js("document.documentElement.scrollWidth")
        assert page.console_errors() == []
    assert sorted({kind for kind, *_ in seen}) == ["terms calendar", "terms ladder", "terms pause"]
    # Every line is shown (it has a height) and stays inside the window: nothing to scroll sideways.
    assert all(height > 0 and left >= 0 and right <= size[0] for _, left, right, height in seen)
    assert wide <= size[0]


def test_measure_reports_a_pause_the_target_does_not_declare(example: Path, tmp_path: Path) -> None:
    from tests.test_measure_findings import run

    rows = (
        # No pause declared for PMS outages: reported, on its spreadsheet row (header is 1).
        "T-1,it-pms-support,pms-outage,2026-03-02T09:00,2026-03-02T09:05,2026-03-02T11:10,,"
        "2026-03-02T10:00/2026-03-02T10:20,\n"
        # The sheet check pauses while the department owes an answer: as declared.
        "T-2,hr-payroll,sheet-check,2026-03-02T09:00,2026-03-02T10:00,2026-03-03T09:00,,"
        "2026-03-02T11:00/2026-03-02T15:00,\n"
        "T-3,it-pms-support,pms-outage,2026-03-02T09:00,2026-03-02T09:05,2026-03-02T10:10,,,\n"
    )
    report = run(example, tmp_path, rows)
    [found] = [f for f in report["findings"] if f["code"] == "undeclared-pause"]
    assert (found["severity"], found["column"], found["rows"]) == ("info", "paused", [2])


@pytest.mark.parametrize(("analyse", "over"), [("9h", False), ("541m", True)])
def test_a_promise_by_10_the_next_business_day_ends_a_chain_with_its_shortest_time(
    example: Path, analyse: str, over: bool
) -> None:
    # Opened at midnight, due at 10:00 the next working day: 10 hours for 1h + analyse,
    # which exactly fit, and one minute more does not.
    promise = (
        "    resolve: 1 business day\n",
        "    resolve: 9h\n    external:\n      promise: Results by 10:00 the next business day.\n"
        "      by: {relative_to: opened, day_offset: 1, business_days: true, at: '10:00'}\n",
    )
    step = (
        "    action: Analyse the sample.\n",
        f"    action: Analyse the sample.\n    within: {analyse}\n    serves: qa-std-next/sample\n",
    )
    fx.write(example, {**fx.CLEAN, "services/qa-std-next.yaml": fx.std("qa-std-next", promise)})
    fx.write(example, {"sops/qa-sop-next.yaml": fx.sop("qa-sop-next", step)})
    run = svcstd("lint", ".", "--as-of", fx.AS_OF_TEXT, "-f", "json", cwd=example)
    found = [f for f in json.loads(run.stdout)["findings"] if f["rule"] == "chains/over-budget"]
    if not over:
        assert found == [] and run.returncode == 0, run.stdout
    else:
        [f] = found
        assert "(by 10:00 on the next business day) takes" in f["message"]
        assert ", 1m over:" in f["message"]


def test_the_digest_restates_a_date_relative_target_in_words(example: Path) -> None:
    run = svcstd("digest", "--team", "kitchen", "--as-of", AS_OF, "-C", str(example))
    assert run.returncode == 0, run.stderr
    assert "handed to the requesting department: by the promised date (promised-delivery)" in (
        run.stdout
    )
