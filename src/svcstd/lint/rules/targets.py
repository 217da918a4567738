"""Target rules: standards promise measurable, consistent times and a working escalation path."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from svcstd.durations import DEFAULT_WORKING_HOURS_PER_WEEK, Duration
from svcstd.findings import Finding, JsonPath, Severity
from svcstd.lint.context import LintContext
from svcstd.lint.registry import rule
from svcstd.model import Standard, Target
from svcstd.text import versions

# Built-in vague words, with their inflected and repeated forms (a hyphen and a space
# are the same here: "secepat-cepatnya" and "secepat cepatnya" are one entry). Words
# that also have a precise sense are left out: "immediate" (supervisor), "instant"
# (messaging), "prompt" (a login prompt), "langsung" (in person).
VAGUE_WORDS: dict[str, list[str]] = {
    "en": [
        "as soon as possible",
        "as soon as practicable",
        "as soon as feasible",
        "as quickly as possible",
        "asap",
        "promptly",
        "quickly",
        "swiftly",
        "speedily",
        "rapidly",
        "expeditiously",
        "immediately",
        "right away",
        "straight away",
        "straightaway",
        "timely",
        "in a timely manner",
        "in a timely fashion",
        "without delay",
        "without undue delay",
        "when possible",
        "whenever possible",
        "at the earliest convenience",
        "at your earliest convenience",
        "at the earliest opportunity",
        "within a reasonable time",
        "in due course",
    ],
    "id": [
        "segera",
        "sesegera",
        "sesegeranya",
        "sesegera mungkin",
        "dengan segera",
        "secepatnya",
        "secepat mungkin",
        "secepat-cepatnya",
        "dengan cepat",
        "cepat-cepat",
        "selekasnya",
        "selekas mungkin",
        "tepat waktu",
        "tepat pada waktunya",
        "pada waktunya",
        "dalam waktu dekat",
        "dalam waktu singkat",
        "dalam waktu yang wajar",
        "tanpa penundaan",
        "tanpa ditunda",
        "tanpa ditunda-tunda",
        "jika memungkinkan",
        "bila memungkinkan",
        "kalau bisa",
    ],
}


def _hours_per_week(ctx: LintContext, std: Standard) -> float:
    calendar = ctx.calendar_of(std)
    return calendar.hours_per_week if calendar else DEFAULT_WORKING_HOURS_PER_WEEK


def _minutes(ctx: LintContext, std: Standard, d: Duration) -> float:
    """Elapsed minutes on the standard's own calendar, so business and clock time compare."""
    return d.elapsed_minutes(_hours_per_week(ctx, std))


@rule(
    "targets/no-target",
    Severity.ERROR,
    "An active standard has no measurable target.",
    """
    A service standard in force must promise something measurable: at least one
    target with an acknowledge time, a resolve time or a recurring deadline.
    Without one, customers cannot tell whether the service met the standard.""",
)
def no_target(ctx: LintContext) -> Iterator[Finding]:
    for std in ctx.org.standards.values():
        if std.status == "active" and not std.targets:
            yield ctx.finding(
                "targets/no-target",
                std,
                ("status",),
                f"active standard {std.id!r} has no targets",
                "add a target with acknowledge, resolve or deadline",
            )


@rule(
    "targets/acknowledge-after-resolve",
    Severity.ERROR,
    "A target's acknowledge time is longer than its resolve time.",
    """
    A request is acknowledged (a reply that it was received) before, or at the
    latest when, it is resolved. An acknowledge time longer than the resolve time
    for the same request type is a typo or a swapped pair. Business time is
    converted on the standard's calendar before comparing.""",
)
def acknowledge_after_resolve(ctx: LintContext) -> Iterator[Finding]:
    for std in ctx.org.standards.values():
        for t in std.targets:
            if (
                t.acknowledge
                and t.resolve
                and (_minutes(ctx, std, t.acknowledge) > _minutes(ctx, std, t.resolve))
            ):
                yield ctx.finding(
                    "targets/acknowledge-after-resolve",
                    std,
                    ("targets", t.index, "acknowledge"),
                    f"target {t.id!r}: acknowledge {t.acknowledge} is longer than "
                    f"resolve {t.resolve}",
                    "acknowledge is the first reply; it must not take longer than the resolution",
                )


@rule(
    "targets/escalation-order",
    Severity.ERROR,
    "An escalation level does not come strictly after the one before.",
    """
    Escalation levels are a ladder: each level applies strictly later than the one
    before it ('after: 30m', then 'after: 1h'). A level that is not later can never
    be reached in order, or makes two roles responsible at once.""",
)
def escalation_order(ctx: LintContext) -> Iterator[Finding]:
    for std in ctx.org.standards.values():
        for before, level in zip(std.escalation, std.escalation[1:], strict=False):
            if _minutes(ctx, std, level.after) <= _minutes(ctx, std, before.after):
                yield ctx.finding(
                    "targets/escalation-order",
                    std,
                    ("escalation", level.index, "after"),
                    f"escalation level {level.index + 1} (after {level.after}) is "
                    f"not later than level {before.index + 1} (after {before.after})",
                    "list escalation levels from the earliest to the latest",
                )


@rule(
    "targets/escalation-repeats-role",
    Severity.ERROR,
    "The same role appears twice in an escalation path.",
    """
    Escalating means going to somebody new. A role that appears twice in the same
    ladder sends a stuck request back to a person who already has it.""",
)
def escalation_repeats_role(ctx: LintContext) -> Iterator[Finding]:
    for std in ctx.org.standards.values():
        seen: dict[str, int] = {}
        for level in std.escalation:
            if level.to_id in seen:
                yield ctx.finding(
                    "targets/escalation-repeats-role",
                    std,
                    ("escalation", level.index, "to"),
                    f"{level.to_id!r} is already escalation level {seen[level.to_id] + 1}",
                    "escalate to a different, more senior role",
                )
            seen.setdefault(level.to_id, level.index)


@rule(
    "targets/escalation-unstaffed",
    Severity.ERROR,
    "The escalation path ends at a role nobody holds.",
    """
    The last escalation level is where a stuck request must finally be dealt with,
    so it must be a role with at least one holder. A vacant role at the top of the
    ladder means escalations go nowhere.""",
)
def escalation_unstaffed(ctx: LintContext) -> Iterator[Finding]:
    for std in ctx.org.standards.values():
        if std.escalation and (last := std.escalation[-1]).to and not last.to.holders:
            yield ctx.finding(
                "targets/escalation-unstaffed",
                std,
                ("escalation", last.index, "to"),
                f"the escalation path ends at {last.to_id!r}, which has no holder",
                "end the path at a role that somebody holds",
            )


@rule(
    "targets/external-not-tighter",
    Severity.ERROR,
    "An internal target is not tighter than the external commitment it feeds.",
    """
    When a target supports an external (guest- or client-facing) promise, the
    internal time must be strictly shorter (or the internal deadline strictly
    earlier) than the external one, leaving the customer-facing team time to
    deliver. Acknowledge, resolve and deadline are each compared when both sides
    give them.""",
)
def external_not_tighter(ctx: LintContext) -> Iterator[Finding]:
    for std in ctx.org.standards.values():
        for t in std.targets:
            for name in _looser_fields(ctx, std, t):
                yield ctx.finding(
                    "targets/external-not-tighter",
                    std,
                    ("targets", t.index, name),
                    f"target {t.id!r}: internal {name} {getattr(t, name)} is not "
                    f"tighter than the external {getattr(t.external, name)}",
                    "make the internal target shorter than the external promise",
                )


def _looser_fields(ctx: LintContext, std: Standard, t: Target) -> Iterator[str]:
    ext = t.external
    if ext is None:
        return
    for name in ("acknowledge", "resolve"):
        inner, outer = getattr(t, name), getattr(ext, name)
        if inner and outer and _minutes(ctx, std, inner) >= _minutes(ctx, std, outer):
            yield name
    if t.deadline and ext.deadline and not t.deadline.is_earlier_than(ext.deadline):
        yield "deadline"


@rule(
    "targets/channel-hours",
    Severity.WARNING,
    "A standard's channel has no hours.",
    """
    Every channel a standard tells customers to use must say when it is staffed:
    its own 'hours', or its team's 'service_hours'. Otherwise a customer cannot
    know whether a phone call at 22:00 will be answered. (A channel that does not
    exist at all is reported by refs/unknown-reference.)""",
)
def channel_hours(ctx: LintContext) -> Iterator[Finding]:
    for std in ctx.org.standards.values():
        for i, cid in enumerate(std.channel_ids):
            channel = ctx.org.channels.get(cid)
            if channel and not channel.hours and not channel.team.service_hours:
                yield ctx.finding(
                    "targets/channel-hours",
                    std,
                    ("channels", i),
                    f"channel {cid!r} has no hours, and team {channel.team.id!r} "
                    "has no service_hours",
                    f"add 'hours:' to channel {cid!r} in {channel.team.file}",
                )


@rule(
    "targets/vague-language",
    Severity.WARNING,
    "An expectation is written in vague words instead of a measurable time.",
    """
    Words such as 'as soon as possible', 'promptly', 'immediately', 'ASAP',
    'segera', 'secepat-cepatnya', 'dengan cepat' or 'tepat waktu' mean different
    things to each reader, which is exactly the drift a service standard exists to
    prevent. The summary,
    request types, external promises, customer commitments and escalation notes of
    standards are checked; say instead how long ('within 4 business hours') in a
    target. The word lists, per language, are the option 'words' (replaces the
    defaults) and 'extra_words' (adds to them); 'svcstd rules
    targets/vague-language' lists the built-in words. Case does not matter, and a
    hyphen and spaces between words are the same.""",
    options={"words": VAGUE_WORDS, "extra_words": {}},
    scope="document",
    kinds=("standard",),
)
def vague_language(ctx: LintContext) -> Iterator[Finding]:
    words = dict(ctx.option("targets/vague-language", "words"))
    for lang, extra in ctx.option("targets/vague-language", "extra_words").items():
        words[lang] = [*words.get(lang, []), *extra]
    pattern = _vague_pattern(tuple(sorted({w for ws in words.values() for w in ws})))
    for std in ctx.org.standards.values():
        for path, text in _every_language(std):
            if (m := pattern.search(text)) is not None:
                yield ctx.finding(
                    "targets/vague-language",
                    std,
                    path,
                    f"{m.group(0)!r} is vague: it does not say how long",
                    "state a measurable time, e.g. 'within 4 business hours', in a target",
                )


_SPLIT = re.compile(r"[\s\-]+")


@cache
def _vague_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # An empty entry would match everywhere: it is no word.
    longest_first = sorted((w for w in words if w.strip(" -")), key=len, reverse=True)
    # Words may be split by spaces, line breaks or hyphens however the author wrote them.
    alternatives = "|".join(
        r"[\s\-]+".join(map(re.escape, _SPLIT.split(w.strip(" -")))) for w in longest_first
    )
    return re.compile(rf"(?<!\w)(?:{alternatives or '(?!)'})(?!\w)", re.IGNORECASE)


def _every_language(std: Standard) -> Iterator[tuple[JsonPath, str]]:
    """The expectation texts in each language they are written in, at that language's key."""
    for path, _ in _expectation_texts(std):
        yield from versions(std.data, path)


def _expectation_texts(std: Standard) -> Iterator[tuple[JsonPath, str]]:
    if std.summary:
        yield ("summary",), std.summary
    for t in std.targets:
        yield ("targets", t.index, "request"), t.request
        if t.external:
            yield ("targets", t.index, "external", "promise"), t.external.promise
    for c in std.commitments:
        yield ("commitments", c.index, "text"), c.text
    for level in std.escalation:
        if level.how:
            yield ("escalation", level.index, "how"), level.how
