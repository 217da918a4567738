"""Prose: the free-text fields that no cross-document rule reads.

Cross-document (organisation) rules run on a *projection* of every document in
which these fields are replaced by a placeholder, always, cached or not. Their
findings are therefore a function of the projection alone, so a change that only
rewords prose (a role's title, a step's action) provably cannot change them, and
``svcstd lint`` reuses them instead of checking 10,000 documents again. Rules that
do read prose (``targets/vague-language``) run per document (scope "document").

A field listed here that an organisation rule did read would show the placeholder
in that rule's messages on every run, cold or cached: the rule tests catch it.
"""

from __future__ import annotations

from typing import Any

from svcstd.text import is_language_map

PLACEHOLDER = "(prose)"

# kind -> paths of prose; "[]" steps into every item of a list.
PROSE: dict[str, tuple[str, ...]] = {
    "team": ("name", "name_id", "mission", "channels[].note"),
    "role": ("title", "title_id", "responsibilities[]", "topics[].description"),
    "standard": (
        "title",
        "title_id",
        "summary",
        "targets[].request",
        "targets[].external.promise",
        "commitments[].text",
        "communication[].what",
        "communication[].audience",
        "escalation[].how",
        "feedback.method",
    ),
    "sop": (
        "title",
        "title_id",
        "purpose",
        "scope",
        "trigger",
        "sipoc.inputs[]",
        "sipoc.outputs[]",
        "steps[].action",
    ),
    "feedback": ("source", "comments[].text"),
    "action": ("said", "will_do", "outcome"),
}

_STEPS: dict[str, list[list[str]]] = {
    kind: [path.replace("[]", ".[]").split(".") for path in paths] for kind, paths in PROSE.items()
}


def project(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of a document's data with its prose replaced; the same object when it has none.

    Only the containers on the way to a prose field are copied: the projection shares
    everything else with the document, and keeps the shape (hence the positions).
    """
    steps = _STEPS.get(str(data.get("kind")))
    if not steps:
        return data
    out = dict(data)
    for path in steps:
        _blank(out, path)
    return out


def _blank(container: Any, path: list[str]) -> None:
    head, rest = path[0], path[1:]
    if head == "[]":
        if isinstance(container, list):
            for i, item in enumerate(container):
                container[i] = _replaced(item, rest)
    elif isinstance(container, dict) and head in container:
        container[head] = _replaced(container[head], rest)


def _replaced(value: Any, rest: list[str]) -> Any:
    if not rest:
        if is_language_map(value):
            # Prose in each language; the map itself stays, so positions still line up.
            return {code: PLACEHOLDER for code in value}
        return PLACEHOLDER if isinstance(value, str) else value
    copy = (
        dict(value)
        if isinstance(value, dict)
        else list(value)
        if isinstance(value, list)
        else value
    )
    _blank(copy, rest)
    return copy
