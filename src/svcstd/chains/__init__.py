"""Chains of hand-offs: which SOP steps feed which, and whether a chain keeps its end promise.

One graph (graph.py) serves the lint rules (chains/*), ``svcstd impact`` and anything
else that asks "what depends on this"; clock.py turns each hop's written time into
worst-case minutes on its calendar, budget.py adds a chain up against its promise.
"""
