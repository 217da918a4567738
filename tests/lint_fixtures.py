"""Documents for the lint rule tests: a small clean laboratory team added to the example
organisation, and one variant of it per rule that breaks exactly that rule.

Every line where a finding is expected carries a YAML comment ``# expect: RULE``; the
tests compare those markers with the findings' files and lines.
"""

from __future__ import annotations

import re
from pathlib import Path

AS_OF_TEXT = "2026-11-23"
EXPECT = re.compile(r"#\s*expect:\s*(?P<rule>[a-z0-9]+/[a-z0-9-]+)")


def expect(rule: str) -> str:
    """The marker comment saying a finding of ``rule`` is expected on this line."""
    return f"  # expect: {rule}"


def _role(ident: str, extra: str = "", holder: str | None = None, team: str = "qa-lab") -> str:
    person = holder or ident
    holders = (
        f"holders:\n  - name: {person.title()}\n    email: {person}@lab.example\n"
        "    employment: permanent\n"
        if holder != ""
        else ""
    )
    return (
        f"kind: role\nid: {ident}\ntitle: {ident.title()}\nteam: {team}\n"
        f"reports_to: quality-manager\n{extra}{holders}"
    )


def _team(ident: str, extra: str) -> str:
    return f"kind: team\nid: {ident}\nname: {ident.title()}\n{extra}"


STANDARD = """\
kind: standard
id: {id}
title: Laboratory tests for IT
provider: qa-lab
customers: [it]
owner: quality-manager
status: active
version: "1.0"
effective: 2026-01-01
topics: [service standards]
channels: [qa-lab-desk]
targets:
  - id: sample
    request: A sample to test
    acknowledge: 1h
    resolve: 1 business day
escalation:
  - after: 2h
    to: qa-analyst
  - after: 4h
    to: quality-manager
review:
  cadence: yearly
  last: 2026-06-01
"""

SOP = """\
kind: sop
id: {id}
title: Testing a sample
owner: quality-manager
purpose: Test every sample the same way.
steps:
  - id: receive
    role: qa-tester
    action: Receive the sample.
    within: 1h
    handoff: qa-analyst
  - id: analyse
    role: qa-analyst
    action: Analyse the sample.
raci:
  - activity: analyse
    responsible: [qa-analyst]
    accountable: [quality-manager]
review:
  cadence: yearly
  last: 2026-06-01
"""

# The clean laboratory: lints without a finding on top of the example organisation.
CLEAN: dict[str, str] = {
    "teams/qa-lab.yaml": _team(
        "qa-lab",
        "parent: general-management\nlead: qa-analyst\nservice_hours: office\nchannels:\n"
        "  - id: qa-lab-desk\n    type: walk-in\n    address: Room 101\n",
    ),
    "teams/qa-night.yaml": _team(
        "qa-night",
        "parent: general-management\nchannels:\n"
        "  - id: qa-night-desk\n    type: phone\n    address: ext. 101\n",
    ),
    "roles/qa/qa-analyst.yaml": _role("qa-analyst", "deputy: qa-tester\n"),
    "roles/qa/qa-tester.yaml": _role("qa-tester"),
    "roles/qa/qa-vacant.yaml": _role("qa-vacant", "vacant: true\n", holder=""),
    "roles/qa/qa-night-porter.yaml": _role("qa-night-porter", team="qa-night"),
    "services/qa-std-clean.yaml": STANDARD.format(id="qa-std-clean"),
    "sops/qa-sop-clean.yaml": SOP.format(id="qa-sop-clean"),
}


def _feedback(ident: str, period: str, scores: str) -> str:
    """Survey results of the clean standard, from its customer team IT."""
    first, last = {"2026-Q4": ("10-01", "12-31"), "2026-10": ("10-01", "10-31")}[period]
    return (
        f"kind: feedback\nid: {ident}\nstandard: qa-std-clean\nperiod: {period}\n"
        f"start: 2026-{first}\nend: 2026-{last}\ncollected: 2026-11-20\n"
        f"results:\n  - customer: it\n    scores: {scores}\n"
    )


def std(ident: str, *edits: tuple[str, str]) -> str:
    """The clean standard under a new id, with text replacements applied."""
    return _edit(STANDARD.format(id=ident), edits)


def sop(ident: str, *edits: tuple[str, str]) -> str:
    """The clean SOP under a new id, with text replacements applied."""
    return _edit(SOP.format(id=ident), edits)


def _edit(text: str, edits: tuple[tuple[str, str], ...]) -> str:
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _waiver(ident: str, rule: str, document: str, expires: str, marker: str = "") -> str:
    return (
        f"kind: waiver\nid: {ident}\nrule: {rule}{marker}\ndocument: {document}\n"
        f"reason: Agreed exception.\nexpires: {expires}\napprover: quality-manager\n"
    )


_BUSY = {
    f"roles/qa/qa-busy-{i}.yaml": _role(f"qa-busy-{i}", holder="busy.person").replace(
        "@lab.example",
        "@lab.example" + expect("people/too-many-roles") if i == 4 else "@lab.example",
    )
    for i in range(1, 5)
}


# rule id -> files (added to CLEAN) that break that rule once.
def _example_config(old: str, new: str) -> str:
    """The example's svcstd.yaml with one edit."""
    from svcstd.resources import data_dir

    text = (data_dir("example") / "svcstd.yaml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


MUTATIONS: dict[str, dict[str, str]] = {
    # The round-the-clock calendar lists one holiday, in the year after the one judged.
    "calendars/no-holidays-for-year": {
        "svcstd.yaml": _example_config(
            '    hours: "00:00-24:00"\n',
            '    hours: "00:00-24:00"\n    holidays: [2027-01-01]'
            + expect("calendars/no-holidays-for-year")
            + "\n",
        ),
    },
    "organisation/team-cycle": {
        "teams/qa-loop-a.yaml": _team(
            "qa-loop-a", "parent: qa-loop-b" + expect("organisation/team-cycle") + "\n"
        ),
        "teams/qa-loop-b.yaml": _team("qa-loop-b", "parent: qa-loop-a\n"),
    },
    "organisation/role-cycle": {
        "roles/qa/qa-loop-x.yaml": _role("qa-loop-x").replace(
            "reports_to: quality-manager",
            "reports_to: qa-loop-y" + expect("organisation/role-cycle"),
        ),
        "roles/qa/qa-loop-y.yaml": _role("qa-loop-y").replace(
            "reports_to: quality-manager", "reports_to: qa-loop-x"
        ),
    },
    "organisation/single-root": {
        "teams/qa-orphan.yaml": "kind: team\nid: qa-orphan"
        + expect("organisation/single-root")
        + "\n"
        "name: Orphan\n",
    },
    "organisation/lead-in-team": {
        "teams/qa-led.yaml": _team(
            "qa-led", "parent: qa-lab\nlead: qa-tester" + expect("organisation/lead-in-team") + "\n"
        ),
    },
    "people/no-holder": {
        "roles/qa/qa-nobody.yaml": _role("qa-nobody", holder="").replace(
            "id: qa-nobody", "id: qa-nobody" + expect("people/no-holder")
        ),
    },
    # The deprecated second field for the Indonesian title, reported at its key.
    "i18n/legacy-translation-field": {
        "roles/qa/qa-legacy.yaml": _role(
            "qa-legacy", "title_id: Staf Lama" + expect("i18n/legacy-translation-field") + "\n"
        ),
    },
    "people/deputy-is-self": {
        "roles/qa/qa-self.yaml": _role(
            "qa-self", "deputy: qa-self" + expect("people/deputy-is-self") + "\n"
        ),
    },
    "people/email": {
        "roles/qa/qa-bad-email.yaml": _role("qa-bad-email", holder="budi..santoso").replace(
            "@lab.example", "@lab.example" + expect("people/email")
        ),
    },
    "people/too-many-roles": _BUSY,
    "people/holder-ended": {
        "roles/qa/qa-temp.yaml": _role("qa-temp", holder="temp.worker").replace(
            "employment: permanent",
            "employment: temporary\n    until: 2026-10-31" + expect("people/holder-ended"),
        ),
    },
    "ownership/topic-multiple-owners": {
        "roles/qa/qa-clash.yaml": _role(
            "qa-clash",
            "topics:\n  - name: Slip-Gaji" + expect("ownership/topic-multiple-owners") + "\n",
        ),
    },
    "ownership/topic-unowned": {
        "services/qa-std-unowned.yaml": std(
            "qa-std-unowned",
            (
                "topics: [service standards]",
                "topics: [microscopy]" + expect("ownership/topic-unowned"),
            ),
        ),
    },
    "targets/no-target": {
        "services/qa-std-no-target.yaml": std(
            "qa-std-no-target",
            ("status: active", "status: active" + expect("targets/no-target")),
            (
                "targets:\n  - id: sample\n    request: A sample to test\n    acknowledge: 1h\n"
                "    resolve: 1 business day\n",
                "",
            ),
        ),
    },
    "targets/acknowledge-after-resolve": {
        "services/qa-std-ack.yaml": std(
            "qa-std-ack",
            (
                "acknowledge: 1h",
                "acknowledge: 2 business days" + expect("targets/acknowledge-after-resolve"),
            ),
        ),
    },
    "targets/escalation-order": {
        "services/qa-std-order.yaml": std(
            "qa-std-order", ("after: 4h", "after: 120m" + expect("targets/escalation-order"))
        ),
    },
    "targets/escalation-repeats-role": {
        "services/qa-std-repeat.yaml": std(
            "qa-std-repeat",
            (
                "    to: quality-manager",
                "    to: qa-analyst" + expect("targets/escalation-repeats-role"),
            ),
        ),
    },
    "targets/escalation-unstaffed": {
        "services/qa-std-unstaffed.yaml": std(
            "qa-std-unstaffed",
            (
                "    to: quality-manager",
                "    to: qa-vacant" + expect("targets/escalation-unstaffed"),
            ),
        ),
    },
    "targets/external-not-tighter": {
        "services/qa-std-external.yaml": std(
            "qa-std-external",
            (
                "resolve: 1 business day\n",
                "resolve: 1 business day" + expect("targets/external-not-tighter") + "\n"
                "    external:\n      promise: Results to the guest within a day\n"
                "      resolve: 24h\n",
            ),
        ),
    },
    "targets/channel-hours": {
        "services/qa-std-night.yaml": std(
            "qa-std-night",
            (
                "channels: [qa-lab-desk]",
                "channels: [qa-night-desk]" + expect("targets/channel-hours"),
            ),
        ),
    },
    "targets/vague-language": {
        "services/qa-std-vague.yaml": std(
            "qa-std-vague",
            (
                "request: A sample to test",
                "request: Sampel diuji segera" + expect("targets/vague-language"),
            ),
        ),
    },
    "text/control-character": {
        "services/qa-std-escape.yaml": std(
            "qa-std-escape",
            (
                "request: A sample to test",
                'request: "A sample\\e[2J to test"' + expect("text/control-character"),
            ),
        ),
    },
    "sops/duplicate-step-id": {
        "sops/qa-sop-dup.yaml": sop(
            "qa-sop-dup", ("  - id: analyse", "  - id: receive" + expect("sops/duplicate-step-id"))
        ),
    },
    "sops/raci-accountable": {
        "sops/qa-sop-two-a.yaml": sop(
            "qa-sop-two-a",
            (
                "accountable: [quality-manager]",
                "accountable: [quality-manager, general-manager]" + expect("sops/raci-accountable"),
            ),
        ),
    },
    "sops/raci-responsible": {
        "sops/qa-sop-no-r.yaml": sop(
            "qa-sop-no-r",
            ("responsible: [qa-analyst]", "responsible: []" + expect("sops/raci-responsible")),
        ),
    },
    "chains/unknown-target": {
        "sops/qa-sop-serves-typo.yaml": sop(
            "qa-sop-serves-typo",
            (
                "    role: qa-analyst\n",
                "    role: qa-analyst\n    serves: qa-std-clean/sampel"
                + expect("chains/unknown-target")
                + "\n",
            ),
        ),
    },
    "chains/over-budget": {
        "services/qa-std-promise.yaml": std(
            "qa-std-promise",
            (
                "    resolve: 1 business day\n",
                "    resolve: 1h\n    external:\n      promise: Results within two hours.\n"
                "      resolve: 2h\n",
            ),
        ),
        "sops/qa-sop-late.yaml": sop(
            "qa-sop-late",
            (
                "    action: Analyse the sample.\n",
                "    action: Analyse the sample.\n    within: 90m"
                + expect("chains/over-budget")
                + "\n    serves: qa-std-promise/sample\n",
            ),
        ),
    },
    "chains/cycle": {
        # Each SOP's last step hands off to the role that starts the other one.
        "sops/qa-sop-loop-a.yaml": sop(
            "qa-sop-loop-a",
            ("    handoff: qa-analyst", "    handoff: qa-analyst" + expect("chains/cycle")),
            (
                "    action: Analyse the sample.\n",
                "    action: Analyse the sample.\n    handoff: qa-tester\n",
            ),
            ("purpose:", "sipoc:\n  suppliers: [qa-analyst]\npurpose:"),
        ),
        "sops/qa-sop-loop-b.yaml": sop(
            "qa-sop-loop-b",
            (
                "    action: Analyse the sample.\n",
                "    action: Analyse the sample.\n    handoff: qa-tester\n",
            ),
            ("purpose:", "sipoc:\n  suppliers: [qa-analyst]\npurpose:"),
        ),
    },
    "refs/unknown-reference": {
        "sops/qa-sop-unknown.yaml": sop(
            "qa-sop-unknown",
            ("    role: qa-analyst", "    role: qa-analist" + expect("refs/unknown-reference")),
        ),
    },
    "coverage/handoff-without-standard": {
        "sops/qa-sop-night.yaml": sop(
            "qa-sop-night",
            (
                "handoff: qa-analyst",
                "handoff: qa-night-porter" + expect("coverage/handoff-without-standard"),
            ),
        ),
    },
    "lifecycle/review-overdue": {
        "services/qa-std-overdue.yaml": std(
            "qa-std-overdue",
            ("last: 2026-06-01", "last: 2020-01-01" + expect("lifecycle/review-overdue")),
        ),
    },
    "lifecycle/refers-to-retired": {
        "services/qa-std-retired.yaml": std(
            "qa-std-retired", ("status: active", "status: retired")
        ),
        "sops/qa-sop-retired-ref.yaml": sop("qa-sop-retired-ref")
        + "related_standards: [qa-std-retired]"
        + expect("lifecycle/refers-to-retired")
        + "\n",
    },
    "lifecycle/effective-in-future": {
        "services/qa-std-future.yaml": std(
            "qa-std-future",
            (
                "effective: 2026-01-01",
                "effective: 2099-01-01" + expect("lifecycle/effective-in-future"),
            ),
        ),
    },
    "lifecycle/waiver-expired": {
        "waivers/qa-waiver-old.yaml": _waiver(
            "qa-waiver-old", "targets/vague-language", "qa-std-clean", "2020-01-01"
        ).replace(
            "expires: 2020-01-01", "expires: 2020-01-01" + expect("lifecycle/waiver-expired")
        ),
    },
    "lifecycle/waiver-unused": {
        "waivers/qa-waiver-idle.yaml": _waiver(
            "qa-waiver-idle",
            "targets/vague-language",
            "qa-std-clean",
            "2099-12-31",
            "" + expect("lifecycle/waiver-unused"),
        ),
    },
    "lint/unused-suppression": {
        "roles/qa/qa-quiet.yaml": _role("qa-quiet").replace(
            "title: Qa-Quiet",
            "title: Qa-Quiet  # svcstd: disable=people/email -- old"
            + expect("lint/unused-suppression"),
        ),
    },
    "lint/bad-suppression": {
        "roles/qa/qa-typo.yaml": _role("qa-typo").replace(
            "title: Qa-Typo",
            "title: Qa-Typo  # svcstd: disable=people/no-holdr -- typo"
            + expect("lint/bad-suppression"),
        ),
    },
    "feedback/unanswered-low-score": {
        "feedback/qa-std-clean/2026-q4.yaml": _feedback(
            "qa-std-clean-2026-q4", "2026-Q4", "[3, 2, 1, 0, 0]"
        ).replace("results:", "results:" + expect("feedback/unanswered-low-score")),
    },
    "feedback/action-overdue": {
        "actions/qa-action-late.yaml": "kind: action\nid: qa-action-late\nstandard: qa-std-clean\n"
        "said: Samples wait too long.\nwill_do: Add a second tester.\nowner: qa-analyst\n"
        "due: 2026-11-01" + expect("feedback/action-overdue") + "\nstatus: open\n",
    },
    "feedback/survey-overdue": {
        "services/qa-std-surveyed.yaml": std(
            "qa-std-surveyed",
            (
                "review:",
                "feedback:\n  method: A monthly survey\n  cadence: monthly"
                + expect("feedback/survey-overdue")
                + "\nreview:",
            ),
        ),
    },
    "feedback/personal-data": {
        "feedback/qa-std-clean/2026-10.yaml": _feedback(
            "qa-std-clean-2026-10", "2026-10", "[0, 0, 0, 1, 0]"
        )
        + "comments:\n  - customer: it\n    text: Call Budi on 0812 3456 7890"
        + expect("feedback/personal-data")
        + "\n",
    },
}

# Exceptions that work: a suppressed and a waived finding, neither reported.
EXCEPTIONS: dict[str, str] = {
    "roles/qa/qa-hiring.yaml": _role("qa-hiring", holder="").replace(
        "id: qa-hiring", "id: qa-hiring  # svcstd: disable=people/no-holder -- recruiting now"
    ),
    "roles/qa/qa-waived.yaml": _role("qa-waived", holder=""),
    "waivers/qa-waiver-ok.yaml": _waiver(
        "qa-waiver-ok", "people/no-holder", "qa-waived", "2026-11-23"
    ),
}


def write(root: Path, files: dict[str, str]) -> None:
    """Write documents into a repository."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def expected(files: dict[str, str]) -> set[tuple[str, int, str]]:
    """(file, line, rule) of every ``# expect:`` marker in the given files."""
    found = set()
    for rel, text in files.items():
        for number, line in enumerate(text.splitlines(), start=1):
            for m in EXPECT.finditer(line):
                found.add((rel, number, m["rule"]))
    return found
