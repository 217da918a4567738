"""Inputs an attacker or an unlucky user gives: git options, header injection, odd revisions.

Each class of input is driven through the CLI on a real git repository; the
near misses (a valid prefix, a revision that exists, a file that loads) still work.
"""

from __future__ import annotations

import email
from email.policy import default as default_policy
from pathlib import Path

import pytest

from tests.test_diff_gitrepo import GitRepo, make_repo

AS_OF = "2026-03-02"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return make_repo(tmp_path / "standards")


def _configure(repo: GitRepo, publication: str) -> None:
    text = repo.path("svcstd.yaml").read_text(encoding="utf-8")
    repo.write("svcstd.yaml", text + f"publication:\n{publication}")
    repo.commit("publication settings")


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err and "internal error" not in err, err


# --- 1. git option injection ---------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "why"),
    [
        ("-m", "starts with '-'"),
        ("-fm", "starts with '-'"),
        ("-u", "starts with '-'"),
        ("--force", "starts with '-'"),
        ("refs/heads/", "starts with 'refs/'"),
        ("a..b-", "not a valid git tag name"),
        ("x/.y-", "not a valid git tag name"),
        ("release.lock/", "not a valid git tag name"),
    ],
)
def test_a_tag_prefix_git_would_misread_is_refused(repo: GitRepo, prefix: str, why: str) -> None:
    _configure(repo, f"  tag_prefix: '{prefix}'\n")
    head = repo.git("rev-parse", "HEAD")
    for args in (["publish", "--as-of", AS_OF, "--dry-run"], ["publish", "--as-of", AS_OF]):
        code, _, err = repo.run(*args)
        assert code == 2, err
        _no_traceback(err)
        assert why in err and "publication.tag_prefix" in err
    assert repo.tags() == []
    assert repo.git("rev-parse", "HEAD") == head
    assert repo.git("status", "--porcelain") == ""


@pytest.mark.parametrize("prefix", ["v", "release/", "edition_", "x-"])
def test_an_ordinary_tag_prefix_is_used_as_it_is(repo: GitRepo, prefix: str) -> None:
    _configure(repo, f"  tag_prefix: '{prefix}'\n")
    code, out, err = repo.run("publish", "--as-of", AS_OF)
    assert code == 0, err
    assert repo.tags() == [f"{prefix}{AS_OF}"]
    # The hint names the tag by its full ref: safe to paste whatever the prefix.
    assert f"git push origin refs/tags/{prefix}{AS_OF}" in out


@pytest.mark.parametrize("output", ["../outside", "/tmp/svcstd-absolute", ".", ".git/x", "a/../.."])
def test_a_publication_output_outside_the_standards_folder_is_refused(
    repo: GitRepo, output: str
) -> None:
    _configure(repo, f"  output: '{output}'\n")
    code, _, err = repo.run("publish", "--as-of", AS_OF, "--handbook", "md")
    assert code == 2, err
    _no_traceback(err)
    assert "publication.output" in err and output in err
    assert not (repo.root.parent / "outside").exists()
    assert repo.tags() == [] and repo.git("status", "--porcelain") == ""


def test_a_publication_output_inside_is_used(repo: GitRepo) -> None:
    _configure(repo, "  output: published/editions\n")
    code, _, err = repo.run("publish", "--as-of", AS_OF, "--handbook", "md")
    assert code == 0, err
    assert repo.path(f"published/editions/edition-{AS_OF}/handbook.md").is_file()


@pytest.mark.parametrize("rev", ["--output=/tmp/x", "-p", "--all"])
def test_a_revision_that_looks_like_an_option_is_refused(repo: GitRepo, rev: str) -> None:
    runs = (["diff", "--", rev, "HEAD"], ["diff", "HEAD", "--", rev], ["render", f"--since={rev}"])
    for args in runs:
        code, _, err = repo.run(*args)
        assert code == 2, (args, err)
        _no_traceback(err)
        assert "is not a revision" in err
    assert not Path("/tmp/x").exists()


# --- 11. long revision names -----------------------------------------------------------


@pytest.mark.parametrize("length", [255, 256, 300, 5000])
def test_a_long_revision_name_is_an_unknown_revision(repo: GitRepo, length: int) -> None:
    name = "A" * length
    for args in (["diff", name, "HEAD"], ["render", "-f", "md", "--since", name]):
        code, _, err = repo.run(*args)
        assert code == 2, (args, err)
        _no_traceback(err)
        assert "unknown revision" in err


def test_a_revision_wins_over_a_folder_of_the_same_name(repo: GitRepo) -> None:
    repo.git("tag", "old")
    repo.edit("teams/it.yaml", "name: Information Technology", "name: IT")
    repo.commit("rename IT")
    # A copy of the current standards in a folder called "old": the tag is meant.
    import shutil

    shutil.copytree(repo.root, repo.root / "old", ignore=shutil.ignore_patterns(".git"))
    code, data = repo.diff_json("old", "HEAD")
    assert code == 1
    assert data["from"] == "old" and data["changes"]


def test_an_existing_folder_is_still_a_side(repo: GitRepo, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(repo.root, copy, ignore=shutil.ignore_patterns(".git"))
    code, data = repo.diff_json(str(copy), "HEAD")
    assert code == 0 and data["changes"] == []


# --- 12. a file that fails to parse is never "removed" ---------------------------------


def _break(repo: GitRepo, rel: str) -> None:
    text = repo.path(rel).read_text(encoding="utf-8")
    repo.write(rel, text + "extra: [unclosed\n")


def test_diff_says_which_file_cannot_be_read_and_claims_no_removal(repo: GitRepo) -> None:
    _break(repo, "teams/it.yaml")
    code, data = repo.diff_json("HEAD")
    assert code == 0, data
    assert data["changes"] == []
    notes = " ".join(data["notes"])
    assert "working tree:teams/it.yaml:13: cannot be read (YAML syntax error" in notes


def test_a_committed_broken_file_is_not_a_removal_either(repo: GitRepo) -> None:
    repo.git("tag", "before")
    _break(repo, "teams/it.yaml")
    repo.edit("teams/front-office.yaml", "name: Front Office", "name: Front Desk")
    repo.commit("break one, rename another")
    code, data = repo.diff_json("before", "HEAD")
    assert code == 1
    assert {(c["kind"], c["id"]) for c in data["changes"]} == {("team", "front-office")}
    assert any("teams/it.yaml" in n and "cannot be read" in n for n in data["notes"])


def test_publish_does_not_write_a_removal_for_a_broken_file(repo: GitRepo) -> None:
    assert repo.run("publish", "--as-of", "2026-03-01")[0] == 0
    _break(repo, "teams/it.yaml")
    repo.edit("teams/front-office.yaml", "name: Front Office", "name: Front Desk")
    repo.commit("break one, rename another")
    code, _, err = repo.run("publish", "--as-of", AS_OF)
    assert code == 0, err
    entry = repo.path("CHANGELOG.md").read_text(encoding="utf-8").split("\n## ")[1]
    assert "front-office" in entry.lower() or "Front Desk" in entry
    assert "removed" not in entry.lower()


def test_a_file_that_loads_is_still_compared(repo: GitRepo) -> None:
    """The near miss: the same edit without the syntax error is a change."""
    repo.edit("teams/it.yaml", "name: Information Technology", "name: IT")
    code, data = repo.diff_json("HEAD")
    assert code == 1 and data["changes"] and not data["notes"][1:]


# --- 5. e-mail header injection ---------------------------------------------------------


def test_a_team_name_cannot_add_a_header(repo: GitRepo, tmp_path: Path) -> None:
    repo.edit("teams/front-office.yaml", "name: Front Office",
              'name: "FO\\r\\nBcc: victim@evil.example"')  # fmt: skip
    repo.commit("hostile name")
    out = tmp_path / "mail"
    code, _, err = repo.run("digest", "--format", "eml", "--out", str(out), "--as-of", AS_OF)
    assert code == 0, err
    for path in out.glob("*.eml"):
        raw = path.read_bytes()
        message = email.message_from_bytes(raw, policy=default_policy)
        assert message["Bcc"] is None
        headers = raw.split(b"\r\n\r\n")[0]  # the body is Markdown text, not headers
        assert not any(line.lower().startswith(b"bcc:") for line in headers.splitlines())
    assert [p.name for p in out.iterdir()] == ["front-office.eml"]
    raw = (out / "front-office.eml").read_bytes()
    subject = email.message_from_bytes(raw, policy=default_policy)["Subject"]
    assert "FO  Bcc: victim@evil.example" in str(subject)


@pytest.mark.parametrize(
    "sender",
    ["a@b.c\r\nBcc: x@evil.example", "a@b.c\nBcc: x", "not an address", "a@b.c, d@e.f", "\x1b[2J"],
)
def test_a_bad_from_is_a_usage_error_and_writes_nothing(
    repo: GitRepo, tmp_path: Path, sender: str
) -> None:
    out = tmp_path / "mail"
    args = ["digest", "--format", "eml", "--out", str(out), "--as-of", AS_OF, "--from", sender]
    code, _, err = repo.run(*args)
    assert code == 2, err
    _no_traceback(err)
    assert "--from" in err
    assert not out.exists() or list(out.iterdir()) == []


def test_a_good_from_is_used(repo: GitRepo, tmp_path: Path) -> None:
    out = tmp_path / "mail"
    args = ["digest", "--format", "eml", "--out", str(out), "--as-of", AS_OF,
            "--from", "Quality <quality@hotel.example>"]  # fmt: skip
    assert repo.run(*args)[0] == 0
    message = email.message_from_bytes(
        (out / "front-office.eml").read_bytes(), policy=default_policy
    )
    assert str(message["From"]) == "Quality <quality@hotel.example>"


def test_the_digest_folder_gets_every_file_or_none(repo: GitRepo, tmp_path: Path) -> None:
    # A second customer team, so that the run has two files to write.
    repo.edit("services/" + _a_standard(repo), "customers: [front-office]",
              "customers: [front-office, it]")  # fmt: skip
    repo.commit("IT is a customer too")
    out = tmp_path / "mail"
    assert repo.run("digest", "--format", "eml", "--out", str(out), "--as-of", AS_OF)[0] == 0
    assert sorted(p.name for p in out.iterdir()) == ["front-office.eml", "it.eml"]
    for path in out.iterdir():
        path.unlink()
    (out / "it.eml").mkdir()  # the second target is one the writer must refuse
    code, _, err = repo.run("digest", "--format", "eml", "--out", str(out), "--as-of", AS_OF)
    assert code == 2, err
    _no_traceback(err)
    assert "it.eml" in err
    assert sorted(p.name for p in out.iterdir()) == ["it.eml"]  # front-office.eml not written


def _a_standard(repo: GitRepo) -> str:
    return next(p.name for p in sorted(repo.path("services").iterdir())
                if "customers: [front-office]" in p.read_text(encoding="utf-8"))  # fmt: skip
