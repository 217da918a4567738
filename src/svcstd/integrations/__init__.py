"""Meeting the systems an organisation already has: HR exports, Backstage, CODEOWNERS.

svcstd stays the source of its own data. Imports never write silently: they
build a :class:`~svcstd.integrations.plan.Plan` that a person reviews (and
``--write`` applies as minimal YAML edits); exports are regenerated from the
model every time.
"""
