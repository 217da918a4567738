"""Finding rows of a column of terms by substring, prefix; the whois index's format."""

from __future__ import annotations

from pathlib import Path

from svcstd.whois.cache import index_path, write_blob
from svcstd.whois.load import INDEX_KEY, read_index
from svcstd.whois.scan import Column

VALUES = ["pay slip", "payroll pay", "slip", "overtime pay", "p"]


def test_containing_reports_each_row_once_including_the_first_and_last() -> None:
    column = Column.of(VALUES)
    assert column.containing("pay") == {0, 1, 3}  # "payroll pay" holds it twice
    assert column.containing("p") == {0, 1, 2, 3, 4}
    assert column.containing("slip") == {0, 2}
    assert column.containing("zz") == set()


def test_starting_matches_prefixes_at_the_start_of_a_term_only() -> None:
    column = Column.of(VALUES)
    assert column.starting(["pay"]) == {0, 1}
    assert column.starting(["slip", "over"]) == {2, 3}
    assert column.starting(["time"]) == set()  # inside "overtime pay", not at its start
    assert column.starting(["p"]) == {0, 1, 4}


def test_an_empty_column_finds_nothing() -> None:
    column = Column.of([])
    assert column.containing("a") == set() and column.starting(["a"]) == set()
    assert column.compact().equal("a") == set()


def test_the_compact_column_finds_terms_written_apart_as_one_word() -> None:
    compact = Column.of(VALUES).compact()
    assert compact.equal("payslip") == {0}
    assert compact.equal("slip") == {2}
    assert compact.equal("pay") == set()  # only a whole term is equal
    assert compact.equal("overtimepay") == {3}


def test_an_index_of_an_older_format_is_not_believed(example: Path) -> None:
    from svcstd.whois.load import load_catalogue

    load_catalogue(example)
    assert read_index(example) is not None
    assert INDEX_KEY != "index"  # format 1 stored no stems: it must be rebuilt
    write_blob(index_path(example), "index", {"files": {}})
    assert read_index(example) is None
