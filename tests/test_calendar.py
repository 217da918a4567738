"""The obligations calendar: an iCalendar feed read back by two independent parsers.

The feed of the example organisation is expanded for 2027 by recurring-ical-events
and by vobject (dateutil's rruleset), and every occurrence is checked against the
standard's calendar: a working day, the deadline's own day or the working day
before it, once per period.
"""

from __future__ import annotations

import calendar as cal_module
from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import vobject

from svcstd.build import build_config
from svcstd.loader import load_text
from svcstd.model import Organisation
from svcstd.obligations.collect import calendar_of
from tests.test_cli import svcstd

YEAR = 2027
WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _feed(root: Path, out: Path, *args: str) -> bytes:
    done = svcstd(
        "calendar", "-C", str(root), "--out", str(out), "--as-of", "2026-11-30",
        "--from", f"{YEAR}-01-01", "--to", f"{YEAR}-12-31", *args,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    import shutil

    from tests.conftest import example_dir

    root = tmp_path_factory.mktemp("cal") / "standards"
    shutil.copytree(example_dir(), root, ignore=shutil.ignore_patterns(".svcstd-cache"))
    return root, _feed(root, root.parent / "all.ics")


def load_organisation(root: Path) -> Organisation:
    from svcstd.edition.workspace import open_workspace

    return open_workspace(root).org


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _by_uid_recurring(text: bytes) -> dict[str, set[date]]:
    parsed = icalendar.Calendar.from_ical(text)
    found: dict[str, set[date]] = {}
    for event in recurring_ical_events.of(parsed).between(date(YEAR, 1, 1), date(YEAR + 1, 1, 1)):
        found.setdefault(str(event["UID"]), set()).add(_day(event["DTSTART"].dt))
    return found


def _by_uid_vobject(text: bytes) -> dict[str, set[date]]:
    parsed = vobject.readOne(text.decode("utf-8"))
    found: dict[str, set[date]] = {}
    for event in parsed.vevent_list:
        days = {_day(d) for d in event.getrruleset(addRDate=True) or [event.dtstart.value]}
        found[event.uid.value] = {d for d in days if d.year == YEAR}
    return {uid: days for uid, days in found.items() if days}


def test_two_parsers_agree_on_every_occurrence(feed: tuple[Path, bytes]) -> None:
    _, text = feed
    assert text.count(b"\n") == text.count(b"\r\n")  # RFC 5545 line ends, kept by the writer
    assert _by_uid_recurring(text) == _by_uid_vobject(text)


def _expected_day(anchor: date, days: list[str], holidays: object) -> date:
    """The working day on or before anchor, walked here independently of svcstd."""
    while WEEK[anchor.weekday()] not in days or anchor in holidays:  # type: ignore[operator]
        anchor -= timedelta(days=1)
    return anchor


def test_2027_occurrences_fall_on_working_days_of_the_standards_calendar(
    feed: tuple[Path, bytes],
) -> None:
    root, text = feed
    org = load_organisation(root)
    parsed = icalendar.Calendar.from_ical(text)
    occurrences = _by_uid_recurring(text)
    checked = 0
    for event in parsed.walk("VEVENT"):
        if "RRULE" not in event:
            continue
        std = org.standards[str(event["X-SVCSTD-STANDARD"])]
        cal = calendar_of(org, std)
        assert cal is not None
        for day in occurrences[str(event["UID"])]:
            assert WEEK[day.weekday()] in cal.days, (event["UID"], day)
            assert day not in cal.holidays, (event["UID"], day)
            checked += 1
    assert checked > 300  # daily deadlines over a year, and every monthly one


def test_payroll_on_the_25th_or_the_working_day_before(feed: tuple[Path, bytes]) -> None:
    root, text = feed
    org = load_organisation(root)
    office = org.config.calendars["office"]
    days = _by_uid_recurring(text)["hr-payroll.target.salary-payment@hotel-nusantara-jaya.svcstd"]
    want = {_expected_day(date(YEAR, m, 25), office.days, office.holidays) for m in range(1, 13)}
    assert days == want
    # 25 September 2027 is a Saturday; 25 December a Saturday and Christmas.
    assert date(YEAR, 9, 24) in days and date(YEAR, 12, 24) in days


def test_monthly_working_day_and_last_day_rules(feed: tuple[Path, bytes]) -> None:
    root, text = feed
    office = load_organisation(root).config.calendars["office"]
    occurrences = _by_uid_recurring(text)
    third = occurrences["admin-invoicing.target.corporate-statement@hotel-nusantara-jaya.svcstd"]
    for month in range(1, 13):
        working = [
            date(YEAR, month, d)
            for d in range(1, cal_module.monthrange(YEAR, month)[1] + 1)
            if WEEK[date(YEAR, month, d).weekday()] in office.days
            and date(YEAR, month, d) not in office.holidays
        ]
        assert working[2] in third  # "monthly on working day 3"
    assert len(third) == 12


def test_daily_deadlines_skip_holidays_without_moving(feed: tuple[Path, bytes]) -> None:
    root, text = feed
    office = load_organisation(root).config.calendars["office"]
    daily = _by_uid_recurring(text)[
        "admin-invoicing.commitment.folio-transfer@hotel-nusantara-jaya.svcstd"
    ]
    working = {
        date(YEAR, 1, 1) + timedelta(days=n)
        for n in range(365)
        if WEEK[(date(YEAR, 1, 1) + timedelta(days=n)).weekday()] in office.days
        and date(YEAR, 1, 1) + timedelta(days=n) not in office.holidays
    }
    assert daily == working


def test_events_name_the_standard_and_its_owner(feed: tuple[Path, bytes]) -> None:
    _, text = feed
    parsed = icalendar.Calendar.from_ical(text)
    events = {str(e["UID"]): e for e in parsed.walk("VEVENT")}
    payroll = events["hr-payroll.target.salary-payment@hotel-nusantara-jaya.svcstd"]
    assert payroll["X-SVCSTD-STANDARD"] == "hr-payroll"
    assert payroll["X-SVCSTD-OWNER"] == "hr-manager"
    assert "Standard: hr-payroll" in payroll["DESCRIPTION"]
    assert str(payroll["ORGANIZER"]).startswith("mailto:")
    assert payroll["DTSTAMP"].dt == datetime.fromisoformat("2026-11-30T05:00:00+00:00")


def test_uids_are_stable_across_runs_and_edits(feed: tuple[Path, bytes], tmp_path: Path) -> None:
    root, text = feed
    again = _feed(root, tmp_path / "again.ics")
    assert again == text  # the same input gives the same bytes (no wall clock)
    payroll = root / "services" / "hr-payroll.yaml"
    original = payroll.read_text(encoding="utf-8")
    try:
        payroll.write_text(original.replace("monthly on day 25", "monthly on day 24"), "utf-8")
        edited = _feed(root, tmp_path / "edited.ics")
    finally:
        payroll.write_text(original, "utf-8")
    assert edited != text
    assert set(_by_uid_recurring(edited)) == set(_by_uid_recurring(text))


def test_team_feed_keeps_what_the_team_acts_on(feed: tuple[Path, bytes], tmp_path: Path) -> None:
    root, text = feed
    it_feed = _by_uid_recurring(_feed(root, tmp_path / "it.ics", "--team", "it"))
    hr_feed = _by_uid_recurring(_feed(root, tmp_path / "hr.ics", "--team", "hr"))
    salary = "hr-payroll.target.salary-payment@hotel-nusantara-jaya.svcstd"
    sheets = "hr-payroll.commitment.overtime-sheets@hotel-nusantara-jaya.svcstd"
    assert salary in hr_feed and salary not in it_feed
    assert sheets in it_feed and sheets not in hr_feed  # IT owes HR its sheets
    assert set(it_feed) < set(_by_uid_recurring(text))


def test_unknown_team_is_a_usage_error(feed: tuple[Path, bytes], tmp_path: Path) -> None:
    root, _ = feed
    done = svcstd("calendar", "-C", str(root), "--out", str(tmp_path / "x.ics"), "--team", "hrr")
    assert done.returncode == 2
    assert "--team 'hrr'" in done.stderr and "did you mean 'hr'?" in done.stderr
    assert not (tmp_path / "x.ics").exists()


def test_day_31_falls_on_the_last_day_of_shorter_months() -> None:
    from svcstd.durations import parse_deadline
    from svcstd.obligations.occurrences import WorkWeek, place

    placed = place(parse_deadline("monthly on day 31"), WorkWeek.of(None), date(2027, 1, 1),
                   date(2027, 12, 31))  # fmt: skip
    assert len(placed.days) == 12 and date(2027, 2, 28) in placed.days
    assert placed.rule == "FREQ=MONTHLY;BYMONTHDAY=31"


def test_the_library_calendar_feeds_the_shift() -> None:
    doc = load_text(
        "organisation: T\ndefault_calendar: o\ncalendars:\n  o:\n"
        "    days: [mon, tue, wed, thu, fri]\n    hours: '08:00-17:00'\n"
        "    holidays: {country: ID}\n",
        "svcstd.yaml",
    ).documents[0]
    office = build_config(doc).calendars["o"]
    # 17 August 2027 (Independence Day) is a Tuesday: a deadline then moves to Monday.
    assert _expected_day(date(2027, 8, 17), office.days, office.holidays) == date(2027, 8, 16)


def test_publish_writes_one_feed_per_team_beside_the_handbook(tmp_path: Path) -> None:
    import shutil

    from tests.conftest import example_dir
    from tests.test_diff_gitrepo import GitRepo

    root = tmp_path / "standards"
    shutil.copytree(example_dir(), root, ignore=shutil.ignore_patterns(".svcstd-cache"))
    repo = GitRepo(root)
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.name", "Quality Lead")
    repo.git("config", "user.email", "quality@case.example")
    repo.git("config", "commit.gpgsign", "false")
    repo.git("config", "tag.gpgsign", "false")
    repo.commit("Our standards")
    code, _, err = repo.run("publish", "--as-of", "2026-03-02")
    assert code == 0, err
    folder = repo.path("editions/edition-2026-03-02/calendar")
    org = load_organisation(repo.root)
    assert sorted(p.stem for p in folder.glob("*.ics")) == sorted(org.teams)
    hr = icalendar.Calendar.from_ical((folder / "hr.ics").read_bytes())
    events = {str(e["UID"]): e for e in hr.walk("VEVENT")}
    assert "hr-payroll.target.salary-payment@hotel-nusantara-jaya.svcstd" in events
    assert "hr-payroll.commitment.overtime-sheets@hotel-nusantara-jaya.svcstd" not in events
    # The next edition is the first working day of the next month, after this one.
    edition = events["edition@hotel-nusantara-jaya.svcstd"]
    assert edition["DTSTART"].dt == date(2026, 4, 1)
    assert repo.git("status", "--porcelain") == ""  # the feeds are committed with the edition


def test_role_feed_keeps_what_the_role_owns_and_its_teams_commitments(
    feed: tuple[Path, bytes], tmp_path: Path
) -> None:
    root, _ = feed
    hr = _by_uid_recurring(_feed(root, tmp_path / "hr.ics", "--role", "hr-manager"))
    officer = _by_uid_recurring(_feed(root, tmp_path / "o.ics", "--role", "it-manager"))
    salary = "hr-payroll.target.salary-payment@hotel-nusantara-jaya.svcstd"
    sheets = "hr-payroll.commitment.overtime-sheets@hotel-nusantara-jaya.svcstd"
    assert salary in hr and salary not in officer  # the HR Manager owns the payroll standard
    assert sheets in officer and sheets not in hr  # the IT Manager leads a team that owes it
