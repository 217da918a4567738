"""Safe, position-aware YAML loading.

libyaml (through PyYAML's ``CParser``) parses and composes a node graph; our own
small constructor turns nodes into plain dicts, lists and scalars while recording
the line and column of every key and value. Anything that would surprise an author
becomes a :class:`~svcstd.findings.Finding` instead of an exception:
syntax errors, duplicate keys, tags that construct objects, alias bombs, invalid
UTF-8, empty files, a top level that is not a mapping and multiple documents.

Scalars follow the YAML 1.2 core schema rather than PyYAML's YAML 1.1 one, so
``no`` stays the string "no", ``08`` stays "08", ``1:30`` stays "1:30" and an
unquoted date stays the text "2026-01-31".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from yaml.events import CollectionEndEvent, CollectionStartEvent, DocumentStartEvent, Event
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from svcstd.files import yaml_paths
from svcstd.findings import Finding, JsonPath, Severity

try:  # libyaml's C parser when present; the pure-Python one otherwise.
    # yaml.cyaml imports CParser from yaml._yaml but leaves it out of __all__.
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]

    _OFFSETS_IN_BYTES = True  # libyaml reports reader errors at a UTF-8 byte offset
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _OFFSETS_IN_BYTES = False

    # Takes CParser's name so that the rest of the module never asks which one it got.
    class _Parser(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)


# Alias expansion bound: a document may expand to at most this many nodes.
# Real standards are a few hundred nodes; a billion-laughs file is stopped here.
MAX_NODES = 100_000

# Nesting bound. PyYAML's C composer recurses on the C stack with no limit, so a file
# nested ~25,000 levels deep (fewer in a thread) crashes the interpreter; the depth is
# checked on the event stream first, which needs no recursion.
MAX_DEPTH = 500

_TAG = "tag:yaml.org,2002:"
_SEQ, _MAP, _STR = _TAG + "seq", _TAG + "map", _TAG + "str"


class _CoreResolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core-schema resolution for plain scalars; everything else is a string."""


for _tag, _regexp, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    (
        "float",
        r"^[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)\.[0-9]*)(?:[eE][-+]?[0-9]+)?$",
        "-+.0123456789",
    ),
):
    _CoreResolver.add_implicit_resolver(_TAG + _tag, re.compile(_regexp), list(_first) or [None])
_CoreResolver.add_implicit_resolver(_TAG + "null", re.compile(r"^$"), [""])
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = _CoreResolver.yaml_implicit_resolvers


class _NodeLoader(_Parser, _CoreResolver):
    """Parses and composes nodes only: nothing is ever constructed by PyYAML."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _CoreResolver.__init__(self)

    # The composer calls these three for every node; BaseResolver's general versions
    # (path resolvers, wildcard lists) cost a fifth of the loading time.
    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, current_node: Node | None, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


class SourceDocument:
    """One YAML document: its data plus where every key and value stands in the file.

    The loader records positions as one flat list of (line, column) pairs in document
    order (see :func:`_unpack_marks`): cheap to make, to send between processes and to
    cache. They become look-up tables only when a finding asks where something is.
    """

    __slots__ = ("_tables", "data", "file", "marks")

    def __init__(self, file: str, data: dict[str, Any], marks: Sequence[int] = ()) -> None:
        self.file, self.data, self.marks = file, data, marks
        self._tables: tuple[dict[JsonPath, tuple[int, int]], ...] | None = None

    def __repr__(self) -> str:
        return f"SourceDocument({self.file!r}, id={self.data.get('id')!r})"

    @property
    def value_marks(self) -> dict[JsonPath, tuple[int, int]]:
        return self._marks()[0]

    @property
    def key_marks(self) -> dict[JsonPath, tuple[int, int]]:
        return self._marks()[1]

    def _marks(self) -> tuple[dict[JsonPath, tuple[int, int]], ...]:
        if self._tables is None:
            self._tables = _unpack_marks(self.data, self.marks)
        return self._tables

    def where(self, path: JsonPath, key: bool = False) -> tuple[int, int]:
        """(line, column), 1-based, of a value (or its key); falls back to the nearest parent."""
        values, keys = self._marks()
        probe = tuple(path)
        while probe:
            mark = (key and keys.get(probe)) or values.get(probe)
            if mark:
                return mark
            probe = probe[:-1]
        return values.get((), (1, 1))


def _unpack_marks(
    data: Any, marks: Sequence[int]
) -> tuple[dict[JsonPath, tuple[int, int]], dict[JsonPath, tuple[int, int]]]:
    """Rebuild the (value, key) position tables from the flat list the constructor made.

    The constructor appends a value's (line, column), then for a mapping each key's
    (line, column) followed by its value, and for a sequence each item: walking the
    data in the same order gives every position back.
    """
    values: dict[JsonPath, tuple[int, int]] = {}
    keys: dict[JsonPath, tuple[int, int]] = {}
    pairs = iter(zip(marks[::2], marks[1::2], strict=True))

    def walk(value: Any, path: JsonPath) -> None:
        values[path] = next(pairs, (1, 1))
        if isinstance(value, dict):
            for k, v in value.items():
                keys[(*path, k)] = next(pairs, (1, 1))
                walk(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*path, i))

    if marks:
        walk(data, ())
    return values, keys


@dataclass
class LoadResult:
    """Documents that loaded, and findings for everything that did not."""

    documents: list[SourceDocument] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


class _Problem(Exception):
    """A located problem met while constructing; becomes a Finding."""

    def __init__(
        self, rule: str, node: Node | Event, message: str, hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.rule, self.node, self.message, self.hint = rule, node, message, hint


def _mark(node: Node | Event) -> tuple[int, int]:
    mark = node.start_mark
    if mark is None:  # the parser marks everything it makes; only hand-built nodes lack one
        return 1, 1
    return mark.line + 1, mark.column + 1


class _Constructor:
    """Builds plain data from a node graph, recording positions and enforcing the bounds."""

    def __init__(self) -> None:
        self.marks: list[int] = []  # flat (line, column) pairs; see SourceDocument
        self.budget = MAX_NODES
        self.active: set[int] = set()
        self.problems: list[_Problem] = []  # located problems that do not stop loading

    def build(self, node: Node) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _Problem(
                "yaml/alias-bomb",
                node,
                f"the document expands to more than {MAX_NODES:,} values through aliases",
                "remove the anchors (&) and aliases (*) that repeat each other",
            )
        mark = node.start_mark
        self.marks += (mark.line + 1, mark.column + 1)
        if isinstance(node, ScalarNode):
            return _scalar(node)
        if id(node) in self.active:
            raise _Problem(
                "yaml/alias-loop",
                node,
                "an alias refers to the value that contains it",
                "replace the alias (*name) with the value itself",
            )
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return self._sequence(node)
            # The composer makes only scalar, sequence and mapping nodes.
            return self._mapping(cast(MappingNode, node))
        finally:
            self.active.discard(id(node))

    def _sequence(self, node: SequenceNode) -> list[Any]:
        if node.tag != _SEQ:
            raise _tag_problem(node)
        return [self.build(item) for item in node.value]

    def _mapping(self, node: MappingNode) -> dict[str, Any]:
        if node.tag != _MAP:
            raise _tag_problem(node)
        out: dict[str, Any] = {}
        marks = self.marks
        for key_node, value_node in node.value:
            key = _key(key_node)
            if key in out:
                # Report it, keep the first value and go on: dropping the whole
                # document would bury this finding under unknown-reference ones.
                self.problems.append(_duplicate_key(node, key_node, key))
                continue
            mark = key_node.start_mark
            marks += (mark.line + 1, mark.column + 1)
            out[key] = self.build(value_node)
        return out


def _duplicate_key(mapping: MappingNode, second: Node, key: str) -> _Problem:
    first = next(k for k, _ in mapping.value if isinstance(k, ScalarNode) and k.value == key)
    return _Problem(
        "yaml/duplicate-key",
        second,
        f"duplicate key {key!r} (first written on line {first.start_mark.line + 1})",
        "keep one of the two; YAML would silently drop the first",
    )


def _core_bool(value: str) -> bool:
    # Only for an explicit !!bool tag: '!!bool yes' must not quietly read as false.
    if value.lower() not in ("true", "false"):
        raise ValueError(value)
    return value.lower() == "true"


def _core_null(value: str) -> None:
    # Only for an explicit !!null tag: '!!null text' must not quietly drop the text.
    if value not in ("", "~", "null", "Null", "NULL"):
        raise ValueError(value)


_SCALAR_TAGS: dict[str, Callable[[str], Any]] = {
    _TAG + "str": str,
    _TAG + "int": int,
    _TAG + "float": float,
    _TAG + "bool": _core_bool,
    _TAG + "null": _core_null,
    _TAG + "timestamp": str,  # kept as written; the schema checks the format
    _TAG + "binary": str,
}


def _scalar(node: ScalarNode) -> Any:
    convert = _SCALAR_TAGS.get(node.tag)
    if node.tag == "!":  # the non-specific tag of a quoted scalar
        return node.value
    if convert is None:
        raise _tag_problem(node)
    try:
        return convert(node.value)
    except ValueError:
        raise _Problem(
            "yaml/bad-value",
            node,
            f"{node.value!r} is not a valid {node.tag[len(_TAG) :]}",
            "remove the explicit tag or fix the value",
        ) from None


def _key(node: Node) -> str:
    if not isinstance(node, ScalarNode):
        raise _Problem(
            "yaml/complex-key",
            node,
            "a key must be plain text, not a list or mapping",
            "write the key as a simple word such as 'name'",
        )
    if node.tag not in _SCALAR_TAGS and node.tag != "!":
        raise _tag_problem(node)
    return str(node.value)


def _tag_problem(node: Node) -> _Problem:
    return _Problem(
        "yaml/tag",
        node,
        f"the tag {node.tag.replace(_TAG, '!!')!r} is not allowed; svcstd reads only plain data",
        "remove the tag (the text starting with '!')",
    )


def load_text(text: str, file: str) -> LoadResult:
    """Load one YAML file's text into at most one document, or findings."""
    result = LoadResult()
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        result.findings.append(
            _finding(
                file, 1, 1, "yaml/empty", "the file is empty", "write a document in it or delete it"
            )
        )
        return result
    try:
        _check_depth(text)
        nodes = _compose_all(text)
        root = next(nodes, None)
        extra = next(nodes, None)
    except yaml.YAMLError as exc:
        result.findings.append(_syntax_finding(exc, text, file))
        return result
    except _Problem as problem:
        result.findings.append(_problem_finding(problem, file))
        return result
    if extra is not None:
        line, col = _mark(_second_document_start(text))
        result.findings.append(
            _finding(
                file,
                line,
                col,
                "yaml/multiple-documents",
                "a file may hold only one document ('---' starts another)",
                "move each document to a file of its own",
            )
        )
        return result
    if root is None or (isinstance(root, ScalarNode) and root.tag == _TAG + "null"):
        result.findings.append(
            _finding(
                file,
                1,
                1,
                "yaml/empty",
                "the file holds no data",
                "write a document in it or delete it",
            )
        )
        return result
    _construct_into(result, root, file)
    return result


def _compose_all(text: str) -> Iterator[Node]:
    loader = _NodeLoader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            assert node is not None  # check_node() has just said there is one
            yield node
    finally:
        loader.dispose()


def _events(text: str) -> Iterator[Event]:
    parser = _Parser(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            assert event is not None  # check_event() has just said there is one
            yield event
    finally:
        parser.dispose()


def _check_depth(text: str) -> None:
    # Every collection needs an indicator character of its own, so their count bounds
    # the depth and ordinary files skip the extra parse.
    if sum(text.count(c) for c in "[{-:?") <= MAX_DEPTH:
        return
    depth = 0
    for event in _events(text):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Problem(
                    "yaml/too-deep",
                    event,
                    f"the data is nested more than {MAX_DEPTH} levels deep",
                    "flatten the structure",
                )
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def _second_document_start(text: str) -> Event:
    # Point at the '---' that starts the second document, not at its first value:
    # a trailing '---' would otherwise be reported on a line past the end of the file.
    starts = (event for event in _events(text) if isinstance(event, DocumentStartEvent))
    next(starts)
    return next(starts)


def _construct_into(result: LoadResult, root: Node, file: str) -> None:
    if not isinstance(root, MappingNode):
        line, col = _mark(root)
        result.findings.append(
            _finding(
                file,
                line,
                col,
                "yaml/not-mapping",
                "the top level must be a mapping of 'key: value' lines",
                "start the file with 'kind:' and 'id:' lines",
            )
        )
        return
    constructor = _Constructor()
    try:
        data = constructor.build(root)
    except _Problem as problem:
        result.findings.append(_problem_finding(problem, file))
        return
    except RecursionError:
        line, col = _mark(root)
        result.findings.append(
            _finding(
                file,
                line,
                col,
                "yaml/too-deep",
                "the data is nested too deeply",
                "flatten the structure",
            )
        )
        return
    result.findings.extend(_problem_finding(deferred, file) for deferred in constructor.problems)
    result.documents.append(SourceDocument(file, data, constructor.marks))


def _problem_finding(problem: _Problem, file: str) -> Finding:
    line, col = _mark(problem.node)
    return _finding(file, line, col, problem.rule, problem.message, problem.hint)


def _syntax_finding(exc: yaml.YAMLError, text: str, file: str) -> Finding:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        line, col = mark.line + 1, mark.column + 1
    else:  # a ReaderError knows only the offset (in UTF-8 bytes when libyaml read it)
        pos = int(getattr(exc, "position", 0) or 0)
        if _OFFSETS_IN_BYTES:
            pos = len(text.encode("utf-8")[:pos].decode("utf-8", "ignore"))
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return _finding(
        file,
        line,
        col,
        "yaml/syntax",
        message,
        "check the indentation and quoting around this line",
    )


def _finding(file: str, line: int, col: int, rule: str, message: str, hint: str | None) -> Finding:
    return Finding(file, line, col, rule, Severity.ERROR, message, hint)


def load_file(path: Path, display: str) -> LoadResult:
    """Read and load one file; invalid UTF-8 and unreadable files become findings."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return LoadResult(findings=[unreadable(display, exc)])
    return load_bytes(raw, display)


def unreadable(display: str, exc: OSError) -> Finding:
    """The finding for a file that cannot be read at all."""
    return _finding(
        display,
        1,
        1,
        "yaml/unreadable",
        f"cannot read the file: {exc.strerror}",
        "check the file's permissions",
    )


def load_bytes(raw: bytes, display: str) -> LoadResult:
    """Load one file's bytes; invalid UTF-8 becomes a finding."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        # Everything before exc.start is valid UTF-8: count characters, as editors do.
        before = raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8")
        col = len(before.lstrip("\ufeff")) + 1
        return LoadResult(
            findings=[
                _finding(
                    display,
                    line,
                    col,
                    "yaml/encoding",
                    f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                    "save the file as UTF-8 in your editor",
                )
            ]
        )
    return load_text(text, display)


def iter_yaml_files(root: Path) -> list[Path]:
    """Every *.yaml / *.yml file under root, skipping hidden files and folders, sorted."""
    if root.is_file():
        return [root]
    return [root / rel for rel in yaml_paths(root)]
