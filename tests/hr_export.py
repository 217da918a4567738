"""A generated 500-person HR export for the example hotel, with known leavers, movers, starters.

Everyone who holds a role in the example is in it, so an import proposes only
the planted differences below, which the tests list one by one.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from svcstd.integrations.people import FIELDS
from svcstd.model import Organisation

AS_OF = "2026-12-01"
SIZE = 500
COLUMNS = list(FIELDS)  # the generic format, exactly as svcstd reads it

# The planted differences, by e-mail of the holder concerned.
LEAVERS = {"galih.permana@nusantarajaya.example": "2026-11-15"}  # it-helpdesk-agent
LAST_HOLDER_LEAVER = {"wahyu.nugraha@nusantarajaya.example": "2026-11-20"}  # adm-storekeeper
MOVERS = {
    "siti.rahmawati@nusantarajaya.example": ("IT Support Supervisor", "Information Technology")
}
NOT_IN_EXPORT = "mkt-graphic-designer"  # its contractor is not on the payroll
STARTERS = [
    (
        "Maya Sari",
        "maya.sari@nusantarajaya.example",
        "Training Manager",
        "Human Resources",
        "permanent",
        "",
    ),
    (
        "Bayu Pratama",
        "bayu.pratama@nusantarajaya.example",
        "IT Helpdesk Agent",
        "Information Technology",
        "temporary",
        "2027-05-31",
    ),
]
FUTURE_STARTER = (
    "Nanda Putri",
    "nanda.putri@nusantarajaya.example",
    "Sales Executive",
    "Sales",
    "permanent",
    "",
)
WRONG_MANAGER = "sales-executive"  # HR says its holder reports to the sales director
UNMATCHED_TITLES = [
    ("Cook", "Kitchen"),
    ("Steward", "Kitchen"),
    ("Bellboy", "Front Office"),
    ("Driver", "Front Office"),  # security officers are outsourced: not on the payroll
    ("Gardener", "Engineering"),
    ("Laundry Attendant", "Housekeeping"),
]


def write_hr_export(org: Organisation, path: Path) -> None:
    """Write the sample export for ``org`` (the example organisation) to ``path``."""
    rng = random.Random(20261201)
    rows: list[dict[str, str]] = []
    ids: dict[str, str] = {}  # e-mail -> employee id
    managers = {r.id: r for r in org.roles.values()}
    for role in sorted(org.roles.values(), key=lambda r: r.id):
        for holder in role.holders:
            key = holder.email.casefold()
            if role.id == NOT_IN_EXPORT or key in ids:  # one row per person, as HR keeps it
                continue
            ids[key] = f"E{len(ids) + 1:04d}"
            title, department = role.title, org.teams[role.team_id].name
            if key in MOVERS:
                title, department = MOVERS[key]
            end = LEAVERS.get(key) or LAST_HOLDER_LEAVER.get(key) or holder.until or ""
            rows.append(
                _row(ids[key], holder.name, holder.email, title, department, holder.employment, end)
            )
    for role in sorted(org.roles.values(), key=lambda r: r.id):
        boss = managers.get(role.reports_to_id or "")
        if role.id == WRONG_MANAGER:
            boss = managers["sales-director"]
        for row in rows:
            if row["job_title"] == role.title and boss and boss.holders:
                row["manager_id"] = ids[boss.holders[0].email.casefold()]
    for name, email, title, department, employment, end in STARTERS:
        rows.append(
            _row(
                f"E{len(rows) + 1:04d}",
                name,
                email,
                title,
                department,
                employment,
                end,
                "2026-11-16",
            )
        )
    name, email, title, department, employment, end = FUTURE_STARTER
    rows.append(
        _row(f"E{len(rows) + 1:04d}", name, email, title, department, employment, end, "2027-01-04")
    )
    while len(rows) < SIZE:
        title, department = rng.choice(UNMATCHED_TITLES)
        n = len(rows) + 1
        rows.append(
            _row(
                f"E{n:04d}",
                f"Staff Member {n}",
                f"staff{n}@nusantarajaya.example",
                title,
                department,
                "permanent",
                "",
            )
        )
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def _row(
    ident: str,
    name: str,
    email: str,
    title: str,
    department: str,
    employment: str,
    end: str,
    start: str = "2020-01-06",
) -> dict[str, str]:
    return {
        "employee_id": ident,
        "name": name,
        "email": email,
        "job_title": title,
        "department": department,
        "manager_id": "",
        "employment": employment,
        "start": start,
        "end": end,
    }
