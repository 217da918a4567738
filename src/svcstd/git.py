"""All of svcstd's git access, through GitPython, with git failures turned into user errors.

One exception: :class:`HeadLookup` runs a single ``git log`` itself, because the rendered
handbook needs nothing else from git and importing GitPython costs more than that process.

Nothing else in svcstd imports ``git``. Every function here either answers or
raises :class:`~svcstd.errors.SvcstdError` with a hint: not a repository, no
commits yet, an unknown revision, or a revision missing because the clone is
shallow (the default in most CI systems).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from msgspec import Struct

from svcstd.errors import ConfigError, SvcstdError
from svcstd.files import YAML_SUFFIXES

if TYPE_CHECKING:  # GitPython is slow to import; only the functions below load it
    from git import Commit, Repo, Tree

UNSHALLOW_HINT = (
    "this is a shallow clone; fetch the history and tags with: git fetch --unshallow --tags"
)


class Edition(Struct, frozen=True):
    """A published edition: its tag, the commit it names and the date it was cut."""

    tag: str
    sha: str
    date: datetime


def open_repo(path: Path) -> Repo:
    """The git repository holding path (searching parent folders)."""
    import git

    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise SvcstdError(
            f"{path} is not inside a git repository",
            "run 'git init' there, or compare two folders: svcstd diff DIR_A DIR_B",
        ) from None


def has_commits(repo: Repo) -> bool:
    """False for a repository whose current branch has no commit yet."""
    return bool(repo.head.is_valid())


def require_commits(repo: Repo) -> None:
    """Raise a clear error for a repository with no commits."""
    if not has_commits(repo):
        raise SvcstdError(
            "the git repository has no commits yet",
            "commit the standards first: git add . && git commit -m 'Our standards'",
        )


def is_shallow(repo: Repo) -> bool:
    """True for a shallow clone (history cut off at some depth)."""
    return (Path(repo.git_dir) / "shallow").exists()


def resolve(repo: Repo, rev: str) -> Commit:
    """The commit a revision (sha, branch, tag, HEAD~2…) names."""
    import git

    require_commits(repo)
    if rev.startswith("-") or not rev.strip():
        # git would read it as an option; no revision name starts with "-".
        raise SvcstdError(f"{rev!r} is not a revision", "give a commit, branch or tag name")
    try:
        # The git CLI, not GitPython's own parser: it knows where a shallow history is cut.
        sha = repo.git.rev_parse("--verify", "--quiet", f"{rev}^{{commit}}")
        return repo.commit(sha)
    except (git.GitCommandError, git.BadName, ValueError):
        if is_shallow(repo):
            raise SvcstdError(f"revision {rev!r} is not in this clone", UNSHALLOW_HINT) from None
        raise SvcstdError(
            f"unknown revision {rev!r}",
            "give a commit, branch or tag, e.g. HEAD~1 or edition-2026-01-01; "
            "'git tag' lists the editions",
        ) from None


def relative_to_top(repo: Repo, folder: Path) -> PurePosixPath:
    """folder as a path inside the repository ('.' for the top)."""
    top = Path(repo.working_tree_dir or ".").resolve()
    try:
        return PurePosixPath(folder.resolve().relative_to(top).as_posix())
    except ValueError:
        raise SvcstdError(f"{folder} is not inside the git repository at {top}") from None


def read_tree(commit: Commit, folder: PurePosixPath) -> dict[str, str]:
    """Every YAML file under folder at commit, as {path inside folder: text}, without a checkout."""
    tree = commit.tree
    if str(folder) not in ("", "."):
        try:
            tree = tree / str(folder)
        except KeyError:
            raise SvcstdError(
                f"{folder}/ does not exist at {commit.hexsha[:10]}",
                "the standards folder was moved or created later",
            ) from None
    return dict(_yaml_blobs(tree))


def _yaml_blobs(tree: Tree) -> Iterator[tuple[str, str]]:
    depth = len(PurePosixPath(tree.path).parts)
    for item in tree.traverse():
        if item.type != "blob" or not str(item.path).endswith(YAML_SUFFIXES):  # type: ignore[union-attr]
            continue
        rel = PurePosixPath(*PurePosixPath(str(item.path)).parts[depth:])  # type: ignore[union-attr]
        if any(part.startswith(".") for part in rel.parts):
            continue  # hidden files and folders are skipped, as on disk
        yield str(rel), item.data_stream.read().decode("utf-8", "replace")  # type: ignore[union-attr]


def tree_blobs(repo: Repo, commit: Commit, folder: PurePosixPath) -> dict[str, str]:
    """Every YAML file under folder at commit, as {path inside folder: blob id}, unread.

    One ``git ls-tree``: a comparison then reads only the files whose blob differs.
    """
    spec = [] if str(folder) in ("", ".") else ["--", f"{folder}/"]
    out = repo.git.ls_tree("-r", "-z", "--full-tree", commit.hexsha, *spec)
    depth = 0 if not spec else len(folder.parts)
    found = {}
    for entry in filter(None, out.split("\0")):
        info, _, path = entry.partition("\t")
        _mode, kind, sha = info.split()
        rel = PurePosixPath(*PurePosixPath(path).parts[depth:])
        hidden = any(part.startswith(".") for part in rel.parts)
        if kind == "blob" and str(rel).endswith(YAML_SUFFIXES) and not hidden:
            found[str(rel)] = sha
    if spec and not found and not _has_folder(repo, commit, folder):
        raise SvcstdError(
            f"{folder}/ does not exist at {commit.hexsha[:10]}",
            "the standards folder was moved or created later",
        )
    return found


def _has_folder(repo: Repo, commit: Commit, folder: PurePosixPath) -> bool:
    try:
        commit.tree / str(folder)
    except KeyError:
        return False
    return True


def read_blob(repo: Repo, sha: str) -> bytes:
    """The content of one blob (through GitPython's long-running ``git cat-file``)."""
    data: bytes = repo.odb.stream(bytes.fromhex(sha)).read()
    return data


def is_dirty(repo: Repo, folder: PurePosixPath) -> bool:
    """True when folder has uncommitted changes (staged, unstaged or untracked files)."""
    if not has_commits(repo):
        return True
    return bool(repo.git.status("--porcelain", "--", str(folder)).strip())


def editions(repo: Repo, prefix: str) -> list[Edition]:
    """Every edition tag (name starting with prefix), oldest first."""
    fmt = "%(refname:short)%00%(objectname)%00%(*objectname)%00%(creatordate:iso-strict)"
    out = repo.git.for_each_ref(f"refs/tags/{prefix}*", f"--format={fmt}")
    found = []
    for line in out.splitlines():
        name, sha, peeled, when = line.split("\0")
        # An annotated tag's own object is the tag; the commit is its peeled object.
        found.append(Edition(name, peeled or sha, datetime.fromisoformat(when)))
    return sorted(found, key=lambda e: (e.date, e.tag))


def latest_edition(repo: Repo, prefix: str, before_sha: str | None = None) -> Edition | None:
    """The newest edition; with before_sha, the newest one not pointing at that commit."""
    found = [e for e in editions(repo, prefix) if e.sha != before_sha]
    if not found and is_shallow(repo):
        raise SvcstdError(f"no edition tag ({prefix}…) in this clone", UNSHALLOW_HINT)
    return found[-1] if found else None


def _dated_env(when: datetime | None) -> Mapping[str, str]:
    if when is None:
        return {}
    stamp = when.isoformat()
    return {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}


def commit_paths(repo: Repo, paths: list[str], message: str, when: datetime | None) -> str:
    """Commit only the given paths (relative to the top); return the new commit's sha."""
    import git

    try:
        repo.git.add("--", *paths)
        repo.git.commit("-m", message, "--only", "--", *paths, env=_dated_env(when))
    except git.GitCommandError as exc:
        raise SvcstdError(
            f"git commit failed: {_stderr(exc)}",
            "check that git user.name and user.email are set and hooks pass",
        ) from None
    return str(repo.head.commit.hexsha)


def check_tag_name(repo: Repo, name: str) -> str:
    """name if git accepts it as a tag name; else the error saying why (never an option).

    git's own rules (``git check-ref-format``) decide, plus two of svcstd's: a name
    starting with "-" would be read as an option by every git command, and one
    starting with "refs/" would create a ref under refs/tags/refs/….
    """
    import git

    problem = None
    if name.startswith("-"):
        problem = "starts with '-', which git would read as an option"
    elif name.startswith("refs/"):
        problem = "starts with 'refs/'; a tag name is the part after refs/tags/"
    else:
        try:
            repo.git.check_ref_format(f"refs/tags/{name}")
        except git.GitCommandError:
            problem = "is not a valid git tag name (see 'git check-ref-format')"
    if problem:
        raise ConfigError(
            f"the edition tag {name!r} {problem}",
            "fix publication.tag_prefix in svcstd.yaml: letters, digits, '-', '_', '.' "
            "and '/', not starting with '-' (default: edition-)",
        )
    return name


def create_tag(repo: Repo, name: str, sha: str, message: str, when: datetime | None) -> None:
    """Create the annotated tag name on sha, dated when."""
    import git

    check_tag_name(repo, name)
    try:
        # The name after "--": whatever it is, git never reads it as an option.
        repo.git.tag("-a", "-m", message, "--", name, sha, env=_dated_env(when))
    except git.GitCommandError as exc:
        raise SvcstdError(f"git tag {name} failed: {_stderr(exc)}") from None


def delete_tag(repo: Repo, name: str) -> None:
    """Remove a tag, if it exists (used to roll back a failed publish)."""
    if name in [t.name for t in repo.tags]:
        repo.git.tag("-d", "--", name)


def tag_sha(repo: Repo, name: str) -> str | None:
    """The commit a tag points at, or None when there is no such tag."""
    import git

    try:
        return str(repo.git.rev_parse("--verify", "--quiet", f"refs/tags/{name}^{{commit}}"))
    except git.GitCommandError:
        return None


def show_file(repo: Repo, sha: str, path: str) -> bytes | None:
    """A file's bytes at a commit (path from the top), or None when it is not there."""
    import git

    try:
        blob = repo.commit(sha).tree / path
    except (KeyError, ValueError, git.BadName):
        return None
    data: bytes = blob.data_stream.read()
    return data


def reset_to(repo: Repo, sha: str, paths: list[str]) -> None:
    """Move the branch back to sha and unstage paths, leaving the working tree alone."""
    if repo.head.commit.hexsha != sha:
        repo.git.reset("--soft", sha)
    repo.git.reset("-q", sha, "--", *paths)


def head_sha(repo: Repo) -> str:
    """The sha HEAD points at (detached or on a branch)."""
    require_commits(repo)
    return str(repo.head.commit.hexsha)


def commit_date(repo: Repo, sha: str) -> datetime:
    """The committer date of a commit, with its own UTC offset."""
    return repo.commit(sha).committed_datetime


def _stderr(exc: Exception) -> str:
    text = str(getattr(exc, "stderr", "") or exc).strip()
    if text.startswith("stderr:"):  # GitPython's "stderr: '…'" wrapping
        text = text[len("stderr:") :].strip().strip("'")
    return "; ".join(line.strip() for line in text.splitlines() if line.strip()) or "unknown error"


# ---- attestation: who wrote a line, what a file held before, who is committing ---------------

NOT_COMMITTED = "0" * 40  # what git blame reports for a line changed in the work tree


class LineOrigin(Struct, frozen=True):
    """The commit that last changed a line (NOT_COMMITTED for a work-tree edit) and its author."""

    sha: str
    email: str


def user_email(repo: Repo) -> str:
    """The e-mail address git would record as the author of a new commit."""
    import git

    try:
        return str(repo.git.config("user.email")).strip()
    except git.GitCommandError:
        raise SvcstdError(
            "git does not know who you are (user.email is not set)",
            "set it: git config user.email you@example.org",
        ) from None


def blame_line(repo: Repo, path: Path, line: int) -> LineOrigin | None:
    """Where one line of a file (in the work tree) comes from; None when git cannot say."""
    import git

    try:
        out = repo.git.blame("--porcelain", "-L", f"{line},{line}", "--", str(path))
    except git.GitCommandError:
        return None  # an untracked file or a line past the end
    header = out.splitlines()
    sha = header[0].split()[0] if header else ""
    mail = next((h[len("author-mail ") :] for h in header if h.startswith("author-mail ")), "")
    email = mail.strip("<>")
    if sha == NOT_COMMITTED:
        email = user_email(repo)
    return LineOrigin(sha, email)


def file_before(repo: Repo, sha: str, path: Path) -> bytes | None:
    """The file as it was in the first parent of ``sha`` (None: it did not exist, or no parent)."""
    import git

    top = Path(repo.working_tree_dir or ".").resolve()
    rel = path.resolve().relative_to(top).as_posix()
    rev = "HEAD" if sha == NOT_COMMITTED else f"{sha}^"
    try:
        return bytes(repo.git.show(f"{rev}:{rel}", stdout_as_string=False))
    except git.GitCommandError:
        return None


def has_changes(repo: Repo, paths: list[Path]) -> list[Path]:
    """Those of ``paths`` with uncommitted changes (staged or not)."""
    out = repo.git.status("--porcelain", "--", *(str(p) for p in paths))
    changed = {line[3:].strip() for line in out.splitlines()}
    top = Path(repo.working_tree_dir or ".").resolve()
    return [p for p in paths if p.resolve().relative_to(top).as_posix() in changed]


# A configured log.showSignature would add GPG lines above the formatted one.
_HEAD_COMMAND = [
    "git", "-c", "log.showSignature=false", "log", "-1", "--format=%H %cI", "HEAD", "--",
]  # fmt: skip


class HeadLookup:
    """HEAD's sha and committer date (with its own UTC offset) in the repository holding a
    folder, in two halves: ``git log`` starts here and is read by ``result()``.

    The answer is None outside a repository, before the first commit, in one git refuses to
    read (an unsafe owner) or without git installed: the caller then simply has no commit to
    show. One ``git log`` takes about 5 ms, against 60 ms (and 4 MB) to import GitPython. A
    caller with work to do in between (render loads the standards) has git run beside it,
    on another core, instead of waiting for the process to start and end. As a context
    manager it collects git's answer on the way out, whatever happened inside.
    """

    def __init__(self, folder: Path) -> None:
        import subprocess

        self._answer: tuple[str, datetime] | None = None
        try:
            self._git: subprocess.Popen[str] | None = subprocess.Popen(
                _HEAD_COMMAND, cwd=folder, text=True,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        except OSError:  # no git, or the folder is gone
            self._git = None

    def __enter__(self) -> HeadLookup:
        return self

    def __exit__(self, *exc: object) -> None:
        self.result()

    def result(self) -> tuple[str, datetime] | None:
        """The sha and date, or None; waits for git the first time, if it is still running."""
        if self._git is not None:
            out, _ = self._git.communicate()
            self._answer = _parse_head(out) if self._git.returncode == 0 else None
            self._git = None
        return self._answer


def _parse_head(out: str) -> tuple[str, datetime] | None:
    sha, _, when = out.strip().partition(" ")
    if not sha:
        return None
    try:
        return sha, datetime.fromisoformat(when)
    except ValueError:  # pragma: no cover - git always writes strict ISO 8601 for %cI
        return None


def find_top(folder: Path) -> Path | None:
    """The top of the git working tree holding folder, or None outside git.

    A walk up to the nearest ``.git`` (a folder, or a file in a worktree or submodule),
    as git itself does; it starts no process and imports nothing, so lint stays fast.
    """
    here = folder.resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    return None
