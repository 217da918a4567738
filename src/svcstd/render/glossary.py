"""The handbook's glossary: the words of the trade, explained once, in the reader's language."""

from __future__ import annotations

from svcstd.i18n import N_, translator

# (term, explanation) in English; the catalog translates both and the list is sorted in the
# reader's language, so "Eskalasi" comes before "Jam kerja" in Indonesian.
GLOSSARY = (
    (N_("Acknowledge"), N_("Reply that a request was received, even before it is solved.")),
    (
        N_("Business hours"),
        N_(
            "Time counted only during the working hours of the calendar named by the "
            "standard; nights, weekends and holidays do not count."
        ),
    ),
    (
        N_("Customer commitment"),
        N_("What the internal customer does so that the provider can meet its targets."),
    ),
    (N_("Escalation"), N_("Taking a stuck request to a more senior role, after a set time.")),
    (N_("Internal customer"), N_("A team that receives work or service from another team.")),
    (N_("Provider"), N_("The team that delivers a service to its internal customers.")),
    (
        N_("RACI"),
        N_(
            "Who is Responsible, Accountable (exactly one), Consulted and Informed for an activity."
        ),
    ),
    (N_("Resolve"), N_("Finish a request: the problem is fixed or the work is delivered.")),
    (
        N_("Service standard"),
        N_(
            "An agreement between a provider and its internal customers: what is covered, "
            "how to ask, how fast, and how to escalate."
        ),
    ),
    (N_("SIPOC"), N_("Suppliers, Inputs, Process, Outputs, Customers: the frame of a procedure.")),
    (
        N_("SOP"),
        N_(
            "Standard operating procedure: the agreed steps of a piece of work, who does "
            "each step and whom it is handed to."
        ),
    ),
)


def glossary(lang: str) -> list[tuple[str, str]]:
    """The glossary in ``lang``, sorted by term as a reader of that language looks it up."""
    _ = translator(lang).gettext
    return sorted(((_(term), _(text)) for term, text in GLOSSARY), key=lambda e: e[0].casefold())
