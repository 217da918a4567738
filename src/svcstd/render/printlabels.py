"""The fixed words of the PDF handbook, which Typst reads from the view model as ``data.t``.

Typst cannot call gettext, so the view hands it this table already translated
(``print_labels``); the HTML and Markdown templates call ``_()`` themselves.
"""

from __future__ import annotations

from gettext import NullTranslations

from svcstd.i18n import N_

PRINT_LABELS: dict[str, str] = {
    "edition": N_("Edition"),
    "cover_subtitle": N_(
        "Who serves whom, how to ask, how fast, and whom to call when a request is stuck."
    ),
    "sop_count": N_("SOPs"),
    "date": N_("Date"),
    "commit": N_("Commit"),
    "contents": N_("Contents"),
    "how_to_use": N_("How to use this handbook"),
    "how_find_owner": N_("Finding the owner of a topic"),
    "how_find_owner_text": N_(
        "Look the subject up in the topic directory (A\N{EN DASH}Z): it names the role that "
        "owns it, the people holding that role and the team's channels. In the HTML edition, "
        "type it into the search box."
    ),
    "how_channels": N_("Using the right channel"),
    "how_channels_text": N_(
        "Each team lists its channels (ticket, e-mail, phone, walk-in…) and the hours they "
        "are staffed. Use the channel named in the service standard: it is the one whose "
        "requests are measured."
    ),
    "how_expect": N_("What you can expect, and what you owe"),
    "how_expect_text": N_(
        "A service standard says how soon a request is acknowledged and resolved. "
        "Standards are two-way: the customer commitments say what the provider needs from "
        "you."
    ),
    "how_escalate": N_("When a request is stuck"),
    "how_escalate_text": N_(
        "Follow the escalation ladder of the standard: after the time shown, go to the "
        "role named at that level. Escalating is expected, not rude."
    ),
    "org_chart": N_("Organisation chart"),
    "service_map": N_("Who serves whom"),
    "service_map_text": N_(
        "Each row is a providing team, each column a customer team; a number refers to the "
        "service standard that governs the service."
    ),
    "provider": N_("Provider"),
    "customer": N_("Customer"),
    "customers": N_("Customers"),
    "all_teams": N_("all teams"),
    "teams": N_("Teams"),
    "team": N_("Team"),
    "channels": N_("Channels"),
    "service_hours": N_("Service hours"),
    "hours": N_("Hours"),
    "roles": N_("Roles"),
    "vacant": N_("vacant"),
    "deputy": N_("Deputy"),
    "reports_to": N_("Reports to"),
    "lead": N_("Lead"),
    "topics": N_("Topics"),
    "provides": N_("Standards it provides"),
    "receives": N_("Standards it receives (what it can expect)"),
    "commits": N_("What it commits to in return"),
    "none": N_("None."),
    "standards": N_("Service Standards"),
    "standard": N_("Service standard"),
    "owner": N_("Owner"),
    "status": N_("Status"),
    "version": N_("Version"),
    "effective": N_("Effective"),
    "last_review": N_("Last review"),
    "next_review": N_("Next review"),
    "targets": N_("Targets"),
    "request": N_("Request"),
    "acknowledge": N_("Acknowledge within"),
    "resolve": N_("Resolve within"),
    "deadline": N_("Deadline"),
    "external": N_("External promise it supports"),
    "commitments": N_("Customer commitments"),
    "communication": N_("Communication schedule"),
    "what": N_("What"),
    "cadence": N_("How often"),
    "channel": N_("Channel"),
    "note": N_("Note"),
    "audience": N_("Audience"),
    "escalation": N_("Escalation ladder"),
    "after": N_("After"),
    # What one target sets for itself (docs/format.md): calendar, pauses, own ladder.
    "counted_on": N_("Counted on"),
    "clock_stops": N_("The clock stops while"),
    "own_escalation": N_("Escalation for this target"),
    "feedback": N_("Feedback"),
    "related_sops": N_("Related SOPs"),
    "related_standards": N_("Related standards"),
    "sops": N_("Standard Operating Procedures"),
    "sop": N_("SOP"),
    "scope": N_("Scope"),
    "trigger": N_("Trigger"),
    "sipoc": N_("SIPOC"),
    "steps": N_("Steps"),
    "within": N_("Within"),
    "handoff": N_("Hands off to"),
    "raci": N_("RACI matrix"),
    "activity": N_("Activity"),
    "raci_legend": N_("R = responsible, A = accountable, C = consulted, I = informed"),
    "topic_directory": N_("Topic directory A\N{EN DASH}Z"),
    "glossary": N_("Glossary"),
    "page": N_("page"),
    "of": N_("of"),
    "permanent": N_("permanent"),
    "until": N_("until"),
    "changes": N_("What changed"),
    "changes_since": N_("Changes since {since}, by document."),
    "no_changes": N_("No change in meaning."),
    "affects": N_("Affects"),
    # Measured attainment (templates/handbook/measured.typ).
    "measured": N_("Measured attainment"),
    "promise": N_("Promise"),
    "last_months": N_("Last months"),
    "latest_month": N_("Latest month"),
    "whole_period": N_("Whole period"),
    "objective": N_("Objective"),
    "under_objective": N_("under objective"),
    "measured_chart": N_("Share of requests that met the promise, per month"),
    # The dependency graph's page (dependency-graph.typ; its other sentences are in the data).
    "dependency_graph": N_("Who hands work to whom"),
    "handoffs_between_teams": N_("Hand-offs between teams"),
    "hands_work_to": N_("hands work to"),
    "promises_to_customers": N_("Promises to external customers"),
    "external_customer": N_("external customer"),
    "to_spare": N_("to spare"),
    "over_by": N_("over by"),
    # Feedback (templates/handbook/feedback.typ): the same messages as the HTML's.
    "scores": N_("Customer scores"),
    "score": N_("Score"),
    "period": N_("Period"),
    "responses": N_("Responses"),
    "scores_text": N_(
        "Mean score from 1 (very poor) to 5 (very good). Under {n} responses no mean is shown, "
        "so that one answer is not a headline and no respondent can be identified."
    ),
    "you_said": N_("You said, we did"),
    "said": N_("You said"),
    "will_do": N_("We will"),
    "due": N_("Due"),
    "outcome": N_("Outcome"),
    "closed": N_("Closed"),
    "overdue": N_("overdue"),
    "feedback_matrix": N_("How customers rate their providers"),
    "band_few": N_("too few responses"),
    "no_answers": N_("no answers"),
}


def print_labels(tr: NullTranslations) -> dict[str, str]:
    """The table in the language of ``tr``."""
    return {key: tr.gettext(message) for key, message in PRINT_LABELS.items()}
