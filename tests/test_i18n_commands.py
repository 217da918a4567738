"""Every command speaks the reader's language: whois, digest and due in Indonesian.

The organisation in tests/cases/_indonesian is written in Indonesian, so any English left
in the output is interface text that escaped the message catalog.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcstd.cli import app

CASE = Path(__file__).parent / "cases" / "_indonesian"

# English words that never occur in Indonesian text; proper names, ids, addresses and the
# accepted loanwords (PIC, SOP, e-mail, chat, commit) are not in the list.
ENGLISH = set(
    [
        "the",
        "and",
        "of",
        "to",
        "for",
        "with",
        "is",
        "are",
        "be",
        "was",
        "were",
        "in",
        "on",
        "at",
        "by",
        "from",
        "within",
        "after",
        "before",
        "your",
        "you",
        "what",
        "when",
        "who",
        "whom",
        "this",
        "that",
        "it",
        "its",
        "no",
        "not",
        "if",
        "or",
        "can",
        "will",
        "has",
        "have",
        "nothing",
        "every",
        "each",
        "due",
        "overdue",
        "business",
        "hours",
        "hour",
        "days",
        "day",
        "minutes",
        "owner",
        "deputy",
        "team",
        "channels",
        "channel",
        "service",
        "standard",
        "standards",
        "targets",
        "deadline",
        "escalation",
        "topic",
        "matched",
        "exact",
        "vacant",
        "permanent",
        "temporary",
        "contractor",
        "until",
        "monthly",
        "weekly",
        "daily",
        "review",
        "reviewed",
        "survey",
        "action",
        "open",
        "first",
        "edition",
        "changed",
        "expect",
        "stuck",
        "reach",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
    ]
)


def english_words(text: str) -> list[str]:
    """The English words of ``text``, ignoring addresses, paths, ids and options."""
    found = []
    for token in text.split():
        if any(ch in token for ch in "@/:<>&") or token.startswith("-"):
            continue  # an address, a path, a time or a command-line option
        for word in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", token):
            if "-" not in word and word.lower() in ENGLISH:  # hr-manager-like ids are names
                found.append(word)
    return found


@pytest.fixture
def org(tmp_path: Path) -> Path:
    target = tmp_path / "org"
    shutil.copytree(CASE, target, ignore=shutil.ignore_patterns(".svcstd-cache"))
    return target


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.output


@pytest.mark.parametrize(
    "args",
    [
        ["whois", "gaji"],
        ["whois", "lembur", "--lang", "id"],
        ["whois", "--role", "hrd-staf-gaji"],
        ["whois", "--team", "hrd"],
        ["whois", "--list"],
        ["whois", "gajii"],
        ["whois", "absensi"],
        ["digest", "--team", "produksi", "--as-of", "2026-12-20"],
        ["due", "--as-of", "2026-12-20"],
        ["due", "--as-of", "2027-02-20", "--lang", "id"],
    ],
    ids=" ".join,
)
def test_indonesian_output_has_no_english_sentence(org: Path, args: list[str]) -> None:
    out = run(*args, "--path", str(org))
    assert out.strip()
    assert english_words(out) == [], out


def test_the_checker_sees_english(org: Path) -> None:
    # The same commands in English are caught: the word list does its job.
    for args in (["whois", "gaji"], ["digest", "--team", "produksi", "--as-of", "2026-12-20"],
                 ["due", "--as-of", "2026-12-20"]):  # fmt: skip
        out = run(*args, "--lang", "en", "--path", str(org))
        assert len(english_words(out)) >= 5, args


def test_durations_deadlines_and_hours_are_in_words(org: Path) -> None:
    out = run("whois", "gaji", "--path", str(org))
    assert "PIC: Staf Penggajian (hrd-staf-gaji)" in out
    assert "batas waktu setiap bulan tanggal 25" in out
    assert "ditanggapi dalam 4 jam kerja, diselesaikan dalam 2 hari kerja" in out
    assert "Sen\N{EN DASH}Jum 08:00\N{EN DASH}17:00" in out
    assert "(karyawan kontrak/PKWT, sampai 30 Juni 2027)" in out
    digest = run("digest", "--team", "produksi", "--as-of", "2026-12-20", "--path", str(org))
    assert "setiap bulan tanggal 20 (untuk Penggajian bulanan dan lembur)" in digest
    assert "- e-mail: hrd@sinartekstil.example" in digest and "bulanan" in digest


def test_lang_overrides_the_configured_language(org: Path) -> None:
    out = run("whois", "gaji", "--lang", "en", "--path", str(org))
    assert "Owner: Staf Penggajian" in out and "deadline monthly on day 25" in out
    assert "4 business hours" in out and "Mon\N{EN DASH}Fri" in out


@pytest.mark.parametrize("command", ["whois x", "digest", "due", "publish", "render"])
def test_an_unknown_language_is_a_usage_error(org: Path, command: str) -> None:
    where = [str(org)] if command == "render" else ["--path", str(org)]
    result = CliRunner().invoke(app, [*command.split(), "--lang", "idn", *where])
    assert result.exit_code == 2
    assert "unknown language 'idn'" in result.output and "did you mean 'id'?" in result.output


def test_lint_writes_its_own_words_in_the_language_asked(org: Path) -> None:
    std = org / "services" / "hrd-penggajian.yaml"
    std.write_text(std.read_text().replace("paling lambat tanggal 25", "tepat waktu"))
    out = CliRunner().invoke(app, ["lint", "--lang", "id", str(org)]).output
    assert out.splitlines()[-1] == "8 dokumen diperiksa: 0 kesalahan, 1 peringatan, 0 info"
    assert "  peringatan  " in out and "      saran: " in out
    english = CliRunner().invoke(app, ["lint", str(org)]).output
    assert english.splitlines()[-1] == "8 documents checked: 0 errors, 1 warning, 0 infos"


def test_the_lint_summary_counts_with_the_catalogs_plural_forms(tmp_path: Path) -> None:
    from collections import Counter

    from svcstd.lint.engine import LintReport
    from svcstd.lint.reporters import _summary_line

    one = LintReport(tmp_path, [], documents=Counter({"team": 1}))
    assert _summary_line(one) == "1 document checked: clean"
    one.lang = "id"
    assert _summary_line(one) == "1 dokumen diperiksa: tidak ada temuan"
