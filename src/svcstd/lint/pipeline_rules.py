"""Explanations of the findings the loader, the schema check and the reference check produce."""

from svcstd.findings import Severity
from svcstd.lint.registry import pipeline_rule

pipeline_rule(
    "yaml/syntax",
    "The file is not valid YAML.",
    """
    The YAML parser stopped at this line. The usual causes are wrong indentation, a
    missing space after a colon, or an unclosed quote or bracket. svcstd also reports
    invalid YAML that some parsers accept: a comment with no space before '#'
    ('"Payroll"# note'), lines of a quoted text or a [...] list not indented under
    their key, a tab used as indentation, and a lone '-' read as text. Fix the line
    named; nothing else in the file is checked until it parses.""",
)
pipeline_rule(
    "yaml/duplicate-key",
    "A key appears twice in the same mapping.",
    """
    YAML tools silently keep only the last of two equal keys, so one of the values the
    author wrote would be lost. Keep one of them.""",
)
pipeline_rule(
    "yaml/tag",
    "A YAML tag (text starting with '!') is used.",
    """
    Tags such as !!python/object ask a YAML library to build program objects, which can
    run code. svcstd reads plain data only and never constructs tagged values: every
    tag is a finding, the standard ones (!!str, !!int, !!binary) and the non-specific
    '!' included. Remove the tag and write the value plainly.""",
)
pipeline_rule(
    "yaml/alias-bomb",
    "Aliases repeat an unreasonable amount of data.",
    """
    Anchors (&) and aliases (*) let a small file expand into billions of values, or
    repeat one huge text thousands of times, and exhaust memory in every index, page
    and diff built from it. svcstd counts what aliases repeat and rejects a document
    when they repeat more than 100,000 values or 1,000,000 characters of text; the
    document is then left out of every command. A large file written out in full is
    not affected. Write the data out instead of repeating it through aliases.""",
)
pipeline_rule(
    "yaml/alias-loop",
    "An alias refers to the value that contains it.",
    """
    An alias (*name) inside the value its anchor (&name) marks would describe
    infinite data, which no document can hold. Replace the alias with the value
    written out.""",
)
pipeline_rule(
    "yaml/encoding",
    "The file is not valid UTF-8.",
    """
    svcstd reads every file as UTF-8 (a byte-order mark and Windows line endings are
    fine). Re-save the file as UTF-8 in your editor.""",
)
pipeline_rule(
    "yaml/empty",
    "The file holds no data.",
    """
    An empty or comment-only YAML file is almost always a mistake; write a document in
    it or delete it.""",
)
pipeline_rule(
    "yaml/not-mapping",
    "The top level of the file is not a mapping.",
    """
    Every document is a mapping that starts with 'kind:' and 'id:' lines; a list or a
    single value at the top level cannot be a document.""",
)
pipeline_rule(
    "yaml/multiple-documents",
    "A file holds more than one document.",
    """
    svcstd keeps one document per file so that a file name always points at one
    document and a diff of a file is a diff of one document. Split the file.""",
)
pipeline_rule(
    "yaml/complex-key",
    "A key is a list or mapping.",
    """
    YAML allows a list or a mapping as a key ('? [a, b]: value'), but no field of
    any svcstd document is named that way. Keys must be plain words such as 'name'
    or 'reports_to'.""",
)
pipeline_rule(
    "yaml/too-deep",
    "The data is nested too deeply.",
    """
    svcstd stops reading a file nested more than 200 levels deep: no real
    document is shaped like that, and reading it could exhaust the parser's stack.
    Flatten the data.""",
)
pipeline_rule(
    "yaml/too-large",
    "The file is larger than svcstd reads.",
    """
    svcstd reads YAML files of at most 64 MB; a larger file is reported and not
    parsed, so that a stray export cannot exhaust memory. Real standards are a few
    kilobytes; split generated data into several files.""",
)
pipeline_rule(
    "yaml/unreadable",
    "The file cannot be read.",
    """
    svcstd found the file but could not open it, usually because of its
    permissions or because it vanished while being read. Check that the file is
    readable by the user running svcstd.""",
)
pipeline_rule(
    "schema/kind",
    "The document's kind is missing or unknown.",
    """
    Every document starts with 'kind:' set to team, role, standard, sop or waiver, so
    that svcstd knows which schema applies.""",
)
pipeline_rule(
    "schema/invalid",
    "A field is unknown, missing, or has a value of the wrong form.",
    """
    Each kind of document has a JSON Schema ('svcstd docs format' describes every
    field). Unknown fields are rejected because a misspelt field would otherwise be
    ignored silently; durations, deadlines, dates and ids must follow their documented
    forms so that they can be compared and linked. Every finding carries a hint: the
    allowed values, the expected form with an example, or the value quoted exactly as
    written ('2.50', not the number 2.5). A value that breaks two checks is reported
    once.""",
)
pipeline_rule(
    "refs/duplicate-id",
    "Two documents use the same id.",
    """
    Ids are unique across the whole repository (teams, roles, standards, SOPs,
    waivers and channels), so that every reference names exactly one thing. Both
    places are reported; rename one.""",
)
pipeline_rule(
    "refs/unknown-reference",
    "A reference names an id that does not exist.",
    """
    A field that refers to another document (a team, a role, a channel, a calendar…)
    must name an existing id of the right kind. The finding suggests the closest
    existing id when there is one. A value that is not even in the form of an id
    ('boss, big: 50%') is reported by schema/invalid instead, once.""",
)

# Produced by the engine itself, after the rules have run.
pipeline_rule(
    "lint/unused-suppression",
    "An inline suppression suppresses nothing.",
    """
    A '# svcstd: disable=RULE -- reason' comment that no longer matches a finding on
    its line is stale: the problem was fixed or moved. Remove the comment so that it
    cannot hide a new problem later.""",
    Severity.WARNING,
)
pipeline_rule(
    "lint/bad-suppression",
    "An inline suppression is malformed.",
    """
    An inline suppression names one or more rule ids and gives a reason after two
    hyphens: '# svcstd: disable=targets/vague-language -- wording agreed with the
    union'. A suppression without a reason, or naming a rule that does not exist,
    suppresses nothing.""",
)
pipeline_rule(
    "lifecycle/waiver-unused",
    "A waiver waives nothing.",
    """
    A waiver whose rule no longer reports anything on its document (the problem
    was fixed, or the waiver names the wrong rule or document) should be deleted,
    so that the list of exceptions stays the list of real exceptions.""",
    Severity.WARNING,
)
