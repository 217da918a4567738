"""The persisted index is verified, never trusted: any damage gives the answers of no cache."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from svcstd import __version__
from svcstd.cachefile import FORMAT
from svcstd.errors import ConfigError
from svcstd.files import scan
from svcstd.repository import CONFIG_NAME
from svcstd.whois import load
from svcstd.whois.answer import answer_json
from svcstd.whois.cache import (
    CACHE_DIR,
    DOCS_DIR,
    content_hash,
    index_path,
    read_blob,
    read_blob_header,
)
from svcstd.whois.load import INDEX_KEY, load_catalogue
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


def yaml_files(root: Path) -> list[str]:
    return scan(root, skip=CONFIG_NAME).paths


def _settle(root: Path) -> None:
    """Wait until the file system's clock has moved past every file's times.

    The copy just made has ctimes of now: a cache built in the same clock tick would
    rightly find them racily clean. Real repositories are rarely that fresh.
    """
    newest = max(os.stat(root / rel).st_ctime_ns for rel in yaml_files(root))
    probe = root.parent / "clock-probe"
    while True:
        probe.write_text("tick")
        if probe.stat().st_mtime_ns > newest:
            probe.unlink()
            return


@pytest.fixture
def cached(example: Path) -> Path:
    """The example with a freshly built cache."""
    _settle(example)
    load_catalogue(example)
    assert index_path(example).is_file()
    return example


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many source files each run reads: the real hash function, counted."""
    count = [0]

    def counted(raw: bytes) -> str:
        count[0] += 1
        return content_hash(raw)

    monkeypatch.setattr(load, "content_hash", counted)
    return count


def _doc_blobs(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR / DOCS_DIR).glob("*.json"))


def _index(root: Path) -> dict[str, Any]:
    body: dict[str, Any] = read_blob(index_path(root), INDEX_KEY)
    return body


def test_a_warm_cache_is_reused_and_not_rewritten(cached: Path, hashed: list[int]) -> None:
    before = index_path(cached).stat().st_mtime_ns
    assert _index(cached)["files"]["path"] == yaml_files(cached)
    assert answers(cached) == answers(cached, use_cache=False)
    assert index_path(cached).stat().st_mtime_ns == before
    assert hashed[0] == len(yaml_files(cached)), "only the run without cache read the files"


def test_an_answer_from_the_few_documents_it_needs_equals_one_from_all(cached: Path) -> None:
    # The catalogue builds only the documents around a match; check that it never misses one.
    # Every term of every kind (topic, synonym, role title, responsibility, team, standard,
    # SOP) is asked once.
    cat = load_catalogue(cached)
    full = cat.organisation()
    kinds = set()
    for term in sorted({e.term for e in cat.terms.entries()}):
        result = whois(cat, term)
        matches = rank(term, cat.terms)
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


def _rehashed(path: Path, body: str, key: str, **extra: Any) -> None:
    digest = content_hash(body.encode())
    header = {"format": FORMAT, "svcstd": __version__, "key": key, "sha256": digest, **extra}
    path.write_text(json.dumps(header) + "\n" + body)


def _edited_index(path: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    # Valid header and digest around a body edited in place: only its shape can tell.
    header, body = read_blob_header(path, INDEX_KEY)
    edit(body)
    _rehashed(path, json.dumps(body), INDEX_KEY, stamp=header["stamp"])


def _malformed_index(path: Path) -> None:
    body = json.dumps({"roles/hr/hr-payroll-officer.yaml": {"sha256": 1, "docs": "x"}})
    _rehashed(path, body, INDEX_KEY, stamp=0)


def _short_column(path: Path) -> None:
    _edited_index(path, lambda body: body["terms"]["norm"].pop())


def _missing_row(path: Path) -> None:
    _edited_index(path, lambda body: body["terms"]["doc"].__setitem__(0, 10**6))


def _no_stamp(path: Path) -> None:
    _, body = read_blob_header(path, INDEX_KEY)
    _rehashed(path, json.dumps(body), INDEX_KEY)


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
    _short_column,
    _missing_row,
    _no_stamp,
    _other_version,
]


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_gives_the_answers_of_no_cache_and_is_rebuilt(
    cached: Path, damage: Callable[[Path], None]
) -> None:
    expected = answers(cached, use_cache=False)
    damage(index_path(cached))
    assert answers(cached) == expected
    assert load.read_index(cached), "the index was rewritten valid"
    assert answers(cached) == expected


@pytest.mark.parametrize("damage", [Path.unlink, _truncate, _garbage, _tamper_body, _other_version])
def test_damaged_stored_documents_are_parsed_again(
    cached: Path, damage: Callable[[Path], None]
) -> None:
    expected = answers(cached, use_cache=False)
    for blob in _doc_blobs(cached):
        damage(blob)
    assert answers(cached) == expected
    assert len(_doc_blobs(cached)) == len(yaml_files(cached)), "rewritten"


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
    role.write_text(role.read_text().replace("  en: payroll\n", "  en: payrolX\n"))
    assert whois(load_catalogue(cached), "payrolX")["answer"]["topic"]["name"] == "payrolX"


def test_deleted_files_are_forgotten(cached: Path) -> None:
    (cached / "roles" / "hr" / "hr-payroll-officer.yaml").unlink()
    gone = whois(load_catalogue(cached), "gaji")
    assert gone["status"] != "answer" or gone["answer"]["owner"]["id"] != "hr-payroll-officer"
    assert "roles/hr/hr-payroll-officer.yaml" not in _index(cached)["files"]["path"]
    assert len(_doc_blobs(cached)) == len(yaml_files(cached))


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
    (example / "linked").symlink_to(example / "teams", target_is_directory=True)
    (example / "dangling.yaml").symlink_to(example / "nowhere.yaml")
    expected = [p.relative_to(example).as_posix() for p in iter_yaml_files(example)]
    assert scan(example, skip="").paths == expected
    assert "dangling.yaml" in expected and not any(p.startswith("linked/") for p in expected)


# ---------------------------------------------------------------- the stat fast path

PAYROLL_ROLE = "roles/hr/hr-payroll-officer.yaml"


def _payroll_holders(root: Path) -> list[str]:
    answer = whois(load_catalogue(root), "payroll")["answer"]
    return [h["name"] for h in answer["owner"]["holders"]]


def _fingerprint(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def test_the_index_records_each_files_fingerprint_before_its_stamp(cached: Path) -> None:
    header, body = read_blob_header(index_path(cached), INDEX_KEY)
    files = body["files"]
    for n, rel in enumerate(files["path"]):
        recorded = [files[k][n] for k in ("size", "mtime_ns", "ctime_ns", "inode")]
        assert recorded == _fingerprint(cached / rel)
        assert max(recorded[1:3]) < header["stamp"], "settled files are not racy"
    assert header["stamp"] <= index_path(cached).stat().st_mtime_ns


def test_only_the_changed_file_is_read(cached: Path, hashed: list[int]) -> None:
    role = cached / PAYROLL_ROLE
    role.write_text(role.read_text().replace("Yanti Rahayu", "Sri Wahyuni"))
    assert _payroll_holders(cached) == ["Sri Wahyuni"]
    assert hashed[0] == 1


def test_same_size_and_restored_mtime_do_not_hide_a_change(cached: Path) -> None:
    # cp -p, rsync -t and touch -d put the old mtime back; the ctime still moves.
    role = cached / PAYROLL_ROLE
    before = role.stat()
    role.write_text(role.read_text().replace("Yanti Rahayu", "Yanti Rahayx"))
    os.utime(role, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = role.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    assert _payroll_holders(cached) == ["Yanti Rahayx"]
    assert answers(cached) == answers(cached, use_cache=False)


def _record_fingerprint_of_now(root: Path, rel: str, stamp: int) -> None:
    """Forge the race: the index holds the file's current fingerprint beside the hash of
    what it held before, as if it had been read just before being written again in
    the same clock tick."""
    _, body = read_blob_header(index_path(root), INDEX_KEY)
    files = body["files"]
    n = files["path"].index(rel)
    keys = ("size", "mtime_ns", "ctime_ns", "inode")
    for key, value in zip(keys, _fingerprint(root / rel), strict=True):
        files[key][n] = value
    _rehashed(index_path(root), json.dumps(body), INDEX_KEY, stamp=stamp)


def test_a_racily_clean_file_is_read_although_its_fingerprint_matches(
    cached: Path, hashed: list[int]
) -> None:
    role = cached / PAYROLL_ROLE
    role.write_text(role.read_text().replace("Yanti Rahayu", "Yanti Rahayx"))
    # The file was written in the tick the index was started in: not older than the stamp.
    _record_fingerprint_of_now(cached, PAYROLL_ROLE, stamp=role.stat().st_mtime_ns)
    assert _payroll_holders(cached) == ["Yanti Rahayx"]
    assert hashed[0] == 1
    assert answers(cached) == answers(cached, use_cache=False)


def test_a_fingerprint_older_than_the_stamp_is_trusted_without_reading(
    cached: Path, hashed: list[int]
) -> None:
    # The other side of the rule above: what makes whois fast is that a settled file
    # whose fingerprint matches is not read at all, so here the forged index is believed.
    role = cached / PAYROLL_ROLE
    role.write_text(role.read_text().replace("Yanti Rahayu", "Yanti Rahayx"))
    newest = max(_fingerprint(role)[1:3])
    _record_fingerprint_of_now(cached, PAYROLL_ROLE, stamp=newest + 1)
    assert _payroll_holders(cached) == ["Yanti Rahayu"]
    assert hashed[0] == 0


def test_a_touched_file_is_read_once_then_trusted_again(cached: Path, hashed: list[int]) -> None:
    role = cached / PAYROLL_ROLE
    os.utime(role, ns=(role.stat().st_atime_ns, role.stat().st_mtime_ns - 10**9))
    _settle(cached)
    before = index_path(cached).read_bytes()
    load_catalogue(cached)
    assert hashed[0] == 1
    assert index_path(cached).read_bytes() != before, "the new fingerprint is remembered"
    load_catalogue(cached)
    assert hashed[0] == 1


def test_a_file_dated_in_the_future_is_read_every_time_and_not_rewritten(
    cached: Path, hashed: list[int]
) -> None:
    # A clock ahead of ours (an archive, another machine): never trusted by its stat, and
    # rewriting the index each run would not help.
    role = cached / PAYROLL_ROLE
    future = time.time_ns() + 3600 * 10**9  # from now: the copy keeps the checkout's times
    os.utime(role, ns=(future, future))
    load_catalogue(cached)
    written = index_path(cached).stat().st_mtime_ns
    for _ in range(2):
        assert _payroll_holders(cached) == ["Yanti Rahayu"]
    assert hashed[0] == 3
    assert index_path(cached).stat().st_mtime_ns == written


def test_an_id_defined_twice_is_searched_only_in_its_first_definition(example: Path) -> None:
    role = example / PAYROLL_ROLE
    (example / "zz-copy.yaml").write_text(
        role.read_text().replace("title: Payroll Officer", "title: Copied Officer")
    )
    for use_cache in (True, True, False):
        cat = load_catalogue(example, use_cache)
        assert "Copied Officer" not in cat.terms.term
        assert whois(cat, "payroll officer")["answer"]["owner"]["id"] == "hr-payroll-officer"
    assert answers(example) == answers(example, use_cache=False)


def test_an_organisation_without_documents_finds_no_owner(example: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / CONFIG_NAME).write_text((example / CONFIG_NAME).read_text())
    for use_cache in (True, True, False):
        result = whois(load_catalogue(empty, use_cache), "payroll")
        assert (result["status"], result["suggestions"]) == ("no-match", [])
    assert _index(empty)["files"]["path"] == []
