"""``svcstd whois``: who owns a topic, how to reach them, how fast, and whom to escalate to.

The pipeline: :mod:`.load` (files listed with their stat fingerprints by
:mod:`svcstd.files`; changed ones read, parsed and described per document by
:mod:`.records`, the rest taken from the :mod:`.cache`, all kept in the columns of
:mod:`.table`) → :mod:`.catalogue` (documents by id, their terms as the columns of
:class:`.index.Terms`) → :mod:`.rank` (exact, whole-word, fuzzy, partial) →
:mod:`.search` and :mod:`.answer` (the model built from only the documents an
answer needs, turned into plain JSON-ready data) → :mod:`.render` (text, labels
from :mod:`.labels`). Reverse lookups and the topic directory are in
:mod:`.reverse`.
"""
