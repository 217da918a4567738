"""The persisted index is verified, never trusted: any damage gives the answers of no cache."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from svcstd import __version__
from svcstd.errors import ConfigError
from svcstd.whois.answer import answer_json
from svcstd.whois.cache import CACHE_DIR, DOCS_DIR, content_hash, index_path, read_blob
from svcstd.whois.load import INDEX_KEY, load_catalogue, yaml_files
from svcstd.whois.rank import rank
from svcstd.whois.reverse import directory, team_report
from svcstd.whois.search import candidate_json, whois

QUERIES = ["payroll", "lembur", "pms acess", "guest", "debt collection", "zzqx"]


def answers(root: Path, use_cache: bool = True) -> list[Any]:
    """Everything whois can say about the repository, for comparing runs."""
    cat = load_catalogue(root, use_cache)
    return [
        *(whois(cat, q) for q in QUERIES),
        whois(cat, "room", show_all=True),
        team_report(cat.organisation(), "it"),
        directory(cat.organisation()),
        cat.skipped,
    ]


@pytest.fixture
def cached(example: Path) -> Path:
    """The example with a freshly built cache."""
    load_catalogue(example)
    assert index_path(example).is_file()
    return example


def _doc_blobs(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR / DOCS_DIR).glob("*.json"))


def test_a_warm_cache_is_reused_and_not_rewritten(cached: Path) -> None:
    before = index_path(cached).stat().st_mtime_ns
    assert len(read_blob(index_path(cached), INDEX_KEY)) == len(yaml_files(cached)) - 1
    assert answers(cached) == answers(cached, use_cache=False)
    assert index_path(cached).stat().st_mtime_ns == before


def test_an_answer_from_the_few_documents_it_needs_equals_one_from_all(cached: Path) -> None:
    # The catalogue builds only the documents around a match; check that it never misses one.
    # Every term of every kind (topic, synonym, role title, responsibility, team, standard,
    # SOP) is asked once.
    cat = load_catalogue(cached)
    full = cat.organisation()
    kinds = set()
    for term in sorted({e.term for e in cat.entries}):
        result = whois(cat, term)
        matches = rank(term, cat.entries)
        if result["status"] == "answer":
            kinds.add(result["match"]["kind"])
            assert result["answer"] == answer_json(full, matches[0]), term
        else:
            shown = [c["term"] for c in result["candidates"]]
            expected = [candidate_json(full, x) for x in matches if x.entry.term in shown]
            assert all(c in expected for c in result["candidates"]), term
    assert kinds == {"topic", "synonym", "role", "responsibility", "team", "standard", "sop"}


def test_no_cache_option_neither_reads_nor_writes(example: Path) -> None:
    answers(example, use_cache=False)
    assert not (example / CACHE_DIR).exists()


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xffnot json at all")


def _tamper_body(path: Path) -> None:
    # A plausible edit that keeps the JSON valid: the header digest must catch it.
    header, body = path.read_bytes().split(b"\n", 1)
    path.write_bytes(header + b"\n" + body.replace(b"payroll", b"payrolx"))


def _rehashed(path: Path, body: str, key: str) -> None:
    header = {"format": 2, "svcstd": __version__, "key": key, "sha256": content_hash(body.encode())}
    path.write_text(json.dumps(header) + "\n" + body)


def _malformed_index(path: Path) -> None:
    # Valid header and digest, wrong structure inside.
    body = json.dumps({"roles/hr/hr-payroll-officer.yaml": {"sha256": 1, "docs": "x"}})
    _rehashed(path, body, INDEX_KEY)


def _other_version(path: Path) -> None:
    header, body = path.read_bytes().split(b"\n", 1)
    data = json.loads(header)
    data["svcstd"] = "0.0.0-old"
    path.write_bytes(json.dumps(data).encode() + b"\n" + body)


DAMAGE: list[Callable[[Path], None]] = [
    Path.unlink,
    _truncate,
    _garbage,
    _tamper_body,
    _malformed_index,
    _other_version,
]


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_gives_the_answers_of_no_cache_and_is_rebuilt(
    cached: Path, damage: Callable[[Path], None]
) -> None:
    expected = answers(cached, use_cache=False)
    damage(index_path(cached))
    assert answers(cached) == expected
    assert read_blob(index_path(cached), INDEX_KEY), "the index was rewritten valid"
    assert answers(cached) == expected


@pytest.mark.parametrize("damage", [Path.unlink, _truncate, _garbage, _tamper_body, _other_version])
def test_damaged_stored_documents_are_parsed_again(
    cached: Path, damage: Callable[[Path], None]
) -> None:
    expected = answers(cached, use_cache=False)
    for blob in _doc_blobs(cached):
        damage(blob)
    assert answers(cached) == expected
    assert len(_doc_blobs(cached)) == len(yaml_files(cached)) - 1, "rewritten"


def test_stored_documents_of_another_content_are_not_believed(cached: Path) -> None:
    # A valid blob filed under the wrong hash (e.g. copied by hand) is rejected by its key.
    expected = answers(cached, use_cache=False)
    blobs = _doc_blobs(cached)
    body = blobs[0].read_bytes().split(b"\n", 1)[1].decode()
    for blob in blobs[1:]:
        _rehashed(blob, body, blobs[0].stem)
    assert answers(cached) == expected


def test_a_file_changed_after_the_cache_was_built_is_read_again(cached: Path) -> None:
    role = cached / "roles" / "hr" / "hr-payroll-officer.yaml"
    role.write_text(role.read_text().replace("Yanti Rahayu", "Sri Wahyuni"))
    fresh = answers(cached)
    assert fresh == answers(cached, use_cache=False)
    holders = fresh[0]["answer"]["owner"]["holders"]
    assert [h["name"] for h in holders] == ["Sri Wahyuni"]


def test_a_renamed_topic_is_found_under_its_new_name(cached: Path) -> None:
    # Same size, same second: only the content hash can tell the file changed.
    role = cached / "roles" / "hr" / "hr-payroll-officer.yaml"
    role.write_text(role.read_text().replace("- name: payroll\n", "- name: payrolX\n"))
    assert whois(load_catalogue(cached), "payrolX")["answer"]["topic"]["name"] == "payrolX"


def test_deleted_files_are_forgotten(cached: Path) -> None:
    (cached / "roles" / "hr" / "hr-payroll-officer.yaml").unlink()
    gone = whois(load_catalogue(cached), "gaji")
    assert gone["status"] != "answer" or gone["answer"]["owner"]["id"] != "hr-payroll-officer"
    assert "roles/hr/hr-payroll-officer.yaml" not in read_blob(index_path(cached), INDEX_KEY)
    assert len(_doc_blobs(cached)) == len(yaml_files(cached)) - 1


def test_files_that_do_not_load_and_documents_the_builder_cannot_read_are_skipped(
    example: Path,
) -> None:
    (example / "broken.yaml").write_text("kind: role\nid: [unclosed\n")
    (example / "odd-role.yaml").write_text(
        "kind: role\nid: odd-role\ntitle: Odd\nteam: hr\ntopics: not-a-list\n"
    )
    (example / "odd-standard.yaml").write_text("kind: standard\nid: odd-standard\ntitle: Odd\n")
    for use_cache in (True, True, False):
        cat = load_catalogue(example, use_cache)
        assert cat.skipped == 3
        assert "odd-role" not in cat.organisation().roles
        assert whois(cat, "payroll")["answer"]["owner"]["id"] == "hr-payroll-officer"


def test_a_configuration_that_cannot_be_built_is_a_config_error(example: Path) -> None:
    (example / "svcstd.yaml").write_text("organisation: X\n")
    with pytest.raises(ConfigError, match="not a valid configuration"):
        load_catalogue(example)


def test_an_unwritable_cache_folder_still_answers(example: Path) -> None:
    (example / CACHE_DIR).write_text("a file where the folder should be")
    assert answers(example) == answers(example, use_cache=False)


def test_the_fast_walk_finds_what_the_loader_finds(example: Path) -> None:
    from svcstd.loader import iter_yaml_files

    (example / "a-b").mkdir()
    (example / "a-b" / "x.yml").write_text("kind: team\n")
    (example / ".hidden").mkdir()
    (example / ".hidden" / "y.yaml").write_text("kind: team\n")
    (example / "notes.txt").write_text("not yaml")
    expected = [p.relative_to(example).as_posix() for p in iter_yaml_files(example)]
    assert yaml_files(example) == expected
