"""Generate a large, valid svcstd organisation, deterministically, for benchmarks.

    python bench/generate.py OUT [--teams 300 --roles 3000 --standards 1500 --sops 5000]
                                 [--seed 1] [--plant N]

``--plant N`` plants N known violations, each in its own document, cycling through
planters that cover every family of organisation rules (organisation, people,
ownership, targets, sops, chains, calendars, coverage, lifecycle, feedback) plus
references and the schema: N of at least len(PLANTERS) (13) plants one of each. The
findings svcstd must report go to OUT/expected-findings.txt, one ``file:line rule`` a
line. The same arguments
always give the same bytes.
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

AS_OF = "2026-11-23"  # the benchmark lints --as-of this day; reviews are recent relative to it
CONFIG = {
    "organisation": "Benchmark Holdings",
    "language": "en",
    "languages": ["en", "id"],
    "timezone": "Asia/Jakarta",
    "default_calendar": "office",
    "calendars": {
        "office": {"days": ["mon", "tue", "wed", "thu", "fri"], "hours": "08:00-17:00"},
        "always": {
            "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            "hours": "00:00-24:00",
        },
    },
    "publication": {"cadence": "monthly", "tag_prefix": "edition-", "output": "editions"},
}
WORDS = (
    "access",
    "booking",
    "invoice",
    "payment",
    "stock",
    "order",
    "report",
    "request",
    "repair",
    "schedule",
    "training",
    "audit",
    "contract",
    "menu",
    "linen",
    "key",
    "laptop",
    "budget",
)


@dataclass
class Org:
    """What the generator has written so far, for references and planting."""

    out: Path
    rng: random.Random
    teams: list[str] = field(default_factory=list)
    roles_by_team: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, dict[str, object]] = field(default_factory=dict)
    planted: set[str] = field(default_factory=set)  # files a planted finding is in
    config: dict[str, object] = field(default_factory=lambda: copy.deepcopy(CONFIG))

    def write(self, rel: str, doc: dict[str, object]) -> None:
        self.files[rel] = doc


def _team(org: Org, i: int) -> dict[str, object]:
    ident = f"team-{i:04d}"
    doc: dict[str, object] = {
        "kind": "team",
        "id": ident,
        "name": f"Team {i}",
        "lead": f"role-{i:04d}-00",
        "service_hours": "office",
        "channels": [
            {
                "id": f"{ident}-desk",
                "type": "ticket",
                "address": f"https://desk.example/{ident}",
                "hours": "office",
            }
        ],
    }
    if i:
        doc["parent"] = f"team-{org.rng.randrange(i):04d}" if i > 1 else "team-0000"
    return doc


def _role(org: Org, team: str, n: int, team_index: int) -> dict[str, object]:
    ident = f"role-{team_index:04d}-{n:02d}"
    boss = f"role-{team_index:04d}-00" if n else _parent_lead(org, team_index)
    doc: dict[str, object] = {
        "kind": "role",
        "id": ident,
        "title": f"Officer {team_index}-{n}",
        "team": team,
        "responsibilities": [f"Handle {org.rng.choice(WORDS)} work for team {team_index}."],
        "topics": [
            {
                "name": f"{org.rng.choice(WORDS)} {ident}",
                "synonyms": {"en": [f"{ident} help"], "id": [f"bantuan {ident}"]},
            }
        ],
        "holders": [
            {
                "name": f"Person {ident}",
                "email": f"{ident}@bench.example",
                "employment": "permanent",
            }
        ],
    }
    if boss:
        doc["reports_to"] = boss
    return doc


def _parent_lead(org: Org, team_index: int) -> str | None:
    if team_index == 0:
        return None
    parent = org.files[f"teams/team-{team_index:04d}.yaml"]["parent"]
    return f"role-{int(str(parent)[5:]):04d}-00"


def _standard(org: Org, i: int) -> dict[str, object]:
    provider_index = i % len(org.teams)
    provider = org.teams[provider_index]
    roles = org.roles_by_team[provider]
    customers = sorted({org.rng.choice(org.teams) for _ in range(3)} - {provider}) or "all"
    return {
        "kind": "standard",
        "id": f"std-{i:05d}",
        "title": f"Service {i} of {provider}",
        "provider": provider,
        "customers": customers,
        "owner": roles[0],
        "status": "active",
        "version": "1.0",
        "effective": "2026-01-01",
        "topics": [org.files[_role_file(org, roles[-1])]["topics"][0]["name"]],  # type: ignore[index]
        "channels": [f"{provider}-desk"],
        "hours": "office",
        "targets": [
            {
                "id": "standard-request",
                "request": "A standard request",
                "acknowledge": "4 business hours",
                "resolve": "2 business days",
            },
            {
                "id": "urgent-request",
                "request": "An urgent request",
                "priority": "P1",
                "acknowledge": "30m",
                "resolve": "4h",
            },
        ],
        "escalation": [
            {"after": "4h", "to": roles[1 % len(roles)]},
            {"after": "1d", "to": roles[0]},
        ]
        if len(roles) > 1
        else [{"after": "1d", "to": roles[0]}],
        "feedback": {"method": "Quarterly survey", "cadence": "quarterly", "owner": roles[0]},
        "review": {"cadence": "yearly", "last": "2026-06-01"},
    }


def _role_file(org: Org, role: str) -> str:
    team_index = int(role[5:9])
    return f"roles/team-{team_index:04d}/{role}.yaml"


def _sop(org: Org, i: int) -> dict[str, object]:
    team = org.teams[i % len(org.teams)]
    roles = org.roles_by_team[team]
    steps = [
        {
            "id": f"step-{s}",
            "role": roles[s % len(roles)],
            "action": f"Do part {s} of procedure {i}.",
            "within": "1 business day",
        }
        for s in range(4)
    ]
    for s in range(3):  # hand-offs stay inside the team, so no coverage gap is implied
        steps[s]["handoff"] = roles[(s + 1) % len(roles)]
    return {
        "kind": "sop",
        "id": f"sop-{i:05d}",
        "title": f"Procedure {i}",
        "owner": roles[0],
        "purpose": f"Carry out procedure {i} for team {team}.",
        "steps": steps,
        "raci": [{"activity": "step-0", "responsible": [roles[-1]], "accountable": [roles[0]]}],
        "review": {"cadence": "yearly", "last": "2026-03-01"},
    }


def generate(out: Path, teams: int, roles: int, standards: int, sops: int, seed: int) -> Org:
    """Build the organisation in memory (files are written by write_tree)."""
    org = Org(out, random.Random(seed))
    per_team = max(2, roles // teams)
    for i in range(teams):
        doc = _team(org, i)
        org.write(f"teams/{doc['id']}.yaml", doc)
        org.teams.append(str(doc["id"]))
    for i, team in enumerate(org.teams):
        org.roles_by_team[team] = []
        for n in range(per_team):
            doc = _role(org, team, n, i)
            org.write(_role_file(org, str(doc["id"])), doc)
            org.roles_by_team[team].append(str(doc["id"]))
    for i in range(standards):
        org.write(f"services/std-{i:05d}.yaml", _standard(org, i))
    for i in range(sops):
        org.write(f"sops/sop-{i:05d}.yaml", _sop(org, i))
    return org


# Each planter damages documents nobody else planted in and returns (file, a regular
# expression matching the start of the line the finding is on, rule).
Planted = tuple[str, str, str]
Planter = Callable[[Org, int], Planted]


def _nth(org: Org, folder: str, n: int) -> str:
    """The n-th file of a folder not planted in yet, wrapping around, so planting works at
    any size and no two planted findings share a document."""
    names = sorted(rel for rel in org.files if rel.startswith(folder + "/"))
    for k in range(len(names)):
        rel = names[(n + k) % len(names)]
        if rel not in org.planted:
            org.planted.add(rel)
            return rel
    raise SystemExit(f"generate.py: too few documents in {folder}/ to plant another finding")


def _plant_unknown_role(org: Org, n: int) -> Planted:
    rel = _nth(org, "sops", n)
    org.files[rel]["owner"] = "role-9999-99"
    return rel, r"owner:", "refs/unknown-reference"


def _plant_bad_duration(org: Org, n: int) -> Planted:
    rel = _nth(org, "services", n)
    org.files[rel]["targets"][0]["acknowledge"] = "4 hourz"  # type: ignore[index]
    return rel, r"\s*acknowledge: 4 hourz", "schema/invalid"


def _plant_unknown_field(org: Org, n: int) -> Planted:
    rel = _nth(org, "teams", n)
    org.files[rel]["mision"] = "A misspelt field"
    return rel, r"mision:", "schema/invalid"


def _plant_team_cycle(org: Org, n: int) -> Planted:
    # Two teams below the root become each other's parent: one loop, reported once, on
    # the team with the smaller id.
    first, second = sorted(_nth(org, "teams", n) for _ in range(2))
    if "parent" not in org.files[first] or "parent" not in org.files[second]:
        raise SystemExit("generate.py: the root team cannot be part of a planted loop")
    org.files[first]["parent"] = org.files[second]["id"]
    org.files[second]["parent"] = org.files[first]["id"]
    return first, r"parent:", "organisation/team-cycle"


def _plant_deputy_is_self(org: Org, n: int) -> Planted:
    rel = _nth(org, "roles", n)
    org.files[rel]["deputy"] = org.files[rel]["id"]
    return rel, r"deputy:", "people/deputy-is-self"


def _plant_unowned_topic(org: Org, n: int) -> Planted:
    rel = _nth(org, "services", n)
    org.files[rel]["topics"] = ["quantum teleportation"]
    return rel, r"- quantum teleportation", "ownership/topic-unowned"


def _plant_no_accountable(org: Org, n: int) -> Planted:
    rel = _nth(org, "sops", n)
    org.files[rel]["raci"][0]["accountable"] = []  # type: ignore[index]
    return rel, r"\s*accountable: \[\]", "sops/raci-accountable"


def _plant_late_acknowledge(org: Org, n: int) -> Planted:
    rel = _nth(org, "services", n)
    org.files[rel]["targets"][1]["acknowledge"] = "299m"  # type: ignore[index]  # resolve: 4h
    return rel, r"\s*acknowledge: 299m", "targets/acknowledge-after-resolve"


def _plant_uncovered_handoff(org: Org, n: int) -> Planted:
    # A hand-off to a team that no active standard links to the SOP's own team.
    covered: set[frozenset[str]] = set()
    for doc in org.files.values():
        if doc["kind"] == "standard" and doc["status"] == "active":
            customers = org.teams if doc["customers"] == "all" else doc["customers"]
            covered.update(frozenset((str(doc["provider"]), str(c))) for c in customers)  # type: ignore[attr-defined]
    rel = _nth(org, "sops", n)
    own = org.files[rel]["owner"]
    team = next(t for t, roles in org.roles_by_team.items() if own in roles)
    other = next((t for t in org.teams if t != team and frozenset((team, t)) not in covered), None)
    if other is None:
        raise SystemExit(f"generate.py: every team is covered with {team}; use more teams")
    target = org.roles_by_team[other][0]
    org.files[rel]["steps"][0]["handoff"] = target  # type: ignore[index]
    return rel, rf"\s*handoff: {target}", "coverage/handoff-without-standard"


def _plant_overdue_review(org: Org, n: int) -> Planted:
    rel = _nth(org, "services", n)
    org.files[rel]["review"]["last"] = "2020-01-01"  # type: ignore[index]
    return rel, r"\s*last:", "lifecycle/review-overdue"


def _plant_overdue_action(org: Org, n: int) -> Planted:
    # A new document: an open action on feedback, due long before the benchmark's day.
    std = org.files[_nth(org, "services", n)]
    rel = f"actions/act-late-{n:05d}.yaml"
    org.files[rel] = {
        "kind": "action",
        "id": f"act-late-{n:05d}",
        "standard": std["id"],
        "said": "Requests wait too long.",
        "will_do": "Add a second person to the desk.",
        "owner": std["owner"],
        "due": "2020-01-01",
        "status": "open",
    }
    org.planted.add(rel)
    return rel, r"due:", "feedback/action-overdue"


def _plant_unknown_target(org: Org, n: int) -> Planted:
    rel = _nth(org, "sops", n)
    org.files[rel]["steps"][1]["serves"] = "std-00000/no-such-target"  # type: ignore[index]
    return rel, r"\s*serves: std-00000/no-such-target", "chains/unknown-target"


def _plant_calendar_without_holidays(org: Org, n: int) -> Planted:
    # A calendar that lists holidays, but none in the benchmark's year.
    calendars = org.config["calendars"]
    assert isinstance(calendars, dict)
    calendars[f"closed-{n:05d}"] = {
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "hours": "09:00-17:00",
        "holidays": [f"2020-01-{1 + n % 28:02d}"],
    }
    return "svcstd.yaml", rf"\s*- '2020-01-{1 + n % 28:02d}'", "calendars/no-holidays-for-year"


# At least one planter per family of organisation rules (the generated data is clean for
# every rule, so each planted document gives exactly its one finding).
PLANTERS: list[Planter] = [
    _plant_unknown_role,
    _plant_bad_duration,
    _plant_unknown_field,
    _plant_team_cycle,
    _plant_deputy_is_self,
    _plant_unowned_topic,
    _plant_no_accountable,
    _plant_late_acknowledge,
    _plant_uncovered_handoff,
    _plant_overdue_review,
    _plant_overdue_action,
    _plant_unknown_target,
    _plant_calendar_without_holidays,
]


def plant(org: Org, count: int) -> list[Planted]:
    """Plant count violations in distinct documents, cycling through the planters."""
    return [PLANTERS[k % len(PLANTERS)](org, 7 * (k // len(PLANTERS)) + 3) for k in range(count)]


def write_tree(org: Org, planted: list[tuple[str, str, str]]) -> None:
    """Write every file and the expected findings."""
    if org.out.exists():
        shutil.rmtree(org.out)
    (org.out).mkdir(parents=True)
    texts = {"svcstd.yaml": yaml.safe_dump(org.config, sort_keys=False)}
    (org.out / "svcstd.yaml").write_text(texts["svcstd.yaml"])
    for rel, doc in org.files.items():
        path = org.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        texts[rel] = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
        path.write_text(texts[rel])
    lines = [f"{rel}:{_line_of(texts[rel], where)} {rule}" for rel, where, rule in planted]
    expected = "".join(f"{line}\n" for line in sorted(lines))
    (org.out / "expected-findings.txt").write_text(expected)  # not YAML: lint ignores it


def _line_of(text: str, where: str) -> int:
    """The number of the one line that starts with the given regular expression."""
    found = [m.start() for m in re.finditer(rf"^{where}", text, re.M)]
    assert len(found) == 1, (where, len(found))
    return text.count("\n", 0, found[0]) + 1


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--teams", type=int, default=300)
    parser.add_argument("--roles", type=int, default=3000)
    parser.add_argument("--standards", type=int, default=1500)
    parser.add_argument("--sops", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--plant", type=int, default=0)
    args = parser.parse_args()
    org = generate(args.out, args.teams, args.roles, args.standards, args.sops, args.seed)
    write_tree(org, plant(org, args.plant))
    print(f"wrote {len(org.files) + 1} files to {args.out}")


if __name__ == "__main__":
    main()
