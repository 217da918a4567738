"""Hostile YAML in a real repository, through the real command line.

An alias bomb made of a few aliases of one big text, and invalid YAML that libyaml
accepts, placed inside real documents: lint reports each where it stands, and no
other command expands, indexes or renders the bomb.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.test_cli import svcstd, svcstd_peak

ROLE = "roles/administration/adm-manager.yaml"
STANDARD = "services/admin-purchase-orders.yaml"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_alias_bomb_of_a_big_text_is_reported_and_never_expanded(
    example: Path, tmp_path: Path
) -> None:
    _git(example, "init", "-q")
    _git(example, "add", "-A")
    _git(example, "commit", "-qm", "clean")
    role = example / ROLE
    text = role.read_text(encoding="utf-8")
    assert text.count("responsibilities:\n") == 1
    # One 100 KB text aliased 5,000 times: a 136 KB file that would expand to 500 MB.
    bomb = f'  - &big "{"x" * 100_000}"\n' + "  - *big\n" * 5_000
    role.write_text(text.replace("responsibilities:\n", "responsibilities:\n" + bomb), "utf-8")
    assert role.stat().st_size < 200_000
    _git(example, "commit", "-qam", "bomb")
    anchor_line = text[: text.index("responsibilities:\n")].count("\n") + 2

    linted = svcstd("lint", "--as-of", "2026-11-30", ".", cwd=example)
    assert linted.returncode == 1
    # Ten aliases repeat the allowed 1,000,000 characters; the eleventh is reported.
    assert re.search(rf"{ROLE}\n\s+{anchor_line + 11}:5\s+error\s+aliases repeat", linted.stdout)
    assert "(yaml/alias-bomb)" in linted.stdout

    out = tmp_path / "handbook"
    measured = {
        "whois": svcstd_peak("whois", "purchasing", cwd=example),
        "render": svcstd_peak("render", "-f", "html,md", "-o", str(out), ".", cwd=example),
        "digest": svcstd_peak("digest", "--as-of", "2026-11-30", cwd=example),
        "diff": svcstd_peak("diff", "HEAD~1", "HEAD", cwd=example),
        "due": svcstd_peak("due", "--as-of", "2026-11-30", cwd=example),
    }
    runs = {name: done for name, (done, _) in measured.items()}
    for name, done in runs.items():
        assert "Traceback" not in done.stderr, name
        assert done.returncode in (0, 1), (name, done.stderr)
        assert len(done.stdout) < 1_000_000, name
    assert "could not be read" in runs["whois"].stderr
    cache = sum(p.stat().st_size for p in (example / ".svcstd-cache").rglob("*") if p.is_file())
    assert cache < 5_000_000  # the 1 GB index of issue 11
    assert (out / "handbook.html").stat().st_size < 5_000_000
    assert (out / "handbook.md").stat().st_size < 5_000_000
    # None of the commands came near the 2.4 GB of issue 11.
    peaks = {name: peak for name, (_, peak) in measured.items()}
    assert max(peaks.values()) < 500 * 1024, peaks


# Invalid YAML as an author could write it in a real standard, and where it is reported:
# (old line, new text, rule, column); a glued comment is reported at its "#". The
# standard's title and summary are language maps: the English line is edited.
TITLE = "  en: Purchase orders for sales and the other departments\n"
SUMMARY = "  en: >-\n    Administration and Purchasing turns"
INVALID_IN_A_STANDARD = {
    "comment glued to a quote (SU5Z)": (
        TITLE,
        '  en: "Purchase orders"# for sales\n',
        "yaml/syntax",
        24,
    ),
    "comment glued to ']' (9JBA)": (
        "customers: all\n",
        "customers: [all]#everyone\n",
        "yaml/syntax",
        17,
    ),
    "comment glued to ',' (CVW2)": (
        "customers: all\n",
        "customers: [all,#everyone\n  ]\n",
        "yaml/syntax",
        17,
    ),
    "a lone '-' in a list (G5U8)": ("customers: all\n", "customers: [-, all]\n", "yaml/syntax", 13),
    "quoted text not indented (QB6E)": (
        TITLE,
        '  en: "Purchase orders\nfor sales"\n',
        "yaml/syntax",
        1,
    ),
    "list not indented (9C9N)": (
        "customers: all\n",
        "customers: [all,\nsales]\n",
        "yaml/syntax",
        1,
    ),
    "tab as indentation (DK95/01)": (
        TITLE,
        '  en: "Purchase orders\n\tfor sales"\n',
        "yaml/syntax",
        1,
    ),
    "comment glued to '>' (X4QW)": (SUMMARY, SUMMARY.replace(">-", ">-#note"), "yaml/syntax", 9),
    "a !!binary tag": (
        TITLE,
        "  en: !!binary UHVyY2hhc2Ugb3JkZXJz\n",
        "yaml/tag",
        7,
    ),
    "a !!str tag": (
        TITLE,
        "  en: !!str Purchase orders\n",
        "yaml/tag",
        7,
    ),
    "a bare ! tag": (
        TITLE,
        "  en: ! Purchase orders\n",
        "yaml/tag",
        7,
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID_IN_A_STANDARD))
def test_invalid_yaml_inside_a_real_standard_does_not_lint_clean(example: Path, case: str) -> None:
    old, new, rule, column = INVALID_IN_A_STANDARD[case]
    path = example / STANDARD
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1 + (1 if column == 1 else 0)
    done = svcstd("lint", "--as-of", "2026-11-30", ".", cwd=example)
    assert done.returncode == 1
    assert re.search(rf"{STANDARD}\n\s+{line}:{column}\s+error\s.*\({rule}\)", done.stdout), (
        done.stdout
    )


def test_the_same_standard_written_validly_is_clean(example: Path) -> None:
    path = example / STANDARD
    text = path.read_text(encoding="utf-8")
    assert "related_sops: [sop-purchase-order]\n" in text
    valid = text.replace(
        "related_sops: [sop-purchase-order]\n", "related_sops: [sop-purchase-order,\n  ] # one\n"
    ).replace(
        TITLE,
        '  en: "Purchase orders\n    for sales" # indented continuation\n',
    )
    path.write_text(valid, encoding="utf-8")
    done = svcstd("lint", "--as-of", "2026-11-30", ".", cwd=example)
    assert done.returncode == 0, done.stdout
