"""How to ask: which channels to use for a request, and how a channel is named.

One rule, used by whois, the handbook's topic directory and the digest: use the channels the
governing standard names (its requests are the ones measured); a team's own channel list is
only the fallback when no standard names any.
"""

from __future__ import annotations

from collections.abc import Iterable

from svcstd import model as m


def how_to_ask(standards: Iterable[m.Standard], team: m.Team | None) -> list[m.Channel]:
    """The channels named by these standards, in their order and once each; with none named,
    the team's own channels."""
    named = list(dict.fromkeys(c for std in standards for c in std.channels))
    return named or (list(team.channels) if team else [])


def standard_channels(std: m.Standard) -> list[m.Channel]:
    """How to ask under one standard: its channels, else its provider's."""
    return how_to_ask([std], std.provider)


def channel_by_reference(org: m.Organisation, text: str | None) -> m.Channel | None:
    """The channel a field refers to by id (a communication's ``channel``), if it is one."""
    return org.channels.get(text) if text else None


def channel_text(channel: m.Channel, lang: str = "en") -> str:
    """A channel in words: its kind (in ``lang``) and address, e.g. 'email: hr@example.org'."""
    from svcstd.i18n.terms import CHANNEL, term

    return f"{term(CHANNEL, channel.type, lang)}: {channel.address}"
