"""The example's Indonesian handbook reads as Indonesian: few English function words are left.

Issue 14's measure: render the example with ``--lang id --format md`` and count the
English function words ("the", "and", "of", ...) among all words. An Indonesian sentence
almost never contains them, so they are a reliable sign of English text that was not
translated, whether it comes from the data or from the interface. Accepted loanwords
(check-in, "out of order") and English proper names such as job titles
("Director of Sales and Marketing") are not counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcstd.cli import app

# Words that carry grammar in English and have no use in Indonesian text. Words that are
# also ordinary Indonesian or hotel usage (per, no, bill) are left out on purpose.
# fmt: off
FUNCTION_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "for", "with", "without", "in",
    "on", "at", "by", "from", "into", "onto", "upon", "about", "above", "after", "before",
    "between", "during", "over", "under", "until", "within", "as", "than", "then", "is", "are",
    "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "has", "have",
    "had", "having", "will", "would", "shall", "should", "must", "can", "could", "may", "might",
    "this", "that", "these", "those", "it", "its", "they", "them", "their", "theirs", "we",
    "our", "ours", "you", "your", "yours", "he", "she", "his", "her", "him", "who", "whom",
    "whose", "which", "what", "when", "where", "why", "how", "if", "not", "also", "only", "any",
    "each", "every", "both", "either", "neither", "such", "same", "other", "another", "there",
    "here", "all", "some", "more", "most", "very", "so", "too", "just",
})
# fmt: on

# Loanwords and fixed phrases Indonesian hotels use as they are; their function words
# are not English text left untranslated.
ACCEPTED_PHRASES = (
    "out of order",
    "lost and found",
    "back of house",
    "front of house",
    "days sales outstanding",
    "food and beverage",
    "on call",
    "on duty",
    "do not disturb",
)
ACCEPTED = re.compile(r"\b(?:" + "|".join(map(re.escape, ACCEPTED_PHRASES)) + r")\b", re.I)

# Addresses and code are not prose in either language.
NOT_PROSE = re.compile(r"`[^`]*`|https?://\S+|mailto:\S+|[\w.+-]+@[\w.-]+|<[^>]+>")
# A word: letters, with inner hyphens or apostrophes kept (in-room, e-mail, guest's).
WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")
LIMIT = 0.05
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")


@dataclass
class Measure:
    """Words counted, English function words found, and the lines that hold them."""

    words: int
    function_words: int
    offending: list[tuple[int, str]]

    @property
    def share(self) -> float:
        return self.function_words / self.words if self.words else 0.0


def _is_function_word(word: str) -> bool:
    """An English function word; a word in capitals is an abbreviation or a RACI letter.

    "IT" is information technology, "A" in a RACI table the accountable role.
    """
    return word.lower() in FUNCTION_WORDS and not word.isupper()


# The words that join the parts of an English name: "Director of Sales and Marketing".
NAME_JOINERS = frozenset({"of", "and"})


def _is_in_a_name(words: list[str], i: int) -> bool:
    """An "of" or "and" between two capitalised words belongs to a proper name.

    "Director of Sales and Marketing", "Food and Beverage Manager", "Bank of Asia": the
    job titles hotels keep in English. "Tell the Front Office Manager" is a sentence.
    """
    return (
        words[i].lower() in NAME_JOINERS
        and 0 < i < len(words) - 1
        and words[i - 1][:1].isupper()
        and words[i + 1][:1].isupper()
    )


def measure(markdown: str) -> Measure:
    """Count the English function words in a text, line by line."""
    total = found = 0
    offending: list[tuple[int, str]] = []
    for line in markdown.splitlines():
        words = WORD.findall(ACCEPTED.sub(" ", NOT_PROSE.sub(" ", line)))
        hits = sum(
            1
            for i, word in enumerate(words)
            if _is_function_word(word) and not _is_in_a_name(words, i)
        )
        total += len(words)
        found += hits
        if hits:
            offending.append((hits, line.strip()))
    return Measure(total, found, offending)


def test_the_measure_tells_indonesian_from_english() -> None:
    english = measure("The payroll officer pays every employee on the 25th of each month.")
    indonesian = measure("Staf payroll membayar gaji setiap karyawan pada tanggal 25 setiap bulan.")
    assert english.function_words == 6 and english.share > 0.3
    assert indonesian.function_words == 0 and indonesian.words == 10
    # Names, loanwords and addresses are not counted as English sentences.
    kept = measure(
        "Hubungi Director of Sales and Marketing untuk kamar out of order; "
        "e-mail `hr-payroll` ke hr@hotel.example atau https://hr.example/a-to-the."
    )
    assert kept.function_words == 0
    # A lower-case function word beside a name still counts: it is a sentence, not a title.
    assert measure("Tell the Front Office Manager.").function_words == 1
    assert measure("Hubungi IT Manager. It is done.").function_words == 3
    assert measure("| 1. Hitung gaji | R | A |").function_words == 0


def test_the_indonesian_handbook_has_fewer_than_5_percent_english_function_words(
    example: Path, tmp_path: Path
) -> None:
    out = tmp_path / "handbook"
    result = CliRunner().invoke(
        app, ["render", str(example), "--lang", "id", "--format", "md", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    (page,) = out.glob("*.md")
    found = measure(page.read_text(encoding="utf-8"))
    assert found.words > 5000  # the whole handbook was measured, not an empty page
    worst = sorted(found.offending, key=lambda hit: -hit[0])[:40]
    assert found.share < LIMIT, (
        f"{found.function_words} English function words in {found.words} words "
        f"({found.share:.1%}, limit {LIMIT:.0%}); lines with the most:\n"
        + "\n".join(f"  {hits:3}  {line[:160]}" for hits, line in worst)
    )


def _texts_of(folder: str) -> list[tuple[str, str, object]]:
    """Every text field of the example's documents in a folder: (file, field path, value)."""
    from svcstd.loader import load_text
    from svcstd.text import iter_texts
    from tests.conftest import example_dir

    found = []
    for path in sorted((example_dir() / folder).rglob("*.yaml")):
        for doc in load_text(path.read_text(encoding="utf-8"), str(path)).documents:
            steps = {step["id"] for step in doc.data.get("steps", [])}
            for where, value in iter_texts(doc.data, doc.data["kind"]):
                if not _is_a_reference(where, value, steps):
                    found.append((path.name, ".".join(map(str, where)), value))
    return found


def _is_a_reference(where: tuple[object, ...], value: object, steps: set[str]) -> bool:
    """A RACI activity naming a step, or a communication channel naming a channel id.

    Both fields take either words or an id; an id is not text to translate.
    """
    if not isinstance(value, str):
        return False
    if where[0] == "raci":
        return value in steps
    return where[0] == "communication" and where[-1] == "channel" and bool(ID.match(value))


@pytest.mark.parametrize("folder", ["services", "sops"])
def test_every_text_of_the_example_standards_and_sops_is_in_both_languages(folder: str) -> None:
    texts = _texts_of(folder)
    assert len(texts) > 150  # every document was read
    untranslated = [
        f"{name}: {where}"
        for name, where, value in texts
        if not (isinstance(value, dict) and value.get("en") and value.get("id"))
    ]
    assert untranslated == []
    # A copy of the English is not a translation, unless it holds no English grammar
    # ("e-mail", a list of job titles).
    copied = [
        f"{name}: {where}: {value['en']}"
        for name, where, value in texts
        if value["id"] == value["en"] and measure(value["en"]).function_words
    ]
    assert copied == []
