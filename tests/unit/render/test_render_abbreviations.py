"""Short column names for the service map: readable, distinct, explained by the legend."""

from __future__ import annotations

from svcstd.render.navigation import abbreviations


def test_initials_of_the_words_that_matter() -> None:
    names = ["Human Resources", "Food and Beverage Service", "Information Technology",
             "Sumber Daya Manusia", "Front-Office"]  # fmt: skip
    assert abbreviations(names) == ["HR", "FBS", "IT", "SDM", "FO"]


def test_one_word_names_stay_whole_when_short_and_are_cut_when_long() -> None:
    assert abbreviations(["Sales", "Kitchen", "Keuangan", "Housekeeping"]) == [
        "Sales",
        "Kitchen",
        "Keua.",
        "Hous.",
    ]


def test_clashing_short_names_are_numbered() -> None:
    names = [
        "Finance and Accounting",
        "Front Administration",
        "Food Area",
        "Finance and Accounting",
    ]
    assert abbreviations(names) == ["FA", "FA2", "FA3", "FA4"]


def test_at_most_four_initials() -> None:
    assert abbreviations(["Guest Relations Night Shift Desk Team"]) == ["GRNS"]
