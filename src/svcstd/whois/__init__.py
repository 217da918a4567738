"""``svcstd whois``: who owns a topic, how to reach them, how fast, and whom to escalate to.

The pipeline: :mod:`.load` (files hashed; changed ones parsed and described per
document by :mod:`.records`, the rest taken from :mod:`.cache`) → :mod:`.catalogue`
(documents by id, their terms from :mod:`.index`) → :mod:`.rank` (exact,
whole-word, fuzzy, partial) → :mod:`.search` and :mod:`.answer` (the model built
from only the documents an answer needs, turned into plain JSON-ready data) →
:mod:`.render` (text, labels from :mod:`.labels`). Reverse lookups and the topic
directory are in :mod:`.reverse`.
"""
