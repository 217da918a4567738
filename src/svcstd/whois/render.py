"""Text output for people: the same data as ``--json``, with labels in the chosen language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from svcstd.hours import format_hours
from svcstd.whois.answer import Json
from svcstd.whois.labels import labels
from svcstd.whois.text import normalise


class Text:
    """Builds the lines of one answer in one language."""

    def __init__(self, lang: str) -> None:
        self.lang, self.t = lang, labels(lang)
        self.lines: list[str] = []

    def add(self, line: str = "", indent: int = 0) -> None:
        self.lines.append("  " * indent + line)

    def name(self, item: Json, key: str = "title") -> str:
        """The Indonesian name with --lang id when the data has one, else the default."""
        local = item.get(f"{key}_id") if self.lang == "id" else None
        return str(local or item.get(key) or item.get("id"))

    def role(self, role: Json) -> str:
        return f"{self.name(role)} ({role['id']})"

    def holder(self, h: Json) -> str:
        kind = self.t.get(h["employment"], h["employment"])
        until = f", {self.t['until']} {h['until']}" if h.get("until") else ""
        return f"{h['name']} <{h['email']}> ({kind}{until})"

    def hours(self, cal: Json, describe: bool = False) -> str:
        """'Mon-Fri 08:00-17:00 (office)', with the calendar's description when asked."""
        text = format_hours(cal["days"], cal["hours"], self.lang)
        about = _first_sentence(cal.get("description")) if describe else None
        return f"{text} ({about or cal['id']})"

    def kind(self, match: Json) -> str:
        return self.t[f"kind.{match['kind']}"]

    def how(self, match: Json) -> str:
        return self.t[f"how.{match['how']}"]

    def done(self) -> str:
        return "\n".join(self.lines) + "\n"


def _first_sentence(text: str | None) -> str | None:
    if not text:
        return None
    return " ".join(text.split()).split(". ")[0].rstrip(".")


# ---------------------------------------------------------------- answers


def _owner(out: Text, a: Json) -> None:
    owner = a["owner"]
    if owner is None:
        out.add(f"{out.t['owner']}: {out.t['none']}")
        return
    out.add(f"{out.t['owner']}: {out.role(owner)}")
    for h in owner["holders"]:
        out.add(out.holder(h), 1)
    if a["vacant"]:
        out.add(f"{out.t['vacant']}; {out.t['vacant_hint']}", 1)
    if a["deputy"]:
        out.add(f"{out.t['deputy']}: {out.role(a['deputy'])}")
        for h in a["deputy"]["holders"]:
            out.add(out.holder(h), 1)


def _channels(out: Text, a: Json) -> None:
    if a["team"]:
        out.add(f"{out.t['team']}: {out.name(a['team'], 'name')} ({a['team']['id']})")
    if a["channels"]:
        out.add(f"{out.t['channels']}:")
    for ch in a["channels"]:
        hours = f" — {out.hours(ch['hours'])}" if ch["hours"] else ""
        out.add(f"- {ch['type']}: {ch['address']}{hours}", 1)
        if ch.get("note"):
            out.add(ch["note"], 2)


def _target(out: Text, t: Json) -> str:
    parts = [f"{out.t[k]} {t[k]}" for k in ("acknowledge", "resolve", "deadline") if t[k]]
    if t.get("by"):
        parts.append(t["by"]["words"].get(out.lang, t["by"]["words"]["en"]))
    if t.get("calendar"):
        parts.append(f"{out.t['counted_on']} {out.hours(t['calendar'])}")
    prio = f"[{t['priority']}] " if t.get("priority") else ""
    return f"- {prio}{t['request']}: {', '.join(parts)}"


def _pause(out: Text, p: Json) -> str:
    owed = p["customer_commitment"]
    said = f" ({out.t['commitment']} {owed})" if owed else ""
    return f"{out.t['clock_stops']} {p['while']}{said}"


def _target_terms(out: Text, t: Json, indent: int) -> None:
    """What is particular to a target: when its clock stops, its own ladder."""
    for p in t.get("pauses") or ():
        out.add(_pause(out, p), indent)
    if t.get("escalation"):
        out.add(f"{out.t['own_escalation']}:", indent)
        _ladder(out, t["escalation"], indent + 1)


def _ladder(out: Text, ladder: list[Json], indent: int) -> None:
    for level in ladder:
        when = f"{out.t['after']} {level['after']}" if level["after"] else out.t["if_stuck"]
        to = level["to"]
        people = ", ".join(f"{h['name']} <{h['email']}>" for h in to["holders"])
        how = f" ({level['how']})" if level.get("how") else ""
        out.add(f"- {when} → {out.role(to)}{': ' + people if people else ''}{how}", indent)


def _standards(out: Text, a: Json) -> None:
    for std in a["standards"]:
        draft = f", {out.t['draft']}" if std["status"] == "draft" else ""
        out.add(
            f"{out.t['standard']}: {out.name(std)} ({std['id']}, {out.t['version']} "
            f"{std['version']}{draft})"
        )
        if std["hours"]:
            out.add(f"{out.t['hours']}: {out.hours(std['hours'], describe=True)}", 1)
        for p in std.get("pauses") or ():
            out.add(_pause(out, p), 1)
        if std["targets"]:
            out.add(f"{out.t['targets']}:", 1)
        for t in std["targets"]:
            out.add(_target(out, t), 2)
            _target_terms(out, t, 3)
        if std["escalation"]:
            out.add(f"{out.t['escalation']}:", 1)
            _ladder(out, std["escalation"], 2)
        _feedback(out, std.get("feedback"))


def _feedback(out: Text, fb: Json | None) -> None:
    """The last score (never a mean under the minimum) and the open actions."""
    if not fb:
        return
    last = fb["last"]
    if last:
        value = out.t["too_few"] if last["too_few"] else _mean(last["mean"], out.lang)
        n = f"{last['responses']} {out.t['responses']}"
        out.add(f"{out.t['score']} {last['period']}: {value} ({n})", 1)
    if fb["open_actions"]:
        out.add(f"{out.t['open_actions']}:", 1)
    for a in fb["open_actions"]:
        out.add(f"- {a['will_do']} ({a['owner']}, {out.t['due']} {a['due']})", 2)


def _mean(value: float, lang: str) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "id" else text


def _commitments(out: Text, a: Json) -> None:
    if a["commitments"]:
        out.add(f"{out.t['commitments']}:")
    for c in a["commitments"]:
        when = [
            f"{out.t['deadline']} {c['deadline']}" if c["deadline"] else "",
            f"{out.t['within']} {c['within']}" if c["within"] else "",
        ]
        suffix = " — " + ", ".join(w for w in when if w) if any(when) else ""
        out.add(f"- {c['text']}{suffix} ({c['standard']})", 1)


def _fallback_escalation(out: Text, a: Json) -> None:
    if not a["standards"] and a["escalation"]:
        out.add(f"{out.t['escalation']}:")
        _ladder(out, a["escalation"], 1)


def _sops(out: Text, a: Json) -> None:
    if a["sops"]:
        out.add(f"{out.t['sops']}:")
    for sop in a["sops"]:
        out.add(f"- {out.name(sop)} ({sop['id']})", 1)


def _match_line(out: Text, result: Json) -> None:
    a, mt = result["answer"], result["match"]
    lang = f", {mt['language']}" if mt.get("language") else ""
    how = f"{out.kind(mt)}{lang}, {out.how(mt)}"
    if a["topic"] is None:  # a role title, team, standard or SOP: no topic to name
        out.add(f"{mt['term']}  ({how})")
        return
    out.add(f'{out.t["topic"]}: {a["topic"]["name"]}  ({out.t["matched"]} "{mt["term"]}": {how})')


_SECTIONS: list[Callable[[Text, Json], None]] = [
    _owner,
    _channels,
    _standards,
    _commitments,
    _fallback_escalation,
    _sops,
]


def _answer(out: Text, result: Json) -> None:
    _match_line(out, result)
    for section in _SECTIONS:
        section(out, result["answer"])


def _candidate(out: Text, c: Json) -> None:
    owner = out.role(c["owner"]) if c["owner"] else out.t["none"]
    team = f", {out.name(c['team'], 'name')}" if c["team"] else ""
    out.add(f"- {c['term']} ({out.kind(c)}, {out.how(c)} {c['score']:g}) → {owner}{team}", 1)


def _candidates(out: Text, result: Json) -> None:
    title = out.t["all_matches"] if result["status"] == "all" else out.t["candidates"]
    out.add(f'{title} "{result["query"]}":')
    for c in result["candidates"]:
        _candidate(out, c)
    if result["status"] == "candidates" and result["suggestions"]:
        out.add(f"{out.t['refine']}:")
        for question in result["suggestions"]:
            out.add(f'svcstd whois "{question}"', 1)


def _no_match(out: Text, result: Json) -> None:
    out.add(f'{out.t["no_owner"]} "{result["query"]}"')
    if result["suggestions"]:
        out.add(f"{out.t['suggestions']}: " + ", ".join(result["suggestions"]))
    out.add(f"{out.t['every_topic']}: svcstd whois --list")


_BY_STATUS: dict[str, Callable[[Text, Json], None]] = {
    "answer": _answer,
    "candidates": _candidates,
    "all": _candidates,
    "no-match": _no_match,
}


def render_result(result: Json, lang: str) -> str:
    """A whois result as text."""
    out = Text(lang)
    _BY_STATUS[result["status"]](out, result)
    return out.done()


# ---------------------------------------------------------------- reverse lookups


def _list(out: Text, label: str, items: list[Any], show: Callable[[Any], str]) -> None:
    if items:
        out.add(f"{out.t[label]}:")
        for item in items:
            out.add(f"- {show(item)}", 1)


def _std(out: Text) -> Callable[[Json], str]:
    return lambda s: f"{out.name(s)} ({s['id']})"


def render_role_report(report: Json, lang: str) -> str:
    """What one role owns, provides and receives, as text."""
    out = Text(lang)
    out.add(f"{out.t['role']}: {out.role(report['role'])}")
    for h in report["role"]["holders"]:
        out.add(out.holder(h), 1)
    if report["team"]:
        out.add(f"{out.t['team']}: {out.name(report['team'], 'name')} ({report['team']['id']})")
    if report["deputy"]:
        out.add(f"{out.t['deputy']}: {out.role(report['deputy'])}")
    owns, gives, gets = report["owns"], report["provides"], report["receives"]
    _list(out, "owns_topics", owns["topics"], lambda t: t["name"])
    _list(out, "owns_standards", owns["standards"], _std(out))
    _list(out, "owns_sops", owns["sops"], _std(out))
    _list(out, "provides", gives["standards"], _std(out))
    _list(out, "steps", gives["steps"], lambda s: f"{s['sop']} / {s['step']}: {s['action']}")
    _list(
        out,
        "escalation_for",
        gives["escalation"],
        lambda e: f"{e['standard']} ({out.t['after']} {e['after']})",
    )
    _list(out, "deputy_for", gives["deputy_for"], str)
    _list(out, "receives", gets["standards"], _std(out))
    _list(out, "handoffs", gets["handoffs"], lambda s: f"{s['sop']} / {s['step']} ← {s['role']}")
    return out.done()


def render_team_report(report: Json, lang: str) -> str:
    """What one team owns, provides and receives, as text."""
    out = Text(lang)
    out.add(f"{out.t['team']}: {out.name(report['team'], 'name')} ({report['team']['id']})")
    if report["lead"]:
        out.add(f"{out.t['lead']}: {out.role(report['lead'])}")
    _list(out, "roles", report["roles"], out.role)
    _list(out, "channels", report["channels"], lambda c: f"{c['type']}: {c['address']}")
    _list(out, "owns_topics", report["owns"]["topics"], lambda t: f"{t['name']} → {t['owner']}")
    _list(out, "owns_sops", report["owns"]["sops"], _std(out))
    _list(out, "provides", report["provides"]["standards"], _std(out))
    _list(out, "receives", report["receives"]["standards"], _std(out))
    return out.done()


def render_directory(rows: list[Json], lang: str) -> str:
    """The topic directory, A to Z, one heading per initial."""
    out = Text(lang)
    out.add(f"{out.t['directory']}")
    initial = None
    for row in rows:
        first = normalise(row["name"])[:1].upper()
        if first != initial:
            initial = first
            out.add()
            out.add(first)
        owner = out.name({"title": row["owner_title"], "title_id": row["owner_title_id"]})
        team = f", {out.name(row, 'team_name')}" if row["team_name"] else ""
        out.add(f"{row['name']} → {owner} ({row['owner']}{team})", 1)
    return out.done()
