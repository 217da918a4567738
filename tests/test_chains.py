"""Chain budgets and ``svcstd impact``: real lint runs and the real command on real files.

The example's in-room dining chain (call centre -> F&B order station -> kitchen ->
waiter -> guest) is 1 + 2 + 18 + 2 + 5 = 28 minutes against the 30-minute guest promise.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from svcstd.findings import Finding
from svcstd.lint.engine import lint_path
from tests import lint_fixtures as fx
from tests.test_cli import svcstd

AS_OF = date(2026, 11, 30)
SOP_FILE = "sops/sop-room-service-order.yaml"
KITCHEN_STEP = "    within: 18m\n    handoff: fnb-waiter\n"


@pytest.fixture(autouse=True)
def _in_example(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Findings name files relative to the current folder, as a user in the repository sees."""
    monkeypatch.chdir(example)


# Rules on one step against the target it serves; the budget tests look past them.
STEP_RULES = ("chains/step-longer-than-target", "chains/step-deadline")


def _chains(root: Path, steps: bool = False) -> list[Finding]:
    found = lint_path(root, AS_OF, use_cache=False).findings
    return [
        f for f in found if f.rule.startswith("chains/") and (steps or f.rule not in STEP_RULES)
    ]


def _kitchen_takes(root: Path, minutes: int) -> None:
    path = root / SOP_FILE
    text = path.read_text(encoding="utf-8")
    assert KITCHEN_STEP in text
    path.write_text(text.replace(KITCHEN_STEP, KITCHEN_STEP.replace("18m", f"{minutes}m")))


def _line_of(root: Path, rel: str, needle: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_the_example_chain_fits_its_guest_promise(example: Path) -> None:
    assert _chains(example) == []


def test_raising_the_kitchen_step_to_28m_breaks_the_guest_promise_naming_every_hop(
    example: Path,
) -> None:
    _kitchen_takes(example, 28)
    found = _chains(example, steps=True)
    guest = [f for f in found if "fnb-guest-service-requests/room-delivery" in f.message]
    assert len(guest) == 1
    f = guest[0]
    # Placed at the hop that tips the chain over: the kitchen step's time, 1+2+28 > 30.
    assert (f.file, f.line, f.column) == (SOP_FILE, _line_of(example, SOP_FILE, "within: 28m"), 13)
    assert f.rule == "chains/over-budget"
    assert "takes 38m, 8m over" in f.message
    hops = [
        "take-order 1m",
        "enter-order 2m",
        "prepare-food 28m",
        "collect-from-pass 2m",
        "deliver 5m",
    ]
    named = re.findall(r"sop-room-service-order/([a-z-]+ \w+)", f.message)
    assert named == hops
    # The kitchen's own copy of the promise is missed too (31m by the time food leaves).
    kitchen = [f for f in found if "kitchen-service-orders/room-service" in f.message]
    budget = [f for f in kitchen if f.rule == "chains/over-budget"]
    assert len(budget) == 1 and "takes 31m, 1m over" in budget[0].message
    # And the step alone no longer fits the 18-minute target it serves.
    longer = [f for f in kitchen if f.rule == "chains/step-longer-than-target"]
    assert [(f.line, f.column) for f in longer] == [
        (_line_of(example, SOP_FILE, "within: 28m"), 13)
    ]


@pytest.mark.parametrize(("minutes", "over"), [(20, None), (21, "31m, 1m over")])
def test_a_chain_that_exactly_meets_is_clean_and_one_minute_more_is_not(
    example: Path, minutes: int, over: str | None
) -> None:
    _kitchen_takes(example, minutes)
    messages = [f.message for f in _chains(example)]
    if over is None:
        assert messages == []
    else:
        assert len(messages) == 1 and f"takes {over}" in messages[0]


def _promise_lab(root: Path, promise: str, first: str, second: str) -> None:
    """A laboratory SOP of two steps on the office calendar ending in an external promise."""
    fx.write(root, fx.CLEAN)
    fx.write(
        root,
        {
            "services/qa-std-promise.yaml": fx.std(
                "qa-std-promise",
                (
                    "    resolve: 1 business day\n",
                    f"    resolve: 1h\n    external:\n      promise: Results in time.\n"
                    f"      resolve: {promise}\n",
                ),
            ),
            "sops/qa-sop-timed.yaml": fx.sop(
                "qa-sop-timed",
                ("    within: 1h\n", f"    within: {first}\n"),
                (
                    "    action: Analyse the sample.\n",
                    f"    action: Analyse the sample.\n    within: {second}\n"
                    "    serves: qa-std-promise/sample\n",
                ),
            ),
        },
    )


@pytest.mark.parametrize(
    ("promise", "first", "second", "over"),
    [
        # Nine office hours (08:00-17:00) started at Friday's close end at Monday's close:
        # exactly 3 days. Taken together, not as two separate Friday evenings.
        ("3d", "4 business hours", "5 business hours", None),
        ("3d", "4 business hours", "6 business hours", "3d 16h, 16h over"),
        # The same figures as wall-clock hours are far inside the promise.
        ("3d", "4h", "6h", None),
        # Business promise on the same calendar: compared in business minutes.
        ("9 business hours", "4 business hours", "5 business hours", None),
        (
            "9 business hours",
            "4 business hours",
            "6 business hours",
            "10h business, 1h business over",
        ),
        # Mixed: a wall-clock hop then a business one, against a wall-clock promise.
        ("3d", "30m", "9 business hours", "3d 30m, 30m over"),
    ],
)
def test_business_and_elapsed_hops_are_added_on_their_calendars(
    example: Path, promise: str, first: str, second: str, over: str | None
) -> None:
    _promise_lab(example, promise, first, second)
    messages = [f.message for f in _chains(example)]
    if over is None:
        assert messages == []
    else:
        assert len(messages) == 1 and f"takes {over}:" in messages[0], messages


def test_chains_cross_sops_over_any_number_of_hand_offs(example: Path) -> None:
    """A -> B -> C: the promise at the end of C counts every hop from the start of A."""
    fx.write(example, fx.CLEAN)
    promise = fx.std(
        "qa-std-promise",
        (
            "    resolve: 1 business day\n",
            "    resolve: 1h\n    external:\n      promise: Results in time.\n      resolve: 3h\n",
        ),
    )

    def link(ident: str, starts: str, hands: str, within: str, serves: str = "") -> str:
        return (
            f"kind: sop\nid: {ident}\ntitle: Step {ident}\nowner: quality-manager\n"
            f"purpose: Pass the sample on.\nsipoc:\n  suppliers: [qa-lab, qa-night]\nsteps:\n"
            f"  - id: work\n    role: {starts}\n    action: Work.\n    within: {within}\n"
            + (f"    handoff: {hands}\n" if hands else "")
            + (f"    serves: {serves}\n" if serves else "")
            + "raci:\n  - activity: work\n    responsible: [qa-analyst]\n"
            "    accountable: [quality-manager]\nreview:\n  cadence: yearly\n  last: 2026-06-01\n"
        )

    fx.write(
        example,
        {
            "services/qa-std-promise.yaml": promise,
            "sops/qa-chain-a.yaml": link("qa-chain-a", "qa-night-porter", "qa-tester", "1h"),
            "sops/qa-chain-b.yaml": link("qa-chain-b", "qa-tester", "qa-vacant", "1h"),
            "sops/qa-chain-c.yaml": link(
                "qa-chain-c", "qa-vacant", "", "61m", "qa-std-promise/sample"
            ),
        },
    )
    found = _chains(example)
    assert len(found) == 1
    f = found[0]
    assert f.file == "sops/qa-chain-c.yaml" and "takes 3h 1m, 1m over" in f.message
    assert re.findall(r"(qa-chain-[abc])/work", f.message) == [
        "qa-chain-a",
        "qa-chain-b",
        "qa-chain-c",
    ]


def test_a_loop_of_hand_offs_is_reported_once_and_lint_ends(example: Path) -> None:
    fx.write(example, fx.CLEAN)
    fx.write(example, fx.MUTATIONS["chains/cycle"])
    found = _chains(example)
    assert [f.rule for f in found] == ["chains/cycle"]
    assert "qa-sop-loop-a/" in found[0].message and "qa-sop-loop-b/" in found[0].message


def test_a_step_serving_an_unknown_target_says_which_targets_exist(example: Path) -> None:
    fx.write(example, fx.CLEAN)
    fx.write(example, fx.MUTATIONS["chains/unknown-target"])
    (f,) = _chains(example)
    assert f.rule == "chains/unknown-target" and "no target in qa-std-clean" in f.message
    assert f.hint == "targets of it: sample"


def test_impact_of_a_late_kitchen_names_the_guest_promise_with_its_slack(example: Path) -> None:
    run = svcstd("impact", "kitchen-service-orders", "--late", "10m", "-C", str(example))
    assert run.returncode == 1, run.stderr
    assert "fnb-guest-service-requests/room-delivery" in run.stdout
    assert "BROKEN: chain 28m -> 38m against 30m, slack -8m" in run.stdout
    assert "Teams: kitchen, fnb-service" in run.stdout


def test_impact_json_gives_the_slack_before_and_after_at_each_hop(example: Path) -> None:
    run = svcstd(
        "impact",
        "kitchen-service-orders/room-service",
        "--late",
        "2m",
        "--format",
        "json",
        "-C",
        str(example),
    )
    assert run.returncode == 0, run.stderr  # 2 minutes late: 30m, exactly the promise
    data = json.loads(run.stdout)
    promises = {p["standard"]: p for p in data["promises"]}
    guest = promises["fnb-guest-service-requests"]
    assert (guest["chain_before"], guest["chain_after"], guest["slack"]) == (28, 30, 0)
    assert guest["kept"] is True
    assert [h["step"] for h in data["hops"]] == ["prepare-food", "collect-from-pass", "deliver"]
    assert [h["distance"] for h in data["hops"]] == [0, 1, 2]
    # The tightest promise after the kitchen step is the guest's: 2m of slack, then 0.
    assert [(h["slack_before"], h["slack_after"]) for h in data["hops"]] == [(2, 0)] * 3
    late = svcstd(
        "impact", "kitchen-service-orders", "--late", "3m", "-f", "json", "-C", str(example)
    )
    assert late.returncode == 1 and json.loads(late.stdout)["promises"][1]["slack"] == -1


def test_impact_missed_and_graph_formats(example: Path) -> None:
    missed = svcstd("impact", "kitchen-service-orders", "--missed", "-C", str(example))
    assert missed.returncode == 1 and "MISSED" in missed.stdout
    mermaid = svcstd(
        "impact", "kitchen-service-orders", "--late", "5m", "-f", "mermaid", "-C", str(example)
    )
    assert mermaid.stdout.startswith("flowchart LR\n") and "n0 --> n1" in mermaid.stdout
    dot = svcstd(
        "impact", "kitchen-service-orders", "--late", "5m", "-f", "dot", "-C", str(example)
    )
    assert dot.stdout.startswith("digraph impact {")
    assert (
        '"sop-room-service-order/prepare-food" -> "sop-room-service-order/collect-from-pass";'
        in dot.stdout
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["kitchen-service-order", "--late", "10m"], "did you mean 'kitchen-service-orders'?"),
        (["kitchen-service-orders/room", "--late", "10m"], "has no target 'room'"),
        (["kitchen-service-orders", "--late", "soon"], "is not a duration"),
        (["kitchen-service-orders"], "give exactly one of --late DURATION or --missed"),
        (["kitchen-service-orders", "--late", "1m", "-f", "svg"], "unknown format 'svg'"),
        (["hr-recruitment", "--late", "1d"], "no SOP step serves hr-recruitment"),
    ],
)
def test_impact_bad_input_is_a_usage_error(example: Path, args: list[str], message: str) -> None:
    run = svcstd("impact", *args, "-C", str(example))
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr


def test_the_handbook_lists_what_depends_on_a_standard(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "hb"
    run = svcstd("render", "-f", "md", "-o", str(out), "--as-of", "2026-11-30", str(example))
    assert run.returncode == 0, run.stderr
    text = (out / "handbook.md").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.startswith("**What depends on this:**")]
    # Only the kitchen's steps feed another standard's external promise in the example.
    assert len(lines) == 1
    assert "(#standard-fnb-guest-service-requests)" in lines[0]
    assert lines[0].endswith("(30 minutes, 2 minutes to spare)")
    # With no minute to spare the promise is still listed, without the spare time.
    _kitchen_takes(example, 20)
    svcstd("render", "-f", "md", "-o", str(out), "--as-of", "2026-11-30", str(example))
    text = (out / "handbook.md").read_text(encoding="utf-8")
    assert "brand standard). (30 minutes)" in text
