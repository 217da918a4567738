"""``svcstd measure``: attainment of every target from ticket exports, on the standard's calendar.

The pipeline: read an export in batches (``read``) → map its columns and values to the
generic columns (``sources``) → parse timestamps (``timestamps``) → judge every row against
its target with array arithmetic (``engine``, on ``calendar`` and ``zones``) → aggregate
(``results``) → report (``report``). Data problems are located findings, never exceptions.
"""
