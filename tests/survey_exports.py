"""Generated survey exports for the example hotel: a Google Forms and a Microsoft Forms CSV.

The example's feedback/ files are what ``svcstd feedback import`` makes of these
two exports (tests/test_feedback.py checks that they still are). Answers fall in
October and November 2026; the in-room dining kitchen and the PMS support are
planted with poor November scores, which the example answers with actions.
Run ``python -m tests.survey_exports DIR`` to write both files into DIR.
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

from svcstd.model import Organisation

GOOGLE = "google-forms.csv"
MICROSOFT = "microsoft-forms.csv"
SEED = 20261130

# The service names the forms offer (svcstd.yaml maps them back to standard ids).
SERVICE_NAMES = {
    "admin-invoicing": "Invoices to clients",
    "admin-purchase-orders": "Purchase orders",
    "engineering-maintenance-requests": "Maintenance requests",
    "finance-collections": "Collections",
    "finance-vendor-payments": "Supplier payments",
    "fnb-guest-service-requests": "In-room dining requests",
    "fo-guest-complaints": "Guest complaint handling",
    "housekeeping-room-readiness": "Room readiness",
    "hr-payroll": "Payroll",
    "hr-recruitment": "Recruitment",
    "it-helpdesk-support": "IT helpdesk",
    "it-pms-support": "PMS support",
    "kitchen-service-orders": "Kitchen orders",
    "marketing-campaign-support": "Campaign support",
}
SATISFACTION = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]
COMMENTS = [
    "Quick and friendly, thank you.",
    "Please confirm when the request is received.",
    "Good, but the weekend cover could be clearer.",
    "The form is easy to use.",
    "Answers took longer than promised this month.",
    "",
    "",
    "",
]
# The departments the forms' "Your department" list offered in October and November.
# Security is not among them (the forms predate its place in the handbook), so it
# answered no survey; leaving it out also keeps the answers of the others unchanged.
SURVEYED = frozenset(
    {
        "administration",
        "call-centre",
        "engineering",
        "finance",
        "fnb-service",
        "front-office",
        "general-management",
        "housekeeping",
        "hr",
        "it",
        "kitchen",
        "marketing",
        "sales",
    }
)
FRIDAYS = {10: (2, 9, 16, 23, 30), 11: (6, 13, 20, 27)}
POOR = {("kitchen-service-orders", 11), ("it-pms-support", 11)}


def _answers(
    org: Organisation, quarterly: bool, rng: random.Random
) -> list[tuple[str, str, int, datetime, str]]:
    rows = []
    for std in sorted(org.standards.values(), key=lambda s: s.id):
        if std.status != "active" or std.feedback is None or std.id not in SERVICE_NAMES:
            continue
        if (std.feedback.cadence.months == 3) != quarterly:
            continue
        weekly = std.feedback.cadence.unit == "week"
        for month in (10, 11):
            for team in (t for t in std.customers(org) if t.id in SURVEYED):
                # A weekly survey goes out every Friday; the others take answers all month.
                days = (
                    [d for d in FRIDAYS[month] for _ in range(rng.randint(1, 2))]
                    if weekly
                    else [rng.randint(2, 27) for _ in range(rng.randint(0, 7))]
                )
                for day in days:
                    poor = (std.id, month) in POOR
                    score = rng.choice([1, 2, 2, 3, 4] if poor else [3, 4, 4, 5, 5])
                    when = datetime(2026, month, day, 8) + timedelta(minutes=rng.randint(0, 540))
                    rows.append((std.id, team.name, score, when, rng.choice(COMMENTS)))
    return rows


def write_google_forms(org: Organisation, path: Path) -> None:
    """A Google Forms response sheet saved as CSV (US locale timestamps, a 1-5 scale)."""
    rng = random.Random(SEED)
    header = [
        "Timestamp",
        "Email Address",
        "Which service are you rating?",
        "Your department",
        "How satisfied are you with this service? (1 = very poor, 5 = very good)",
        "What should we keep or change?",
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        for n, (std, team, score, when, comment) in enumerate(_answers(org, False, rng)):
            out.writerow(
                [
                    f"{when.month}/{when.day}/{when.year} {when:%H:%M:%S}",
                    f"respondent{n}@nusantarajaya.example",  # never to be copied
                    SERVICE_NAMES[std],
                    team,
                    score,
                    comment,
                ]
            )


def write_microsoft_forms(org: Organisation, path: Path) -> None:
    """A Microsoft Forms export saved as CSV (ID, times, the respondent, then the questions)."""
    rng = random.Random(SEED + 1)
    header = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Service",
        "Department",
        "Overall satisfaction",
        "Comments",
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        for n, (std, team, score, when, comment) in enumerate(_answers(org, True, rng), start=1):
            start = when - timedelta(minutes=3)
            out.writerow(
                [
                    n,
                    f"{start:%m/%d/%y %H:%M:%S}",
                    f"{when:%m/%d/%y %H:%M:%S}",
                    f"staff{n}@nusantarajaya.example",  # never to be copied
                    f"Staff Member {n}",  # never to be copied
                    SERVICE_NAMES[std],
                    team,
                    SATISFACTION[score - 1],
                    comment,
                ]
            )


def main(folder: Path) -> None:
    from svcstd.pipeline import load

    org = load(Path(__file__).resolve().parents[1] / "standards").org
    folder.mkdir(parents=True, exist_ok=True)
    write_google_forms(org, folder / GOOGLE)
    write_microsoft_forms(org, folder / MICROSOFT)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
