"""One rule for "the same topic", shared by lint, whois and the handbook (issue 12, items 12-13)."""

from __future__ import annotations

import pytest

from svcstd.topics import normalise, same_topic, stems, topic_keys


def test_normalise_ignores_case_accents_punctuation_and_spacing() -> None:
    assert normalise("PMS-Access") == normalise("pms   access") == "pms access"
    assert normalise("Forklift.") == "forklift"
    assert normalise("Café  Órder") == "cafe order"


@pytest.mark.parametrize(
    "spelling", ["Forklift.", "Fork Lift", "Fork-Lift", "forklift", "forklifts"]
)
def test_every_spelling_of_forklift_is_one_topic(spelling: str) -> None:
    assert same_topic(spelling, "forklift")
    assert "en:forklift" in topic_keys(spelling)


@pytest.mark.parametrize(
    ("inflected", "root"),
    [
        ("payslips", "payslip"),
        ("invoices", "invoice"),
        ("purchase orders", "purchase order"),
        ("gajinya", "gaji"),  # possessive -nya
        ("penggajian", "gaji"),  # pe-...-an
        ("pembayaran", "bayar"),  # pem-...-an
        ("pelatihan", "latihan"),
    ],
)
def test_inflected_forms_are_the_same_topic(inflected: str, root: str) -> None:
    assert same_topic(inflected, root)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("forms", "performance"),  # the Indonesian stemmer alone reads per-formance
        ("meeting", "meet the team"),
        ("payslip", "payroll"),
        ("pms access", "pms"),
        ("order", "orders list"),
    ],
)
def test_different_topics_stay_different(a: str, b: str) -> None:
    assert not same_topic(a, b)


def test_languages_are_stemmed_apart_never_one_after_the_other() -> None:
    english, indonesian = stems("performance reviews")
    assert english == "perform review"
    assert indonesian == "formance reviews"
    assert topic_keys("performance reviews") == {"en:performreview", "id:formancereviews"}


def test_an_empty_text_has_no_key() -> None:
    assert topic_keys("...") == frozenset()
    assert not same_topic("", "")
