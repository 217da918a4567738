"""Text output for people: the same data as ``--json``, in the reader's language.

Every sentence is one catalog message with named fields ("Owner: {role}"), so a translator
can reorder it; durations, deadlines and hours go through svcstd.i18n.wording.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from svcstd.i18n import N_, translator, wording
from svcstd.i18n.terms import CHANNEL, EMPLOYMENT, term
from svcstd.whois.answer import Json
from svcstd.whois.text import normalise

# How an entry matched the question (docs/whois.md), in words.
KINDS = {
    "topic": N_("topic"),
    "synonym": N_("synonym"),
    "role": N_("role title"),
    "responsibility": N_("responsibility"),
    "team": N_("team"),
    "standard": N_("standard"),
    "sop": N_("SOP"),
}
HOWS = {
    "exact": N_("exact"),
    "word": N_("whole words"),
    "fuzzy": N_("close spelling"),
    "partial": N_("part of a word"),
}


class Text:
    """Builds the lines of one answer in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._ = translator(lang).gettext
        self.lines: list[str] = []

    def add(self, line: str = "", indent: int = 0) -> None:
        self.lines.append("  " * indent + line)

    def heading(self, label: str, indent: int = 0) -> None:
        """A label followed by a colon; the items follow indented."""
        self.add(self._("{label}:").format(label=label), indent)

    def name(self, item: Json, key: str = "title") -> str:
        """The Indonesian name with --lang id when the data has one, else the default."""
        local = item.get(f"{key}_id") if self.lang == "id" else None
        return str(local or item.get(key) or item.get("id"))

    def role(self, role: Json) -> str:
        return f"{self.name(role)} ({role['id']})"

    def holder(self, h: Json) -> str:
        kind = term(EMPLOYMENT, h["employment"], self.lang)
        if h.get("until"):
            until = wording.long_date(h["until"], self.lang)
            kind = self._("{employment}, until {date}").format(employment=kind, date=until)
        return f"{h['name']} <{h['email']}> ({kind})"

    def hours(self, cal: Json, describe: bool = False) -> str:
        """'Mon-Fri 08:00-17:00 (office)', with the calendar's description when asked."""
        text = wording.hours(cal["days"], cal["hours"], self.lang)
        about = _first_sentence(cal.get("description")) if describe else None
        return f"{text} ({about or cal['id']})"

    def kind(self, match: Json) -> str:
        return self._(KINDS[match["kind"]])

    def how(self, match: Json) -> str:
        return self._(HOWS[match["how"]])

    def done(self) -> str:
        return "\n".join(self.lines) + "\n"


def _first_sentence(text: str | None) -> str | None:
    if not text:
        return None
    return " ".join(text.split()).split(". ")[0].rstrip(".")


# ---------------------------------------------------------------- answers


def _owner(out: Text, a: Json) -> None:
    _ = out._
    owner = a["owner"]
    if owner is None:
        out.add(_("Owner: none"))
        return
    out.add(_("Owner: {role}").format(role=out.role(owner)))
    for h in owner["holders"]:
        out.add(out.holder(h), 1)
    if a["vacant"]:
        out.add(
            _(
                "vacant: nobody holds this role now; ask the deputy or follow the escalation "
                "path below"
            ),
            1,
        )
    if a["deputy"]:
        out.add(_("Deputy: {role}").format(role=out.role(a["deputy"])))
        for h in a["deputy"]["holders"]:
            out.add(out.holder(h), 1)


def _channels(out: Text, a: Json) -> None:
    if a["team"]:
        team = f"{out.name(a['team'], 'name')} ({a['team']['id']})"
        out.add(out._("Team: {team}").format(team=team))
    if a["channels"]:
        out.heading(out._("Channels"))
    for ch in a["channels"]:
        hours = f" — {out.hours(ch['hours'])}" if ch["hours"] else ""
        out.add(f"- {term(CHANNEL, ch['type'], out.lang)}: {ch['address']}{hours}", 1)
        if ch.get("note"):
            out.add(ch["note"], 2)


def _target(out: Text, t: Json) -> str:
    _, lang = out._, out.lang
    parts = [
        _("acknowledge within {duration}").format(duration=wording.duration(t["acknowledge"], lang))
        if t["acknowledge"]
        else "",
        _("resolve within {duration}").format(duration=wording.duration(t["resolve"], lang))
        if t["resolve"]
        else "",
        _("deadline {deadline}").format(deadline=wording.deadline(t["deadline"], lang))
        if t["deadline"]
        else "",
    ]
    prio = f"[{t['priority']}] " if t.get("priority") else ""
    return f"- {prio}{t['request']}: {', '.join(p for p in parts if p)}"


def _ladder(out: Text, ladder: list[Json], indent: int) -> None:
    for level in ladder:
        after = wording.duration(level["after"], out.lang)
        when = out._("after {duration}").format(duration=after) if after else out._("if stuck")
        to = level["to"]
        people = ", ".join(f"{h['name']} <{h['email']}>" for h in to["holders"])
        how = f" ({level['how']})" if level.get("how") else ""
        out.add(f"- {when} → {out.role(to)}{': ' + people if people else ''}{how}", indent)


def _standards(out: Text, a: Json) -> None:
    _ = out._
    for std in a["standards"]:
        about = _("{id}, version {version}").format(id=std["id"], version=std["version"])
        if std["status"] == "draft":
            about = _("{about}, draft, not yet binding").format(about=about)
        out.add(_("Service standard: {title} ({about})").format(title=out.name(std), about=about))
        if std["hours"]:
            hours = out.hours(std["hours"], describe=True)
            out.add(_("Service hours: {hours}").format(hours=hours), 1)
        if std["targets"]:
            out.heading(_("Targets"), 1)
        for t in std["targets"]:
            out.add(_target(out, t), 2)
        if std["escalation"]:
            out.heading(_("Escalation"), 1)
            _ladder(out, std["escalation"], 2)
        _feedback(out, std.get("feedback"))


def _feedback(out: Text, fb: Json | None) -> None:
    """The last score (never a mean under the minimum) and the open actions."""
    if not fb:
        return
    _ = out._
    last = fb["last"]
    if last:
        value = _("too few responses") if last["too_few"] else _mean(last["mean"], out.lang)
        n = last["responses"]
        count = translator(out.lang).ngettext("{n} response", "{n} responses", n).format(n=n)
        line = _("Customer score {period}: {value} ({count})")
        out.add(line.format(period=last["period"], value=value, count=count), 1)
    if fb["open_actions"]:
        out.heading(_("Open actions (you said, we did)"), 1)
    for a in fb["open_actions"]:
        line = _("- {action} ({owner}, due {date})")
        out.add(line.format(action=a["will_do"], owner=a["owner"], date=a["due"]), 2)


def _mean(value: float, lang: str) -> str:
    return wording.number(value, lang)


def _commitments(out: Text, a: Json) -> None:
    _, lang = out._, out.lang
    if a["commitments"]:
        out.heading(_("What you need to provide"))
    for c in a["commitments"]:
        when = [
            _("deadline {deadline}").format(deadline=wording.deadline(c["deadline"], lang))
            if c["deadline"]
            else "",
            wording.within(c["within"], lang),
        ]
        suffix = " — " + ", ".join(w for w in when if w) if any(when) else ""
        out.add(f"- {c['text']}{suffix} ({c['standard']})", 1)


def _fallback_escalation(out: Text, a: Json) -> None:
    if not a["standards"] and a["escalation"]:
        out.heading(out._("Escalation"))
        _ladder(out, a["escalation"], 1)


def _sops(out: Text, a: Json) -> None:
    if a["sops"]:
        out.heading(out._("Related SOPs"))
    for sop in a["sops"]:
        out.add(f"- {out.name(sop)} ({sop['id']})", 1)


def _match_line(out: Text, result: Json) -> None:
    a, mt = result["answer"], result["match"]
    lang = f", {mt['language']}" if mt.get("language") else ""
    how = f"{out.kind(mt)}{lang}, {out.how(mt)}"
    if a["topic"] is None:  # a role title, team, standard or SOP: no topic to name
        out.add(f"{mt['term']}  ({how})")
        return
    line = out._('Topic: {topic}  (matched "{term}": {how})')
    out.add(line.format(topic=a["topic"]["name"], term=mt["term"], how=how))


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
    owner = out.role(c["owner"]) if c["owner"] else out._("none")
    team = f", {out.name(c['team'], 'name')}" if c["team"] else ""
    out.add(f"- {c['term']} ({out.kind(c)}, {out.how(c)} {c['score']:g}) → {owner}{team}", 1)


def _candidates(out: Text, result: Json) -> None:
    _ = out._
    title = _('Every match for "{query}":') if result["status"] == "all" else None
    out.add((title or _('Several owners match "{query}":')).format(query=result["query"]))
    for c in result["candidates"]:
        _candidate(out, c)
    if result["status"] == "candidates" and result["suggestions"]:
        out.heading(_("refine the question, e.g."))
        for question in result["suggestions"]:
            out.add(f'svcstd whois "{question}"', 1)


def _no_match(out: Text, result: Json) -> None:
    _ = out._
    out.add(_('no owner found for "{query}"').format(query=result["query"]))
    if result["suggestions"]:
        out.add(_("nearest topics: {topics}").format(topics=", ".join(result["suggestions"])))
    out.add(_("every topic: {command}").format(command="svcstd whois --list"))


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
    """``label`` is an English heading marked with N_; it is translated here."""
    if items:
        out.heading(out._(label))
        for item in items:
            out.add(f"- {show(item)}", 1)


def _std(out: Text) -> Callable[[Json], str]:
    return lambda s: f"{out.name(s)} ({s['id']})"


def _team_line(out: Text, team: Json) -> str:
    return out._("Team: {team}").format(team=f"{out.name(team, 'name')} ({team['id']})")


def render_role_report(report: Json, lang: str) -> str:
    """What one role owns, provides and receives, as text."""
    out = Text(lang)
    out.add(out._("Role: {role}").format(role=out.role(report["role"])))
    for h in report["role"]["holders"]:
        out.add(out.holder(h), 1)
    if report["team"]:
        out.add(_team_line(out, report["team"]))
    if report["deputy"]:
        out.add(out._("Deputy: {role}").format(role=out.role(report["deputy"])))
    owns, gives, gets = report["owns"], report["provides"], report["receives"]
    _list(out, N_("Topics owned"), owns["topics"], lambda t: t["name"])
    _list(out, N_("Standards owned"), owns["standards"], _std(out))
    _list(out, N_("SOPs owned"), owns["sops"], _std(out))
    _list(out, N_("Standards provided"), gives["standards"], _std(out))
    _list(
        out,
        N_("SOP steps performed"),
        gives["steps"],
        lambda s: f"{s['sop']} / {s['step']}: {s['action']}",
    )
    _list(
        out,
        N_("Escalation level in"),
        gives["escalation"],
        lambda e: out._("{standard} (after {duration})").format(
            standard=e["standard"], duration=wording.duration(e["after"], lang)
        ),
    )
    _list(out, N_("Deputy for"), gives["deputy_for"], str)
    _list(out, N_("Standards received"), gets["standards"], _std(out))
    _list(
        out,
        N_("Work handed over to it"),
        gets["handoffs"],
        lambda s: f"{s['sop']} / {s['step']} ← {s['role']}",
    )
    return out.done()


def render_team_report(report: Json, lang: str) -> str:
    """What one team owns, provides and receives, as text."""
    out = Text(lang)
    out.add(_team_line(out, report["team"]))
    if report["lead"]:
        out.add(out._("Lead: {role}").format(role=out.role(report["lead"])))
    _list(out, N_("Roles"), report["roles"], out.role)
    _list(
        out,
        N_("Channels"),
        report["channels"],
        lambda c: f"{term(CHANNEL, c['type'], lang)}: {c['address']}",
    )
    _list(
        out, N_("Topics owned"), report["owns"]["topics"], lambda t: f"{t['name']} → {t['owner']}"
    )
    _list(out, N_("SOPs owned"), report["owns"]["sops"], _std(out))
    _list(out, N_("Standards provided"), report["provides"]["standards"], _std(out))
    _list(out, N_("Standards received"), report["receives"]["standards"], _std(out))
    return out.done()


def render_directory(rows: list[Json], lang: str) -> str:
    """The topic directory, A to Z, one heading per initial."""
    out = Text(lang)
    out.add(out._("Topic directory"))
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
