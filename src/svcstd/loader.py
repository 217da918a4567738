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

import contextlib
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeAlias, cast

import yaml
from msgspec import Struct, field
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
)
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


# Alias expansion bounds. Only what aliases add is counted, so a large file written out
# in full is never mistaken for an alias bomb; a few aliases of a huge string (cheap in
# the file, expensive in every index, page and diff built from it) and a billion-laughs
# file are both stopped here. Real standards use a handful of small aliases, if any.
MAX_ALIAS_VALUES = 100_000  # values (scalars, lists, mappings) repeated through aliases
MAX_ALIAS_CHARS = 1_000_000  # characters of text (keys and values) repeated through aliases

# File size bound: a real standard is a few kilobytes, the largest generated catalogue
# a few megabytes. Past this a file is a finding and is not parsed at all, so that
# one stray export cannot exhaust memory in every command.
MAX_FILE_BYTES = 64 * 1024 * 1024

# Nesting bound. PyYAML's C composer recurses on the C stack with no limit, so a file
# nested ~25,000 levels deep (fewer in a thread) crashes the interpreter; the depth is
# counted as the composer descends, and a file past the bound is checked on its event
# stream, which needs no recursion. The constructor below
# then recurses in Python (up to three frames a level, under the default limit of
# 1,000), so every depth the guard lets through can also be built: real documents
# are nested fewer than ten levels.
MAX_DEPTH = 200

_TAG = "tag:yaml.org,2002:"
# Tags the resolver gives untagged nodes. They live outside every YAML namespace, so a
# node carrying any other tag was tagged by its author, even '!!str' or '!': docs/format.md
# promises that every tag is a finding.
_IMPLICIT_TAG = "svcstd:"
_SEQ, _MAP, _STR = _IMPLICIT_TAG + "seq", _IMPLICIT_TAG + "map", _IMPLICIT_TAG + "str"
_NON_SPECIFIC = "!"


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
    _CoreResolver.add_implicit_resolver(
        _IMPLICIT_TAG + _tag, re.compile(_regexp), list(_first) or [None]
    )
_CoreResolver.add_implicit_resolver(_IMPLICIT_TAG + "null", re.compile(r"^$"), [""])
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = _CoreResolver.yaml_implicit_resolvers


class _NodeLoader(_Parser, _CoreResolver):
    """Parses and composes nodes only: nothing is ever constructed by PyYAML."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _CoreResolver.__init__(self)
        # The composer calls these two around every node it composes: closures that keep the
        # nesting bound (see _depth_counter), set on the instance over BaseResolver's methods.
        descend, ascend = _depth_counter(stream)
        self.descend_resolver = descend  # type: ignore[method-assign,assignment]
        self.ascend_resolver = ascend  # type: ignore[method-assign]

    # The composer calls this one for every node; BaseResolver's general version
    # (path resolvers, wildcard lists) costs a fifth of the loading time.
    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        # The composer asks only about nodes written without a tag or with the
        # non-specific tag '!'; 'implicit' is false (or (False, False) for a scalar)
        # exactly when '!' was written.
        if kind is ScalarNode:
            if implicit[0]:  # plain
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
                return _STR
            return _STR if implicit[1] else _NON_SPECIFIC  # quoted, or tagged '!'
        if not implicit:
            return _NON_SPECIFIC
        return _SEQ if kind is SequenceNode else _MAP


def _depth_counter(text: str) -> tuple[Callable[[Any, Any], None], Callable[[], None]]:
    """The composer's descend and ascend hooks for one file, which keep the nesting bound.

    The composer calls them around every node it composes (and recurses into), so the bound
    is kept in the one parse: only a file that really nests past MAX_DEPTH nodes pays for the
    exact check on its events, which finds the collection that goes too deep (a scalar at
    that depth is fine) before the C stack grows further. The depth lives in this closure:
    an attribute of the parser object would cost several lookups at every node.
    """
    depth, checked = 0, False

    def descend(current_node: Any, current_index: Any) -> None:
        nonlocal depth, checked
        depth += 1
        if depth > MAX_DEPTH and not checked:
            _check_event_depth(text)
            checked = True

    def ascend() -> None:
        nonlocal depth
        depth -= 1

    return descend, ascend


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


class LoadResult(Struct):
    """Documents that loaded, and findings for everything that did not."""

    documents: list[SourceDocument] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


# A node, an event, or a 1-based (line, column): where a problem is reported.
Where: TypeAlias = Node | Event | tuple[int, int]


class _Problem(Exception):
    """A located problem met while constructing; becomes a Finding."""

    def __init__(self, rule: str, node: Where, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.rule, self.node, self.message, self.hint = rule, node, message, hint


def _mark(node: Where) -> tuple[int, int]:
    if isinstance(node, tuple):
        return node
    mark = node.start_mark
    if mark is None:  # the parser marks everything it makes; only hand-built nodes lack one
        return 1, 1
    return mark.line + 1, mark.column + 1


class _Constructor:
    """Builds plain data from a node graph, recording positions and enforcing the bounds.

    A node met a second time is an alias being expanded: everything built under it
    counts against the alias bounds (values and characters), wherever it is nested.
    """

    def __init__(self, text: str) -> None:
        self.marks: list[int] = []  # flat (line, column) pairs; see SourceDocument
        self.seen: set[int] = set()
        self.active: set[int] = set()
        self.expanding = False  # inside an alias being expanded
        self.alias_values = 0
        self.alias_chars = 0
        self.expansions = 0  # aliases met outside an expansion: the Nth is the Nth '*name'
        self.problems: list[_Problem] = []  # located problems that do not stop loading
        self.syntax = _SyntaxChecks(text)
        self.bangs = "!" in text  # only then can a plain value carry the tag '!'
        self.aliases = "&" in text and "*" in text  # only then can a node be met twice

    def build(self, node: Node, indent: int = -1) -> Any:
        """Plain data for node, indent being the column of the block holding it."""
        if self.aliases:
            key = id(node)
            if key not in self.seen:
                self.seen.add(key)
            elif not self.expanding:
                return self._expand(node, indent)
        if self.expanding:
            self._count(node, 1, len(node.value) if isinstance(node, ScalarNode) else 0)
        mark = node.start_mark
        self.marks += (mark.line + 1, mark.column + 1)
        if isinstance(node, ScalarNode):
            # Most values are plain text not starting with an indicator: two cheap tests.
            # An expanded alias was checked where it stands.
            style = node.style
            if not self.expanding and (style or node.value[:1] in _INDICATORS or self.bangs):
                self._check_scalar(node, indent)
            return _scalar(node)
        key = id(node)
        if key in self.active:
            raise _Problem(
                "yaml/alias-loop",
                node,
                "an alias refers to the value that contains it",
                "replace the alias (*name) with the value itself",
            )
        self.active.add(key)
        collection = cast(SequenceNode | MappingNode, node)
        flow = bool(collection.flow_style) and not self.expanding
        if flow:
            self.syntax.flow(node, indent)
        self.syntax.flow_depth += flow
        try:
            if isinstance(node, SequenceNode):
                return self._sequence(node, indent)
            # The composer makes only scalar, sequence and mapping nodes.
            return self._mapping(cast(MappingNode, node), indent)
        finally:
            self.syntax.flow_depth -= flow
            self.active.discard(key)

    def _expand(self, node: Node, indent: int) -> Any:
        # A node met a second time is an alias: everything built under it counts
        # against the alias bounds, wherever it is nested.
        self.expanding = True
        self.expansions += 1
        try:
            return self.build(node, indent)
        finally:
            self.expanding = False

    def _check_scalar(self, node: ScalarNode, indent: int) -> None:
        style = node.style
        if style or node.value[:1] in _INDICATORS:
            self.syntax.scalar(node, indent)
        if self.bangs and not style:
            self._untagged(node)

    def _untagged(self, node: ScalarNode) -> None:
        # libyaml hands a plain scalar written with the non-specific tag '!' to the
        # resolver exactly like an untagged one; its start mark (which includes any
        # anchor and tag) still shows the '!'.
        i = node.start_mark.index
        text = self.syntax.text
        if text[i : i + 1] in ("!", "&") and _BANG_TAG.match(text, i):
            raise _Problem(
                "yaml/tag",
                node,
                "the tag '!' is not allowed; svcstd reads only plain data",
                "remove the tag (the text starting with '!') and write the value plainly",
            )

    def _count(self, where: Node, values: int, chars: int) -> None:
        self.alias_values += values
        self.alias_chars += chars
        if self.alias_values > MAX_ALIAS_VALUES or self.alias_chars > MAX_ALIAS_CHARS:
            raise _Problem(
                "yaml/alias-bomb",
                where,  # the anchored value; load_text then points at the alias itself
                f"aliases repeat more than {MAX_ALIAS_VALUES:,} values or "
                f"{MAX_ALIAS_CHARS:,} characters of text",
                "write the data out, or remove the anchors (&) and aliases (*) "
                "that repeat large values",
            )

    def _sequence(self, node: SequenceNode, indent: int) -> list[Any]:
        if node.tag != _SEQ:
            raise _tag_problem(node)
        inner = indent if node.flow_style else self.syntax.dash_column(node)
        return [self.build(item, inner) for item in node.value]

    def _mapping(self, node: MappingNode, indent: int) -> dict[str, Any]:
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
            if self.expanding:
                self._count(key_node, 0, len(key))
            elif key_node.style or key[:1] in _INDICATORS or self.bangs:
                self._check_scalar(cast(ScalarNode, key_node), indent)  # _key made sure
            marks += (mark.line + 1, mark.column + 1)
            inner = indent if node.flow_style else mark.column
            out[key] = self.build(value_node, inner)
        return out


def _duplicate_key(mapping: MappingNode, second: Node, key: str) -> _Problem:
    first = next(k for k, _ in mapping.value if isinstance(k, ScalarNode) and k.value == key)
    return _Problem(
        "yaml/duplicate-key",
        second,
        f"duplicate key {key!r} (first written on line {first.start_mark.line + 1})",
        "keep one of the two; YAML would silently drop the first",
    )


_SCALARS: dict[str, Callable[[str], Any]] = {
    _STR: str,
    _IMPLICIT_TAG + "int": int,
    _IMPLICIT_TAG + "float": float,
    _IMPLICIT_TAG + "bool": lambda value: value.lower() == "true",
    _IMPLICIT_TAG + "null": lambda value: None,
}


def _scalar(node: ScalarNode) -> Any:
    if node.tag is _STR:  # most values: the resolver returns this very object
        return node.value
    convert = _SCALARS.get(node.tag)
    if convert is None:
        raise _tag_problem(node)
    return convert(node.value)  # the resolver matched the value, so this cannot fail


def _key(node: Node) -> str:
    if not isinstance(node, ScalarNode):
        raise _Problem(
            "yaml/complex-key",
            node,
            "a key must be plain text, not a list or mapping",
            "write the key as a simple word such as 'name'",
        )
    if node.tag not in _SCALARS:
        raise _tag_problem(node)
    return str(node.value)


def _tag_problem(node: Node) -> _Problem:
    return _Problem(
        "yaml/tag",
        node,
        f"the tag {node.tag.replace(_TAG, '!!')!r} is not allowed; svcstd reads only plain data",
        "remove the tag (the text starting with '!') and write the value plainly",
    )


class _SyntaxChecks:
    """Invalid YAML that libyaml accepts, found from node positions and the text itself.

    libyaml is lenient where YAML 1.2 is strict: a comment glued to the token before
    it, continuation lines of a quoted text or a flow list not indented under their
    key, a lone '-' read as text. Each would let a typo change a value silently, so
    each is a yaml/syntax finding. Only multi-line and quoted values cost any work.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: list[str] | None = None
        self.problems: list[_Problem] = []
        self.flow_depth = 0

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = _LINE_BREAK.split(self.text)
        return self._lines

    def _report(self, where: tuple[int, int], message: str, hint: str) -> None:
        self.problems.append(_Problem("yaml/syntax", where, f"YAML syntax error: {message}", hint))

    def scalar(self, node: ScalarNode, indent: int) -> None:
        style = node.style
        if style in ('"', "'"):
            self._glued_comment(node.end_mark)
            self._continuation(node, indent)
        elif style in ("|", ">"):
            self._block_header(node)
        elif node.value[:1] in _INDICATORS and self._lone_indicator(node.start_mark.index):
            self._report(
                _mark(node),
                f"{node.value[:1]!r} alone cannot start a plain value",
                "quote the value, e.g. '\"-\"'",
            )

    def _lone_indicator(self, at: int) -> bool:
        # '-', '?' and ':' start a plain value only when text follows them directly:
        # '-1' and '::' are values, a '-' before a space, a comma or a bracket is not.
        return self.text[at + 1 : at + 2] in _AFTER_LONE_INDICATOR

    def dash_column(self, node: SequenceNode) -> int:
        """The column of a block list's '-' (its start mark may be an anchor before it)."""
        start = node.start_mark
        if not node.value or self.text[start.index : start.index + 1] == "-":
            return int(start.column)
        item = node.value[0].start_mark
        line: str = self.lines[item.line]
        return max(line.rfind("-", 0, int(item.column)), 0)

    def flow(self, node: Node, indent: int) -> None:
        """Check a [...] or {...} list: a glued comment after it and, for the outermost
        one, its continuation lines and the comments inside it."""
        end = node.end_mark
        self._glued_comment(end)
        if self.flow_depth:
            return  # the outermost list's checks cover this one's text
        self._continuation(node, indent)
        span = self.text[node.start_mark.index : end.index]
        for match in _GLUED_IN_FLOW.finditer(span):
            if not _inside_quotes(span, match.start()):
                self._report(
                    _position(node.start_mark, span, match.start() + 1),
                    "a comment needs a space before '#'",
                    "put a space before '#'",
                )

    def _glued_comment(self, end: Any) -> None:
        if self.text[end.index : end.index + 1] == "#":
            self._report(
                (end.line + 1, end.column + 1),
                "a comment needs a space before '#'",
                "put a space before '#', or remove the '#' and what follows it",
            )

    def _block_header(self, node: ScalarNode) -> None:
        start = node.start_mark
        header = _BLOCK_HEADER.match(self.text, start.index)
        if header is None:  # an anchor or a tag stands before the '|' or '>'
            return
        if header.group(1):
            self._report(
                (start.line + 1, start.column + len(header.group(0))),
                "a comment needs a space before '#'",
                "put a space between '|' or '>' and '#'",
            )
        if not any(c.isdigit() for c in header.group(0)):
            self._leading_blank_lines(start.line + 1, header.end(0))

    def _leading_blank_lines(self, number: int, at: int) -> None:
        # A block text finds its indentation on its first non-blank line; a blank line
        # before it holding more spaces would be content indented more than the text.
        # Read line by line from the header: the text usually starts on the next line.
        widest: tuple[int, int] | None = None  # (spaces, line number) of the widest blank
        brk = _LINE_BREAK.search(self.text, at)
        while brk is not None:
            end = _LINE_BREAK.search(self.text, brk.end())
            line = self.text[brk.end() : end.start() if end else len(self.text)]
            if line.strip(" "):
                indent = len(line) - len(line.lstrip(" "))
                if widest is not None and widest[0] > indent:
                    self._report(
                        (widest[1] + 1, indent + 1),
                        "a blank line at the start of a '|' or '>' text has more "
                        "spaces than the text's first line",
                        "remove the spaces from the blank line",
                    )
                return
            if widest is None or len(line) > widest[0]:
                widest = (len(line), number)
            number += 1
            brk = end

    def directives(self) -> None:
        """Check the '%' directive lines before the document for a glued comment."""
        for number, line in enumerate(self.lines):
            if not line.startswith("%"):
                if line.strip() and not line.lstrip().startswith("#"):
                    return
                continue
            glued = _GLUED_COMMENT.search(line)
            if glued:
                self._report(
                    (number + 1, glued.start() + 2),
                    "a comment needs a space before '#'",
                    "put a space before '#'",
                )

    def _continuation(self, node: Node, indent: int) -> None:
        first, last = node.start_mark.line, node.end_mark.line
        if first == last or self.flow_depth:
            return
        for number in range(first + 1, last + 1):
            line = self.lines[number]
            spaces = len(line) - len(line.lstrip(" "))
            if line.strip() and spaces <= indent:
                self._report(
                    (number + 1, spaces + 1),
                    "a line inside a quoted text or a [...] / {...} list must be indented "
                    f"more than its key (at least {indent + 1} spaces, no tabs)",
                    "indent the line further with spaces",
                )
                return


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_INDICATORS = ("-", "?", ":")
_AFTER_LONE_INDICATOR = ("", " ", "\t", "\r", "\n", ",", "]", "}")
_BANG_TAG = re.compile(r"(?:&\S+[ \t]+)?![ \t]")
_GLUED_IN_FLOW = re.compile(r"[\[{,]#")
_GLUED_COMMENT = re.compile(r"[^ \t]#")
_BLOCK_HEADER = re.compile(r"[|>][0-9+-]*(#)?")


def _inside_quotes(span: str, at: int) -> bool:
    """Whether span[at] lies inside a quoted text (quotes counted from the span's start)."""
    quote = None
    i = 0
    while i < at:
        char = span[i]
        if quote is None:
            if char in "\"'":
                quote = char
        elif quote == '"' and char == "\\":
            i += 1
        elif char == quote:
            quote = None
        i += 1
    return quote is not None


def _position(start: Any, span: str, offset: int) -> tuple[int, int]:
    """The 1-based (line, column) of span[offset], span starting at mark start."""
    before = span[:offset]
    breaks = before.count("\n")
    if not breaks:
        return start.line + 1, start.column + offset + 1
    return start.line + breaks + 1, offset - before.rfind("\n")


def load_text(text: str, file: str) -> LoadResult:
    """Load one YAML file's text into at most one document, or findings."""
    result = LoadResult()
    if len(text) > MAX_FILE_BYTES:  # characters: at least as many bytes
        result.findings.append(_too_large(file, len(text.encode("utf-8", "replace"))))
        return result
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
    if root is None or (isinstance(root, ScalarNode) and root.tag == _IMPLICIT_TAG + "null"):
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
    _construct_into(result, root, text, file)
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
    # The depth itself is counted while composing (_depth_counter). Only a
    # line nesting flow brackets past the bound needs a look first: libyaml's scanner reads
    # up to a line (1,024 characters) ahead before it emits an event, and its own nesting
    # limit (1,000 in libyaml 0.2.5, none before) can fire first. Stopping its input just
    # past the suspect bracket lets this guard see the collections one by one whatever
    # libyaml's version.
    cut = _deep_flow_line(text)
    if cut is not None:
        with contextlib.suppress(yaml.YAMLError):  # the cut text ends mid-value
            _check_event_depth(text[:cut])


def _check_event_depth(text: str) -> None:
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


def _deep_flow_line(text: str) -> int | None:
    """The offset just past the first '[' or '{' nested over MAX_DEPTH within one line.

    Nesting spread over several lines reaches the parser line by line; only within a
    line can libyaml's look-ahead outrun the event check. Quoted text and comments are
    skipped; a bracket miscounted elsewhere only costs one more (bounded) parse.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    start = 0
    for end in [*(m.start() for m in _LINE_BREAK.finditer(text)), len(text)]:
        line = text[start:end]
        if line.count("[") + line.count("{") > MAX_DEPTH:
            column = _over_deep_column(line)
            if column is not None:
                return start + column + 1
        start = end + 1
    return None


def _over_deep_column(line: str) -> int | None:
    depth, quote, escaped = 0, "", False
    for column, char in enumerate(line):
        if quote:  # inside a quoted text brackets are text
            if escaped:
                escaped = False
            elif quote == '"' and char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return column
        elif char in "]}":
            depth = max(depth - 1, 0)
        elif char == "#" and (column == 0 or line[column - 1] in " \t"):
            return None  # the rest is a comment
    return None


def _nth_alias(text: str, n: int) -> tuple[int, int] | None:
    """Where the nth alias ('*name') of the text stands, 1-based; None if there are fewer.

    Nodes do not record where an alias was written (it resolves to its anchor's node),
    but the constructor meets aliases in the order they are written, so only the
    count is needed; this parses once more, on the error path only.
    """
    seen = 0
    for event in _events(text):
        if isinstance(event, AliasEvent):
            seen += 1
            if seen == n:
                return _mark(event)
    return None


def _second_document_start(text: str) -> Event:
    # Point at the '---' that starts the second document, not at its first value:
    # a trailing '---' would otherwise be reported on a line past the end of the file.
    starts = (event for event in _events(text) if isinstance(event, DocumentStartEvent))
    next(starts)
    return next(starts)


def _construct_into(result: LoadResult, root: Node, text: str, file: str) -> None:
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
    constructor = _Constructor(text)
    if text.startswith("%"):
        constructor.syntax.directives()
    try:
        data = constructor.build(root)
    except _Problem as problem:
        if problem.rule == "yaml/alias-bomb":  # point at the '*name' itself
            problem.node = _nth_alias(text, constructor.expansions) or problem.node
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
    if constructor.syntax.problems:  # invalid YAML: no document, as for libyaml's errors
        result.findings.extend(_problem_finding(p, file) for p in constructor.syntax.problems)
        return
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
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # refused before it is read into memory
            return LoadResult(findings=[_too_large(display, size)])
        raw = path.read_bytes()
    except OSError as exc:
        return LoadResult(findings=[unreadable(display, exc)])
    return load_bytes(raw, display)


def _too_large(display: str, size: int) -> Finding:
    return _finding(
        display,
        1,
        1,
        "yaml/too-large",
        f"the file is {size / 1024 / 1024:,.0f} MB; svcstd reads files of at most "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB",
        "split the data into several files",
    )


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
    if len(raw) > MAX_FILE_BYTES:
        return LoadResult(findings=[_too_large(display, len(raw))])
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
