"""Every language defines every label."""

from __future__ import annotations

from svcstd.whois.labels import LABELS


def test_every_language_has_the_same_labels() -> None:
    english = set(LABELS["en"])
    for lang, table in LABELS.items():
        assert set(table) == english, lang


def test_indonesian_labels_are_indonesian() -> None:
    t = LABELS["id"]
    assert (
        t["owner"],
        t["team"],
        t["channels"],
        t["hours"],
        t["escalation"],
        t["sops"],
        t["commitments"],
    ) == (
        "Pemilik",
        "Tim",
        "Saluran",
        "Jam layanan",
        "Eskalasi",
        "SOP terkait",
        "Yang perlu Anda siapkan",
    )
