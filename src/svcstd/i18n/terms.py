"""Words the data picks from a fixed list (statuses, channel types, employment…), translatable.

Each table maps the value as written in YAML to its English wording, marked with ``N_`` so
``pybabel extract`` finds it; ``term()`` shows it in the reader's language. A value missing
from its table (lint reports it) is shown as written.
"""

from __future__ import annotations

from svcstd.i18n import N_, translator

STATUS = {"active": N_("active"), "draft": N_("draft"), "retired": N_("retired")}
EMPLOYMENT = {
    "permanent": N_("permanent"),
    "temporary": N_("temporary"),
    "contractor": N_("contractor"),
}
CHANNEL = {
    "ticket": N_("ticket"),
    "email": N_("email"),
    "phone": N_("phone"),
    "walk-in": N_("walk-in"),
    "chat": N_("chat"),
    "radio": N_("radio"),
    "meeting": N_("meeting"),
    "form": N_("form"),
}
# What a handbook entry or a change is about (search results, "what changed").
KIND = {
    "topic": N_("topic"),
    "role": N_("role"),
    "team": N_("team"),
    "standard": N_("standard"),
    "sop": N_("SOP"),
    "waiver": N_("waiver"),
    "feedback": N_("feedback results"),
    "action": N_("action on feedback"),
}
CHANGE = {
    "added": N_("added"),
    "removed": N_("removed"),
    "tightened": N_("tightened"),
    "loosened": N_("loosened"),
    "owner changed": N_("owner changed"),
    "people changed": N_("people changed"),
    "editorial": N_("editorial"),
    "changed": N_("changed"),
    "score changed": N_("score changed"),
    "action opened": N_("action opened"),
    "action closed": N_("action closed"),
}
ACTION_STATUS = {"open": N_("open"), "done": N_("done"), "dropped": N_("dropped")}
SCORE_BAND = {
    "good": N_("good"),
    "fair": N_("fair"),
    "poor": N_("poor"),
    "bad": N_("very poor"),
    "few": N_("too few responses"),
}


def term(table: dict[str, str], value: str, lang: str) -> str:
    """``value`` from one of the tables above in ``lang``; an unknown value as written."""
    message = table.get(value)
    return translator(lang).gettext(message) if message else value
