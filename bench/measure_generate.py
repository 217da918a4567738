"""Seeded ticket exports of the example organisation: generic CSV/Parquet, Jira, Zendesk, Freshdesk.

    python bench/measure_generate.py OUT [--tickets 3000] [--seed 16] [--format all] [--results]

Every target of the example organisation gets requests (the generic export); the desk
presets cover the departments that use them, mapped to targets by the rules of the
``it-jira``, ``fo-zendesk`` and ``hr-freshdesk`` sources in the example svcstd.yaml. About
one request in ten waits on its customer (a pause), a few are still open. Times are whole
minutes in Asia/Jakarta. The same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parents[1]
START = np.datetime64("2026-01-01T00:00")
MONTHS = 6
OFFSET = np.timedelta64(7, "h")  # Asia/Jakarta, UTC+7 all year

# Desk presets: request type / category / priority spelled as each desk's export does.
JIRA = {  # target → (request type, priority)
    "pms-outage": ("PMS down", "P1"),
    "interface-failure": ("Channel manager failure", "P1"),
    "workstation-down": ("PMS workstation", "P2"),
    "locked-out-on-shift": ("PMS locked out", "P2"),
    "account-request": ("PMS login", "P3"),
    "pms-question": ("PMS question", "P4"),
}
ZENDESK = {  # target → (ticket type, priority)
    "in-stay-complaint": ("Complaint", "High"),
    "written-complaint": ("Complaint", "Normal"),
    "serious-incident": ("Incident", "Urgent"),
}
FRESHDESK = {  # target → (type, group)
    "sheet-check": ("Overtime sheet", "Payroll"),
    "payroll-question": ("Question", "Payroll"),
    "payroll-error": ("Incident", "Payroll"),
}
DESKS = {
    "jira": ("it-pms-support", JIRA),
    "zendesk": ("fo-guest-complaints", ZENDESK),
    "freshdesk": ("hr-payroll", FRESHDESK),
}


Target = tuple[str, str, float, float, bool]
# A date-relative target counted from the opening ('by 17:00 the same business day') is
# mostly done within a working day.
SAME_DAY = 8 * 60.0


def _catalogue() -> list[Target]:
    """(standard, target, acknowledge minutes, resolve minutes, counted from a promised date)
    of every example target."""
    sys.path.insert(0, str(ROOT / "src"))
    from svcstd.pipeline import load_organisation

    org = load_organisation(ROOT / "standards")
    out = []
    for std in org.standards.values():
        for t in std.targets:
            if not (t.acknowledge or t.resolve or t.deadline or t.by):
                continue
            ack = t.acknowledge.elapsed_minutes(45) if t.acknowledge else 60.0
            res = t.resolve.elapsed_minutes(45) if t.resolve else 3 * 24 * 60.0
            if t.by is not None and not t.resolve:
                res = SAME_DAY
            promised = t.by is not None and t.by.relative_to == "promised"
            out.append((std.id, t.id, ack, res, promised))
    return out


def tickets(n: int, seed: int, targets: list[Target]) -> dict[str, np.ndarray]:
    """n tickets over six months as arrays: local times in whole minutes, pauses, teams.

    A request of a target counted from a promised date is promised for a day 2 to 14 days
    after it was opened and done between 08:00 that day and 02:00 the next (about one in
    nine late)."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(targets), n)
    ack_limit = np.array([t[2] for t in targets])[pick]
    res_limit = np.array([t[3] for t in targets])[pick]
    span = MONTHS * 30 * 24 * 60
    opened = START + rng.integers(0, span, n).astype("timedelta64[m]")
    # Most requests are answered well inside the promise; a tail runs past it.
    ack = np.ceil(ack_limit * rng.gamma(2.0, 0.3, n)).astype(np.int64)
    res = np.maximum(ack, np.ceil(res_limit * rng.gamma(2.0, 0.3, n))).astype(np.int64)
    first = opened + ack.astype("timedelta64[m]")
    resolved = opened + res.astype("timedelta64[m]")
    has_pause = rng.random(n) < 0.10
    p_start = opened + (rng.random(n) * res).astype("timedelta64[m]")
    p_end = p_start + rng.integers(30, 3 * 24 * 60, n).astype("timedelta64[m]")
    still_open = rng.random(n) < 0.03
    teams = np.array(["call-centre", "front-office", "housekeeping", "finance", "sales", "kitchen"])
    team = teams[rng.integers(0, len(teams), n)]
    # Drawn after everything else, so that exports without such targets keep their bytes.
    from_promised = np.array([t[4] for t in targets])[pick]
    promised = opened.astype("datetime64[D]") + rng.integers(2, 15, n).astype("timedelta64[D]")
    done = promised + rng.integers(8 * 60, 26 * 60, n).astype("timedelta64[m]")
    resolved = np.where(from_promised, done, resolved)
    return {
        "ticket": np.char.add("REQ-", np.arange(1, n + 1).astype(str)),
        "standard": np.array([t[0] for t in targets])[pick],
        "target": np.array([t[1] for t in targets])[pick],
        "opened": opened,
        "first_response": first,
        "resolved": resolved,
        "open": still_open,
        "pause": has_pause,
        "pause_start": p_start,
        "pause_end": p_end,
        "customer_team": team,
        "promised": np.where(from_promised, np.datetime_as_string(promised), ""),
    }


def _iso(moments: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(moments, unit="s")


def generic_table(data: dict[str, np.ndarray]) -> pa.Table:
    """The generic layout (docs/measure.md), local times without offset."""
    resolved = np.where(data["open"], "", _iso(data["resolved"]))
    paused = np.where(
        data["pause"],
        np.char.add(np.char.add(_iso(data["pause_start"]), "/"), _iso(data["pause_end"])),
        "",
    )
    return pa.table(
        {
            "ticket": data["ticket"],
            "standard": data["standard"],
            "target": data["target"],
            "opened": _iso(data["opened"]),
            "first_response": _iso(data["first_response"]),
            "resolved": resolved,
            "customer_team": data["customer_team"],
            "promised": data["promised"],
            "paused": paused,
        }
    )


def _stamp(moments: np.ndarray, fmt: str, empty: np.ndarray | None = None) -> pa.Array:
    text = pc.strftime(pa.array(moments.astype("datetime64[s]")), format=fmt)
    if empty is not None:
        text = pc.if_else(pa.array(empty), pa.scalar("", pa.string()), text)
    return text


def desk_tables(desk: str, data: dict[str, np.ndarray]) -> tuple[pa.Table, pa.Table]:
    """A desk's ticket export and status-history export for the standard it serves."""
    standard, mapping = DESKS[desk]
    keep = (data["standard"] == standard) & np.isin(data["target"], list(mapping))
    d = {k: v[keep] for k, v in data.items()}
    kind = np.array([mapping[t][0] for t in d["target"]])
    level = np.array([mapping[t][1] for t in d["target"]])
    ids = np.char.add(
        {"jira": "IT-", "zendesk": "", "freshdesk": ""}[desk],
        np.arange(1, keep.sum() + 1).astype(str),
    )
    if desk == "jira":
        fmt = "%d/%b/%y %I:%M %p"
        table = pa.table(
            {
                "Issue key": ids,
                "Issue Type": np.full(len(ids), "Service request"),
                "Custom field (Request Type)": kind,
                "Priority": level,
                "Created": _stamp(d["opened"], fmt),
                "Custom field (First response date)": _stamp(d["first_response"], fmt),
                "Resolved": _stamp(d["resolved"], fmt, d["open"]),
                "Custom field (Customer team)": d["customer_team"],
            }
        )
        history_columns = ("Issue key", "To status", "Changed")
        waiting = "Waiting for customer"
    elif desk == "zendesk":
        fmt = "%Y-%m-%d %H:%M:%S +0700"
        table = pa.table(
            {
                "Id": ids,
                "Ticket type": kind,
                "Priority": level,
                "Created at": _stamp(d["opened"], fmt),
                "First reply at": _stamp(d["first_response"], fmt),
                "Solved at": _stamp(d["resolved"], fmt, d["open"]),
                "Organization": d["customer_team"],
            }
        )
        history_columns = ("Ticket ID", "Status", "Updated at")
        waiting = "Pending"
    else:
        fmt = "%Y-%m-%d %H:%M:%S"
        table = pa.table(
            {
                "Ticket ID": ids,
                "Type": kind,
                "Group": level,
                "Created time": _stamp(d["opened"], fmt),
                "Initial response time": _stamp(d["first_response"], fmt),
                "Resolved time": _stamp(d["resolved"], fmt, d["open"]),
                "Company Name": d["customer_team"],
            }
        )
        history_columns = ("Ticket ID", "Status", "Updated time")
        waiting = "Pending"
    paused = d["pause"]
    history = pa.table(
        {
            history_columns[0]: np.concatenate([ids[paused], ids[paused]]),
            history_columns[1]: np.concatenate(
                [np.full(paused.sum(), waiting), np.full(paused.sum(), "Open")]
            ),
            history_columns[2]: pa.concat_arrays(
                [_stamp(d["pause_start"][paused], fmt), _stamp(d["pause_end"][paused], fmt)]
            ),
        }
    )
    return table, history


def write_all(out: Path, n: int, seed: int, formats: str = "all") -> list[Path]:
    """Write the exports; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    data = tickets(n, seed, _catalogue())
    written = []
    if formats in ("all", "generic"):
        table = generic_table(data)
        pacsv.write_csv(table, out / "generic.csv")
        written.append(out / "generic.csv")
    if formats in ("all", "parquet"):
        import pyarrow.parquet as pq

        pq.write_table(generic_table(data), out / "generic.parquet")
        written.append(out / "generic.parquet")
    for number, (desk, (standard, mapping)) in enumerate(DESKS.items(), start=1):
        if formats in ("all", desk):
            own = [t for t in _catalogue() if t[0] == standard and t[1] in mapping]
            table, history = desk_tables(desk, tickets(n, seed + number, own))
            pacsv.write_csv(table, out / f"{desk}.csv")
            pacsv.write_csv(history, out / f"{desk}-history.csv")
            written += [out / f"{desk}.csv", out / f"{desk}-history.csv"]
    return written


# Which export each sample results file measures, and how (docs/measure.md: "Where the
# figures go"); the later file's figures win for IT's PMS targets.
RESULTS = {
    "generic.json": ("generic.csv", []),
    "it-jira.json": ("jira.csv", ["--source", "it-jira", "--history", "jira-history.csv"]),
    "fo-zendesk.json": (
        "zendesk.csv",
        ["--source", "fo-zendesk", "--history", "zendesk-history.csv"],
    ),
    "hr-freshdesk.json": (
        "freshdesk.csv",
        ["--source", "hr-freshdesk", "--history", "freshdesk-history.csv"],
    ),
}


def write_results(out: Path) -> list[Path]:
    """Measure the sample exports of the first six months with svcstd measure: the results
    files that render, digest and due read with --measured."""
    import subprocess

    written = []
    for name, (export, options) in RESULTS.items():
        if not (out / export).is_file():
            continue
        command = [sys.executable, "-m", "svcstd", "measure", export, *options,
                   "-C", str(ROOT / "standards"), "--from", "2026-01-01", "--to", "2026-06-30",
                   "--format", "json", "--out", name]  # fmt: skip
        subprocess.run(command, cwd=out, check=True)
        written.append(out / name)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--tickets", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--format", default="all", choices=["all", "generic", "parquet", *DESKS])
    parser.add_argument(
        "--results", action="store_true", help="also measure them: sample results files"
    )
    args = parser.parse_args()
    written = write_all(args.out, args.tickets, args.seed, args.format)
    if args.results:
        written += write_results(args.out)
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
